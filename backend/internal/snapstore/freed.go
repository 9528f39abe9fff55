package snapstore

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// inodeUse is what the walk knows of one hard-linked inode.
type inodeUse struct {
	seen, nlink uint64
	bytes       int64
}

// Freed is exact for a hard-link tree: the disk blocks of every entry none
// of whose hard links lies outside the snapshots named, found by walking
// them (never following symlinks). A snapshot that has vanished in the
// meantime is skipped.
func (t *Tree) Freed(ctx context.Context, names []string, progress func(i int, entries int64)) (freed, entries int64, err error) {
	linked := map[[2]uint64]*inodeUse{}
	for i, name := range names {
		progress(i, entries)
		if err := checkName(name); err != nil {
			return 0, entries, err
		}
		err := filepath.WalkDir(t.Path(name), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if entries++; entries%10000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				progress(i, entries)
			}
			fi, err := d.Info()
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			} else if err != nil {
				return err
			}
			st, ok := fi.Sys().(*syscall.Stat_t)
			if !ok {
				return nil
			}
			size := st.Blocks * 512
			if d.IsDir() || st.Nlink <= 1 {
				freed += size
				return nil
			}
			key := [2]uint64{st.Dev, st.Ino}
			u := linked[key]
			if u == nil {
				u = &inodeUse{nlink: st.Nlink, bytes: size}
				linked[key] = u
			}
			u.seen++
			return nil
		})
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return 0, entries, err
		}
	}
	for _, u := range linked {
		if u.seen >= u.nlink {
			freed += u.bytes
		}
	}
	return freed, entries, nil
}
