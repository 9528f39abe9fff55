package snaptasks

import (
	"context"
	"time"

	"bams/backend/api"
)

// snap is one snapshot of a task's target as its storage lists it.
type snap struct {
	Name    string // the part after the dataset's @, or the btrfs snapshot's name
	Created time.Time
	Owner   string   // "" when it has none
	Holds   []string // ZFS hold tags (on it or, for a recursive task, a descendant's)
	Used    int64    // ZFS used: what destroying it alone frees (0 on btrfs)
}

// target is where a task's snapshots live: a ZFS dataset or a btrfs
// subvolume. list answers the snapshots owned by owner (oldest first) and
// every other one; destroy removes one the list answered, after the
// storage checked again that it is the owner's.
type target interface {
	list(ctx context.Context) (owned []snap, others []api.SnapTaskOther, err error)
	take(ctx context.Context, name string) error
	destroy(ctx context.Context, s snap) error
}

func (s *Service) targetOf(t api.SnapTask) target {
	if t.Kind == api.SnapTaskBtrfs {
		return btrfsTarget{r: s.runner, subvol: t.Target, owner: Owner(t.Name)}
	}
	return zfsTarget{r: s.runner, dataset: t.Target, recursive: t.Recursive, owner: Owner(t.Name)}
}
