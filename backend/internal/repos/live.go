package repos

import (
	"context"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"bams/backend/api"
	"bams/backend/internal/zfs"
)

// fillLive adds what is read now: the filesystem's size, used and free
// bytes (statfs), the health, and who uses the repository.
func (s *Service) fillLive(ctx context.Context, r *api.Repository, uses map[string][]api.StorageUser) {
	r.UsedBy = uses[r.ID]
	r.Health = api.RepoHealthOnline
	if err := ready(s.sys, *r); err != nil {
		r.Health = api.RepoHealthAbsent
		return
	}
	var st unix.Statfs_t
	if unix.Statfs(r.Mountpoint, &st) == nil {
		bs := uint64(st.Bsize)
		r.Size, r.Free = st.Blocks*bs, st.Bavail*bs
		r.Used = (st.Blocks - st.Bfree) * bs
	}
	if r.Kind == api.RepoZFSDataset || r.Kind == api.RepoZFSVolume {
		// a pool's health is its repositories' health (DEGRADED, ...)
		pool, _, _ := strings.Cut(r.Backing.Name, "/")
		if pools, _, err := zfs.Pools(ctx, s.runner); err == nil {
			for _, p := range pools {
				if p.Name == pool && p.Health != "ONLINE" {
					r.Health = p.Health
				}
			}
		}
	}
}

// ready says whether backups may go into r now: its folder is there and,
// for the kinds with a mount of their own, mounted (else files would land
// on the filesystem under the mountpoint, where nobody looks for them).
func ready(sys System, r api.Repository) error {
	st, err := os.Lstat(r.Mountpoint)
	if err != nil || !st.IsDir() {
		return &api.Error{Kind: api.KindConflict, Message: "the folder of repository " + r.ID + " (" + r.Mountpoint + ") is missing"}
	}
	if hasOwnMount(r.Kind) && !sys.Mounted(r.Mountpoint) || r.Kind == api.RepoBtrfsSubvol && !isBtrfs(r.Mountpoint) {
		return &api.Error{Kind: api.KindConflict, Message: "repository " + r.ID + " is not mounted at " + r.Mountpoint}
	}
	return nil
}

// hasOwnMount: the kinds whose filesystem BAMS mounts at the mountpoint.
func hasOwnMount(kind string) bool {
	return kind == api.RepoZFSDataset || kind == api.RepoZFSVolume || kind == api.RepoLVM
}
