package zfs

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakezfs"
)

var disks6 = []string{"/dev/disk/by-id/ata-A", "/dev/disk/by-id/ata-B", "/dev/disk/by-id/ata-C", "/dev/disk/by-id/ata-D",
	"/dev/disk/by-id/nvme-E", "/dev/disk/by-id/nvme-F"}

func newFake(t *testing.T, st fakezfs.State) (*fakezfs.Fake, *execx.Runner) {
	t.Helper()
	f := fakezfs.New(t, st)
	return f, &execx.Runner{Path: f.Path, Timeout: 10 * time.Second}
}

func lastArgs(f *fakezfs.Fake) string {
	c := f.Calls()
	return c[len(c)-1].Tool + " " + strings.Join(c[len(c)-1].Args, " ")
}

// Create a pool, list it (the fake is a pre-2.3 zpool: -j is refused and
// -H -p is used), make datasets and a volume, change and read properties,
// and destroy them with their dependents listed first.
func TestFlowPoolAndDatasets(t *testing.T) {
	t.Parallel()
	f, r := newFake(t, fakezfs.State{NoJSON: true, Disks: disks6})
	ctx := context.Background()
	layout := Layout{
		Data:  []VdevGroup{{Type: Mirror, Devices: disks6[:2]}, {Type: Mirror, Devices: disks6[2:4]}},
		Log:   []VdevGroup{{Type: Single, Devices: disks6[4:5]}},
		Cache: disks6[5:], Ashift: 12,
	}
	if err := CreatePool(ctx, r, "tank", layout, PoolOptions{Root: Props{"compression": "lz4", "atime": "off"}}); err != nil {
		t.Fatal(err)
	}
	want := "zpool create -o ashift=12 -O atime=off -O compression=lz4 tank mirror " + strings.Join(disks6[:2], " ") +
		" mirror " + strings.Join(disks6[2:4], " ") + " log " + disks6[4] + " cache " + disks6[5]
	if got := lastArgs(f); got != want {
		t.Errorf("argv\n got %s\nwant %s", got, want)
	}
	// A device already in a pool: zpool refuses, typed.
	err := CreatePool(ctx, r, "other", Layout{Data: []VdevGroup{{Devices: disks6[:1]}}}, PoolOptions{})
	if !IsKind(err, InUse) {
		t.Errorf("device in use: %v", err)
	}
	pools, warns, err := Pools(ctx, r)
	if err != nil || warns != nil || len(pools) != 1 || pools[0].Name != "tank" || pools[0].Size != 4<<30 || !pools[0].Exact || pools[0].Health != "ONLINE" {
		t.Fatalf("pools %+v %v %v", pools, warns, err)
	}
	calls := f.Calls()
	if n := len(calls); calls[n-2].Args[1] != "-j" || calls[n-1].Args[1] != "-H" {
		t.Errorf("want -j refused, then -H -p: %+v", calls[n-2:])
	}
	st, err := Status(ctx, r, "tank")
	if err != nil || len(st) != 1 || len(st[0].Warnings) != 0 {
		t.Fatalf("%+v %v", st, err)
	}
	if got := vdevNames(st[0].Config); got != "tank(mirror-0(/dev/disk/by-id/ata-A /dev/disk/by-id/ata-B) mirror-1(/dev/disk/by-id/ata-C /dev/disk/by-id/ata-D)) logs(/dev/disk/by-id/nvme-E) cache(/dev/disk/by-id/nvme-F)" {
		t.Errorf("tree %s", got)
	}

	if err := CreateFilesystem(ctx, r, "tank/backups", Props{"quota": "100G", "recordsize": "1M", "mountpoint": "/srv/backups"}); err != nil {
		t.Fatal(err)
	}
	if got := lastArgs(f); got != "zfs create -o mountpoint=/srv/backups -o quota=100G -o recordsize=1M tank/backups" {
		t.Errorf("argv %s", got)
	}
	if err := CreateFilesystem(ctx, r, "tank/backups", nil); !IsKind(err, Exists) {
		t.Errorf("again: %v", err)
	}
	if err := CreateFilesystem(ctx, r, "tank/backups/host1", Props{"compression": "zstd-3"}); err != nil {
		t.Fatal(err)
	}
	if err := CreateVolume(ctx, r, "tank/lun0", Props{"volsize": "10G", "volblocksize": "16K", "compression": "lz4"}, true); err != nil {
		t.Fatal(err)
	}
	if got := lastArgs(f); got != "zfs create -V 10G -s -b 16K -o compression=lz4 tank/lun0" {
		t.Errorf("argv %s", got)
	}
	if err := SetProps(ctx, r, "tank/backups", "filesystem", Props{"quota": "200G", "atime": "off"}); err != nil {
		t.Fatal(err)
	}
	props, err := Get(ctx, r, "tank/backups/host1", "quota", "mountpoint", "compression")
	if err != nil {
		t.Fatal(err)
	}
	if props["mountpoint"] != (Prop{"/srv/backups/host1", "inherited", "tank/backups"}) || props["compression"] != (Prop{"zstd-3", "local", ""}) {
		t.Errorf("%+v", props)
	}
	if _, err := Get(ctx, r, "tank/nope", "used"); !IsKind(err, NotFound) {
		t.Errorf("missing: %v", err)
	}

	for _, s := range []string{"tank/backups/host1@2026-01-01", "tank/backups/host1@2026-01-02"} {
		if err := Snapshot(ctx, r, s, false, "manual"); err != nil {
			t.Fatal(err)
		}
	}
	ds, warns, err := List(ctx, r, ListOptions{Types: []string{"filesystem", "volume"}})
	if err != nil || warns != nil {
		t.Fatal(err, warns)
	}
	var names []string
	for _, d := range ds {
		names = append(names, d.Name+":"+d.Type)
	}
	if strings.Join(names, " ") != "tank:filesystem tank/backups:filesystem tank/backups/host1:filesystem tank/lun0:volume" {
		t.Errorf("list %v", names)
	}
	snaps, _, err := List(ctx, r, ListOptions{Columns: SnapshotColumns, Types: []string{"snapshot"}, Root: "tank/backups", Recursive: true})
	if err != nil || len(snaps) != 2 || snaps[0].Creation.IsZero() {
		t.Fatalf("%+v %v", snaps, err)
	}

	// Destroy without -r: zfs lists what is below (recorded message).
	err = Destroy(ctx, r, "tank/backups", false)
	var ze *Error
	if !errors.As(err, &ze) || ze.Kind != HasChildren || ze.Name != "tank/backups" ||
		!reflect.DeepEqual(ze.Items, []string{"tank/backups/host1", "tank/backups/host1@2026-01-01", "tank/backups/host1@2026-01-02"}) {
		t.Fatalf("%#v", err)
	}
	fake := f.Load()
	fake.Holds["tank/backups/host1@2026-01-01"] = []string{"bams-replication"}
	fake.Datasets["tank/clone"] = &fakezfs.Dataset{Type: "filesystem", Props: map[string]string{"origin": "tank/backups/host1@2026-01-02"}}
	f.Save(fake)
	dep, warns, err := ListDependents(ctx, r, "tank/backups")
	if err != nil || warns != nil {
		t.Fatal(err, warns)
	}
	wantDep := Dependents{
		Children:  []string{"tank/backups/host1"},
		Snapshots: []string{"tank/backups/host1@2026-01-01", "tank/backups/host1@2026-01-02"},
		Clones:    []string{"tank/clone"},
		Holds:     []Hold{{"tank/backups/host1@2026-01-01", "bams-replication"}},
	}
	if !reflect.DeepEqual(dep, wantDep) {
		t.Errorf("dependents\n got %+v\nwant %+v", dep, wantDep)
	}
	if err := Destroy(ctx, r, "tank/backups", true); !IsKind(err, Busy) {
		t.Errorf("held snapshot: %v", err)
	}
	fake = f.Load()
	delete(fake.Holds, "tank/backups/host1@2026-01-01")
	f.Save(fake)
	if err := Destroy(ctx, r, "tank/backups", true); err != nil {
		t.Fatal(err)
	}
	if err := Destroy(ctx, r, "tank/backups", true); !IsKind(err, NotFound) {
		t.Errorf("gone: %v", err)
	}
	if err := DestroyPool(ctx, r, "tank"); err != nil {
		t.Fatal(err)
	}
	if pools, _, err := Pools(ctx, r); err != nil || len(pools) != 0 {
		t.Errorf("after destroy %+v %v", pools, err)
	}
}

// A scrub started here is followed through zpool status until it ends.
func TestFlowScrubProgress(t *testing.T) {
	t.Parallel()
	f, r := newFake(t, fakezfs.State{Disks: disks6})
	ctx := context.Background()
	if err := CreatePool(ctx, r, "tank", Layout{Data: []VdevGroup{{Type: RaidZ2, Devices: disks6[:4]}}}, PoolOptions{}); err != nil {
		t.Fatal(err)
	}
	if s, err := ScanProgress(ctx, r, "tank"); err != nil || s.State != ScanNone {
		t.Fatalf("%+v %v", s, err)
	}
	// This fake is a 2.3 zpool: -j answers, with pool_guid and numbers.
	if pools, _, err := Pools(ctx, r); err != nil || len(pools) != 1 || pools[0].Size != 4<<30 || !pools[0].Exact || pools[0].GUID == "" {
		t.Errorf("JSON pools %+v %v", pools, err)
	}
	if err := StartScrub(ctx, r, "tank"); err != nil {
		t.Fatal(err)
	}
	if err := StartScrub(ctx, r, "tank"); err == nil || !strings.Contains(err.Error(), "currently scrubbing") {
		t.Errorf("second scrub: %v", err)
	}
	var seen []float64
	for i := 0; i < 10; i++ {
		s, err := ScanProgress(ctx, r, "tank")
		if err != nil {
			t.Fatal(err)
		}
		if s.State == ScanFinished {
			if s.Func != Scrub || s.Errors != 0 || s.Took != 4*time.Second {
				t.Errorf("finished %+v", s)
			}
			break
		}
		if s.State != ScanInProgress || s.Func != Scrub || s.ETA < 0 || s.Issued == 0 || s.Total == 0 {
			t.Fatalf("in progress %+v", s)
		}
		seen = append(seen, s.Percent)
	}
	if !reflect.DeepEqual(seen, []float64{25, 50, 75}) {
		t.Errorf("progress %v", seen)
	}
	if err := StartScrub(ctx, r, "tank"); err != nil {
		t.Fatal(err)
	}
	if err := StopScrub(ctx, r, "tank"); err != nil {
		t.Fatal(err)
	}
	if s, _ := ScanProgress(ctx, r, "tank"); s.State != ScanCanceled {
		t.Errorf("after stop %+v", s)
	}
	if got := lastArgs(f); got != "zpool status -P tank" {
		t.Errorf("%s", got)
	}
}

// Export, list importable pools, import under a new name.
func TestFlowExportImport(t *testing.T) {
	t.Parallel()
	_, r := newFake(t, fakezfs.State{Disks: disks6})
	ctx := context.Background()
	if l, err := Importable(ctx, r, ImportOptions{}); err != nil || len(l) != 0 {
		t.Fatalf("nothing to import: %+v %v", l, err)
	}
	if err := CreatePool(ctx, r, "tank", Layout{Data: []VdevGroup{{Type: Mirror, Devices: disks6[:2]}}}, PoolOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := CreateFilesystem(ctx, r, "tank/data", nil); err != nil {
		t.Fatal(err)
	}
	if err := ExportPool(ctx, r, "tank"); err != nil {
		t.Fatal(err)
	}
	if pools, _, err := Pools(ctx, r); err != nil || len(pools) != 0 {
		t.Errorf("exported pool listed: %+v %v", pools, err)
	}
	l, err := Importable(ctx, r, ImportOptions{Dirs: []string{"/dev/disk/by-id"}})
	if err != nil || len(l) != 1 || l[0].Name != "tank" || l[0].ID == "" || len(l[0].Warnings) != 0 ||
		vdevNames(l[0].Config) != "tank(mirror-0(/dev/disk/by-id/ata-A /dev/disk/by-id/ata-B))" {
		t.Fatalf("%+v %v", l, err)
	}
	if err := ImportPool(ctx, r, "nosuch", ImportOptions{}); !IsKind(err, NotFound) {
		t.Errorf("no such pool: %v", err)
	}
	if err := ImportPool(ctx, r, l[0].ID, ImportOptions{NewName: "vault"}); err != nil {
		t.Fatal(err)
	}
	ds, _, err := List(ctx, r, ListOptions{})
	if err != nil || len(ds) != 2 || ds[0].Name != "vault" || ds[1].Name != "vault/data" {
		t.Errorf("%+v %v", ds, err)
	}
}

// Against zfs-fuse's CLI (no -p, recorded): the listing falls back.
func TestFlowNoP(t *testing.T) {
	t.Parallel()
	f, r := newFake(t, fakezfs.State{NoJSON: true, NoP: true, Disks: disks6})
	ctx := context.Background()
	if err := CreatePool(ctx, r, "tank", Layout{Data: []VdevGroup{{Devices: disks6[:1]}}}, PoolOptions{}); err != nil {
		t.Fatal(err)
	}
	if pools, _, err := Pools(ctx, r); err != nil || len(pools) != 1 {
		t.Fatalf("%+v %v", pools, err)
	}
	if _, _, err := List(ctx, r, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := lastArgs(f); got != "zfs list -H -o name,type,used,available,referenced,mountpoint -s name" {
		t.Errorf("%s", got)
	}
}
