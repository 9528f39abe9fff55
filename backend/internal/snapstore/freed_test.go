package snapstore

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The exact figure counts an inode once, and only when every one of its
// links lies in the snapshots measured; folders always count; a snapshot
// gone meanwhile is skipped.
func TestFreedIsExact(t *testing.T) {
	root := t.TempDir()
	const xn, yn = "2026-01-01T00-00-00Z", "2026-01-02T00-00-00Z"
	x, y, kept := filepath.Join(root, xn), filepath.Join(root, yn), filepath.Join(root, "2026-01-03T00-00-00Z")
	for _, d := range []string{x, y, kept} {
		os.MkdirAll(filepath.Join(d, "sub"), 0o700)
	}
	write := func(p string, n int) {
		if err := os.WriteFile(p, make([]byte, n), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(x, "only-x"), 100000)         // freed
	write(filepath.Join(x, "sub", "x-and-y"), 200000) // freed once
	os.Link(filepath.Join(x, "sub", "x-and-y"), filepath.Join(y, "sub", "x-and-y"))
	write(filepath.Join(x, "x-and-kept"), 300000) // kept alive by "kept"
	os.Link(filepath.Join(x, "x-and-kept"), filepath.Join(kept, "x-and-kept"))
	os.Symlink("/etc", filepath.Join(y, "link")) // never followed

	blocks := func(paths ...string) (n int64) {
		for _, p := range paths {
			var st syscall.Stat_t
			if err := syscall.Lstat(p, &st); err != nil {
				t.Fatal(err)
			}
			n += st.Blocks * 512
		}
		return n
	}
	want := blocks(x, filepath.Join(x, "sub"), y, filepath.Join(y, "sub"), filepath.Join(y, "link"),
		filepath.Join(x, "only-x"), filepath.Join(x, "sub", "x-and-y"))
	var calls []int
	got, entries, err := NewTree(root).Freed(context.Background(), []string{xn, yn, "2026-01-04T00-00-00Z"},
		func(i int, _ int64) { calls = append(calls, i) })
	if err != nil {
		t.Fatal(err)
	}
	if got != want || entries != 9 {
		t.Errorf("freed %d over %d entries, want %d over 9", got, entries, want)
	}
	if len(calls) != 3 {
		t.Errorf("progress %v", calls)
	}
	if got < 300000 || got >= 600000 {
		t.Errorf("freed %d: the shared file counts once and the one kept alive not at all", got)
	}
}

// Freed measures snapshots only: a path or a staging folder is refused.
func TestFreedRefusesWhatIsNoSnapshot(t *testing.T) {
	tree := NewTree(t.TempDir())
	for _, name := range []string{"..", "../x", StagingName("3"), "/etc"} {
		if _, _, err := tree.Freed(context.Background(), []string{name}, func(int, int64) {}); err == nil {
			t.Errorf("%q measured", name)
		}
	}
}
