package repos

import (
	"log/slog"
	"os"
	"time"

	"bams/backend/api"
)

// bootDeviceWait bounds the wait for a volume's device node at start
// (udev may still be making them).
const bootDeviceWait = 10 * time.Second

// MountAll mounts again each repository with a mount of its own that is
// not mounted (after a reboot, or a mount lost by hand), as bamsd starts,
// and makes the default repository's folder if it is missing.
// A repository that cannot be mounted is logged and stays unavailable:
// its hosts' backups fail (409) rather than write under its mountpoint.
func (s *Service) MountAll(log *slog.Logger) {
	recs, err := s.store.ListRepositories()
	if err != nil {
		log.Error("listing repositories to mount", "err", err)
		return
	}
	for _, r := range recs {
		if r.ID == api.DefaultRepo {
			// the backup root of a fresh appliance: made here, private,
			// rather than only at the first backup
			if err := os.MkdirAll(r.Mountpoint, 0o700); err != nil {
				log.Error("making the default repository's folder", "folder", r.Mountpoint, "err", err)
			}
		}
		if !hasOwnMount(r.Kind) || s.sys.Mounted(r.Mountpoint) {
			continue
		}
		if err := os.MkdirAll(r.Mountpoint, 0o700); err != nil {
			log.Error("repository not mounted", "repository", r.ID, "err", err)
			continue
		}
		if r.Kind != api.RepoZFSDataset {
			if err := s.sys.WaitDevice(device(r), bootDeviceWait); err != nil {
				log.Error("repository not mounted", "repository", r.ID, "err", err)
				continue
			}
		}
		if err := s.sys.Mount(device(r), r.Mountpoint, fstype(r)); err != nil {
			log.Error("repository not mounted", "repository", r.ID, "err", err)
			continue
		}
		log.Info("repository mounted", "repository", r.ID, "mountpoint", r.Mountpoint)
	}
}
