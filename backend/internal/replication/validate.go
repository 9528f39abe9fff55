package replication

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/cronslot"
	"bams/backend/internal/ssh"
	"bams/backend/internal/zfs"
)

// namePattern: a task name is part of snapshot names, the owner, the hold
// tag and the target's host-key alias, so it stays plain.
var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,47}$`)

// maxKeep bounds keep_target and keep_source.
const maxKeep = 10000

func invalid(field, format string, a ...any) error {
	return &api.Error{Kind: api.KindBadRequest, Field: field, Message: fmt.Sprintf(format, a...)}
}

// ValidName checks a replication task's name.
func ValidName(name string) error {
	if !namePattern.MatchString(name) {
		return invalid("name", "a replication's name is 1-48 lowercase letters, digits, '_' or '-', starting with a letter or digit")
	}
	return nil
}

// validate checks every configuration field, naming the first bad one.
func validate(t api.ReplicationConfig) error {
	if err := ValidName(t.Name); err != nil {
		return err
	}
	switch t.Kind {
	case api.ReplicationZFS:
		if err := zfs.CheckDatasetName(t.Source); err != nil {
			return invalid("source", "%v", err)
		}
		if err := zfs.CheckDatasetName(t.Target.Dataset); err != nil {
			return invalid("target.dataset", "%v", err)
		}
		if !strings.Contains(t.Target.Dataset, "/") {
			return invalid("target.dataset", "the target must be a dataset below a pool, not a pool's root")
		}
		if t.Target.Folder != "" {
			return invalid("target.folder", "a zfs replication receives into target.dataset")
		}
	case api.ReplicationBtrfs:
		if err := checkPath(t.Source); err != nil {
			return invalid("source", "%v", err)
		}
		if err := checkPath(t.Target.Folder); err != nil {
			return invalid("target.folder", "%v", err)
		}
		if t.Target.Dataset != "" {
			return invalid("target.dataset", "a btrfs replication receives into target.folder")
		}
		if t.Recursive {
			return invalid("recursive", "a btrfs subvolume is sent alone: recursive is for ZFS datasets")
		}
	default:
		return invalid("kind", "kind must be zfs or btrfs")
	}
	if err := ssh.ValidAddress("target.address", t.Target.Address); err != nil {
		return invalid("target.address", "%v", err)
	}
	if t.Target.Port != 0 {
		if err := ssh.ValidPort("target.port", t.Target.Port); err != nil {
			return invalid("target.port", "%v", err)
		}
	}
	if err := ssh.ValidUser("target.user", t.Target.User); err != nil {
		return invalid("target.user", "%v", err)
	}
	if t.Cron != "" {
		if _, err := cronslot.Parse(t.Cron); err != nil {
			return invalid("cron", "%q is not a cron expression (minute hour day month weekday, or @daily, @every 6h): %v", t.Cron, err)
		}
	}
	if t.BandwidthLimit < 0 {
		return invalid("bandwidth_limit", "bandwidth_limit is bytes per second, 0 for none")
	}
	if t.KeepTarget < 0 || t.KeepTarget > maxKeep {
		return invalid("keep_target", "keep_target must be from 0 (all) to %d", maxKeep)
	}
	if t.KeepSource < 0 || t.KeepSource > maxKeep {
		return invalid("keep_source", "keep_source must be from 0 (all) to %d", maxKeep)
	}
	return nil
}

// checkPath: an absolute, clean path without control characters.
func checkPath(p string) error {
	if !filepath.IsAbs(p) || filepath.Clean(p) != p || p == "/" {
		return fmt.Errorf("%q must be an absolute, clean path below /", p)
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f {
			return fmt.Errorf("%q holds a control character", p)
		}
	}
	return nil
}
