package snapstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/zfs"
)

// Datasets is the layout for a host in a ZFS-dataset repository: the host
// has a dataset of its own, <repository dataset>/<host>, mounted at Dir
// (<repository folder>/<host>), which is the working copy runs update in
// place (rsync --inplace --delete, as on btrfs); each snapshot is a ZFS
// snapshot of it, <dataset>@<name>, owned by backup:<host> (bams:owner),
// whose files ZFS shows read-only at <Dir>/.zfs/snapshot/<name>. zfs
// snapshot is atomic and durable when it returns (it waits for the
// transaction group that holds it, and every write before it, to sync),
// so a run killed midway leaves no snapshot and the next continues from
// the working copy.
//
// Only snapshots with a snapshot name AND that owner are snapshots: any
// other snapshot of the dataset (one an admin took by hand, a tool's) is
// listed as other and never removed.
type Datasets struct {
	dir     string // the dataset's mountpoint
	dataset string
	owner   string
	runner  *execx.Runner
}

// NewDatasets is the ZFS layout of the host folder dir, in the repository
// whose dataset is parent: the host is the base of dir.
func NewDatasets(dir, parent string, runner *execx.Runner) *Datasets {
	dir = filepath.Clean(dir)
	host := filepath.Base(dir)
	return &Datasets{dir: dir, dataset: HostDataset(parent, host), owner: "backup:" + host, runner: runner}
}

// HostDataset is the dataset of host in the repository whose dataset is
// parent.
func HostDataset(parent, host string) string { return parent + "/" + host }

// ctlDir is ZFS's control folder at the top of every mounted dataset:
// .zfs/snapshot/<name> is each snapshot (an rmdir there destroys it). It
// is never pruned, sent over, deleted or entered by a run.
const ctlDir = ".zfs"

func (v *Datasets) Dir() string { return v.dir }

// Path: the working copy (the staging name Stage gives) is the dataset's
// own folder; a snapshot is under .zfs/snapshot.
func (v *Datasets) Path(name string) string {
	if name == workingName {
		return v.dir
	}
	return filepath.Join(v.snapshotDir(), name)
}

func (v *Datasets) snapshotDir() string { return filepath.Join(v.dir, ctlDir, "snapshot") }

func (v *Datasets) InPlace() bool       { return true }
func (v *Datasets) Protected() []string { return []string{ctlDir} }

// snapshotRow is one snapshot of the dataset as zfs lists it.
type snapshotRow struct {
	name, owner, clones string
	holds               int
}

// snapshots lists the dataset's own snapshots (-d 1) in name order;
// none while the dataset does not exist (before the host's first run).
func (v *Datasets) snapshots() ([]snapshotRow, []zfs.Warning, error) {
	rows, warns, err := zfs.List(context.Background(), v.runner, zfs.ListOptions{
		Columns: []string{"name", zfs.OwnerProperty, "clones", "userrefs"}, Types: []string{"snapshot"}, Root: v.dataset, Recursive: true, Depth: 1})
	if zfs.IsKind(err, zfs.NotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var out []snapshotRow
	for _, r := range rows {
		if ds, name, ok := r.Snapshot(); ok && ds == v.dataset {
			holds, _ := strconv.Atoi(r.Other["userrefs"])
			out = append(out, snapshotRow{name: name, owner: r.Other[zfs.OwnerProperty], clones: r.Other["clones"], holds: holds})
		}
	}
	return out, warns, nil
}

// List names the owned snapshots in name order (-s name), which is time
// order for snapshot names.
func (v *Datasets) List() (snapshots, other []string, err error) {
	rows, warns, err := v.snapshots()
	if err != nil {
		return nil, nil, err
	}
	for _, row := range rows {
		switch {
		case !ValidName(row.name):
			other = append(other, row.name+": not a snapshot name")
		case row.owner != v.owner:
			other = append(other, fmt.Sprintf("%s: a ZFS snapshot BAMS's backups did not take (bams:owner %s)", row.name, row.owner))
		default:
			snapshots = append(snapshots, row.name)
		}
	}
	for _, w := range warns {
		other = append(other, "zfs list: "+w.String())
	}
	return snapshots, other, nil
}

// Exists: an owned snapshot by that name. A snapshot by that name of
// another owner is an error, never a snapshot.
func (v *Datasets) Exists(name string) (bool, error) {
	row, ok, err := v.row(name)
	if err != nil || !ok {
		return false, err
	}
	if row.owner != v.owner {
		return false, v.notOurs(name, row.owner)
	}
	return true, nil
}

// notOurs is the refusal of a snapshot by a backup's name that another
// owner took: never opened, measured or removed.
func (v *Datasets) notOurs(name, owner string) error {
	return fmt.Errorf("%s@%s is a ZFS snapshot BAMS's backups did not take (bams:owner %s)", v.dataset, name, owner)
}

func (v *Datasets) row(name string) (snapshotRow, bool, error) {
	if err := checkName(name); err != nil {
		return snapshotRow{}, false, err
	}
	rows, _, err := v.snapshots()
	for _, row := range rows {
		if row.name == name {
			return row, true, nil
		}
	}
	return snapshotRow{}, false, err
}

// Stage makes sure the host's dataset exists (created on the first run),
// is BAMS's for this host and mounted at Dir, and holds nothing but the
// paths this run pulls (keep) and the control folder.
//
// setuid=off, devices=off: the dataset holds hosts' setuid files and
// device nodes, which must never work here (bamsd mounts repositories
// nosuid,nodev; zfs mount takes these from the properties).
//
// canmount=noauto: the repository's dataset is mountpoint=legacy, mounted
// by bamsd after boot; `zfs mount -a` at boot would mount the host's
// dataset first and the repository's mount would then hide it. So only
// this store mounts it (zfs mount), below the repository's mount.
func (v *Datasets) Stage(_ string, keep []string) (string, error) {
	ctx := context.Background()
	_, err := zfs.Get(ctx, v.runner, v.dataset, "name")
	created := zfs.IsKind(err, zfs.NotFound)
	if created {
		props := zfs.Props{"mountpoint": v.dir, "canmount": "noauto", "setuid": "off", "devices": "off", zfs.OwnerProperty: v.owner}
		if err := zfs.CreateFilesystem(ctx, v.runner, v.dataset, props); err != nil {
			return "", fmt.Errorf("creating the host's dataset: %w", err)
		}
	} else if err != nil {
		return "", err
	}
	if err := v.mount(ctx); err != nil {
		return "", err
	}
	if created {
		if err := os.Chmod(v.dir, 0o700); err != nil { // as the backup root
			return "", err
		}
	}
	root, err := os.OpenRoot(v.dir)
	if err != nil {
		return "", err
	}
	defer root.Close()
	if err := pruneOutside(root, "", append(keep, ctlDir)); err != nil {
		return "", fmt.Errorf("removing paths no longer backed up from the working copy: %w", err)
	}
	return workingName, nil
}

// mount checks the dataset is this host's backup dataset with Dir as its
// mountpoint (a dataset of that name made by someone else is never
// written to, nor its snapshots read as backups), and mounts it if it is
// not.
func (v *Datasets) mount(ctx context.Context) error {
	props, err := zfs.Get(ctx, v.runner, v.dataset, zfs.OwnerProperty, "mountpoint", "setuid", "devices", "mounted")
	if err != nil {
		return err
	}
	if owner := props[zfs.OwnerProperty].Value; owner != v.owner {
		return fmt.Errorf("dataset %s is not BAMS's backup of this host (bams:owner %s, want %s): refusing to use it", v.dataset, owner, v.owner)
	}
	if mp := props["mountpoint"].Value; mp != v.dir {
		return fmt.Errorf("dataset %s has mountpoint %s, want %s: refusing to use it", v.dataset, mp, v.dir)
	}
	for _, p := range []string{"setuid", "devices"} {
		if props[p].Value != "off" {
			return fmt.Errorf("dataset %s has %s=%s: refusing to use it, as its hosts' %s files would work here (zfs set %s=off %s)",
				v.dataset, p, props[p].Value, map[string]string{"setuid": "setuid", "devices": "device"}[p], p, v.dataset)
		}
	}
	if props["mounted"].Value == "yes" {
		return nil
	}
	if err := zfs.Mount(ctx, v.runner, v.dataset); err != nil {
		return fmt.Errorf("mounting the host's dataset: %w", err)
	}
	return nil
}

func (v *Datasets) Stagings() ([]string, error) { return nil, nil }

// DropStaging keeps the working copy: it is the next run's starting point.
func (v *Datasets) DropStaging(name string) error {
	if name != workingName {
		return fmt.Errorf("%q is not the working copy", name)
	}
	return nil
}

// Commit writes the metadata file into the working copy, snapshots the
// dataset with its owner (atomic and durable: no syncfs needed), and
// takes the metadata file out of the working copy again.
func (v *Datasets) Commit(staging string, snap api.Snapshot) error {
	if staging != workingName {
		return fmt.Errorf("%q is not the working copy", staging)
	}
	if _, taken, err := v.row(snap.Name); err != nil {
		return err
	} else if taken {
		return fmt.Errorf("%s@%s already exists", v.dataset, snap.Name)
	}
	root, err := os.OpenRoot(v.dir)
	if err != nil {
		return err
	}
	defer root.Close()
	// Whatever is there by that name (pulls exclude it; a link would be
	// unlinked, not followed) goes first.
	if err := root.Remove(MetadataFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("clearing the metadata file's place: %w", err)
	}
	if err := createMetadata(filepath.Join(v.dir, MetadataFile), snap, false); err != nil {
		return fmt.Errorf("writing the metadata file: %w", err)
	}
	if err := zfs.Snapshot(context.Background(), v.runner, v.dataset+"@"+snap.Name, false, v.owner); err != nil {
		return fmt.Errorf("taking the snapshot: %w", err)
	}
	if err := root.Remove(MetadataFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("snapshot %s is taken, but its metadata file stays in the working copy: %w", snap.Name, err)
	}
	return nil
}

// snapshotFiles is the tree of the snapshots' folders, the dataset
// mounted (after a reboot only this store mounts it).
func (v *Datasets) snapshotFiles() (*Tree, error) {
	if err := v.mount(context.Background()); err != nil {
		return nil, err
	}
	return NewTree(v.snapshotDir()), nil
}

func (v *Datasets) Open(name string) (*os.Root, error) {
	files, err := v.ownedFiles(name)
	if err != nil {
		return nil, err
	}
	return files.Open(name)
}

// ownedFiles is snapshotFiles for an owned snapshot name only.
func (v *Datasets) ownedFiles(name string) (*Tree, error) {
	ok, err := v.Exists(name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s@%s does not exist", v.dataset, name)
	}
	return v.snapshotFiles()
}

func (v *Datasets) Metadata(name string) *api.Snapshot {
	files, err := v.ownedFiles(name)
	if err != nil {
		return nil
	}
	return files.Metadata(name)
}

// SetMetadata cannot write into a snapshot (ZFS keeps them read-only),
// and needs not: every snapshot this layout takes has its file
// (os.ErrExist).
func (v *Datasets) SetMetadata(snap api.Snapshot) error {
	files, err := v.ownedFiles(snap.Name)
	if err != nil {
		return err
	}
	return files.SetMetadata(snap)
}

// CanRemove refuses an owned snapshot that ZFS would not destroy, naming
// what holds it: a user hold (zfs hold) or a clone made from it.
func (v *Datasets) CanRemove(name string) error {
	row, ok, err := v.row(name)
	switch {
	case err != nil || !ok:
		return err
	case row.owner != v.owner:
		return v.notOurs(name, row.owner)
	case row.clones != "" && row.clones != "-":
		return fmt.Errorf("%s@%s has clones (%s): destroy them first", v.dataset, name, row.clones)
	case row.holds == 0:
		return nil
	}
	holds, _, err := zfs.SnapshotHolds(context.Background(), v.runner, v.dataset+"@"+name)
	if err != nil {
		return fmt.Errorf("%s@%s is held (%d holds, which zfs holds could not name: %v)", v.dataset, name, row.holds, err)
	}
	var tags []string
	for _, h := range holds {
		tags = append(tags, h.Tag)
	}
	return fmt.Errorf("%s@%s is held by %s: release it first (zfs release TAG %s@%s)", v.dataset, name, strings.Join(tags, ", "), v.dataset, name)
}

// Remove destroys an owned snapshot that nothing holds: at once, its
// metadata file with its data.
func (v *Datasets) Remove(name string) error {
	present, err := v.Exists(name)
	if err != nil || !present {
		return err
	}
	if err := v.CanRemove(name); err != nil {
		return err
	}
	if err := zfs.Destroy(context.Background(), v.runner, v.dataset+"@"+name, false); err != nil {
		return fmt.Errorf("removing %s: %w", name, err)
	}
	return nil
}

// Freed is what zfs says destroying the owned ones of names together
// would free (zfs destroy -nvp: exact for the set). Gone ones count
// nothing.
func (v *Datasets) Freed(ctx context.Context, names []string, progress func(i int, entries int64)) (int64, int64, error) {
	progress(0, 0)
	rows, _, err := v.snapshots() // one listing, however many names
	if err != nil {
		return 0, 0, err
	}
	owners := map[string]string{}
	for _, row := range rows {
		owners[row.name] = row.owner
	}
	var present []string
	for _, name := range names {
		if err := checkName(name); err != nil {
			return 0, 0, err
		}
		switch owner, ok := owners[name]; {
		case !ok:
		case owner != v.owner:
			return 0, 0, v.notOurs(name, owner)
		default:
			present = append(present, name)
		}
	}
	n, err := zfs.Reclaim(ctx, v.runner, v.dataset, present)
	return int64(n), 0, err
}
