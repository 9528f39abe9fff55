package replication

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
	"bams/backend/internal/testenv"
)

// btrfsSides is a source btrfs and a receiving one, each on its own loop
// device, the receiving one behind a real sshd on 127.0.0.1 that lets
// bamsd's key in as root (its host key accepted the way an admin does).
type btrfsSides struct {
	r      *execx.Runner
	source string // the subvolume S
	target string // the receiving filesystem's subvolume "pool", mounted on its own (subvol=pool)
	remote ssh.Options
	sshd   *testenv.SSHD
}

func newBtrfsSides(t *testing.T) btrfsSides {
	t.Helper()
	if b, _ := os.ReadFile("/proc/filesystems"); !strings.Contains(string(b), "btrfs") {
		testenv.Missing(t, "this kernel has no btrfs")
	}
	for _, tool := range []string{"mkfs.btrfs", "btrfs", "findmnt"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s not installed (btrfs-progs, util-linux)", tool)
		}
	}
	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: time.Minute}
	ctx := context.Background()
	var mnts [2]string
	for i := range mnts {
		dev := testenv.NewLoopDevice(t, 1<<30, false)
		if err := btrfs.Mkfs(ctx, r, btrfs.MkfsOptions{Devices: []string{dev.Path}}); err != nil {
			t.Fatal(err)
		}
		mnts[i] = testenv.Mount(t, dev.Path, "btrfs")
	}
	s := btrfsSides{r: r, source: filepath.Join(mnts[0], "data")}
	if err := btrfs.CreateSubvolume(ctx, r, s.source); err != nil {
		t.Fatal(err)
	}
	// The receiving side sees its filesystem through a mounted subvolume,
	// so TargetDir's path in listings ("pool/repl/t1") is not the one
	// below the mount point.
	if err := btrfs.CreateSubvolume(ctx, r, filepath.Join(mnts[1], "pool")); err != nil {
		t.Fatal(err)
	}
	dev := strings.TrimSpace(run(t, "findmnt", "-n", "-o", "SOURCE", mnts[1]))
	s.target = testenv.Mount(t, dev, "btrfs", "subvol=pool")

	sshd := testenv.StartSSHD(t, "127.0.0.1")
	keys := t.TempDir()
	s.sshd = sshd
	s.remote = ssh.Options{Host: "backup2", Address: "127.0.0.1", Port: sshd.Port, User: "root",
		KeyFile: filepath.Join(keys, "id_ed25519"), KnownHostsFile: filepath.Join(keys, "known_hosts")}
	pub, err := ssh.EnsureKey(ctx, r, s.remote.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	sshd.Authorize(pub)
	scanned, err := ssh.Scan(ctx, r, s.remote.Host, s.remote.Address, sshd.Port)
	if err != nil || len(scanned) == 0 {
		t.Fatalf("scan: %+v %v", scanned, err)
	}
	if _, err := ssh.Accept(ctx, r, s.remote, scanned[0].Fingerprint); err != nil {
		t.Fatal(err)
	}
	return s
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, out)
	}
	return string(out)
}

// writeRandom writes size pseudo-random (incompressible) bytes to path.
func writeRandom(t *testing.T, path string, size int64, seed uint64) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var key [32]byte
	key[0], key[1] = byte(seed), byte(seed>>8)
	if _, err := io.CopyN(f, rand.NewChaCha8(key), size); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// tree is what a folder holds, entry by entry: type and mode, owner,
// size, mtime of files, their content's SHA-256 and symlink targets.
// The empty folders that stand for nested subvolumes in a snapshot
// (inode 2), which btrfs send never sends, are left out.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		if p != root && d.IsDir() && st.Ino == 2 {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(root, p)
		desc := fmt.Sprintf("%v uid=%d gid=%d nlink=%d", fi.Mode(), st.Uid, st.Gid, st.Nlink)
		switch {
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			desc += fmt.Sprintf(" size=%d mtime=%d sha256=%x", fi.Size(), fi.ModTime().UnixNano(), sha256.Sum256(b))
		case fi.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			desc += " -> " + target
		}
		out[rel] = desc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, src, dst string) {
	t.Helper()
	a, b := tree(t, src), tree(t, dst)
	if len(a) < 10 || !reflect.DeepEqual(a, b) {
		for k, v := range a {
			if b[k] != v {
				t.Errorf("%s: source %q, target %q", k, v, b[k])
			}
		}
		for k := range b {
			if _, ok := a[k]; !ok {
				t.Errorf("%s only on the target", k)
			}
		}
		t.Fatalf("%s and %s differ", src, dst)
	}
}

// receiveRunning: a btrfs receive into dir still runs on this machine.
func receiveRunning(dir string) bool {
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, _ := os.ReadFile(p)
		if args := strings.Split(string(b), "\x00"); len(args) > 2 && filepath.Base(args[0]) == "btrfs" && args[1] == "receive" && slices.Contains(args, dir) {
			return true
		}
	}
	return false
}

// Several runs of one task between two real btrfs filesystems over a real
// sshd: full, incremental, incremental after the source pruned the last
// parent and then the newest common snapshot, target retention, a receive
// killed midway and cleaned up by the next try, and no common snapshot.
// A hand-made subvolume in the target folder survives all of it.
func TestBtrfsReplicationReal(t *testing.T) {
	s := newBtrfsSides(t)
	ctx := context.Background()
	r := s.r
	targetDir := filepath.Join(s.target, "repl", "t1")
	job := BtrfsJob{Source: s.source, Owner: "replication:t1", Remote: s.remote, TargetDir: targetDir}

	missing := job
	missing.TargetDir = filepath.Join(s.target, "nosuch")
	var ae *api.Error
	if _, err := ReplicateBtrfs(ctx, r, missing, "s0", nil); !errors.As(err, &ae) || ae.Kind != api.KindNotFound || ae.Field != "target_dir" {
		t.Fatalf("missing target folder: %v", err)
	}
	if err := os.MkdirAll(targetDir, 0o700); err != nil {
		t.Fatal(err)
	}
	handmade := filepath.Join(targetDir, "handmade")
	if err := btrfs.CreateSubvolume(ctx, r, handmade); err != nil {
		t.Fatal(err)
	}
	if err := btrfs.Snapshot(ctx, r, handmade, filepath.Join(targetDir, "handmade-ro")); err != nil {
		t.Fatal(err)
	}

	writeRandom(t, filepath.Join(s.source, "big.bin"), 256<<20, 1)
	for i := range 500 {
		writeRandom(t, filepath.Join(s.source, "small", fmt.Sprint(i%10), fmt.Sprintf("f%d", i)), int64(i*37), uint64(i+10))
	}
	if err := os.Symlink("big.bin", filepath.Join(s.source, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(filepath.Join(s.source, "small", "1", "f1"), filepath.Join(s.source, "hard")); err != nil {
		t.Fatal(err)
	}

	snapPath := func(name string) string { return filepath.Join(s.source, btrfs.OwnedDir, job.Owner, name) }
	replicate := func(j BtrfsJob, name, wantParent string, wantPruned ...string) Result {
		t.Helper()
		var calls int
		var last, est int64
		start := time.Now()
		res, err := ReplicateBtrfs(ctx, r, j, name, func(sent, estimate int64) { calls, last, est = calls+1, sent, estimate })
		took := time.Since(start)
		if err != nil {
			t.Fatalf("run %s: %v", name, err)
		}
		t.Logf("run %s: %d bytes (estimate %d) from parent %q in %v (%.0f MiB/s), pruned %v",
			name, res.Bytes, est, res.Parent, took.Round(time.Millisecond), float64(res.Bytes)/(1<<20)/took.Seconds(), res.Pruned)
		if res.Snapshot != name || res.Parent != wantParent || !slices.Equal(res.Pruned, wantPruned) {
			t.Fatalf("run %s: %+v, want parent %q, pruned %v", name, res, wantParent, wantPruned)
		}
		if calls == 0 || last != res.Bytes || est < res.Bytes*99/100 || est > res.Bytes*101/100 {
			t.Errorf("run %s: %d progress calls, last %d, estimate %d, sent %d", name, calls, last, est, res.Bytes)
		}
		sameTree(t, snapPath(name), filepath.Join(targetDir, name))
		return res
	}
	onTarget := func() []string {
		t.Helper()
		entries, err := os.ReadDir(targetDir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}

	if res := replicate(job, "s1", ""); res.Bytes < 256<<20 {
		t.Errorf("full send of %d bytes", res.Bytes)
	}
	writeRandom(t, filepath.Join(s.source, "small", "0", "f0"), 4096, 99)
	writeRandom(t, filepath.Join(s.source, "new.bin"), 8<<20, 2)
	if err := os.Remove(filepath.Join(s.source, "small", "2", "f2")); err != nil {
		t.Fatal(err)
	}
	if res := replicate(job, "s2", "s1"); res.Bytes > 10<<20 {
		t.Errorf("incremental send of %d bytes", res.Bytes)
	}

	// The source pruned s1, the last run's parent: s2 is common.
	if err := btrfs.DeleteSnapshot(ctx, r, s.source, job.Owner, "s1"); err != nil {
		t.Fatal(err)
	}
	writeRandom(t, filepath.Join(s.source, "small", "3", "f3"), 100000, 3)
	replicate(job, "s3", "s2")

	// The source pruned s3 too, the newest common one: the target's s3
	// has nothing to pair with here, s2 is the newest both sides have.
	if err := btrfs.DeleteSnapshot(ctx, r, s.source, job.Owner, "s3"); err != nil {
		t.Fatal(err)
	}
	writeRandom(t, filepath.Join(s.source, "new.bin"), 16<<20, 4)
	keep2 := job
	keep2.KeepTarget = 2
	replicate(keep2, "s4", "s2", "s2", "s1")
	if got := onTarget(); !slices.Equal(got, []string{"handmade", "handmade-ro", "s3", "s4"}) {
		t.Fatalf("target after retention: %v", got)
	}

	// A receive killed midway (the task cancelled) leaves a writable s5
	// without a received UUID; the next try deletes it and sends again.
	writeRandom(t, filepath.Join(s.source, "big2.bin"), 192<<20, 5)
	slow := keep2
	slow.BwLimit = 32 << 20
	cctx, cancel := context.WithCancel(ctx)
	start := time.Now()
	var sentAtCancel int64
	_, err := ReplicateBtrfs(cctx, r, slow, "s5", func(sent, _ int64) {
		if sent > 32<<20 && sentAtCancel == 0 {
			sentAtCancel = sent
			cancel()
		}
	})
	cancel()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	if took := time.Since(start); sentAtCancel == 0 || took < time.Duration(float64(sentAtCancel)/float64(slow.BwLimit)*float64(time.Second))*9/10 {
		t.Errorf("bandwidth limit: %d bytes in %v", sentAtCancel, took)
	}
	partial, err := btrfs.ShowSubvolume(ctx, r, filepath.Join(targetDir, "s5"))
	if err != nil || partial.ReadOnly || partial.ReceivedUUID != "" {
		t.Fatalf("partial receive: %+v %v", partial, err)
	}
	for deadline := time.Now().Add(10 * time.Second); receiveRunning(targetDir); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("btrfs receive still runs on the target after the cancel")
		}
	}
	replicate(keep2, "s5", "s4", "s3")
	if got := onTarget(); !slices.Equal(got, []string{"handmade", "handmade-ro", "s4", "s5"}) {
		t.Fatalf("target after the retried run: %v", got)
	}

	// A subvolume someone made in the target folder under the name the
	// run sends: refused naming it, nothing sent, and it stays.
	if err := btrfs.Snapshot(ctx, r, handmade, filepath.Join(targetDir, "s6")); err != nil {
		t.Fatal(err)
	}
	if _, err := ReplicateBtrfs(ctx, r, keep2, "s6", nil); !errors.As(err, &ae) || ae.Kind != api.KindConflict || !strings.Contains(ae.Message, "s6") {
		t.Fatalf("name taken on the target: %v", err)
	}
	if got := onTarget(); !slices.Equal(got, []string{"handmade", "handmade-ro", "s4", "s5", "s6"}) {
		t.Fatalf("target after a taken name: %v", got)
	}
	if err := btrfs.DeleteSubvolume(ctx, r, filepath.Join(targetDir, "s6")); err != nil {
		t.Fatal(err)
	}
	replicate(keep2, "s6", "s5", "s4")

	// The source lost every snapshot the target holds (s5, s6): nothing
	// is sent or deleted, and the error names them.
	for _, name := range []string{"s5", "s6"} {
		if err := btrfs.DeleteSnapshot(ctx, r, s.source, job.Owner, name); err != nil {
			t.Fatal(err)
		}
	}
	before := run(t, "btrfs", "subvolume", "list", "-o", "-u", "-R", targetDir)
	var nc *BtrfsNoCommonError
	if _, err := ReplicateBtrfs(ctx, r, keep2, "s7", nil); !errors.As(err, &nc) || !slices.Equal(nc.Target, []string{"s5", "s6"}) {
		t.Fatalf("no common snapshot: %v", err)
	}
	if after := run(t, "btrfs", "subvolume", "list", "-o", "-u", "-R", targetDir); after != before {
		t.Errorf("the target changed:\n%s\nafter:\n%s", before, after)
	}
	if got := onTarget(); !slices.Equal(got, []string{"handmade", "handmade-ro", "s5", "s6"}) {
		t.Fatalf("target after no-common: %v", got)
	}

	// The receiving machine is down: ssh's own error.
	s.sshd.Stop()
	var down *ssh.Error
	if _, err := ReplicateBtrfs(ctx, r, keep2, "s7", nil); !errors.As(err, &down) || down.Kind != ssh.ConnectionRefused {
		t.Fatalf("target down: %v", err)
	}
}
