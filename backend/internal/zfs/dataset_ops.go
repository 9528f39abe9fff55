package zfs

import (
	"context"
	"strings"

	"bams/backend/internal/execx"
)

// CreateFilesystem runs `zfs create -o ... name`. Parents must exist (no
// -p: a typo in a parent's name should fail, not make a tree).
func CreateFilesystem(ctx context.Context, r *execx.Runner, name string, props Props) error {
	if err := CheckDatasetName(name); err != nil {
		return err
	}
	if !strings.Contains(name, "/") {
		return &NameError{"dataset", name, "is a pool's root dataset, which zpool create makes"}
	}
	if err := props.check("filesystem", true); err != nil {
		return err
	}
	_, err := run(ctx, r, "zfs", append(append([]string{"create"}, props.args("-o")...), name)...)
	return err
}

// CreateVolume runs `zfs create -V size [-b volblocksize] -o ... name`.
// volsize and volblocksize go in props; sparse leaves out the reservation
// (thin provisioning: writes can then fail when the pool is full).
func CreateVolume(ctx context.Context, r *execx.Runner, name string, props Props, sparse bool) error {
	if err := CheckDatasetName(name); err != nil {
		return err
	}
	if !strings.Contains(name, "/") {
		return &NameError{"volume", name, "must be inside a pool"}
	}
	if err := props.check("volume", true); err != nil {
		return err
	}
	size, ok := props["volsize"]
	if !ok {
		return &PropError{"volsize", "", "a volume needs a size"}
	}
	args := []string{"create", "-V", size}
	if sparse {
		args = append(args, "-s")
	}
	if bs, ok := props["volblocksize"]; ok {
		args = append(args, "-b", bs)
	}
	args = append(args, props.args("-o", "volsize", "volblocksize")...)
	_, err := run(ctx, r, "zfs", append(args, name)...)
	return err
}

// SetProps runs one `zfs set a=b c=d name` (all or nothing). typ is the
// dataset's type, as List reports it.
func SetProps(ctx context.Context, r *execx.Runner, name, typ string, props Props) error {
	if err := CheckDatasetName(name); err != nil {
		return err
	}
	if len(props) == 0 {
		return nil
	}
	if err := props.check(typ, false); err != nil {
		return err
	}
	_, err := run(ctx, r, "zfs", append(append([]string{"set"}, props.args("")...), name)...)
	return err
}

// Destroy runs `zfs destroy [-r] name`. Without recursive, zfs refuses a
// dataset with children or snapshots (*Error HasChildren, listing them).
// -R (which also destroys clones elsewhere) is never used: the caller
// lists Dependents and destroys clones by name if that is what was asked.
func Destroy(ctx context.Context, r *execx.Runner, name string, recursive bool) error {
	if err := CheckAnyName(name); err != nil {
		return err
	}
	if !strings.Contains(name, "/") && !strings.Contains(name, "@") {
		return &NameError{"dataset", name, "is a pool's root dataset: destroy the pool instead"}
	}
	args := []string{"destroy"}
	if recursive {
		args = append(args, "-r")
	}
	_, err := run(ctx, r, "zfs", append(args, name)...)
	return err
}

// Hold is a user hold on a snapshot (`zfs hold`): while it exists the
// snapshot cannot be destroyed.
type Hold struct{ Snapshot, Tag string }

// Dependents are what destroying a dataset takes with it, or what stops it.
type Dependents struct {
	Children  []string // filesystems and volumes below it
	Snapshots []string // its own snapshots and its children's
	Clones    []string // datasets cloned from those snapshots (they block a destroy)
	Holds     []Hold   // user holds on those snapshots (they block a destroy)
}

// ListDependents asks zfs for everything below name: one `zfs list -r`
// with the clones and userrefs columns, then `zfs holds` for the
// snapshots that have holds.
func ListDependents(ctx context.Context, r *execx.Runner, name string) (Dependents, []Warning, error) {
	cols := []string{"name", "type", "clones", "userrefs"}
	rows, warns, err := List(ctx, r, ListOptions{Columns: cols, Types: []string{"all"}, Root: name, Recursive: true})
	if err != nil {
		return Dependents{}, warns, err
	}
	var d Dependents
	var held []string
	for _, row := range rows {
		if row.Name == name {
			continue
		}
		switch row.Type {
		case "snapshot":
			d.Snapshots = append(d.Snapshots, row.Name)
			d.Clones = append(d.Clones, row.Clones...)
			if row.UserRefs > 0 {
				held = append(held, row.Name)
			}
		case "bookmark":
		default:
			d.Children = append(d.Children, row.Name)
		}
	}
	if len(held) == 0 {
		return d, warns, nil
	}
	res, err := run(ctx, r, "zfs", append([]string{"holds", "-H"}, held...)...)
	if err != nil {
		return d, warns, err
	}
	holds, hw := ParseHolds(string(res.Stdout))
	d.Holds = holds
	return d, append(warns, hw...), nil
}

// ParseHolds reads `zfs holds -H`: snapshot, tag, time, TAB-separated.
func ParseHolds(out string) ([]Hold, []Warning) {
	var holds []Hold
	var warns []Warning
	for i, line := range strings.Split(out, "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			warns = append(warns, Warning{i + 1, line, "want snapshot, tag, time"})
			continue
		}
		holds = append(holds, Hold{Snapshot: f[0], Tag: f[1]})
	}
	return holds, warns
}
