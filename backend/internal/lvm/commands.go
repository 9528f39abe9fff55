package lvm

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"bams/backend/internal/execx"
)

// Config is how BAMS calls LVM on this machine.
type Config struct {
	// Extra is passed as --config to every command, e.g.
	// "global/activation=0 backup/backup=0 backup/archive=0" for
	// LVM's metadata-only mode on a machine without device-mapper.
	Extra string
}

func (c Config) args(args ...string) []string {
	out := []string{}
	if c.Extra != "" {
		out = append(out, "--config", c.Extra)
	}
	return append(out, args...)
}

func (c Config) run(ctx context.Context, r *execx.Runner, tool string, args ...string) (execx.Result, error) {
	argv := c.args(args...)
	res, err := r.Run(ctx, execx.Cmd{Name: tool, Args: argv})
	return res, classify(ctx, tool, argv, res, err)
}

// NameError: a VG, LV or device name BAMS refuses before running anything.
type NameError struct{ Field, Value, Reason string }

func (e *NameError) Error() string { return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason) }

// lvm(8) "VALID NAMES": letters, digits and +_.- , not starting with "-"
// (here: starting with a letter or digit), not "." or "..", at most 127.
var (
	nameRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9+_.-]{0,126}$`)
	deviceRE = regexp.MustCompile(`^/dev/[A-Za-z0-9][A-Za-z0-9_.:@+=/-]*$`)
	// LVM keeps these LV names (and parts) for its own hidden volumes.
	reservedLV = regexp.MustCompile(`^(?:snapshot|pvmove)|_(?:cdata|cmeta|corig|cpool|cvol|mimage|mlog|pmspare|rimage|rmeta|tdata|tmeta|vdata|vorigin|wcorig)`)
)

func checkName(field, name string) error {
	if !nameRE.MatchString(name) {
		return &NameError{field, name, "must start with a letter or digit and hold only letters, digits and +_.- (at most 127)"}
	}
	if field == "lv" && reservedLV.MatchString(name) {
		return &NameError{field, name, "is a name LVM keeps for itself"}
	}
	return nil
}

func checkDevices(devs []string) error {
	if len(devs) == 0 {
		return &NameError{"device", "", "no devices"}
	}
	for _, d := range devs {
		if !deviceRE.MatchString(d) || strings.Contains(d, "/../") || strings.HasSuffix(d, "/..") {
			return &NameError{"device", d, "must be a path under /dev/"}
		}
	}
	return nil
}

var reportFlags = []string{"--reportformat", "json", "--units", "b", "--nosuffix"}

// PVs lists physical volumes.
func PVs(ctx context.Context, r *execx.Runner, c Config) ([]PV, error) {
	res, err := c.run(ctx, r, "pvs", append(reportFlags, "-o", "pv_name,vg_name,pv_uuid,pv_fmt,pv_attr,pv_size,pv_free,pv_used,dev_size")...)
	if err != nil {
		return nil, err
	}
	return ParsePVs(res.Stdout)
}

// VGs lists volume groups.
func VGs(ctx context.Context, r *execx.Runner, c Config) ([]VG, error) {
	res, err := c.run(ctx, r, "vgs", append(reportFlags, "-o",
		"vg_name,vg_uuid,vg_attr,vg_size,vg_free,vg_extent_size,vg_extent_count,vg_free_count,lv_count,pv_count,snap_count,vg_tags")...)
	if err != nil {
		return nil, err
	}
	return ParseVGs(res.Stdout)
}

// LVs lists logical volumes, of one VG when vg is not "".
func LVs(ctx context.Context, r *execx.Runner, c Config, vg string) ([]LV, error) {
	args := append(reportFlags, "-o", "lv_name,vg_name,lv_uuid,lv_attr,lv_size,lv_path,origin,pool_lv,data_percent,lv_active,lv_time,lv_tags")
	if vg != "" {
		if err := checkName("vg", vg); err != nil {
			return nil, err
		}
		args = append(args, vg)
	}
	res, err := c.run(ctx, r, "lvs", args...)
	if err != nil {
		return nil, err
	}
	return ParseLVs(res.Stdout)
}

// CreatePVs runs `pvcreate` on devices nothing holds (the caller checked,
// with package disks).
func CreatePVs(ctx context.Context, r *execx.Runner, c Config, devices ...string) error {
	if err := checkDevices(devices); err != nil {
		return err
	}
	_, err := c.run(ctx, r, "pvcreate", devices...)
	return err
}

// CreateVG runs `vgcreate name pv...`. The devices may be PVs already or
// blank devices (vgcreate makes them PVs).
func CreateVG(ctx context.Context, r *execx.Runner, c Config, name string, devices ...string) error {
	if err := checkName("vg", name); err != nil {
		return err
	}
	if err := checkDevices(devices); err != nil {
		return err
	}
	_, err := c.run(ctx, r, "vgcreate", append([]string{name}, devices...)...)
	return err
}

// LVType is what CreateLV makes.
type LVType string

const (
	Linear   LVType = "linear"
	ThinPool LVType = "thin-pool" // a pool that thin volumes take space from (needs device-mapper)
	Thin     LVType = "thin"      // a thin volume in Pool, of virtual size Size
)

// LVSpec is a logical volume to create.
type LVSpec struct {
	VG, Name string
	Type     LVType // Linear when ""
	Size     uint64 // bytes (rounded up to the VG's extent size); the virtual size of a thin volume
	FreePct  int    // instead of Size: this percentage of the VG's free space (Linear, ThinPool)
	Pool     string // Thin: the thin pool
	Tags     []string
}

var tagRE = regexp.MustCompile(`^[A-Za-z0-9_+.:=/-]{1,128}$`)

// CreateLVArgs is lvcreate's argv for spec.
func CreateLVArgs(s LVSpec) ([]string, error) {
	if err := checkName("vg", s.VG); err != nil {
		return nil, err
	}
	if err := checkName("lv", s.Name); err != nil {
		return nil, err
	}
	args := []string{"-n", s.Name}
	size := func(flag string) error {
		switch {
		case s.Size > 0 && s.FreePct == 0:
			args = append(args, flag, strconv.FormatUint(s.Size, 10)+"b")
		case s.Size == 0 && s.FreePct > 0 && s.FreePct <= 100 && flag == "-L":
			args = append(args, "-l", strconv.Itoa(s.FreePct)+"%FREE")
		default:
			return &NameError{"size", fmt.Sprint(s.Size, " ", s.FreePct, "%"), "give a size in bytes or a percentage (1-100) of free space"}
		}
		return nil
	}
	switch s.Type {
	case Linear, "":
		if err := size("-L"); err != nil {
			return nil, err
		}
	case ThinPool:
		args = append(args, "--type", "thin-pool")
		if err := size("-L"); err != nil {
			return nil, err
		}
	case Thin:
		if err := checkName("lv", s.Pool); err != nil {
			return nil, err
		}
		args = append(args, "--type", "thin", "--thinpool", s.Pool)
		if err := size("-V"); err != nil {
			return nil, err
		}
	default:
		return nil, &NameError{"type", string(s.Type), "is linear, thin-pool or thin"}
	}
	for _, t := range s.Tags {
		if !tagRE.MatchString(t) || strings.HasPrefix(t, "-") {
			return nil, &NameError{"tag", t, "letters, digits and _+.:=/- only"}
		}
		args = append(args, "--addtag", t)
	}
	// -y: answer "wipe the signature found?" with yes; the caller checked
	// the space is BAMS's to use. Without it lvcreate waits for a tty.
	return append(append([]string{"-y"}, args...), s.VG), nil
}

// CreateLV runs lvcreate for spec.
func CreateLV(ctx context.Context, r *execx.Runner, c Config, s LVSpec) error {
	args, err := CreateLVArgs(s)
	if err != nil {
		return err
	}
	_, err = c.run(ctx, r, "lvcreate", args...)
	return err
}

// ExtendLV grows vg/name to size bytes (lvextend -L); resizeFS also grows
// the filesystem on it (--resizefs, which needs the LV active).
func ExtendLV(ctx context.Context, r *execx.Runner, c Config, vg, name string, size uint64, resizeFS bool) error {
	if err := checkName("vg", vg); err != nil {
		return err
	}
	if err := checkName("lv", name); err != nil {
		return err
	}
	args := []string{"-L", strconv.FormatUint(size, 10) + "b"}
	if resizeFS {
		args = append(args, "--resizefs")
	}
	_, err := c.run(ctx, r, "lvextend", append(args, vg+"/"+name)...)
	return err
}

// RemoveLV runs `lvremove -y vg/name`. The caller refuses first when a
// repository uses it; LVM itself refuses an LV that is open.
func RemoveLV(ctx context.Context, r *execx.Runner, c Config, vg, name string) error {
	if err := checkName("vg", vg); err != nil {
		return err
	}
	if err := checkName("lv", name); err != nil {
		return err
	}
	_, err := c.run(ctx, r, "lvremove", "-y", vg+"/"+name)
	return err
}

// RemoveVG runs `vgremove -y name` (an empty VG; BAMS never forces).
func RemoveVG(ctx context.Context, r *execx.Runner, c Config, name string) error {
	if err := checkName("vg", name); err != nil {
		return err
	}
	_, err := c.run(ctx, r, "vgremove", "-y", name)
	return err
}

// RemovePVs runs `pvremove -y` (wipes the LVM label).
func RemovePVs(ctx context.Context, r *execx.Runner, c Config, devices ...string) error {
	if err := checkDevices(devices); err != nil {
		return err
	}
	_, err := c.run(ctx, r, "pvremove", append([]string{"-y"}, devices...)...)
	return err
}
