package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"bams/backend/internal/testutil/fakezfs"
)

// files gives filesystems with a mountpoint of their own (a local,
// absolute mountpoint property) their files, for the pull-backup layout
// on ZFS datasets. Such a filesystem is a folder of the fake: zfs create
// (unless canmount is noauto or off) and zfs mount make the folder with
// its control folder .zfs/snapshot and mark it mounted; a snapshot of a
// mounted one is a real copy of its tree (cp -a, not hard links: the
// working copy is rewritten in place) at .zfs/snapshot/<name>, and
// destroying the snapshot removes that copy. Other datasets have no
// files, as before. It answers the commands it changes (done) and leaves
// the others to the dispatch. It also answers zfs list -d, which the
// datasets' snapshots are listed with.
//
// What the fake does not model: a real snapshot is read-only (EROFS); the
// fake makes only the copy's top folder 0555 (root writes anyway), since
// a-w on every file would reach hosts through restores as their modes.
// Real ZFS hides .zfs from readdir (snapdir=hidden); the fake's is a
// plain folder, so a listing of the working copy shows it, as
// snapdir=visible does.
func (f *fake) files(sub string, opts map[string][]string, rest []string) (code int, done bool) {
	switch {
	case sub == "create" && len(rest) == 1:
		if code := f.zfsCreate(opts, rest); code != 0 {
			return code, true
		}
		if d := f.st.Datasets[rest[0]]; d.Props["canmount"] != "noauto" && d.Props["canmount"] != "off" && ownMountpoint(d.Props) != "" {
			return f.mount(rest[0]), true
		}
		return 0, true
	case sub == "mount" && len(rest) == 1:
		d := f.st.Datasets[rest[0]]
		switch {
		case d == nil:
			return f.fail(1, "cannot open '%s': dataset does not exist", rest[0]), true
		case d.Mounted:
			return f.fail(1, "cannot mount '%s': filesystem already mounted", rest[0]), true
		case ownMountpoint(d.Props) == "":
			return f.fail(1, "cannot mount '%s': no mountpoint set", rest[0]), true
		}
		return f.mount(rest[0]), true
	case sub == "get" && len(rest) == 2 && contains(strings.Split(rest[0], ","), "mounted"):
		d := f.st.Datasets[rest[1]]
		if d == nil {
			return f.fail(1, "cannot open '%s': dataset does not exist", rest[1]), true
		}
		for _, p := range strings.Split(rest[0], ",") {
			v, src := f.prop(rest[1], p)
			if p == "mounted" {
				v, src = "-", "-"
				if d.Type == "filesystem" {
					v = map[bool]string{true: "yes", false: "no"}[d.Mounted]
				}
			}
			fmt.Fprintf(&f.out, "%s\t%s\t%s\t%s\n", rest[1], p, v, src)
		}
		return 0, true
	case sub == "snapshot" && len(rest) == 1:
		if code := f.snapshot(opts, rest); code != 0 {
			return code, true
		}
		top, snap, _ := strings.Cut(rest[0], "@")
		_, recursive := opts["r"]
		for name := range f.st.Datasets {
			ds, s, _ := strings.Cut(name, "@")
			if s == snap && (ds == top || recursive && strings.HasPrefix(ds, top+"/")) && f.st.Datasets[ds].Mounted {
				if err := copyTree(ownMountpoint(f.st.Datasets[ds].Props), snap); err != nil {
					return f.fail(1, "fakezfs: copying %s: %v", name, err), true
				}
			}
		}
		return 0, true
	case sub == "destroy" && len(rest) == 1 && strings.Contains(rest[0], "@") && !has(opts, "r"):
		return f.destroySnapshots(opts, rest[0]), true
	case sub == "list" && len(opts["d"]) == 1 && len(rest) == 1:
		// -d N: nothing more than N levels below the root, a snapshot
		// being one level below its dataset (so -d 1 -t snapshot lists
		// the root's own snapshots only)
		depth, err := strconv.Atoi(opts["d"][0])
		if err != nil {
			return f.fail(2, "invalid depth '%s'", opts["d"][0]), true
		}
		// the list runs with the deeper ones left out (their parents stay:
		// properties inherit from them)
		all := f.st.Datasets
		f.st.Datasets = map[string]*fakezfs.Dataset{}
		for name, d := range all {
			below, ok := strings.CutPrefix(name, rest[0])
			if !ok || below == "" || below[0] != '/' && below[0] != '@' || strings.Count(below, "/")+strings.Count(below, "@") <= depth {
				f.st.Datasets[name] = d
			}
		}
		code := f.list(opts, rest)
		f.st.Datasets = all
		return code, true
	}
	return 0, false
}

// ownMountpoint is a filesystem's local mountpoint, "" for none, legacy
// or an inherited one.
func ownMountpoint(props map[string]string) string {
	if mp := props["mountpoint"]; strings.HasPrefix(mp, "/") {
		return mp
	}
	return ""
}

func (f *fake) mount(name string) int {
	d := f.st.Datasets[name]
	if err := os.MkdirAll(filepath.Join(ownMountpoint(d.Props), ".zfs", "snapshot"), 0o755); err != nil {
		return f.fail(1, "cannot mount '%s': %v", name, err)
	}
	d.Mounted = true
	return 0
}

// copyTree copies the mounted tree at mp, all but .zfs, into
// mp/.zfs/snapshot/snap with cp -a (modes, owners, times, links, hard
// links among the copied files, devices, xattrs).
func copyTree(mp, snap string) error {
	dst := filepath.Join(mp, ".zfs", "snapshot", snap)
	if err := os.Mkdir(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(mp)
	if err != nil {
		return err
	}
	args := []string{"-a", "--"}
	for _, e := range entries {
		if e.Name() != ".zfs" {
			args = append(args, filepath.Join(mp, e.Name()))
		}
	}
	if len(args) > 2 {
		if out, err := exec.Command("/bin/cp", append(args, dst)...).CombinedOutput(); err != nil {
			return fmt.Errorf("%v: %s", err, out)
		}
	}
	return os.Chmod(dst, 0o555)
}

// destroySnapshots: `zfs destroy [-n] [-v] [-p] ds@a[,b...]`, all or none;
// a held one stops them all ("dataset is busy"); with -n nothing goes,
// and -v -p prints what would and "reclaim<TAB>bytes" (the sum of their
// used, which a real pool may exceed).
func (f *fake) destroySnapshots(opts map[string][]string, arg string) int {
	ds, list, _ := strings.Cut(arg, "@")
	var names []string
	for _, s := range strings.Split(list, ",") {
		if f.st.Datasets[ds+"@"+s] != nil {
			names = append(names, ds+"@"+s)
		}
	}
	if len(names) == 0 {
		// as the fake's destroy always said (OpenZFS: "could not find any
		// snapshots to destroy; check snapshot names.")
		return f.fail(1, "cannot open '%s': dataset does not exist", arg)
	}
	sort.Strings(names)
	for _, n := range names {
		if len(f.st.Holds[n]) > 0 {
			return f.fail(1, "cannot destroy snapshot %s: dataset is busy", n)
		}
	}
	_, dry := opts["n"]
	_, verbose := opts["v"]
	var reclaim uint64
	for _, n := range names {
		used, _ := f.prop(n, "used")
		u, _ := strconv.ParseUint(used, 10, 64)
		reclaim += u
		if verbose {
			fmt.Fprintf(&f.out, "destroy\t%s\n", n)
		}
		if dry {
			continue
		}
		if d := f.st.Datasets[ds]; d != nil && d.Mounted {
			tree := filepath.Join(ownMountpoint(d.Props), ".zfs", "snapshot", n[len(ds)+1:])
			os.Chmod(tree, 0o755)
			if err := os.RemoveAll(tree); err != nil {
				return f.fail(1, "fakezfs: removing %s: %v", tree, err)
			}
		}
		delete(f.st.Datasets, n)
	}
	if verbose {
		fmt.Fprintf(&f.out, "reclaim\t%d\n", reclaim)
	}
	return 0
}

func has(opts map[string][]string, o string) bool { _, ok := opts[o]; return ok }
