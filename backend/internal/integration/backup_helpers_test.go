package integration

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// backedUpHost is a simulated host: its own sshd on a loopback address
// and a source folder of its own, configured in bamsd with its key accepted.
type backedUpHost struct {
	name string
	sshd *testenv.SSHD
	src  string // the source folder on the "host"
}

func addHost(t *testing.T, b *testenv.Bamsd, name, address string, edit func(h *api.Host)) *backedUpHost {
	t.Helper()
	ctx := context.Background()
	sshd := testenv.StartSSHD(t, address)
	src := filepath.Join(testenv.SharedTempDir(t), "data")
	os.MkdirAll(src, 0o755)
	key, err := b.Client().SSHKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sshd.Authorize(key.PublicKey)
	h := api.Host{Name: name, Address: address, Port: sshd.Port, Paths: []string{src}, Enabled: true}
	if edit != nil {
		edit(&h)
	}
	if _, err := b.Client().CreateHost(ctx, h); err != nil {
		t.Fatal(err)
	}
	scan, err := b.Client().TestHost(ctx, name)
	if err != nil || len(scan.Keys) == 0 {
		t.Fatalf("host test: %v %+v", err, scan)
	}
	if _, err := b.Client().AcceptHostKey(ctx, name, scan.Keys[0].Fingerprint); err != nil {
		t.Fatal(err)
	}
	if scan, _ := b.Client().TestHost(ctx, name); scan.Login != "ok" || !scan.Matches {
		t.Fatalf("login after accepting the key: %+v", scan)
	}
	return &backedUpHost{name: name, sshd: sshd, src: src}
}

func (h *backedUpHost) write(t *testing.T, rel, content string) {
	t.Helper()
	p := filepath.Join(h.src, rel)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// backup runs one backup to its end and returns the task.
func backup(t *testing.T, b *testenv.Bamsd, host string) api.Task {
	t.Helper()
	task, err := b.Client().Backup(context.Background(), host)
	if err != nil {
		t.Fatal(err)
	}
	return waitTask(t, b, task.ID, done)
}

// snapshotPath is where a source file lands in a snapshot: rsync keeps
// the full source path below the snapshot folder.
func snapshotPath(b *testenv.Bamsd, host, snap, srcFile string) string {
	return filepath.Join(b.Dir, "backups", host, snap, srcFile)
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Sys().(*syscall.Stat_t).Ino
}

// manifest describes every entry under root: mode, size, mtime, owner and
// content hash, so "byte- and attribute-identical" can be compared.
func manifest(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		sys := st.Sys().(*syscall.Stat_t)
		desc := fmt.Sprintf("%v %d %d %d:%d", st.Mode(), st.Size(), st.ModTime().UnixNano(), sys.Uid, sys.Gid)
		if st.Mode().IsRegular() {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			h := sha256.New()
			io.Copy(h, f)
			f.Close()
			desc += fmt.Sprintf(" %x", h.Sum(nil))
		}
		rel, _ := filepath.Rel(root, p)
		m[rel] = desc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameManifest(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %s changed: %q → %q", what, k, v, after[k])
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s: %s appeared", what, k)
		}
	}
}
