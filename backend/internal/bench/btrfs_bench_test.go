package bench

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// btrfsContenders are two more bams pulls of the same tree into one btrfs
// file system on a loop device: "bams-btrfs" into a btrfs-subvolume
// repository (a working subvolume updated in place, a read-only snapshot
// per run) and "bams-btrfs-tree" into a folder repository beside it (the
// hard-link tree), so bams-btrfs/bams-btrfs-tree compares the two layouts
// on the same disk. BAMS_BENCH_BTRFS=0 leaves them out.
func btrfsContenders(b *testing.B, d *testenv.Bamsd, sshd *testenv.SSHD, src string) []*contender {
	if os.Getenv("BAMS_BENCH_BTRFS") == "0" {
		return nil
	}
	if _, err := exec.LookPath("mkfs.btrfs"); err != nil {
		testenv.Missing(b, "btrfs-progs not installed (scripts/deps-storage.txt)")
	}
	ctx := context.Background()
	loop := testenv.NewLoopDevice(b, 8<<30, false) // sparse: two copies of the tree and the rounds' changes
	if out, err := exec.Command("mkfs.btrfs", "-q", loop.Path).CombinedOutput(); err != nil {
		b.Fatalf("mkfs.btrfs: %v: %s", err, out)
	}
	mnt := testenv.Mount(b, loop.Path, "btrfs")
	if err := os.Mkdir(filepath.Join(mnt, "tree"), 0o700); err != nil {
		b.Fatal(err)
	}
	var out []*contender
	for _, r := range []struct{ contender, repo, kind string }{
		{"bams-btrfs", "btrfs-snap", api.RepoBtrfsSubvol},
		{"bams-btrfs-tree", "btrfs-tree", api.RepoFolder},
	} {
		path := filepath.Join(mnt, r.repo)
		if r.kind == api.RepoFolder {
			path = filepath.Join(mnt, "tree")
		}
		task, err := d.Client().CreateRepository(ctx, api.RepositoryCreate{Name: r.repo, Kind: r.kind, Path: path})
		if err != nil {
			b.Fatal(err)
		}
		if task, err = d.Client().WaitTask(ctx, task.ID, nil); err != nil || task.State != api.TaskSucceeded {
			b.Fatalf("repository %s: %+v %v", r.repo, task, err)
		}
		host := r.repo
		if _, err := d.Client().CreateHost(ctx, api.Host{Name: host, Address: sshd.Address, Port: sshd.Port,
			Paths: []string{src}, Enabled: true, Repository: r.repo}); err != nil {
			b.Fatal(err)
		}
		scan, err := d.Client().TestHost(ctx, host)
		if err != nil || len(scan.Keys) == 0 {
			b.Fatalf("host test: %v %+v", err, scan)
		}
		if _, err := d.Client().AcceptHostKey(ctx, host, scan.Keys[0].Fingerprint); err != nil {
			b.Fatal(err)
		}
		c := bamsContenderIn(b, d, r.contender, host, path, src)
		c.cow = r.kind == api.RepoBtrfsSubvol
		out = append(out, c)
	}
	return out
}
