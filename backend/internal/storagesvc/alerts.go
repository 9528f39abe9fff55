package storagesvc

import (
	"context"
	"fmt"
	"sort"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/lvm"
	"bams/backend/internal/zfs"
)

// Alert classes this service reports.
const (
	ClassPoolHealth     = "pool-health"
	ClassPoolErrors     = "pool-errors" // a scrub found errors, or zpool knows of damaged data
	ClassPoolUsage      = "pool-usage"
	ClassVGUsage        = "vg-usage"
	ClassBtrfsUsage     = "btrfs-usage"
	ClassBtrfsDevices   = "btrfs-devices-missing"
	ClassBtrfsScrub     = "btrfs-scrub-errors"
	ClassStorageToolErr = "storage-tool-failed" // a check could not run; the others still did
)

// storageState is what a check read: each part empty when its tool is
// not installed, and failed naming each tool that did not answer.
type storageState struct {
	pools    []zfs.Pool
	statuses []zfs.PoolStatus
	vgs      []lvm.VG
	btrfs    []btrfsState
	failed   map[string]error // tool → why
}

type btrfsState struct {
	fs    btrfs.Filesystem
	usage *btrfs.Usage // nil when not mounted
	scrub *btrfs.Scrub
}

// AlertConditions reports what is wrong with storage now: pools not
// ONLINE, scrub or data errors, pools, volume groups and btrfs filesystems
// fuller than Options.UsageWarning/UsageCritical percent, btrfs devices
// missing, and any check that could not run.
func (s *Service) AlertConditions(ctx context.Context) ([]api.AlertCondition, error) {
	st := storageState{failed: map[string]error{}}
	note := func(tool string, err error) bool {
		if err != nil && !missing(err) {
			st.failed[tool] = err
		}
		return err == nil
	}
	var err error
	if st.pools, _, err = zfs.Pools(ctx, s.r); note("zpool list", err) {
		st.statuses, err = zfs.Status(ctx, s.r, "")
		note("zpool status", err)
	}
	st.vgs, err = lvm.VGs(ctx, s.r, s.o.LVM)
	note("vgs", err)
	if t, err := s.readTopology(ctx); note("lsblk", err) {
		for _, fs := range t.btrfs {
			b := btrfsState{fs: fs}
			if mnt := t.btrfsMount(fs); mnt != "" {
				if u, err := btrfs.FilesystemUsage(ctx, s.r, mnt); note("btrfs filesystem usage", err) {
					b.usage = &u
				}
				if sc, err := btrfs.ScrubStatus(ctx, s.r, mnt); note("btrfs scrub status", err) {
					b.scrub = &sc
				}
			}
			st.btrfs = append(st.btrfs, b)
		}
	}
	return conditions(st, s.o.UsageWarning, s.o.UsageCritical), nil
}

// conditions is the pure part of the check.
func conditions(st storageState, warn, crit float64) []api.AlertCondition {
	out := []api.AlertCondition{}
	usage := func(class, subject, what string, pct float64) {
		level := api.AlertLevel("")
		switch {
		case pct >= crit:
			level = api.AlertCritical
		case pct >= warn:
			level = api.AlertWarning
		}
		if level != "" {
			out = append(out, api.AlertCondition{Class: class, Subject: subject, Level: level, Text: fmt.Sprintf("%s is %.0f%% full", what, pct)})
		}
	}
	for _, p := range st.pools {
		subject := "pool/" + p.Name
		switch p.Health {
		case "ONLINE":
		case "DEGRADED", "OFFLINE", "REMOVED":
			out = append(out, api.AlertCondition{Class: ClassPoolHealth, Subject: subject, Level: api.AlertError, Text: "pool " + p.Name + " is " + p.Health})
		default: // FAULTED, UNAVAIL, SUSPENDED, or a word this check does not know
			out = append(out, api.AlertCondition{Class: ClassPoolHealth, Subject: subject, Level: api.AlertCritical, Text: "pool " + p.Name + " is " + p.Health})
		}
		if p.Capacity >= 0 {
			usage(ClassPoolUsage, subject, "pool "+p.Name, p.Capacity)
		}
	}
	for _, p := range st.statuses {
		subject := "pool/" + p.Name
		switch {
		case p.Scan.Func == zfs.Scrub && p.Scan.State == zfs.ScanFinished && p.Scan.Errors > 0:
			out = append(out, api.AlertCondition{Class: ClassPoolErrors, Subject: subject, Level: api.AlertError,
				Text: fmt.Sprintf("the last scrub of pool %s found %d errors", p.Name, p.Scan.Errors)})
		case p.Errors != "" && p.Errors != "No known data errors":
			out = append(out, api.AlertCondition{Class: ClassPoolErrors, Subject: subject, Level: api.AlertError,
				Text: "pool " + p.Name + ": " + p.Errors})
		}
	}
	for _, v := range st.vgs {
		if v.Size > 0 {
			usage(ClassVGUsage, "vg/"+v.Name, "volume group "+v.Name, float64(v.Size-v.Free)*100/float64(v.Size))
		}
	}
	for _, b := range st.btrfs {
		name := b.fs.Label
		if name == "" {
			name = b.fs.UUID
		}
		subject := "btrfs/" + b.fs.UUID
		if b.fs.Missing {
			out = append(out, api.AlertCondition{Class: ClassBtrfsDevices, Subject: subject, Level: api.AlertCritical,
				Text: "btrfs filesystem " + name + " has devices missing"})
		}
		if b.usage != nil && b.usage.DeviceSize > 0 {
			usage(ClassBtrfsUsage, subject, "btrfs filesystem "+name, float64(b.usage.Used)*100/float64(b.usage.DeviceSize))
		}
		if b.scrub != nil && b.scrub.Errors != "" && b.scrub.Errors != "no errors found" {
			out = append(out, api.AlertCondition{Class: ClassBtrfsScrub, Subject: subject, Level: api.AlertError,
				Text: "the last scrub of btrfs filesystem " + name + ": " + b.scrub.Errors})
		}
	}
	tools := make([]string, 0, len(st.failed))
	for tool := range st.failed {
		tools = append(tools, tool)
	}
	sort.Strings(tools)
	for _, tool := range tools {
		err := st.failed[tool]
		out = append(out, api.AlertCondition{Class: ClassStorageToolErr, Subject: "tool/" + tool, Level: api.AlertWarning,
			Text: tool + " did not answer, so its part of the storage check did not run: " + err.Error()})
	}
	return out
}
