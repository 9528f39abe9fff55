package pullbackup

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"bams/backend/internal/rsync"
)

// localTarget checks the folder of a local restore and returns it as an
// absolute clean path. dir is absolute, or relative to the restore root.
// It must lie under the restore root, every part of it that exists below
// the root must be a real folder (never a symlink: rsync would write
// wherever it points), and it may neither lie inside the backup root nor
// hold it (--delete there would delete snapshots).
func localTarget(restoreRoot, backupRoot, dir string) (string, error) {
	if dir == "" {
		return "", invalid("to", "name the local folder: local:/dir under the restore root %s", restoreRoot)
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(restoreRoot, dir)
	}
	if reason := rsync.CheckPath(dir); reason != "" {
		return "", invalid("to", "the local folder %s %s", short(dir), reason)
	}
	rel, err := filepath.Rel(restoreRoot, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return "", invalid("to", "a local restore goes under the restore root %s only, not to %s", restoreRoot, dir)
	}
	p := restoreRoot
	for _, part := range strings.Split(rel, "/") {
		if part == "." {
			break
		}
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			break // made by makeLocalTarget, mode 0700
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return "", invalid("to", "%s is a symbolic link: a restore never goes through one", p)
		}
		if !fi.IsDir() {
			return "", invalid("to", "%s is not a folder", p)
		}
	}
	real, err := realPath(dir)
	if err != nil {
		return "", err
	}
	backups, err := realPath(backupRoot)
	if err != nil {
		return "", err
	}
	if within(real, backups) || within(backups, real) {
		return "", invalid("to", "%s overlaps the backup root %s: restore elsewhere", dir, backupRoot)
	}
	return dir, nil
}

// realPath is p with the symlinks of its existing part resolved.
func realPath(p string) (string, error) {
	var rest []string
	for {
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) || p == "/" {
			return "", err
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = filepath.Dir(p)
	}
}

// within reports whether p is base or lies below it.
func within(p, base string) bool {
	return p == base || strings.HasPrefix(p, strings.TrimSuffix(base, "/")+"/")
}

// makeLocalTarget creates the missing folders of a checked local target,
// mode 0700 (a restore as root keeps setuid files and devices), through a
// root of the restore root, so a symlink made since the check cannot lead
// it out.
func (s *Service) makeLocalTarget(dir string) error {
	if err := os.MkdirAll(s.restoreRoot, 0o700); err != nil {
		return err
	}
	rel, err := filepath.Rel(s.restoreRoot, dir)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(s.restoreRoot)
	if err != nil {
		return err
	}
	defer root.Close()
	return root.MkdirAll(rel, 0o700)
}
