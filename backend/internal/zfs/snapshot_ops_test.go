package zfs

import (
	"context"
	"reflect"
	"testing"

	"bams/backend/internal/testutil/fakezfs"
)

// A recursive snapshot carries its owner on every dataset it makes, and
// holds stop a destroy until they are released.
func TestSnapshotOwnerAndHolds(t *testing.T) {
	t.Parallel()
	f, r := newFake(t, fakezfs.State{Pools: map[string]*fakezfs.Pool{"tank": {Health: "ONLINE"}}, Datasets: map[string]*fakezfs.Dataset{
		"tank": {Type: "filesystem"}, "tank/data": {Type: "filesystem"}, "tank/data/db": {Type: "filesystem"},
	}})
	ctx := context.Background()
	if err := Snapshot(ctx, r, "tank/data@h1", true, "snaptask:hourly"); err != nil {
		t.Fatal(err)
	}
	if got := lastArgs(f); got != "zfs snapshot -r -o bams:owner=snaptask:hourly tank/data@h1" {
		t.Errorf("argv %q", got)
	}
	rows, _, err := List(ctx, r, ListOptions{Columns: []string{"name", OwnerProperty}, Types: []string{"snapshot"}, Root: "tank/data", Recursive: true})
	if err != nil || len(rows) != 2 {
		t.Fatalf("%+v %v", rows, err)
	}
	for _, row := range rows {
		if row.Owner != "snaptask:hourly" {
			t.Errorf("%s owner %q", row.Name, row.Owner)
		}
	}
	if err := Snapshot(ctx, r, "tank/data@h1", false, "manual"); !IsKind(err, Exists) {
		t.Errorf("again: %v", err)
	}
	for _, bad := range []string{"", "Snaptask", "snaptask:", "x:-a", "a b"} {
		if err := Snapshot(ctx, r, "tank/data@h2", false, bad); err == nil {
			t.Errorf("owner %q accepted", bad)
		}
	}

	if err := HoldSnapshots(ctx, r, "bams:replication:offsite", true, "tank/data@h1"); err != nil {
		t.Fatal(err)
	}
	holds, _, err := SnapshotHolds(ctx, r, "tank/data@h1", "tank/data/db@h1")
	want := []Hold{{"tank/data@h1", "bams:replication:offsite"}, {"tank/data/db@h1", "bams:replication:offsite"}}
	if err != nil || !reflect.DeepEqual(holds, want) {
		t.Errorf("holds %+v %v", holds, err)
	}
	if err := Destroy(ctx, r, "tank/data@h1", false); !IsKind(err, Busy) {
		t.Errorf("destroy held: %v", err)
	}
	if err := HoldSnapshots(ctx, r, "bad tag", false, "tank/data@h1"); err == nil {
		t.Error("bad tag accepted")
	}
	if err := ReleaseSnapshots(ctx, r, "bams:replication:offsite", true, "tank/data@h1"); err != nil {
		t.Fatal(err)
	}
	if err := ReleaseSnapshots(ctx, r, "bams:replication:offsite", false, "tank/data@h1"); err == nil {
		t.Error("a second release of the same tag succeeded")
	}
	if err := Destroy(ctx, r, "tank/data@h1", false); err != nil {
		t.Errorf("destroy released: %v", err)
	}
}

// A snapshot inherits its dataset's user properties: one made by hand of a
// filesystem that carries bams:owner shows that owner in zfs list, yet it
// is nobody's to BAMS. Only an owner set on the snapshot itself counts.
func TestInheritedOwnerIsNoOwner(t *testing.T) {
	t.Parallel()
	f, r := newFake(t, fakezfs.State{Pools: map[string]*fakezfs.Pool{"tank": {Health: "ONLINE"}}, Datasets: map[string]*fakezfs.Dataset{
		"tank":              {Type: "filesystem"},
		"tank/web1":         {Type: "filesystem", Props: map[string]string{OwnerProperty: "backup:web1"}},
		"tank/web1@by-hand": {Type: "snapshot"},
	}})
	ctx := context.Background()
	if err := Snapshot(ctx, r, "tank/web1@ours", false, "backup:web1"); err != nil {
		t.Fatal(err)
	}
	if p, err := Get(ctx, r, "tank/web1@by-hand", OwnerProperty); err != nil || p[OwnerProperty].Value != "backup:web1" {
		t.Fatalf("the fake must inherit as OpenZFS does: %+v %v", p, err)
	}
	rows, _, err := List(ctx, r, ListOptions{Columns: []string{"name", OwnerProperty}, Types: []string{"snapshot"}, Root: "tank/web1", Recursive: true, Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, row := range rows {
		got[row.Name] = row.Owner
	}
	if want := map[string]string{"tank/web1@by-hand": "", "tank/web1@ours": "backup:web1"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("owners %v, want %v", got, want)
	}
	if got := lastArgs(f); got != "zfs get -H -s local -o name,value -t snapshot -r -d 1 bams:owner tank/web1" {
		t.Errorf("argv %q", got)
	}
}
