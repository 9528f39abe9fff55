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

// A base snapshot holds the host's own symlinks, and rsync follows
// root-owned ones while it looks a file up in a base. A host that had
// www -> (a folder that also exists on the appliance) and then makes www a
// real folder, with a file matching an appliance file in size, time, mode
// and owner, must never get the appliance's file into its backup: the run
// that meets the symlink fails saying why, with the host's own bytes
// copied, and the next run completes from them. The backup root is a
// symlink here, as an admin might set it up, which must not count as
// leaving the host's folder.
func TestBackupNeverLinksAnApplianceFileThroughABaseSymlink(t *testing.T) {
	testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	disk := filepath.Join(b.Dir, "disk", "backups")
	os.RemoveAll(filepath.Join(b.Dir, "backups"))
	if err := os.MkdirAll(disk, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(disk, filepath.Join(b.Dir, "backups")); err != nil {
		t.Fatal(err)
	}
	secretDir := testenv.SharedTempDir(t)
	secret := filepath.Join(secretDir, "file")
	if err := os.WriteFile(secret, []byte("appliance secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(secret)

	h := addHost(t, b, "web1", "127.0.0.2", nil)
	h.write(t, "index.html", "hello")
	if err := os.Symlink(secretDir, filepath.Join(h.src, "www")); err != nil {
		t.Fatal(err)
	}
	if task := backup(t, b, h.name); task.State != api.TaskSucceeded {
		t.Fatalf("first backup: %+v\n%s", task, logText(task))
	}
	// www becomes a folder holding a file that quick-checks equal to the secret
	os.Remove(filepath.Join(h.src, "www"))
	h.write(t, "www/file", strings.Repeat("X", len("appliance secret")))
	os.Chmod(filepath.Join(h.src, "www/file"), 0o600)
	os.Chtimes(filepath.Join(h.src, "www/file"), st.ModTime(), st.ModTime())

	task := backup(t, b, h.name)
	if task.State != api.TaskFailed || !strings.Contains(task.Error, "leads out of the host's folder") ||
		!strings.Contains(task.Error, "/www/file") {
		t.Errorf("the run meeting the symlink: %s %q\n%s", task.State, task.Error, logText(task))
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
	got, err := os.ReadFile(snapshotPath(b, h.name, snap.Name, filepath.Join(h.src, "www/file")))
	if err != nil || string(got) != strings.Repeat("X", len("appliance secret")) {
		t.Errorf("backed-up www/file: %q %v", got, err)
	}
	secretIno := inode(t, secret)
	filepath.WalkDir(disk, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, _ := d.Info(); fi != nil && fi.Sys().(*syscall.Stat_t).Ino == secretIno {
				t.Errorf("%s is the appliance's file", p)
			}
		}
		return nil
	})
	if data, _ := os.ReadFile(secret); string(data) != "appliance secret" {
		t.Errorf("the appliance's file changed: %q", data)
	}
}
