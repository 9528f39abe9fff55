package disks

import (
	"context"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testenv"
)

func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s not installed (scripts/deps-storage.txt)", tool)
		}
	}
}

func sh(t *testing.T, stdin string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %q: %v: %s", name, args, err, out)
	}
}

// Real lsblk and blkid on loop devices: a partitioned one with a mounted
// ext4 and a blank partition, and a blank one. The mounted partition
// holds its disk; the blank disk is free.
func TestDisksRealLoop(t *testing.T) {
	t.Parallel()
	need(t, "lsblk", "blkid", "sfdisk", "partx", "mkfs.ext4")
	a := testenv.NewLoopDevice(t, 128<<20, true)
	b := testenv.NewLoopDevice(t, 64<<20, false)
	sh(t, "label: gpt\nsize=48MiB, name=data\nsize=48MiB, name=spare\n", "sfdisk", "--quiet", a.Path)
	// This kernel reads no partition table itself (see testdata/README.md);
	// partx adds the partitions from user space, and detach removes them.
	if out, err := exec.Command("partx", "-a", a.Path).CombinedOutput(); err != nil && !strings.Contains(string(out), "error adding partitions") {
		t.Fatalf("partx: %v: %s", err, out)
	}
	p1, p2 := a.Path+"p1", a.Path+"p2"
	sh(t, "", "mkfs.ext4", "-q", "-L", "bamstest", p1)
	mnt := testenv.Mount(t, p1, "ext4")

	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: 30 * time.Second}
	ctx := context.Background()
	all, err := List(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	var mine []Disk
	for _, d := range all {
		if d.Path == a.Path || d.Path == b.Path {
			mine = append(mine, d)
		}
	}
	if len(mine) != 2 {
		t.Fatalf("lsblk lists %d of our 2 loop devices", len(mine))
	}
	sigs, err := Probe(ctx, r, a.Path, p1, p2, b.Path)
	if err != nil {
		t.Fatal(err)
	}
	MergeBlkid(mine, sigs)
	var da Disk
	for _, d := range mine {
		if d.Path == a.Path {
			da = d
		}
	}
	parts := da.Partitions()
	if len(parts) != 2 || parts[0].Path != p1 || parts[0].Size != 48<<20 || parts[0].FSType != "ext4" || parts[0].Label != "bamstest" ||
		parts[0].PartLabel != "data" || da.PTType != "gpt" {
		t.Fatalf("partitions %+v (disk %+v)", parts, da)
	}
	held := Holders(mine, Holdings{})
	want := map[string][]Holder{a.Path: {{Kind: Mounted, Device: p1, Name: mnt}}}
	if !reflect.DeepEqual(held, want) {
		t.Errorf("holders %+v, want %+v", held, want)
	}
	// blkid finds nothing on a blank device: exit 2, an empty answer.
	if sigs, err := Probe(ctx, r, b.Path); err != nil || len(sigs) != 0 {
		t.Errorf("blank device: %+v %v", sigs, err)
	}
}
