package replication

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
)

// What a btrfs run decides, from the two listings alone (pure, so every
// case is a table test): the parent, what an earlier try left to delete,
// and what the target retention drops.

// targetSubvol is a subvolume directly in TargetDir.
type targetSubvol struct {
	Name         string
	ID           uint64 // grows with every subvolume the filesystem makes: the order they were received in
	ReceivedUUID string // the UUID of the source snapshot it was received from; "" if none
	ReadOnly     bool
}

// complete: a receive that finished. btrfs receive sets the received UUID
// and then the read-only flag when the stream's end arrives; a receive
// stopped midway leaves a writable subvolume without either.
func (t targetSubvol) complete() bool { return t.ReadOnly && t.ReceivedUUID != "" }

// partial: what a receive stopped midway leaves, exactly. A writable
// subvolume that has a received UUID was made writable by someone, and is
// theirs to keep.
func (t targetSubvol) partial() bool { return !t.ReadOnly && t.ReceivedUUID == "" }

// received: one of the task's snapshots on the target (a hand-made
// subvolume there has no received UUID, or a name this task never uses).
func (t targetSubvol) received() bool { return t.complete() && btrfs.CheckSnapshotName(t.Name) == nil }

// inTargetDir picks, from `subvolume list -o` of TargetDir (all, and the
// read-only ones), the subvolumes directly in it: dir is TargetDir's path
// from the filesystem's top level, as the listing prints paths.
func inTargetDir(dir string, all, readOnly []btrfs.Subvolume) []targetSubvol {
	prefix := dir + "/"
	if dir == "" {
		prefix = ""
	}
	ro := map[uint64]bool{}
	for _, s := range readOnly {
		ro[s.ID] = true
	}
	var in []targetSubvol
	for _, s := range all {
		name, ok := strings.CutPrefix(s.Path, prefix)
		if !ok || name == "" || strings.Contains(name, "/") {
			continue
		}
		in = append(in, targetSubvol{Name: name, ID: s.ID, ReceivedUUID: s.ReceivedUUID, ReadOnly: ro[s.ID]})
	}
	return in
}

func findTarget(target []targetSubvol, name string) (targetSubvol, bool) {
	i := slices.IndexFunc(target, func(t targetSubvol) bool { return t.Name == name })
	if i < 0 {
		return targetSubvol{}, false
	}
	return target[i], true
}

// btrfsPlan is what one run does before the retention.
type btrfsPlan struct {
	Snapshot btrfs.OwnedSnapshot  // the one to send
	Parent   *btrfs.OwnedSnapshot // nil: a full send
	Partial  []string             // names in TargetDir to delete first: receives an earlier try left unfinished
	Present  bool                 // the target holds Snapshot complete already: nothing to send
}

// planBtrfs chooses, for sending local snapshot name (local: the task's
// snapshots, oldest first), the parent: the newest older local snapshot
// whose UUID a complete subvolume in TargetDir was received from. With
// none, the send is full if the target holds none of the task's
// snapshots, else it is a *BtrfsNoCommonError and nothing is deleted.
// Partial receives are deleted only when their name is one this task
// sends (a local snapshot's).
func planBtrfs(local []btrfs.OwnedSnapshot, name string, target []targetSubvol) (btrfsPlan, error) {
	i := slices.IndexFunc(local, func(s btrfs.OwnedSnapshot) bool { return s.Name == name })
	if i < 0 {
		return btrfsPlan{}, fmt.Errorf("no snapshot %s of this task in the source", name)
	}
	plan := btrfsPlan{Snapshot: local[i]}
	sends := map[string]bool{}
	for _, s := range local {
		sends[s.Name] = true
	}
	from := map[string]bool{} // received UUIDs of the task's snapshots on the target
	var held []string
	for _, t := range target {
		switch {
		case t.received():
			from[t.ReceivedUUID] = true
			held = append(held, t.Name)
		case t.partial() && sends[t.Name]:
			plan.Partial = append(plan.Partial, t.Name)
		}
	}
	if t, ok := findTarget(target, name); ok {
		switch {
		case t.complete() && t.ReceivedUUID == plan.Snapshot.Subvolume.UUID:
			plan.Present = true
			return plan, nil
		case t.complete():
			return btrfsPlan{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
				"the target folder already holds a %s received from another snapshot (%s): delete or rename it there", name, t.ReceivedUUID)}
		case !t.partial():
			return btrfsPlan{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
				"the target folder holds a subvolume %s that is not a copy this task received: delete or rename it there", name)}
		}
	}
	for j := i - 1; j >= 0; j-- {
		if from[local[j].Subvolume.UUID] {
			plan.Parent = &local[j]
			return plan, nil
		}
	}
	if len(held) > 0 {
		return btrfsPlan{}, &BtrfsNoCommonError{Target: held}
	}
	return plan, nil
}

// pruneBtrfs is what the target retention deletes: the task's received
// snapshots beyond the keep newest (by the order they were received in),
// never the one received from the snapshot this run sent, which is the
// next run's parent. keep 0 keeps all.
func pruneBtrfs(target []targetSubvol, keep int, sentUUID string) []string {
	if keep <= 0 {
		return nil
	}
	var own []targetSubvol
	for _, t := range target {
		if t.received() {
			own = append(own, t)
		}
	}
	slices.SortFunc(own, func(a, b targetSubvol) int { return cmp.Compare(b.ID, a.ID) })
	var drop []string
	for k, t := range own {
		if k >= keep && t.ReceivedUUID != sentUUID {
			drop = append(drop, t.Name)
		}
	}
	return drop
}
