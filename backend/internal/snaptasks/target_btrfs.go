package snaptasks

import (
	"context"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/execx"
)

// btrfsTarget: a subvolume's BAMS-owned snapshots, each in its owner's
// folder (S/.bams-snapshots/<owner>/<name>) with S as its parent; a
// snapshot anywhere else, or of another owner, is not the task's.
type btrfsTarget struct {
	r      *execx.Runner
	subvol string
	owner  string
}

func (b btrfsTarget) list(ctx context.Context) ([]snap, []api.SnapTaskOther, error) {
	owned, odd, err := btrfs.Snapshots(ctx, b.r, b.subvol)
	if err != nil {
		return nil, nil, err
	}
	var mine []snap
	var others []api.SnapTaskOther
	for _, o := range owned {
		if o.Owner == b.owner {
			mine = append(mine, snap{Name: o.Name, Created: o.Created, Owner: o.Owner})
			continue
		}
		others = append(others, api.SnapTaskOther{Name: o.Name, Owner: o.Owner, Why: "owned by " + o.Owner})
	}
	for _, line := range odd {
		path, why, _ := strings.Cut(line, ": ")
		others = append(others, api.SnapTaskOther{Name: path, Why: why})
	}
	return mine, others, nil
}

func (b btrfsTarget) take(ctx context.Context, name string) error {
	_, err := btrfs.TakeSnapshot(ctx, b.r, b.subvol, b.owner, name)
	return err
}

func (b btrfsTarget) destroy(ctx context.Context, s snap) error {
	return btrfs.DeleteSnapshot(ctx, b.r, b.subvol, b.owner, s.Name)
}
