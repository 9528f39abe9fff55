package snapstore

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The working copy keeps the paths a run pulls, what is inside them and
// the folders on the way to them; everything else goes, and a symlink on
// the way (left by an earlier run of other paths) is removed, never
// followed, so the run cannot write through it.
func TestPruneOutsideKeepsOnlyThePulledPaths(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "precious"), []byte("x"), 0o600)
	for _, p := range []string{"srv/www/index.html", "srv/old/a", "etc/hosts", "var/log/syslog", "srv/wwwx/b"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o700)
		os.WriteFile(filepath.Join(dir, p), nil, 0o600)
	}
	os.Symlink(outside, filepath.Join(dir, "home"))
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := pruneOutside(root, "", []string{"srv/www", "etc", "home/alice"}); err != nil {
		t.Fatal(err)
	}
	var left []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, p)
		left = append(left, rel)
		return nil
	})
	want := []string{".", "etc", "etc/hosts", "srv", "srv/www", "srv/www/index.html"}
	if !slices.Equal(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
	if _, err := os.Stat(filepath.Join(outside, "precious")); err != nil {
		t.Error("followed the symlink")
	}
	// "/" keeps everything
	if err := pruneOutside(root, "", []string{""}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "etc/hosts")); err != nil {
		t.Error("pulling / removed a file")
	}
}
