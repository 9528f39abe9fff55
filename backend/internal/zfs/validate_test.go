package zfs

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
)

func TestNames(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"tank", "Backup_1", "pool-2", "a.b:c"} {
		if err := CheckPoolName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "-f", "1pool", "mirror", "raidz2x", "c0t0", "draid1", "log", "po ol", "pool/x", "pool@s", "p%", strings.Repeat("a", 256)} {
		if err := CheckPoolName(bad); err == nil {
			t.Errorf("pool %q accepted", bad)
		}
	}
	for _, ok := range []string{"tank/a", "tank/a-b/c.d:e_f", "tank"} {
		if err := CheckDatasetName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"tank/-r", "tank//a", "tank/", "-tank/a", "tank/a b", "tank/a@b", "tank/.."} {
		if err := CheckDatasetName(bad); err == nil {
			t.Errorf("dataset %q accepted", bad)
		}
	}
	if err := CheckSnapshotName("tank/a@-x"); err == nil {
		t.Error("snapshot part starting with - accepted")
	}
	for _, bad := range []string{"sda", "-f", "/dev/../etc/passwd", "/tmp/disk.img", "/dev//sda", "/dev/-x"} {
		if err := CheckDevice(bad); err == nil {
			t.Errorf("device %q accepted", bad)
		}
	}
}

func TestProps(t *testing.T) {
	t.Parallel()
	good := []Props{{"compression": "zstd-19"}, {"quota": "1.5T", "refquota": "none"}, {"recordsize": "1M"}, {"mountpoint": "/srv/backup-1"},
		{"atime": "off"}, {"bams:repository": "r-42 web1"}, {"reservation": "10G"}}
	for _, p := range good {
		if err := p.check("filesystem", true); err != nil {
			t.Errorf("%v: %v", p, err)
		}
	}
	bad := []Props{{"compression": "-o"}, {"quota": "10G -o x"}, {"quota": "-1"}, {"recordsize": "100K"}, {"recordsize": "32M"},
		{"mountpoint": "relative"}, {"mountpoint": "/a/../b"}, {"mountpoint": "/a b"}, {"atime": "yes"}, {"sharenfs": "on"},
		{"volsize": "10G"}, {"bams:x": "a\nb"}, {"Compression": "on"}, {"quota": "1,5T"}}
	for _, p := range bad {
		if err := p.check("filesystem", true); err == nil {
			t.Errorf("%v accepted", p)
		}
	}
	if err := (Props{"volblocksize": "16K"}).check("volume", false); err == nil {
		t.Error("volblocksize after creation accepted")
	}
	if err := (Props{"quota": "1G"}).check("volume", true); err == nil {
		t.Error("quota on a volume accepted")
	}
	if err := (Props{"refreservation": "auto", "volsize": "1G", "volblocksize": "128K"}).check("volume", true); err != nil {
		t.Error(err)
	}
}

func TestLayouts(t *testing.T) {
	t.Parallel()
	d := func(n int) []string {
		var devs []string
		for i := 0; i < n; i++ {
			devs = append(devs, "/dev/disk/by-id/d"+string(rune('a'+i)))
		}
		return devs
	}
	cases := []struct {
		l    Layout
		argv string // "" when the layout must be refused
	}{
		{Layout{Data: []VdevGroup{{Devices: d(2)}}}, "create tank /dev/disk/by-id/da /dev/disk/by-id/db"},
		{Layout{Data: []VdevGroup{{Type: RaidZ1, Devices: d(3)}}, Spares: []string{"/dev/sdz"}, Ashift: 12},
			"create -o ashift=12 tank raidz1 /dev/disk/by-id/da /dev/disk/by-id/db /dev/disk/by-id/dc spare /dev/sdz"},
		{Layout{Data: []VdevGroup{{Type: RaidZ3, Devices: d(5)}}}, "create tank raidz3 " + strings.Join(d(5), " ")},
		{Layout{Data: []VdevGroup{{Type: DRAID, DRAID: DRAIDSpec{Parity: 2, Data: 4, Spares: 1}, Devices: d(11)}}},
			"create tank draid2:4d:11c:1s " + strings.Join(d(11), " ")},
		{Layout{Data: []VdevGroup{{Type: Mirror, Devices: d(2)}}, Special: []VdevGroup{{Type: Mirror, Devices: []string{"/dev/nvme0n1", "/dev/nvme1n1"}}},
			Log: []VdevGroup{{Type: Mirror, Devices: []string{"/dev/nvme2n1", "/dev/nvme3n1"}}}, Cache: []string{"/dev/nvme4n1"}},
			"create tank mirror /dev/disk/by-id/da /dev/disk/by-id/db log mirror /dev/nvme2n1 /dev/nvme3n1 special mirror /dev/nvme0n1 /dev/nvme1n1 cache /dev/nvme4n1"},
		{Layout{}, ""},
		{Layout{Data: []VdevGroup{{Type: Mirror, Devices: d(1)}}}, ""},
		{Layout{Data: []VdevGroup{{Type: RaidZ2, Devices: d(3)}}}, ""},
		{Layout{Data: []VdevGroup{{Type: Mirror, Devices: d(2)}, {Type: RaidZ1, Devices: []string{"/dev/x1", "/dev/x2", "/dev/x3"}}}}, ""},
		{Layout{Data: []VdevGroup{{Type: Mirror, Devices: []string{"/dev/sda", "/dev/sda"}}}}, ""},
		{Layout{Data: []VdevGroup{{Devices: []string{"-f"}}}}, ""},
		{Layout{Data: []VdevGroup{{Devices: d(1)}}, Log: []VdevGroup{{Type: RaidZ1, Devices: []string{"/dev/x1", "/dev/x2", "/dev/x3"}}}}, ""},
		{Layout{Data: []VdevGroup{{Devices: d(1)}}, Ashift: 17}, ""},
		{Layout{Data: []VdevGroup{{Type: DRAID, DRAID: DRAIDSpec{Parity: 4}, Devices: d(8)}}}, ""},
		{Layout{Data: []VdevGroup{{Type: "raidz9", Devices: d(12)}}}, ""},
	}
	for i, c := range cases {
		args, err := CreatePoolArgs("tank", c.l, PoolOptions{})
		if c.argv == "" {
			if err == nil {
				t.Errorf("%d: %+v accepted: %q", i, c.l, args)
			}
			continue
		}
		if err != nil || strings.Join(args, " ") != c.argv {
			t.Errorf("%d:\n got %q %v\nwant %s", i, strings.Join(args, " "), err, c.argv)
		}
	}
}

// Refused input never runs the tool.
func TestRefusedBeforeRunning(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("zfs", "exit 0")
	d.Script("zpool", "exit 0")
	r := &execx.Runner{Path: d.Path, Timeout: 5 * time.Second}
	ctx := context.Background()
	errs := []error{
		CreateFilesystem(ctx, r, "tank/-o", nil),
		CreateFilesystem(ctx, r, "tank", nil),
		CreateFilesystem(ctx, r, "tank/a", Props{"quota": "--"}),
		CreateVolume(ctx, r, "tank/v", Props{"compression": "lz4"}, false),
		SetProps(ctx, r, "tank/a", "filesystem", Props{"mountpoint": "-x"}),
		Destroy(ctx, r, "tank", true),
		Destroy(ctx, r, "-r", true),
		DestroyPool(ctx, r, "-f"),
		ImportPool(ctx, r, "-a", ImportOptions{}),
		ImportPool(ctx, r, "tank", ImportOptions{Dirs: []string{"rel"}}),
		StartScrub(ctx, r, "tank x"),
	}
	for i, err := range errs {
		if err == nil {
			t.Errorf("%d: accepted", i)
		}
	}
	if _, _, err := List(ctx, r, ListOptions{Columns: []string{"name,-x"}}); err == nil {
		t.Error("bad column accepted")
	}
	if c := append(d.Calls("zfs"), d.Calls("zpool")...); len(c) != 0 {
		t.Errorf("ran: %q", c)
	}
}

func TestErrorsFromRecordedStderr(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	r := &execx.Runner{Path: d.Path, Timeout: 5 * time.Second}
	ctx := context.Background()
	for file, want := range map[string]Kind{
		"stderr-destroy-has-children.zfs-fuse-here.txt":      HasChildren,
		"stderr-dataset-does-not-exist.zfs-fuse-here.txt":    NotFound,
		"stderr-library-init-failed.zfs-fuse-here.txt":       Unavailable,
		"stderr-zfs-list-invalid-option-p.zfs-fuse-here.txt": BadOption,
	} {
		d.ReplayStderr("zfs", "testdata/"+file, 1)
		err := Destroy(ctx, r, "tank/backups/host1", false)
		var e *Error
		if !errors.As(err, &e) || e.Kind != want {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if want == HasChildren && (e.Name != "tank/backups/host1" || strings.Join(e.Items, " ") != "tank/backups/host1@2026-01-01 tank/backups/host1@auto-1") {
			t.Errorf("%+v", e)
		}
		if want == NotFound && e.Name != "nonexist" {
			t.Errorf("%+v", e)
		}
	}
	if err := DestroyPool(ctx, &execx.Runner{Path: t.TempDir()}, "tank"); !errors.As(err, new(*execx.MissingError)) {
		t.Errorf("no zpool: %v", err)
	}
}
