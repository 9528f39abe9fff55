package zfs

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"bams/backend/internal/execx"
)

// What replication asks of zfs on either side. The flow (package
// replication) runs some of these commands through ssh on another machine,
// so here they are argv builders and parsers; the local ones also run.

// SnapshotGUID is one snapshot of a replicated dataset: two snapshots are
// the same only when name and guid both match (a snapshot of the same name
// made separately on the target has another guid).
type SnapshotGUID struct {
	Name     string // the part after @
	GUID     string
	Creation int64  // epoch seconds
	Owner    string // bams:owner set on the snapshot itself; "" when none
}

// snapshotGUIDColumns are listed in this order by SnapshotGUIDArgs.
var snapshotGUIDColumns = []string{"name", "guid", "creation"}

// SnapshotGUIDArgs is `zfs list -H -p -t snapshot -o name,guid,creation
// -s createtxg -r DATASET`: every snapshot under dataset, oldest first.
// ParseSnapshotGUIDs keeps those of dataset itself (a recursive
// replication's children carry the same snapshot names).
func SnapshotGUIDArgs(dataset string) ([]string, error) {
	if err := CheckDatasetName(dataset); err != nil {
		return nil, err
	}
	return []string{"zfs", "list", "-H", "-p", "-t", "snapshot", "-o", strings.Join(snapshotGUIDColumns, ","), "-s", "createtxg", "-r", dataset}, nil
}

// SnapshotOwnersArgs is `zfs get -H -s local -o name,value -t snapshot -r
// bams:owner DATASET`: the owners set on the snapshots themselves
// (ParseLocalOwners), never one inherited from a dataset (see
// localOwners).
func SnapshotOwnersArgs(dataset string) ([]string, error) {
	if err := CheckDatasetName(dataset); err != nil {
		return nil, err
	}
	return []string{"zfs", "get", "-H", "-s", "local", "-o", "name,value", "-t", "snapshot", "-r", OwnerProperty, dataset}, nil
}

// ParseSnapshotGUIDs reads SnapshotGUIDArgs' output: dataset's own
// snapshots in the order listed (creation order), each with its owner
// from owners (ParseLocalOwners of SnapshotOwnersArgs); rows that do not
// parse are warnings.
func ParseSnapshotGUIDs(out, dataset string, owners map[string]string) ([]SnapshotGUID, []Warning) {
	rows, warns := ParseList(out, snapshotGUIDColumns)
	var snaps []SnapshotGUID
	for _, d := range rows {
		ds, snap, ok := d.Snapshot()
		if !ok || ds != dataset {
			continue
		}
		snaps = append(snaps, SnapshotGUID{Name: snap, GUID: d.Other["guid"], Creation: d.Creation.Unix(), Owner: owners[d.Name]})
	}
	// -s createtxg is zfs's order; equal creation seconds keep it
	sort.SliceStable(snaps, func(i, j int) bool { return snaps[i].Creation < snaps[j].Creation })
	return snaps, warns
}

// SnapshotGUIDs runs SnapshotGUIDArgs and SnapshotOwnersArgs here.
func SnapshotGUIDs(ctx context.Context, r *execx.Runner, dataset string) ([]SnapshotGUID, []Warning, error) {
	var outs [2]string
	for i, build := range []func(string) ([]string, error){SnapshotGUIDArgs, SnapshotOwnersArgs} {
		argv, err := build(dataset)
		if err != nil {
			return nil, nil, err
		}
		res, err := r.Run(ctx, execx.Cmd{Name: argv[0], Args: argv[1:], MaxStdout: 64 << 20})
		if err := Classify(ctx, argv, res, err); err != nil {
			return nil, nil, err
		}
		outs[i] = string(res.Stdout)
	}
	snaps, warns := ParseSnapshotGUIDs(outs[0], dataset, ParseLocalOwners(outs[1]))
	return snaps, warns, nil
}

// Classify turns what running argv (zfs or zpool first) gave into the
// package's typed errors, as its own commands do; for commands run
// elsewhere (through ssh) by the caller.
func Classify(ctx context.Context, argv []string, res execx.Result, err error) error {
	return classify(ctx, argv[0], argv[1:], res, err)
}

// SendOptions is one `zfs send`.
type SendOptions struct {
	Snapshot  string // dataset@snap to send
	From      string // incremental base (dataset@snap or just its snapshot name); "" for a full stream
	Recursive bool   // -R: the dataset and its descendants, with their properties
	DryRun    bool   // -n -v -P: print the estimate (ParseSendEstimate), send nothing
}

// SendArgs builds `zfs send -w [-R] [-I FROM] SNAP` (or with -nvP first).
//
// -w (raw): blocks go as they are stored, so an encrypted dataset stays
// encrypted on the target (which never needs its key) and compressed
// blocks are not decompressed and compressed again (less CPU and
// bandwidth). A raw stream is received raw, so every run sends raw: a raw
// incremental needs a raw base. -I sends every snapshot between FROM and
// SNAP, so the target keeps the intermediates (which the source's own
// retention may prune later) and the next base is always the newest.
// -p is not used for a single dataset: received properties such as
// mountpoint would then apply on the target; -R implies it, and the
// receiver excludes mountpoint (ReceiveArgs).
func SendArgs(o SendOptions) ([]string, error) {
	if err := CheckSnapshotName(o.Snapshot); err != nil {
		return nil, err
	}
	argv := []string{"zfs", "send"}
	if o.DryRun {
		argv = append(argv, "-n", "-v", "-P")
	}
	argv = append(argv, "-w")
	if o.Recursive {
		argv = append(argv, "-R")
	}
	if o.From != "" {
		from := o.From
		if !strings.Contains(from, "@") {
			ds, _, _ := strings.Cut(o.Snapshot, "@")
			from = ds + "@" + from
		}
		if err := CheckSnapshotName(from); err != nil {
			return nil, err
		}
		argv = append(argv, "-I", from)
	}
	return append(argv, o.Snapshot), nil
}

// ResumeSendArgs is `zfs send [-n -v -P] -t TOKEN`: the rest of an
// interrupted stream, from the target's receive_resume_token. The token
// remembers the stream's flags (raw included).
func ResumeSendArgs(token string, dryRun bool) ([]string, error) {
	if token == "" || strings.ContainsAny(token, " \t\n'\"\\") || len(token) > 64<<10 {
		return nil, &NameError{"resume token", token, "must be one word, as zfs prints it"}
	}
	argv := []string{"zfs", "send"}
	if dryRun {
		argv = append(argv, "-n", "-v", "-P")
	}
	return append(argv, "-t", token), nil
}

// ReceiveArgs is `zfs receive -s -u -x mountpoint TARGET`.
//
// -s saves a partial stream's state (the target's receive_resume_token),
// so an interrupted run resumes where it stopped. -u never mounts what
// arrives. -x mountpoint: the received datasets inherit their mountpoint
// from the target's parent instead of taking the source's (they would
// mount over the target machine's own paths at its next boot). Never -F:
// -F rolls the target back to its newest snapshot and destroys snapshots
// and datasets the stream does not have; BAMS never does that on its own.
func ReceiveArgs(target string) ([]string, error) {
	if err := CheckDatasetName(target); err != nil {
		return nil, err
	}
	return []string{"zfs", "receive", "-s", "-u", "-x", "mountpoint", target}, nil
}

// ResumeTokenArgs is `zfs get -H -p receive_resume_token TARGET`;
// ParseResumeToken reads it.
func ResumeTokenArgs(target string) ([]string, error) {
	if err := CheckDatasetName(target); err != nil {
		return nil, err
	}
	return []string{"zfs", "get", "-H", "-p", "receive_resume_token", target}, nil
}

// ParseResumeToken reads ResumeTokenArgs' line: the token, or "" when zfs
// prints "-" (no partial receive is saved).
func ParseResumeToken(out, target string) string {
	props, _ := ParseGet(out)
	v := props[target]["receive_resume_token"].Value
	if v == "-" {
		return ""
	}
	return v
}

// HoldArgs and ReleaseArgs are `zfs hold|release [-r] TAG SNAP` for a
// snapshot elsewhere; HoldSnapshots and ReleaseSnapshots run them here.
func HoldArgs(tag, snap string, recursive bool) ([]string, error) {
	return holdArgs("hold", tag, snap, recursive)
}

// ReleaseArgs: see HoldArgs.
func ReleaseArgs(tag, snap string, recursive bool) ([]string, error) {
	return holdArgs("release", tag, snap, recursive)
}

func holdArgs(sub, tag, snap string, recursive bool) ([]string, error) {
	if err := CheckHoldTag(tag); err != nil {
		return nil, err
	}
	if err := CheckSnapshotName(snap); err != nil {
		return nil, err
	}
	if recursive {
		return []string{"zfs", sub, "-r", tag, snap}, nil
	}
	return []string{"zfs", sub, tag, snap}, nil
}

// DestroySnapshotArgs is `zfs destroy [-r] DATASET@SNAP`, for one
// snapshot only (-r: that snapshot of each descendant too, as a recursive
// replication made it). zfs refuses a held snapshot ("dataset is busy").
func DestroySnapshotArgs(snap string, recursive bool) ([]string, error) {
	if err := CheckSnapshotName(snap); err != nil {
		return nil, err
	}
	if recursive {
		return []string{"zfs", "destroy", "-r", snap}, nil
	}
	return []string{"zfs", "destroy", snap}, nil
}

// ParseSendEstimate reads `zfs send -n -v -P`'s parsable output: one
// "full|incremental\t...\t<bytes>" line per snapshot and a last
// "size\t<bytes>" line with the total, which is what it returns. OpenZFS
// prints it on stdout (on stderr before 2.0); the caller passes both.
func ParseSendEstimate(out string) (int64, error) {
	var size int64 = -1
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimRight(line, "\r"), "size\t"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil || n < 0 {
				return 0, fmt.Errorf("zfs send estimate: size %q is not a byte count", v)
			}
			size = n
		}
	}
	if size < 0 {
		return 0, fmt.Errorf("zfs send estimate: no size line")
	}
	return size, nil
}
