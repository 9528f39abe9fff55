package zfs

import (
	"context"

	"bams/backend/internal/execx"
)

// Mount runs `zfs mount name`: a filesystem at its mountpoint property
// (for one with canmount=noauto, which nothing else mounts).
func Mount(ctx context.Context, r *execx.Runner, name string) error {
	if err := CheckDatasetName(name); err != nil {
		return err
	}
	_, err := run(ctx, r, "zfs", "mount", name)
	return err
}
