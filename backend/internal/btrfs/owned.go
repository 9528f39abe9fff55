package btrfs

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"bams/backend/internal/execx"
)

// OwnedDir is the folder, inside a subvolume S, that holds the snapshots
// BAMS makes of S: S/.bams-snapshots/<owner>/<name>, read-only. btrfs
// has no user properties to say who made a snapshot (ZFS has bams:owner),
// so the place says it, and the kernel's parent UUID proves it: a
// subvolume there is BAMS's only if it is a snapshot of S itself. Anything
// else found there (moved in by hand, a writable one) is listed as other
// and never deleted. The folder is a plain directory, so a snapshot of S
// holds it as an empty folder (btrfs snapshots do not recurse into nested
// subvolumes).
const OwnedDir = ".bams-snapshots"

// ownerRE is zfs.CheckOwner's rule ("manual", "snaptask:<id>",
// "replication:<id>"): one owner, one name on both filesystems.
var ownerRE = regexp.MustCompile(`^[a-z][a-z0-9]*(?::[A-Za-z0-9][A-Za-z0-9_.:-]{0,127})?$`)

// snapshotNameRE: the names snapshot tasks and replications give (also a
// valid subvolume name, and never "." or "..").
var snapshotNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,200}$`)

// CheckOwner validates an owner.
func CheckOwner(owner string) error {
	if !ownerRE.MatchString(owner) {
		return &PathError{"owner", owner, "must be a kind (lower-case letters and digits), optionally ':' and an id of letters, digits and _.:-"}
	}
	return nil
}

// CheckSnapshotName validates the name of an owned snapshot.
func CheckSnapshotName(name string) error {
	if !snapshotNameRE.MatchString(name) {
		return &PathError{"name", name, "must start with a letter or digit and hold only letters, digits and _.:+- (at most 201)"}
	}
	return nil
}

// OwnedSnapshot is a snapshot BAMS made of a subvolume.
type OwnedSnapshot struct {
	Subvolume Subvolume // as `btrfs subvolume list -p -u -q -R` gives it
	Path      string    // absolute: S/.bams-snapshots/<owner>/<name>
	Owner     string
	Name      string
	Created   time.Time // when btrfs made it (the root's birth time, otime)
	ReadOnly  bool
}

// TakeSnapshot makes a read-only snapshot of subvolume subvol owned by
// owner, at subvol/.bams-snapshots/<owner>/<name>. A name already taken
// fails (Exists) and nothing changes.
func TakeSnapshot(ctx context.Context, r *execx.Runner, subvol, owner, name string) (OwnedSnapshot, error) {
	if err := checkOwned(subvol, owner, name); err != nil {
		return OwnedSnapshot{}, err
	}
	dir, err := ownerDir(subvol, owner, true)
	if err != nil {
		return OwnedSnapshot{}, err
	}
	dst := filepath.Join(dir, name)
	// btrfs snapshots into an existing folder of that name instead of
	// failing: a taken name must fail here.
	if _, err := os.Lstat(dst); !errors.Is(err, fs.ErrNotExist) {
		return OwnedSnapshot{}, &Error{Kind: Exists, Tool: "btrfs", Err: fmt.Errorf("%s exists", dst), Stderr: "target path already exists: " + dst}
	}
	if err := Snapshot(ctx, r, subvol, dst); err != nil {
		return OwnedSnapshot{}, err
	}
	owned, _, err := Snapshots(ctx, r, subvol)
	if err != nil {
		return OwnedSnapshot{}, err
	}
	for _, s := range owned {
		if s.Path == dst {
			return s, nil
		}
	}
	return OwnedSnapshot{}, fmt.Errorf("btrfs made %s, but it is not listed as a snapshot of %s", dst, subvol)
}

// Snapshots lists the snapshots below subvol/.bams-snapshots: the owned
// ones, oldest first, and what else is there as "path: why it is not
// ours". Two listings of subvol's direct children (all, and the read-only
// ones) answer for any number of snapshots.
func Snapshots(ctx context.Context, r *execx.Runner, subvol string) (owned []OwnedSnapshot, other []string, err error) {
	if err := checkPath(subvol); err != nil {
		return nil, nil, err
	}
	self, err := ShowSubvolume(ctx, r, subvol)
	if err != nil {
		return nil, nil, err
	}
	children, err := ListSubvolumes(ctx, r, subvol, true)
	if err != nil {
		return nil, nil, err
	}
	res, err := run(ctx, r, "btrfs", "subvolume", "list", "-o", "-r", "-u", subvol)
	if err != nil {
		return nil, nil, err
	}
	ro, err := ParseSubvolumeList(string(res.Stdout))
	if err != nil {
		return nil, nil, err
	}
	readOnly := map[string]bool{}
	for _, s := range ro {
		readOnly[s.UUID] = true
	}
	owned, other = classifyOwned(self, children, readOnly)
	for i := range owned {
		owned[i].Path = filepath.Join(subvol, OwnedDir, owned[i].Owner, owned[i].Name)
		owned[i].Created = birthTime(owned[i].Path)
	}
	slices.SortStableFunc(owned, func(a, b OwnedSnapshot) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return owned, other, nil
}

// classifyOwned picks, among the direct children of subvolume self, those
// at <self>/.bams-snapshots/<owner>/<name>: owned when they are read-only
// snapshots of self, else other with the reason. Pure: paths are as btrfs
// prints them, relative to the filesystem's top level.
func classifyOwned(self Subvolume, children []Subvolume, readOnly map[string]bool) (owned []OwnedSnapshot, other []string) {
	prefix := OwnedDir + "/"
	if p := strings.Trim(self.Path, "/"); p != "" && p != "<FS_TREE>" && self.ID != 5 {
		prefix = p + "/" + prefix
	}
	for _, c := range children {
		rest, ok := strings.CutPrefix(c.Path, prefix)
		if !ok || c.Parent != self.ID {
			continue
		}
		owner, name, ok := strings.Cut(rest, "/")
		switch {
		case !ok || strings.Contains(name, "/") || CheckOwner(owner) != nil || CheckSnapshotName(name) != nil:
			other = append(other, path.Join(OwnedDir, rest)+": not at "+OwnedDir+"/<owner>/<name>")
		case c.ParentUUID != self.UUID || self.UUID == "":
			other = append(other, path.Join(OwnedDir, rest)+": not a snapshot of this subvolume")
		case !readOnly[c.UUID]:
			other = append(other, path.Join(OwnedDir, rest)+": not read-only")
		default:
			owned = append(owned, OwnedSnapshot{Subvolume: c, Owner: owner, Name: name, ReadOnly: true})
		}
	}
	return owned, other
}

// DeleteSnapshot deletes owner's snapshot name of subvol, after checking
// again that it is one: a read-only snapshot of subvol in its place.
// Anything else there is refused, never deleted.
func DeleteSnapshot(ctx context.Context, r *execx.Runner, subvol, owner, name string) error {
	if err := checkOwned(subvol, owner, name); err != nil {
		return err
	}
	owned, _, err := Snapshots(ctx, r, subvol)
	if err != nil {
		return err
	}
	for _, s := range owned {
		if s.Owner == owner && s.Name == name {
			return DeleteSubvolume(ctx, r, s.Path)
		}
	}
	return &Error{Kind: NotFound, Tool: "btrfs", Err: fmt.Errorf("%s has no snapshot %s of %s", subvol, name, owner),
		Stderr: fmt.Sprintf("no snapshot %q of owner %q in %s", name, owner, filepath.Join(subvol, OwnedDir))}
}

func checkOwned(subvol, owner, name string) error {
	if err := checkPath(subvol); err != nil {
		return err
	}
	if err := CheckOwner(owner); err != nil {
		return err
	}
	return CheckSnapshotName(name)
}

// ownerDir is subvol/.bams-snapshots/<owner>, made (0700) when create is
// set. Neither part may be a symlink: btrfs would follow it and put a
// snapshot elsewhere.
func ownerDir(subvol, owner string, create bool) (string, error) {
	dir := subvol
	for _, part := range []string{OwnedDir, owner} {
		dir = filepath.Join(dir, part)
		st, err := os.Lstat(dir)
		if errors.Is(err, fs.ErrNotExist) && create {
			if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
				return "", err
			}
			if st, err = os.Lstat(dir); err != nil {
				return "", err
			}
		} else if err != nil {
			return "", err
		}
		if !st.IsDir() {
			return "", &PathError{"path", dir, "is not a folder (a symlink or file is never followed)"}
		}
	}
	return dir, nil
}

// birthTime is when the subvolume root at p was made (btrfs keeps it as
// the root inode's otime, statx's btime); zero if unknown.
func birthTime(p string) time.Time {
	var st unix.Statx_t
	if err := unix.Statx(unix.AT_FDCWD, p, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_BTIME, &st); err != nil || st.Mask&unix.STATX_BTIME == 0 {
		return time.Time{}
	}
	return time.Unix(st.Btime.Sec, int64(st.Btime.Nsec)).UTC()
}
