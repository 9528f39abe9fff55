package replication

import (
	"context"
	"fmt"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
	"bams/backend/internal/zfs"
)

// zfsJob is one ZFS replication run.
type zfsJob struct {
	Task       string // the replication task's name
	Source     string // local dataset
	Recursive  bool
	Remote     ssh.Options
	Target     string // dataset on the remote machine
	BwLimit    int64
	KeepTarget int
	KeepSource int
	// Held is the snapshot the last successful run held on both sides
	// (the base of this run); Sent the task's own snapshots it sent that
	// the target still has: what the target's retention may touch.
	Held string
	Sent []api.ReplicatedSnap
	// OnSend hears each zfs send's process group, so a crash recovery can
	// kill a send bamsd left behind (its ssh then sees the stream end).
	OnSend func(pgid int)
}

// Owner is the bams:owner of the task's snapshots on the source.
func owner(task string) string { return "replication:" + task }

// holdTag is the task's hold on the newest common snapshot, both sides.
func holdTag(task string) string { return "bams:replication:" + task }

// zfsOutcome is a run's result and what the task record keeps of it.
type zfsOutcome struct {
	Result
	Common zfs.SnapshotGUID     // the newest common snapshot after the run (held on both sides)
	Sent   []api.ReplicatedSnap // the task's own snapshots on the target now
}

// NoCommonError: the target dataset exists but shares no snapshot (same
// name and guid) with the source. Nothing was sent, destroyed or rolled back.
type NoCommonError struct {
	Source, Target string
	SourceSnaps    []string
	TargetSnaps    []string
}

func (e *NoCommonError) Error() string {
	held := "no snapshots"
	if len(e.TargetSnaps) > 0 {
		held = fmt.Sprintf("%d snapshots (%s)", len(e.TargetSnaps), sample(e.TargetSnaps))
	}
	return fmt.Sprintf("no common snapshot: the target dataset %s exists and holds %s, none of them the same snapshot (name and guid) as one of the %d of %s (%s); "+
		"BAMS never destroys or rolls back a target: point the task at a new target dataset, or make room on the target yourself",
		e.Target, held, len(e.SourceSnaps), e.Source, sample(e.SourceSnaps))
}

// APIKind: the target's state is in the way.
func (e *NoCommonError) APIKind() api.ErrorKind { return api.KindConflict }

// sample names up to three snapshots, the newest last.
func sample(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	if len(names) > 3 {
		return "… " + strings.Join(names[len(names)-3:], ", ")
	}
	return strings.Join(names, ", ")
}

// replicateZFS is one run: snapshot the source, resume a partial receive
// the target saved, send from the newest common snapshot (full only into
// an absent target), move the holds to the new snapshot, prune the task's
// own snapshots on both sides. log says what it does in the task's log.
func replicateZFS(ctx context.Context, r *execx.Runner, j zfsJob, snapName string, progress Progress, log func(level, text string)) (zfsOutcome, error) {
	src, dst := zfsSide{r: r}, zfsSide{r: r, remote: &j.Remote}
	out := zfsOutcome{Sent: j.Sent}
	newSnap := j.Source + "@" + snapName
	if err := zfs.Snapshot(ctx, r, newSnap, j.Recursive, owner(j.Task)); err != nil {
		return out, err
	}
	out.Snapshot = snapName

	// what earlier runs sent counts towards this run's progress
	var done int64
	send := func(sendArgv, dryArgv []string) error {
		var estimate int64
		res, err := src.run(ctx, dryArgv, nil)
		if err == nil {
			estimate, err = zfs.ParseSendEstimate(string(res.Stdout) + string(res.Stderr))
		}
		if err != nil {
			log("warn", "no estimate of the stream's size: "+err.Error())
		}
		recvArgv, err := zfs.ReceiveArgs(j.Target)
		if err != nil {
			return err
		}
		log("info", "sending: "+strings.Join(sendArgv, " ")+" | "+strings.Join(recvArgv, " "))
		base := done
		n, err := stream(ctx, src, dst, sendArgv, recvArgv, j.BwLimit, j.OnSend, func(sent, est int64) {
			if progress != nil {
				progress(base+sent, base+est)
			}
		}, estimate)
		done += n
		out.Bytes = done
		return err
	}

	token, err := dst.resumeToken(ctx, j.Target)
	if err != nil {
		return out, err
	}
	if token != "" {
		log("info", "the target saved a partial receive: resuming it first")
		argv, err := zfs.ResumeSendArgs(token, false)
		if err != nil {
			return out, err
		}
		dry, _ := zfs.ResumeSendArgs(token, true)
		if err := send(argv, dry); err != nil {
			return out, err
		}
	}

	srcSnaps, _, err := src.snapshots(ctx, j.Source)
	if err != nil {
		return out, err
	}
	dstSnaps, exists, err := dst.snapshots(ctx, j.Target)
	if err != nil {
		return out, err
	}
	common, ok := newestCommon(srcSnaps, dstSnaps)
	switch {
	case !ok && exists:
		return out, &NoCommonError{Source: j.Source, Target: j.Target, SourceSnaps: names(srcSnaps), TargetSnaps: names(dstSnaps)}
	case common.Name == snapName:
		log("info", "the target has "+snapName+" already")
	default:
		o := zfs.SendOptions{Snapshot: newSnap, Recursive: j.Recursive}
		if ok {
			o.From, out.Parent = common.Name, common.Name
		} else {
			log("info", "the target dataset does not exist: a full send")
		}
		argv, err := zfs.SendArgs(o)
		if err != nil {
			return out, err
		}
		o.DryRun = true
		dry, _ := zfs.SendArgs(o)
		if err := send(argv, dry); err != nil {
			return out, err
		}
	}

	if dstSnaps, _, err = dst.snapshots(ctx, j.Target); err != nil {
		return out, err
	}
	newest, ok := newestCommon(srcSnaps, dstSnaps)
	if !ok || newest.Name != snapName {
		return out, fmt.Errorf("the target %s does not show %s after the receive", j.Target, snapName)
	}
	out.Common = newest
	if err := moveHolds(ctx, src, dst, j, newSnap, log); err != nil {
		return out, err
	}
	out.Sent = ownOnTarget(j, srcSnaps, dstSnaps, common.Name)
	out.Pruned, out.Sent = pruneTarget(ctx, dst, j, out.Sent, snapName, log)
	pruneSource(ctx, r, j, srcSnaps, dstSnaps, snapName, log)
	return out, nil
}

// newestCommon is the newest snapshot of src that dst has with the same
// name and guid.
func newestCommon(src, dst []zfs.SnapshotGUID) (zfs.SnapshotGUID, bool) {
	have := map[string]string{}
	for _, s := range dst {
		have[s.Name] = s.GUID
	}
	for i := len(src) - 1; i >= 0; i-- {
		if g, ok := have[src[i].Name]; ok && g == src[i].GUID {
			return src[i], true
		}
	}
	return zfs.SnapshotGUID{}, false
}

func names(snaps []zfs.SnapshotGUID) []string {
	out := make([]string, len(snaps))
	for i, s := range snaps {
		out[i] = s.Name
	}
	return out
}

// moveHolds holds the new base on the target, then on the source, and only
// then releases the old base's holds, target then source: at every moment
// some common snapshot is held on both sides, so no pruning on either
// side can take the base away.
func moveHolds(ctx context.Context, src, dst zfsSide, j zfsJob, newSnap string, log func(level, text string)) error {
	tag := holdTag(j.Task)
	target := j.Target + newSnap[strings.Index(newSnap, "@"):]
	if err := dst.hold(ctx, tag, target, j.Recursive); err != nil {
		return fmt.Errorf("holding %s on the target: %w", target, err)
	}
	if err := src.hold(ctx, tag, newSnap, j.Recursive); err != nil {
		return fmt.Errorf("holding %s: %w", newSnap, err)
	}
	if j.Held == "" || j.Held == newSnap[strings.Index(newSnap, "@")+1:] {
		return nil
	}
	// A release that fails leaves a hold too many, never one too few: said, not fatal.
	if err := dst.release(ctx, tag, j.Target+"@"+j.Held, j.Recursive); err != nil {
		log("warn", "releasing the old base on the target: "+err.Error())
	}
	if err := src.release(ctx, tag, j.Source+"@"+j.Held, j.Recursive); err != nil {
		log("warn", "releasing the old base: "+err.Error())
	}
	return nil
}

// ownOnTarget is the task's ownership record after a run: what it sent
// before and the task's own snapshots this stream carried (the source's
// snapshots after the base whose bams:owner is the task's), each only
// while the target holds it with the same guid. A snapshot of the same
// name made on the target by hand has another guid, and -I's intermediate
// snapshots of other owners are not the task's: neither is ever pruned.
func ownOnTarget(j zfsJob, src, dst []zfs.SnapshotGUID, base string) []api.ReplicatedSnap {
	on := map[string]string{}
	for _, s := range dst {
		on[s.Name] = s.GUID
	}
	var sent []api.ReplicatedSnap
	seen := map[string]bool{}
	add := func(name, guid string) {
		if g, ok := on[name]; ok && g == guid && !seen[name] {
			seen[name] = true
			sent = append(sent, api.ReplicatedSnap{Name: name, GUID: guid})
		}
	}
	for _, s := range j.Sent {
		add(s.Name, s.GUID)
	}
	after := base == ""
	for _, s := range src {
		if after && s.Owner == owner(j.Task) {
			add(s.Name, s.GUID)
		}
		after = after || s.Name == base
	}
	return sent
}

// pruneTarget keeps the newest KeepTarget of the task's own snapshots on
// the target (never the new base); a snapshot that will not go (held by
// someone else) is said and kept.
func pruneTarget(ctx context.Context, dst zfsSide, j zfsJob, sent []api.ReplicatedSnap, base string, log func(level, text string)) (pruned []string, left []api.ReplicatedSnap) {
	// the record is in sending order, which is the target's creation order
	order := make([]string, len(sent))
	for i, s := range sent {
		order[i] = s.Name
	}
	gone := map[string]bool{}
	for _, name := range pruneOwn(order, j.KeepTarget, base) {
		snap := j.Target + "@" + name
		if err := dst.destroySnapshot(ctx, snap, j.Recursive); err != nil {
			log("warn", "target retention kept "+snap+": "+err.Error())
			continue
		}
		log("info", "target retention destroyed "+snap)
		gone[name] = true
		pruned = append(pruned, name)
	}
	for _, s := range sent {
		if !gone[s.Name] {
			left = append(left, s)
		}
	}
	return pruned, left
}

// pruneSource keeps the newest KeepSource of the task's own snapshots on
// the source among those the target has (a snapshot not yet replicated is
// never pruned), never the new base.
func pruneSource(ctx context.Context, r *execx.Runner, j zfsJob, src, dst []zfs.SnapshotGUID, base string, log func(level, text string)) {
	on := map[string]string{}
	for _, s := range dst {
		on[s.Name] = s.GUID
	}
	var own []string
	for _, s := range src {
		if g, ok := on[s.Name]; ok && g == s.GUID && s.Owner == owner(j.Task) {
			own = append(own, s.Name)
		}
	}
	for _, name := range pruneOwn(own, j.KeepSource, base) {
		snap := j.Source + "@" + name
		if err := zfs.Destroy(ctx, r, snap, j.Recursive); err != nil {
			log("warn", "source retention kept "+snap+": "+err.Error())
			continue
		}
		log("info", "source retention destroyed "+snap)
	}
}
