package zfs

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"

	"bams/backend/internal/execx"
)

// RollbackLoss is what `zfs rollback -r -R` to a snapshot would destroy:
// the dataset's snapshots made after it, the clones of those, and what
// lies below the clones. Held lists the holds on the newer snapshots: any
// makes the rollback fail half-way in zfs, so BAMS refuses it first.
type RollbackLoss struct {
	Newer       []string // oldest first
	Held        []Hold
	Clones      []string
	BelowClones []string // the clones' children and snapshots
}

// RollbackDependents lists what rolling back to snap would destroy. Newer
// means made in a later transaction group (createtxg): creation times have
// one-second steps, so two snapshots of one second would tie.
func RollbackDependents(ctx context.Context, r *execx.Runner, snap string) (RollbackLoss, error) {
	if err := CheckSnapshotName(snap); err != nil {
		return RollbackLoss{}, err
	}
	ds, _, _ := strings.Cut(snap, "@")
	rows, _, err := List(ctx, r, ListOptions{Columns: []string{"name", "createtxg", "userrefs", "clones"}, Types: []string{"snapshot"}, Root: ds, Recursive: true, Depth: 1})
	if err != nil {
		return RollbackLoss{}, err
	}
	txg := func(d Dataset) uint64 { n, _ := strconv.ParseUint(d.Other["createtxg"], 10, 64); return n }
	sort.SliceStable(rows, func(i, j int) bool { return txg(rows[i]) < txg(rows[j]) })
	at := -1
	for i, row := range rows {
		if row.Name == snap {
			at = i
		}
	}
	if at < 0 {
		return RollbackLoss{}, &Error{Kind: NotFound, Tool: "zfs", Name: snap, Stderr: "cannot open '" + snap + "': dataset does not exist"}
	}
	var loss RollbackLoss
	var held []string
	for _, row := range rows[at+1:] {
		loss.Newer = append(loss.Newer, row.Name)
		loss.Clones = append(loss.Clones, row.Clones...)
		if row.UserRefs > 0 {
			held = append(held, row.Name)
		}
	}
	if loss.Held, _, err = SnapshotHolds(ctx, r, held...); err != nil {
		return RollbackLoss{}, err
	}
	for _, c := range loss.Clones {
		dep, _, err := ListDependents(ctx, r, c)
		if err != nil {
			return RollbackLoss{}, err
		}
		loss.BelowClones = append(append(loss.BelowClones, dep.Children...), dep.Snapshots...)
	}
	return loss, nil
}

// Rollback runs `zfs rollback [-r] [-R] snap`: -r when the caller agreed
// to lose the newer snapshots, -R when also their clones. Without them zfs
// refuses while such exist (*Error Newer, listing them).
func Rollback(ctx context.Context, r *execx.Runner, snap string, newer, clones bool) error {
	if err := CheckSnapshotName(snap); err != nil {
		return err
	}
	args := []string{"rollback"}
	if newer {
		args = append(args, "-r")
	}
	if clones {
		args = append(args, "-R")
	}
	_, err := run(ctx, r, "zfs", append(args, snap)...)
	return err
}

// Clone runs `zfs clone snap target`: a new filesystem (or volume) that
// starts as the snapshot's content; while it exists the snapshot cannot
// be destroyed.
func Clone(ctx context.Context, r *execx.Runner, snap, target string) error {
	if err := CheckSnapshotName(snap); err != nil {
		return err
	}
	if err := CheckDatasetName(target); err != nil {
		var ne *NameError
		if errors.As(err, &ne) {
			return &NameError{"target", target, ne.Reason}
		}
		return err
	}
	_, err := run(ctx, r, "zfs", "clone", snap, target)
	return err
}
