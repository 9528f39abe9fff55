package pullbackup

import (
	"context"
	"path/filepath"
	"sync"

	"bams/backend/internal/execx"
	"bams/backend/internal/rsync"
	"bams/backend/internal/tasks"
)

// rsyncFeatures asks the local rsync once what it can do; a failed ask is
// asked again next time (rsync may be installed in between).
type rsyncFeatures struct {
	mu    sync.Mutex
	known *rsync.Features
}

func (c *rsyncFeatures) get(ctx context.Context, r *execx.Runner) (rsync.Features, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.known != nil {
		return *c.known, nil
	}
	f, err := rsync.LocalFeatures(ctx, r)
	if err != nil {
		return rsync.Features{}, err
	}
	c.known = &f
	return f, nil
}

// confineTo is the folder a run's --link-dest lookups must stay in: the
// host's folder with its symlinks resolved (the backup root may be a
// symlink; rsync compares the paths it resolved). A base snapshot holds
// the host's own symlinks, and rsync follows root-owned ones while it
// looks a file up in a base, so without this a host could have a file
// of this appliance linked into its backup (see rsync.PullArgs). "" when
// the local rsync cannot confine (before 3.4.2), which the run's log says.
func (s *Service) confineTo(ctx context.Context, run *tasks.Run, host string) string {
	f, err := s.features.get(ctx, s.runner)
	if err != nil {
		return "" // no usable rsync: the pull itself says so
	}
	if !f.ConfineRoot {
		run.Log("warn", "this appliance's rsync is older than 3.4.2 and cannot keep --link-dest lookups inside the host's folder; "+
			"a symlink the host once had could make rsync link a file of this appliance into the backup")
		return ""
	}
	dir, err := filepath.EvalSymlinks(s.hostDir(host))
	if err != nil {
		return ""
	}
	return dir
}
