package zfs

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakezfs"
)

// tank/a has snapshots s1 < s2 < s3 (made in that order), s2 is cloned
// to tank/c (which has its own snapshot), s3 is held.
func rollbackFake(t *testing.T) (*fakezfs.Fake, *execx.Runner) {
	return newFake(t, fakezfs.State{Pools: map[string]*fakezfs.Pool{"tank": {Health: "ONLINE"}}, Datasets: map[string]*fakezfs.Dataset{
		"tank": {Type: "filesystem"}, "tank/a": {Type: "filesystem"},
		// names out of time order: newer is by txg, never by name
		"tank/a@z1": {Type: "snapshot", Creation: 10}, "tank/a@b2": {Type: "snapshot", Creation: 20}, "tank/a@a3": {Type: "snapshot", Creation: 30},
		"tank/c": {Type: "filesystem", Props: map[string]string{"origin": "tank/a@b2"}}, "tank/c@x": {Type: "snapshot", Creation: 40},
	}, Holds: map[string][]string{"tank/a@a3": {"keep"}}})
}

func TestRollbackDependents(t *testing.T) {
	t.Parallel()
	_, r := rollbackFake(t)
	ctx := context.Background()
	loss, err := RollbackDependents(ctx, r, "tank/a@z1")
	want := RollbackLoss{Newer: []string{"tank/a@b2", "tank/a@a3"}, Held: []Hold{{"tank/a@a3", "keep"}}, Clones: []string{"tank/c"}, BelowClones: []string{"tank/c@x"}}
	if err != nil || !reflect.DeepEqual(loss, want) {
		t.Errorf("%+v %v", loss, err)
	}
	if loss, err := RollbackDependents(ctx, r, "tank/a@a3"); err != nil || loss.Newer != nil || loss.Clones != nil {
		t.Errorf("newest: %+v %v", loss, err)
	}
	if _, err := RollbackDependents(ctx, r, "tank/a@gone"); !IsKind(err, NotFound) {
		t.Errorf("missing: %v", err)
	}
}

// Each refusal of zfs rollback is typed with what it lists; a held newer
// snapshot stops the rollback and nothing is destroyed.
func TestRollbackRefusalsAndArgv(t *testing.T) {
	t.Parallel()
	f, r := rollbackFake(t)
	ctx := context.Background()
	var e *Error
	err := Rollback(ctx, r, "tank/a@z1", false, false)
	if !errors.As(err, &e) || e.Kind != Newer || !reflect.DeepEqual(e.Items, []string{"tank/a@b2", "tank/a@a3"}) {
		t.Errorf("no -r: %#v", err)
	}
	err = Rollback(ctx, r, "tank/a@z1", true, false)
	if !errors.As(err, &e) || e.Kind != Newer || !reflect.DeepEqual(e.Items, []string{"tank/c"}) {
		t.Errorf("no -R: %#v", err)
	}
	if err := Rollback(ctx, r, "tank/a@z1", true, true); !IsKind(err, Busy) {
		t.Errorf("held: %v", err)
	}
	if got := lastArgs(f); got != "zfs rollback -r -R tank/a@z1" {
		t.Errorf("argv %q", got)
	}
	if len(f.Load().Datasets) != 7 {
		t.Errorf("refused rollback destroyed something: %v", f.Load().Datasets)
	}
	if err := Rollback(ctx, r, "tank/a@-r", true, true); err == nil {
		t.Error("bad name accepted")
	}
	st := f.Load()
	delete(st.Holds, "tank/a@a3")
	f.Save(st)
	if err := Rollback(ctx, r, "tank/a@z1", true, true); err != nil {
		t.Fatal(err)
	}
	var left []string
	for n := range f.Load().Datasets {
		left = append(left, n)
	}
	if len(left) != 3 { // tank, tank/a, tank/a@z1
		t.Errorf("left %v", left)
	}
}

// A clone stops its snapshot's destroy (zfs lists it); the argv is plain.
func TestCloneAndDestroyCloned(t *testing.T) {
	t.Parallel()
	f, r := rollbackFake(t)
	ctx := context.Background()
	if err := Clone(ctx, r, "tank/a@z1", "tank/d"); err != nil {
		t.Fatal(err)
	}
	if got := lastArgs(f); got != "zfs clone tank/a@z1 tank/d" {
		t.Errorf("argv %q", got)
	}
	if err := Clone(ctx, r, "tank/a@z1", "tank/d"); !IsKind(err, Exists) {
		t.Errorf("again: %v", err)
	}
	var ne *NameError
	if err := Clone(ctx, r, "tank/a@z1", "-o"); !errors.As(err, &ne) || ne.Field != "target" {
		t.Errorf("bad target: %v", err)
	}
	var e *Error
	err := Destroy(ctx, r, "tank/a@z1", false)
	if !errors.As(err, &e) || e.Kind != HasChildren || !reflect.DeepEqual(e.Items, []string{"tank/d"}) {
		t.Errorf("destroy cloned: %#v", err)
	}
	rows, _, err := List(ctx, r, ListOptions{Columns: SnapshotColumns, Types: []string{"snapshot"}, Root: "tank/a", Recursive: true})
	if err != nil || len(rows) != 3 || !reflect.DeepEqual(rows[2].Clones, []string{"tank/d"}) || rows[0].UserRefs != 1 || rows[1].Clones[0] != "tank/c" {
		t.Errorf("%+v %v", rows, err)
	}
}
