package snaptasks

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/zfs"
)

// zfsTarget: a dataset's snapshots, told apart by their bams:owner.
type zfsTarget struct {
	r         *execx.Runner
	dataset   string
	recursive bool // zfs snapshot -r; destroy -r of the same name
	owner     string
}

// listColumns: what pruning needs of each snapshot.
var listColumns = []string{"name", "creation", zfs.OwnerProperty, "userrefs", "used"}

// list runs `zfs list -t snapshot -o name,creation,bams:owner,userrefs,used`
// on the dataset (-d 1: its own snapshots; with recursive, every
// descendant's too, whose holds count for the snapshot of that name,
// since destroy -r would meet them), then `zfs holds` for the held ones.
func (z zfsTarget) list(ctx context.Context) ([]snap, []api.SnapTaskOther, error) {
	o := zfs.ListOptions{Columns: listColumns, Types: []string{"snapshot"}, Root: z.dataset, Recursive: true, Depth: 1}
	if z.recursive {
		o.Depth = 0
	}
	rows, warns, err := zfs.List(ctx, z.r, o)
	if err != nil {
		return nil, nil, err
	}
	if len(warns) > 0 {
		// A row not read could be a hold or an owner missed: plan nothing.
		return nil, nil, fmt.Errorf("zfs list of %s: %s: %s", z.dataset, warns[0].Reason, warns[0].Text)
	}
	byName := map[string]*snap{}
	var order []string
	var held []string
	for _, row := range rows {
		ds, name, ok := row.Snapshot()
		if !ok {
			continue
		}
		if n, _ := strconv.Atoi(row.Other["userrefs"]); n > 0 {
			held = append(held, row.Name)
		}
		if ds != z.dataset {
			continue
		}
		owner := row.Other[zfs.OwnerProperty]
		if owner == "-" {
			owner = ""
		}
		byName[name] = &snap{Name: name, Created: row.Creation, Owner: owner, Used: int64(row.Used)}
		order = append(order, name)
	}
	if len(held) > 0 {
		holds, hw, err := zfs.SnapshotHolds(ctx, z.r, held...)
		if err != nil {
			return nil, nil, err
		}
		if len(hw) > 0 {
			return nil, nil, fmt.Errorf("zfs holds: %s: %s", hw[0].Reason, hw[0].Text)
		}
		for _, h := range holds {
			_, name, _ := strings.Cut(h.Snapshot, "@")
			if sn := byName[name]; sn != nil && !slices.Contains(sn.Holds, h.Tag) {
				sn.Holds = append(sn.Holds, h.Tag)
			}
		}
	}
	var owned []snap
	var others []api.SnapTaskOther
	for _, name := range order {
		sn := byName[name]
		switch sn.Owner {
		case z.owner:
			owned = append(owned, *sn)
		case "":
			others = append(others, api.SnapTaskOther{Name: name, Why: "no " + zfs.OwnerProperty + ": made by hand or by another tool"})
		default:
			others = append(others, api.SnapTaskOther{Name: name, Owner: sn.Owner, Why: "owned by " + sn.Owner})
		}
	}
	slices.SortStableFunc(owned, func(a, b snap) int { return a.Created.Compare(b.Created) })
	return owned, others, nil
}

func (z zfsTarget) take(ctx context.Context, name string) error {
	return zfs.Snapshot(ctx, z.r, z.dataset+"@"+name, z.recursive, z.owner)
}

// destroy checks the snapshot's owner once more, then runs `zfs destroy
// [-r] dataset@name`; a hold placed meanwhile makes zfs refuse it.
func (z zfsTarget) destroy(ctx context.Context, s snap) error {
	full := z.dataset + "@" + s.Name
	props, err := zfs.Get(ctx, z.r, full, zfs.OwnerProperty)
	if err != nil {
		return err
	}
	if got := props[zfs.OwnerProperty].Value; got != z.owner {
		return fmt.Errorf("%s is owned by %q now, not %s: not destroyed", full, got, z.owner)
	}
	return zfs.Destroy(ctx, z.r, full, z.recursive)
}
