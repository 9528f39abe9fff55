package integration

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// confineModes are the ways a backup's rsync is kept in its host's
// folder, each tested on whatever rsync this machine has: a private mount
// namespace and Landlock, each alone (rsync's --confine-root off), the
// base check alone, and the default (the namespace, plus --confine-root
// where rsync has it: 3.4.2 and later).
var confineModes = []struct {
	name, config string
	// how a lookup through the base's symlink ends: "absent" (in the
	// namespace the target does not exist, so rsync copies from the host
	// as for any new file), "refused" (Landlock denies the open: the run
	// fails naming the file, and the next one reuses what it copied), or
	// "unlinked" (the base check drops the base and the run copies)
	outcome string
}{
	{"namespace", "backups:\n  confinement: namespace\n  rsync_confine_root: false\n", "absent"},
	{"landlock", "backups:\n  confinement: landlock\n  rsync_confine_root: false\n", "refused"},
	{"check", "backups:\n  confinement: check\n  rsync_confine_root: false\n", "unlinked"},
	{"default", "", "absent"},
}

// symlinkCases: what a host had in its first backup (a symlink to a
// place on the appliance), and the real file it has in the same place by
// the second, which matches the appliance's file in size, time, mode and
// owner, so rsync's quick check would call them equal.
var symlinkCases = []struct {
	name string
	// link is made in the host's source, pointing at target (relative to
	// the appliance's secret folder); file is then the host's real file.
	link, target, file string
	// followed: rsync meets the symlink on the way to file (a link at a
	// file's own place is never followed: rsync compares it as a symlink).
	followed bool
}{
	{"top level", "www", ".", "www/file", true},
	{"deep", "a/b/c/www", ".", "a/b/c/www/file", true},
	{"symlinked parent", "www", "..", "www/secret/file", true},
	{"symlink to a file", "www/file", "file", "www/file", false},
}

// No file of the appliance is ever linked, copied or read as a delta
// basis into a host's backup through a symlink in a base, in any mode,
// and the host's own bytes are what its backup holds. The backup root is
// a symlink here, as an admin might set it up, which must not count as
// leaving the host's folder.
func TestBackupNeverTakesAnApplianceFileThroughABaseSymlink(t *testing.T) {
	testenv.RequireMachine(t)
	for _, mode := range confineModes {
		t.Run(mode.name, func(t *testing.T) {
			b := testenv.StartBamsd(t, mode.config)
			disk := filepath.Join(b.Dir, "disk", "backups")
			os.RemoveAll(filepath.Join(b.Dir, "backups"))
			if err := os.MkdirAll(disk, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(disk, filepath.Join(b.Dir, "backups")); err != nil {
				t.Fatal(err)
			}
			for i, c := range symlinkCases {
				t.Run(c.name, func(t *testing.T) {
					checkSymlinkCase(t, b, disk, "h"+string(rune('1'+i)), c.link, c.target, c.file, c.followed, mode.outcome)
				})
			}
		})
	}
}

func checkSymlinkCase(t *testing.T, b *testenv.Bamsd, disk, name, link, target, file string, followed bool, outcome string) {
	// The appliance's secret folder: <dir>/secret/file, and beside it a
	// file rsync would take as a delta basis (same name, other size).
	secretRoot := testenv.SharedTempDir(t)
	secretDir := filepath.Join(secretRoot, "secret")
	secret := filepath.Join(secretDir, "file")
	basis := filepath.Join(secretDir, "basis")
	os.MkdirAll(secretDir, 0o700)
	if err := os.WriteFile(secret, []byte("appliance secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(basis, []byte("appliance data a delta could copy from"), 0o600)
	st, _ := os.Stat(secret)

	h := addHost(t, b, name, "127.0.0.2", nil)
	h.write(t, "index.html", "hello")
	linkPath := filepath.Join(h.src, link)
	os.MkdirAll(filepath.Dir(linkPath), 0o755)
	if err := os.Symlink(filepath.Join(secretDir, target), linkPath); err != nil {
		t.Fatal(err)
	}
	if task := backup(t, b, h.name); task.State != api.TaskSucceeded {
		t.Fatalf("first backup: %+v\n%s", task, logText(task))
	}
	// The symlink becomes real: a file matching the secret, and one named
	// like the delta basis.
	os.RemoveAll(linkPath)
	own := strings.Repeat("X", len("appliance secret"))
	h.write(t, file, own)
	os.Chmod(filepath.Join(h.src, file), 0o600)
	os.Chtimes(filepath.Join(h.src, file), st.ModTime(), st.ModTime())
	basisFile := filepath.Join(filepath.Dir(file), "basis")
	h.write(t, basisFile, "the host's own basis file")

	task := backup(t, b, h.name)
	switch {
	case followed && outcome == "refused":
		// rsync's lookup is refused: the run fails naming the file, with
		// the host's own bytes copied for the next run to reuse.
		if task.State != api.TaskFailed || !strings.Contains(task.Error, "leads out of the host's folder") ||
			!strings.Contains(task.Error, "/"+file) {
			t.Fatalf("the run meeting the symlink: %s %q\n%s", task.State, task.Error, logText(task))
		}
		task = backup(t, b, h.name)
		if task.State != api.TaskSucceeded {
			t.Fatalf("the next run: %+v\n%s", task, logText(task))
		}
		var snap api.Snapshot
		json.Unmarshal(task.Result, &snap)
		if snap.FilesTransferred != 0 {
			t.Errorf("the next run transferred %d files, want 0: the failed run had copied them", snap.FilesTransferred)
		}
	case outcome == "unlinked":
		// The base check drops the base, saying why, and the run copies.
		if task.State != api.TaskSucceeded || !strings.Contains(logText(task), "leads out of the host's folder") {
			t.Fatalf("the run after the symlink: %s %q\n%s", task.State, task.Error, logText(task))
		}
		var snap api.Snapshot
		json.Unmarshal(task.Result, &snap)
		if snap.Base != "" {
			t.Errorf("the run linked from %s, which held the symlink", snap.Base)
		}
		// The snapshot after it has no such symlink: linking again.
		task = backup(t, b, h.name)
		json.Unmarshal(task.Result, &snap)
		if task.State != api.TaskSucceeded || snap.Base == "" || snap.FilesTransferred != 0 {
			t.Fatalf("the run after the copy: %s base %q, %d files\n%s", task.State, snap.Base, snap.FilesTransferred, logText(task))
		}
	default:
		if task.State != api.TaskSucceeded {
			t.Fatalf("the run after the symlink: %+v\n%s", task, logText(task))
		}
	}
	var snap api.Snapshot
	json.Unmarshal(task.Result, &snap)
	for rel, want := range map[string]string{file: own, basisFile: "the host's own basis file"} {
		got, err := os.ReadFile(snapshotPath(b, h.name, snap.Name, filepath.Join(h.src, rel)))
		if err != nil || string(got) != want {
			t.Errorf("backed-up %s: %q %v, want the host's %q", rel, got, err, want)
		}
	}
	secretIno, basisIno := inode(t, secret), inode(t, basis)
	filepath.WalkDir(filepath.Join(disk, h.name), func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if fi, _ := d.Info(); fi != nil {
			if ino := fi.Sys().(*syscall.Stat_t).Ino; ino == secretIno || ino == basisIno {
				t.Errorf("%s is the appliance's file", p)
			}
		}
		if data, _ := os.ReadFile(p); strings.Contains(string(data), "appliance") {
			t.Errorf("%s holds the appliance's data: %q", p, data)
		}
		return nil
	})
	if data, _ := os.ReadFile(secret); string(data) != "appliance secret" {
		t.Errorf("the appliance's file changed: %q", data)
	}
}
