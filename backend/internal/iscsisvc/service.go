// Package iscsisvc is the iSCSI service: the desired configuration of
// SCST's iSCSI targets (targets, LUNs, the initiator group, CHAP, portals)
// kept in the store, and its transaction onto SCST through package scst:
// a plan shown before apply, an apply that either happens whole or is
// rolled back, drift between what SCST runs and what is desired, and the
// sessions initiators have open. It owns the iscsi_targets bucket; CHAP
// secrets go into that bucket and into scst.conf, nowhere else.
package iscsisvc

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"bams/backend/internal/scst"
	"bams/backend/internal/store"
)

// Repositories tells where a repository is mounted, for LUNs backed by a
// file on a repository. The repository service implements it.
type Repositories interface {
	Mountpoint(ctx context.Context, id string) (string, error)
}

// Options configure the service.
type Options struct {
	Store *store.Store
	// Admin is scstadmin (scst.Tool over the daemon's Runner).
	Admin scst.Admin
	// ConfigFile is what SCST loads at boot (/etc/scst.conf): replaced by
	// an atomic rename, mode 0600, only after an apply succeeded.
	ConfigFile string
	// WorkDir is a private folder (created 0700) for the configurations
	// scstadmin reads and writes during a transaction: they hold secrets.
	WorkDir string
	// SysfsRoot is SCST's sysfs tree (scst.SysfsRoot), where sessions are.
	SysfsRoot string
	// Repositories resolves file-backed LUNs; nil refuses them.
	Repositories Repositories
	// DriftInterval is how often Maintain checks for drift (default 5m).
	DriftInterval time.Duration
	Log           *slog.Logger
}

// Service manages iSCSI targets. Create it with New.
type Service struct {
	o Options
	// mu serializes changes to the desired state and applies, so a plan is
	// never computed from half a change.
	mu sync.Mutex
	// applying is held for a whole apply; a second one is refused (busy).
	applying sync.Mutex
}

// New returns the service.
func New(o Options) *Service {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.DriftInterval <= 0 {
		o.DriftInterval = 5 * time.Minute
	}
	if o.SysfsRoot == "" {
		o.SysfsRoot = scst.SysfsRoot
	}
	removeLeftovers(o.WorkDir, o.Log)
	return &Service{o: o}
}

// removeLeftovers deletes what an apply interrupted by a crash left in
// the work folder: configurations scstadmin wrote, secrets included.
func removeLeftovers(dir string, log *slog.Logger) {
	if dir == "" {
		return
	}
	left, _ := filepath.Glob(filepath.Join(dir, "apply-*"))
	for _, p := range left {
		if err := os.RemoveAll(p); err != nil {
			log.Warn("removing a leftover SCST work folder", "path", p, "err", err)
		}
	}
}
