package replication

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
)

// `btrfs subvolume list -o -p -u -q -R` of the target folder repl/t1
// after a receive ran out of space (s3 is left partial; other/s2 is in
// another folder of the same subvolume), from
// ../btrfs/testdata/transcript-replication.here.txt, and the read-only
// ones among them as `list -o -r` prints them.
const (
	listedAll = `ID 257 gen 13 parent 5 top level 5 parent_uuid -                                    received_uuid 652d1773-a1b7-a245-ad92-694efd44aba4 uuid 2f212ad1-958a-404c-ae57-9892e3463bed path repl/t1/s1
ID 258 gen 16 parent 5 top level 5 parent_uuid 2f212ad1-958a-404c-ae57-9892e3463bed received_uuid e5ba1d50-1f1e-7c44-88ee-5c084b37e29a uuid b2f00adf-4e3c-a24a-8caa-167be7d20732 path repl/t1/s2
ID 259 gen 17 parent 5 top level 5 parent_uuid 2f212ad1-958a-404c-ae57-9892e3463bed received_uuid e5ba1d50-1f1e-7c44-88ee-5c084b37e29a uuid 53916467-c8d4-1249-ba13-eb35c20c087c path other/s2
ID 260 gen 17 parent 5 top level 5 parent_uuid b2f00adf-4e3c-a24a-8caa-167be7d20732 received_uuid -                                    uuid 31d9bbb5-720b-454d-b713-a6346428074a path repl/t1/s3
`
	listedReadOnly = `ID 257 gen 13 parent 5 top level 5 parent_uuid -                                    received_uuid 652d1773-a1b7-a245-ad92-694efd44aba4 uuid 2f212ad1-958a-404c-ae57-9892e3463bed path repl/t1/s1
ID 258 gen 16 parent 5 top level 5 parent_uuid 2f212ad1-958a-404c-ae57-9892e3463bed received_uuid e5ba1d50-1f1e-7c44-88ee-5c084b37e29a uuid b2f00adf-4e3c-a24a-8caa-167be7d20732 path repl/t1/s2
ID 259 gen 17 parent 5 top level 5 parent_uuid 2f212ad1-958a-404c-ae57-9892e3463bed received_uuid e5ba1d50-1f1e-7c44-88ee-5c084b37e29a uuid 53916467-c8d4-1249-ba13-eb35c20c087c path other/s2
`
)

func TestInTargetDir(t *testing.T) {
	t.Parallel()
	all, err := btrfs.ParseSubvolumeList(listedAll)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := btrfs.ParseSubvolumeList(listedReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	got := inTargetDir("repl/t1", all, ro)
	want := []targetSubvol{
		{Name: "s1", ID: 257, ReceivedUUID: "652d1773-a1b7-a245-ad92-694efd44aba4", ReadOnly: true},
		{Name: "s2", ID: 258, ReceivedUUID: "e5ba1d50-1f1e-7c44-88ee-5c084b37e29a", ReadOnly: true},
		{Name: "s3", ID: 260},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%+v", got)
	}
	if got[2].complete() || !got[1].complete() {
		t.Error("s3 is the partial one")
	}
	// The top level itself as the target folder: only what sits there.
	if got := inTargetDir("", all, ro); len(got) != 0 {
		t.Errorf("top level: %+v", got)
	}
	if got := inTargetDir("repl", all, ro); len(got) != 0 {
		t.Errorf("a parent folder: %+v", got)
	}
}

func local(names ...string) []btrfs.OwnedSnapshot {
	var out []btrfs.OwnedSnapshot
	for _, n := range names {
		out = append(out, btrfs.OwnedSnapshot{Name: n, Owner: "replication:t1", Path: "/srv/data/.bams-snapshots/replication:t1/" + n,
			Subvolume: btrfs.Subvolume{UUID: "uuid-" + n}, ReadOnly: true})
	}
	return out
}

// received is a complete copy of local snapshot from, named name.
func received(name string, id uint64, from string) targetSubvol {
	return targetSubvol{Name: name, ID: id, ReceivedUUID: "uuid-" + from, ReadOnly: true}
}

func TestPlanBtrfs(t *testing.T) {
	t.Parallel()
	handmade := targetSubvol{Name: "handmade", ID: 300}
	handmadeRO := targetSubvol{Name: "handmade-ro", ID: 301, ReadOnly: true}
	partial := func(name string, id uint64) targetSubvol { return targetSubvol{Name: name, ID: id} }
	for _, c := range []struct {
		what     string
		local    []string
		name     string
		target   []targetSubvol
		parent   string
		partial  []string
		present  bool
		noCommon []string
	}{
		{what: "empty target: full", local: []string{"s1"}, name: "s1"},
		{what: "hand-made subvolumes are not the task's: full", local: []string{"s1"}, name: "s1", target: []targetSubvol{handmade, handmadeRO}},
		{what: "newest common", local: []string{"s1", "s2", "s3"}, name: "s3",
			target: []targetSubvol{received("s1", 256, "s1"), received("s2", 257, "s2")}, parent: "s2"},
		{what: "matched by received UUID, not by name", local: []string{"s1", "s2", "s3"}, name: "s3",
			target: []targetSubvol{received("s2", 257, "s1")}, parent: "s1"},
		{what: "the source pruned the newest common one", local: []string{"s2", "s4"}, name: "s4",
			target: []targetSubvol{received("s2", 257, "s2"), received("s3", 258, "s3")}, parent: "s2"},
		{what: "a newer snapshot than the one sent is no parent", local: []string{"s1", "s2", "s3"}, name: "s2",
			target: []targetSubvol{received("s1", 256, "s1"), received("s3", 258, "s3")}, parent: "s1"},
		{what: "a copy made writable is no parent, and not deleted", local: []string{"s1", "s2"}, name: "s2",
			target: []targetSubvol{{Name: "s1", ID: 256, ReceivedUUID: "uuid-s1"}}},
		{what: "a writable copy is no common snapshot", local: []string{"s1", "s2"}, name: "s2",
			target: []targetSubvol{{Name: "s1", ID: 256, ReceivedUUID: "uuid-s1"}, received("s0", 255, "s0")}, noCommon: []string{"s0"}},
		{what: "partial receives of the task's names go, others stay", local: []string{"s1", "s2", "s3"}, name: "s3",
			target: []targetSubvol{received("s1", 256, "s1"), partial("s2", 257), partial("s3", 258), partial("s9", 259), handmade},
			parent: "s1", partial: []string{"s2", "s3"}},
		{what: "already there complete: nothing to send", local: []string{"s1", "s2"}, name: "s2",
			target: []targetSubvol{received("s1", 256, "s1"), received("s2", 257, "s2"), partial("s1x", 258)}, present: true},
		{what: "no common: nothing deleted", local: []string{"s5", "s6"}, name: "s6",
			target: []targetSubvol{received("s3", 256, "s3"), received("s4", 257, "s4"), partial("s6", 258), handmade}, noCommon: []string{"s3", "s4"}},
	} {
		plan, err := planBtrfs(local(c.local...), c.name, c.target)
		if c.noCommon != nil {
			var nc *BtrfsNoCommonError
			if !errors.As(err, &nc) || !slices.Equal(nc.Target, c.noCommon) || nc.APIKind() != api.KindConflict {
				t.Errorf("%s: %+v %v, want no common among %v", c.what, plan, err, c.noCommon)
			}
			continue
		}
		parent := ""
		if plan.Parent != nil {
			parent = plan.Parent.Name
		}
		if err != nil || plan.Snapshot.Name != c.name || parent != c.parent || !slices.Equal(plan.Partial, c.partial) || plan.Present != c.present {
			t.Errorf("%s: %+v (parent %q) %v", c.what, plan, parent, err)
		}
	}

	// The target's s2 came from another snapshot of that name, or is no
	// receive at all (hand-made, or made writable): refused before sending.
	for _, s2 := range []targetSubvol{received("s2", 257, "old-s2"), {Name: "s2", ID: 257, ReadOnly: true}, {Name: "s2", ID: 257, ReceivedUUID: "uuid-s2"}} {
		_, err := planBtrfs(local("s1", "s2"), "s2", []targetSubvol{received("s1", 256, "s1"), s2})
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Kind != api.KindConflict {
			t.Errorf("name taken by %+v: %v", s2, err)
		}
	}
	if _, err := planBtrfs(local("s1"), "s2", nil); err == nil {
		t.Error("a snapshot the source lacks")
	}
}

func TestPruneBtrfs(t *testing.T) {
	t.Parallel()
	target := []targetSubvol{
		received("s3", 258, "s3"), received("s1", 256, "s1"), received("s2", 257, "s2"), received("s4", 259, "s4"),
		{Name: "handmade", ID: 300}, {Name: "handmade-ro", ID: 301, ReadOnly: true}, {Name: "s5", ID: 302}, // partial
		{Name: "not a name", ID: 303, ReceivedUUID: "uuid-x", ReadOnly: true},
	}
	for _, c := range []struct {
		keep int
		sent string
		want []string
	}{
		{0, "uuid-s4", nil},
		{1, "uuid-s4", []string{"s3", "s2", "s1"}},
		{2, "uuid-s4", []string{"s2", "s1"}},
		{4, "uuid-s4", nil},
		// a retried run re-sent nothing and its snapshot is not the
		// newest received: it is the next parent and stays
		{1, "uuid-s2", []string{"s3", "s1"}},
	} {
		if got := pruneBtrfs(target, c.keep, c.sent); !slices.Equal(got, c.want) {
			t.Errorf("keep %d sent %s: %v, want %v", c.keep, c.sent, got, c.want)
		}
	}
}

func TestBtrfsJobCheck(t *testing.T) {
	t.Parallel()
	good := BtrfsJob{Source: "/srv/data", Owner: "replication:t1", TargetDir: "/backup/t1",
		Remote: sshOptions()}
	if err := good.check("s1"); err != nil {
		t.Fatal(err)
	}
	for field, job := range map[string]BtrfsJob{
		"source":      {Source: "srv/data", Owner: good.Owner, TargetDir: good.TargetDir, Remote: good.Remote},
		"target_dir":  {Source: good.Source, Owner: good.Owner, TargetDir: "/backup/../t1", Remote: good.Remote},
		"bw_limit":    {Source: good.Source, Owner: good.Owner, TargetDir: good.TargetDir, Remote: good.Remote, BwLimit: -1},
		"keep_target": {Source: good.Source, Owner: good.Owner, TargetDir: good.TargetDir, Remote: good.Remote, KeepTarget: -1},
		"owner":       {Source: good.Source, Owner: "Replication", TargetDir: good.TargetDir, Remote: good.Remote},
		"host":        {Source: good.Source, Owner: good.Owner, TargetDir: good.TargetDir},
	} {
		err := job.check("s1")
		var f interface{ APIField() string }
		var ae *api.Error
		switch {
		case errors.As(err, &ae):
			if ae.Field != field || ae.Kind != api.KindBadRequest {
				t.Errorf("%s: %v", field, err)
			}
		case errors.As(err, &f):
			if f.APIField() != field {
				t.Errorf("%s: %v", field, err)
			}
		case err == nil || field != "host":
			t.Errorf("%s: %v", field, err)
		}
	}
	if err := good.check("../s1"); err == nil {
		t.Error("a bad snapshot name")
	}
}
