package baculasvc

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// What BAMS writes (as root) must be readable by a director running as
// its own user: resource files and their folder take the director
// config's owner, group and mode.
func TestResourceFilesAreOwnedLikeTheDirectorConfig(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("changing owners needs root")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "bacula-dir.conf")
	if err := os.WriteFile(conf, []byte("Director {}\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	const gid = 65534 // nogroup: any group but root's
	if err := os.Chown(conf, 0, gid); err != nil {
		t.Fatal(err)
	}
	s := &Service{paths: Paths{DirectorConfig: conf}}
	resDir := filepath.Join(dir, "bams.d")
	if err := s.makeResourceDir(resDir); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(resDir, "pool-p1.conf")
	if err := s.writeResourceFile(file, []byte("Pool { Name = p1 }\n")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{resDir, file} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if sys := st.Sys().(*syscall.Stat_t); sys.Gid != gid {
			t.Errorf("%s: group %d, want the director config's %d", p, sys.Gid, gid)
		}
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o640 {
		t.Errorf("resource file mode %v, want the director config's 0640", st.Mode().Perm())
	}
}
