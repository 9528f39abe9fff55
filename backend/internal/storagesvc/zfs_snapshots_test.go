package storagesvc

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/testutil/fakezfs"
)

// tank/a holds snapshots made by hand (no owner), by a snapshot task, by
// a replication and by an admin through BAMS, in that order; tank/a/b one
// more; tank/c is a clone of tank/a@task1.
func snapshotFixture(t *testing.T) *zfsFixture {
	f := newZFSFixture(t)
	snap := func(c int64, owner string) *fakezfs.Dataset {
		d := &fakezfs.Dataset{Type: "snapshot", Creation: c, Props: map[string]string{}}
		if owner != "" {
			d.Props["bams:owner"] = owner
		}
		return d
	}
	f.fake.Save(fakezfs.State{Pools: map[string]*fakezfs.Pool{"tank": {Health: "ONLINE"}}, Datasets: map[string]*fakezfs.Dataset{
		"tank": {Type: "filesystem"}, "tank/a": {Type: "filesystem"}, "tank/a/b": {Type: "filesystem"},
		"tank/a@hand": snap(10, ""), "tank/a@task1": snap(20, "snaptask:hourly"), "tank/a@repl1": snap(30, "replication:offsite"),
		"tank/a@mine": snap(40, "manual"), "tank/a/b@hand2": snap(50, ""),
		"tank/c": {Type: "filesystem", Props: map[string]string{"origin": "tank/a@task1"}},
	}, Holds: map[string][]string{"tank/a@repl1": {"bams:replication:offsite"}}})
	return f
}

func names(l api.ZFSSnapshotList) []string {
	var n []string
	for _, s := range l.Snapshots {
		n = append(n, s.Name)
	}
	return n
}

// A listing mixing BAMS's snapshots and foreign ones shows each owner
// ("" for the foreign), holds and clones, and filters by dataset, name
// and owner with exact totals and paging.
func TestZFSSnapshotListing(t *testing.T) {
	t.Parallel()
	f := snapshotFixture(t)
	ctx := context.Background()
	all, err := f.s.ZFSSnapshots(ctx, SnapshotQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := api.ZFSSnapshot{Name: "tank/a@task1", Dataset: "tank/a", Snapshot: "task1", Created: "1970-01-01T00:00:20Z", Used: 24576, Referenced: 24576,
		Owner: "snaptask:hourly", Clones: []string{"tank/c"}}
	if all.Total != 5 || !reflect.DeepEqual(all.Snapshots[4], want) || all.Snapshots[0].Name != "tank/a/b@hand2" || all.Snapshots[0].Owner != "" || all.Snapshots[3].Holds != 1 {
		t.Errorf("%+v", all)
	}
	for _, c := range []struct {
		q    SnapshotQuery
		want []string
		next string
	}{
		{SnapshotQuery{Dataset: "tank/a"}, []string{"tank/a@hand", "tank/a@mine", "tank/a@repl1", "tank/a@task1"}, ""},
		{SnapshotQuery{Dataset: "tank/a", Recursive: true}, []string{"tank/a@hand", "tank/a@mine", "tank/a@repl1", "tank/a@task1", "tank/a/b@hand2"}, ""},
		{SnapshotQuery{Dataset: "tank/a", Recursive: true, Cursor: "3", Limit: 1}, []string{"tank/a@task1"}, "4"},
		// "/" sorts before "@", as in zfs list -s name
		{SnapshotQuery{Owner: "none"}, []string{"tank/a/b@hand2", "tank/a@hand"}, ""},
		{SnapshotQuery{Owner: "manual"}, []string{"tank/a@mine"}, ""},
		{SnapshotQuery{Owner: "replication:offsite"}, []string{"tank/a@repl1"}, ""},
		{SnapshotQuery{Name: "hand"}, []string{"tank/a/b@hand2", "tank/a@hand"}, ""},
		{SnapshotQuery{Name: "hand", Cursor: "1", Limit: 5}, []string{"tank/a@hand"}, ""},
		{SnapshotQuery{Owner: "none", Limit: 1}, []string{"tank/a/b@hand2"}, "1"},
		{SnapshotQuery{Dataset: "tank/c"}, nil, ""},
	} {
		if c.q.Limit == 0 {
			c.q.Limit = 100
		}
		l, err := f.s.ZFSSnapshots(ctx, c.q)
		if err != nil || !reflect.DeepEqual(names(l), c.want) || l.Next != c.next {
			t.Errorf("%+v: %v next %q %v", c.q, names(l), l.Next, err)
		}
	}
	for q, field := range map[SnapshotQuery]string{{Dataset: "-x"}: "dataset", {Owner: "Bad"}: "owner"} {
		if _, err := f.s.ZFSSnapshots(ctx, q); apiField(err) != "field "+field {
			t.Errorf("%+v: %v", q, err)
		}
	}
}

// apiField is what the server's fail answers: a 400 naming the field.
func apiField(err error) string {
	var ae *api.Error
	var fielded interface{ APIField() string }
	switch {
	case apiKind(err) != api.KindBadRequest:
	case errors.As(err, &ae):
		return "field " + ae.Field
	case errors.As(err, &fielded):
		return "field " + fielded.APIField()
	}
	return "not a 400: " + errString(err)
}

func errString(err error) string {
	if err == nil {
		return "nil"
	}
	return err.Error()
}

// zfsRan says whether any zfs call ran the subcommand.
func zfsRan(f *fakezfs.Fake, sub string) bool {
	for _, c := range f.Calls() {
		if c.Tool == "zfs" && len(c.Args) > 0 && c.Args[0] == sub {
			return true
		}
	}
	return false
}

// Destroy needs the full name typed and is refused, naming the blocker,
// while the snapshot is held or cloned; nothing runs zfs destroy then.
func TestZFSSnapshotDestroyRefusals(t *testing.T) {
	t.Parallel()
	f := snapshotFixture(t)
	ctx := context.Background()
	if _, err := f.s.DestroyZFSSnapshot(ctx, "tank/a@hand", "tank/a"); apiField(err) != "field confirm" {
		t.Errorf("wrong confirm: %v", err)
	}
	if _, err := f.s.DestroyZFSSnapshot(ctx, "tank/a@repl1", "tank/a@repl1"); apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "bams:replication:offsite") {
		t.Errorf("held: %v", err)
	}
	if _, err := f.s.DestroyZFSSnapshot(ctx, "tank/a@task1", "tank/a@task1"); apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "tank/c") {
		t.Errorf("cloned: %v", err)
	}
	if _, err := f.s.DestroyZFSSnapshot(ctx, "tank/a@gone", "tank/a@gone"); apiKind(err) != api.KindNotFound {
		t.Errorf("missing: %v", err)
	}
	if zfsRan(f.fake, "destroy") {
		t.Fatal("a refused destroy ran zfs destroy")
	}
	if _, err := f.s.ZFSSnapshots(ctx, SnapshotQuery{Limit: 100}); err != nil { // fill the cache
		t.Fatal(err)
	}
	d, err := f.s.DestroyZFSSnapshot(ctx, "tank/a@hand", "tank/a@hand")
	if err != nil || d.Name != "tank/a@hand" || d.Kind != api.ObjectZFSSnapshot {
		t.Fatalf("%+v %v", d, err)
	}
	if l, _ := f.s.ZFSSnapshots(ctx, SnapshotQuery{Owner: "none", Limit: 100}); !reflect.DeepEqual(names(l), []string{"tank/a/b@hand2"}) {
		t.Errorf("the cache kept the destroyed one: %v", names(l))
	}
}

// The rollback preview names exactly the newer snapshots and the clones
// of them; the rollback needs the dataset typed and the preview's token,
// is refused while a newer snapshot is held or the list changed, and runs
// no rollback when refused.
func TestZFSRollback(t *testing.T) {
	t.Parallel()
	f := snapshotFixture(t)
	ctx := context.Background()
	p, err := f.s.RollbackPreview(ctx, "tank/a@hand")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Newer, []string{"tank/a@task1", "tank/a@repl1", "tank/a@mine"}) || !reflect.DeepEqual(p.Clones, []string{"tank/c"}) ||
		!reflect.DeepEqual(p.Held, []string{"tank/a@repl1 bams:replication:offsite"}) || p.Dataset != "tank/a" || p.Token == "" {
		t.Errorf("%+v", p)
	}
	if _, err := f.s.RollbackZFS(ctx, "tank/a@hand", api.ZFSRollback{Confirm: "tank/a@hand", Token: p.Token}); apiField(err) != "field confirm" {
		t.Errorf("wrong confirm: %v", err)
	}
	if _, err := f.s.RollbackZFS(ctx, "tank/a@hand", api.ZFSRollback{Confirm: "tank/a", Token: p.Token}); apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "tank/a@repl1 bams:replication:offsite") {
		t.Errorf("held: %v", err)
	}
	if _, err := f.s.HoldZFSSnapshot(ctx, "tank/a@repl1", api.ZFSHold{Tag: "bams:replication:offsite"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.RollbackZFS(ctx, "tank/a@hand", api.ZFSRollback{Confirm: "tank/a", Token: p.Token}); apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "changed since the preview") {
		t.Errorf("stale token: %v", err)
	}
	if zfsRan(f.fake, "rollback") || zfsRan(f.fake, "destroy") {
		t.Fatal("a refused rollback ran zfs")
	}
	p, err = f.s.RollbackPreview(ctx, "tank/a@hand")
	if err != nil || len(p.Held) != 0 {
		t.Fatal(p, err)
	}
	done, err := f.s.RollbackZFS(ctx, "tank/a@hand", api.ZFSRollback{Confirm: "tank/a", Token: p.Token})
	if err != nil || !reflect.DeepEqual(done.Destroyed, []string{"tank/a@task1", "tank/a@repl1", "tank/a@mine", "tank/c"}) {
		t.Fatalf("%+v %v", done, err)
	}
	l, _ := f.s.ZFSSnapshots(ctx, SnapshotQuery{Limit: 100})
	if !reflect.DeepEqual(names(l), []string{"tank/a/b@hand2", "tank/a@hand"}) {
		t.Errorf("after: %v", names(l))
	}
	if p, err := f.s.RollbackPreview(ctx, "tank/a@hand"); err != nil || len(p.Newer)+len(p.Clones) != 0 {
		t.Errorf("newest now: %+v %v", p, err)
	}
}

// Create (owner manual), hold, release and clone, each seen by the next
// listing; bad input names its field.
func TestZFSSnapshotChanges(t *testing.T) {
	t.Parallel()
	f := snapshotFixture(t)
	ctx := context.Background()
	if _, err := f.s.ZFSSnapshots(ctx, SnapshotQuery{Limit: 100}); err != nil {
		t.Fatal(err)
	}
	s, err := f.s.CreateZFSSnapshot(ctx, api.ZFSSnapshotCreate{Dataset: "tank/a", Name: "now", Recursive: true})
	if err != nil || s.Owner != "manual" || s.Name != "tank/a@now" {
		t.Fatalf("%+v %v", s, err)
	}
	if l, _ := f.s.ZFSSnapshots(ctx, SnapshotQuery{Owner: "manual", Limit: 100}); !reflect.DeepEqual(names(l), []string{"tank/a/b@now", "tank/a@mine", "tank/a@now"}) {
		t.Errorf("after create: %v", names(l))
	}
	for req, field := range map[api.ZFSSnapshotCreate]string{{Dataset: "tank/a", Name: ""}: "name", {Dataset: "tank/a", Name: "a b"}: "name", {Dataset: "", Name: "x"}: "dataset"} {
		if _, err := f.s.CreateZFSSnapshot(ctx, req); apiField(err) != "field "+field {
			t.Errorf("%+v: %v", req, err)
		}
	}
	if s, err := f.s.HoldZFSSnapshot(ctx, "tank/a@now", api.ZFSHold{Tag: "keep"}, false); err != nil || s.Holds != 1 {
		t.Errorf("hold: %+v %v", s, err)
	}
	if _, err := f.s.HoldZFSSnapshot(ctx, "tank/a@now", api.ZFSHold{Tag: "-x"}, false); apiField(err) != "field tag" {
		t.Errorf("bad tag: %v", err)
	}
	if s, err := f.s.HoldZFSSnapshot(ctx, "tank/a@now", api.ZFSHold{Tag: "keep"}, true); err != nil || s.Holds != 0 {
		t.Errorf("release: %+v %v", s, err)
	}
	if _, err := f.s.HoldZFSSnapshot(ctx, "tank/a@now", api.ZFSHold{Tag: "keep"}, true); apiKind(err) == "" {
		t.Error("releasing a tag not there")
	}
	d, err := f.s.CloneZFSSnapshot(ctx, "tank/a@now", api.ZFSClone{Target: "tank/restore"})
	if err != nil || d.Name != "tank/restore" {
		t.Fatalf("%+v %v", d, err)
	}
	if _, err := f.s.CloneZFSSnapshot(ctx, "tank/a@now", api.ZFSClone{Target: "-x"}); apiField(err) != "field target" {
		t.Errorf("bad target: %v", err)
	}
	if l, _ := f.s.ZFSSnapshots(ctx, SnapshotQuery{Dataset: "tank/a", Name: "now", Limit: 100}); len(l.Snapshots) != 1 || l.Snapshots[0].Clones[0] != "tank/restore" {
		t.Errorf("after clone: %+v", l)
	}
	counts, err := f.s.ZFSSnapshotCounts(ctx)
	if want := map[string]int{"none": 2, "manual": 3, "snaptask": 1, "replication": 1}; err != nil || !reflect.DeepEqual(counts, want) {
		t.Errorf("counts %v %v", counts, err)
	}
}
