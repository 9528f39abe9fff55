package zfs

import (
	"context"
	"regexp"

	"bams/backend/internal/execx"
)

// OwnerProperty is the user property every snapshot BAMS makes carries:
// who made it (a snapshot task, a replication, an admin through the API).
// Retention and replication destroy only snapshots whose owner is
// theirs; a snapshot without it was made by hand or by another tool and
// is never in a destroy plan.
const OwnerProperty = "bams:owner"

// ownerRE: an owner is a short word-like id ("snaptask:tank-hourly",
// "replication:offsite", "manual"); user property values may hold more,
// but an owner is compared byte for byte, so it stays plain.
var ownerRE = regexp.MustCompile(`^[a-z][a-z0-9]*(?::[A-Za-z0-9][A-Za-z0-9_.:-]{0,127})?$`)

// CheckOwner validates an owner value.
func CheckOwner(owner string) error {
	if !ownerRE.MatchString(owner) {
		return &NameError{"owner", owner, "must be a kind (lower-case letters and digits), optionally ':' and an id of letters, digits and _.:-"}
	}
	return nil
}

// Snapshot runs `zfs snapshot [-r] -o bams:owner=OWNER dataset@snap`.
// Every snapshot BAMS makes has an owner; recursive snapshots every
// descendant atomically under the same name (and owner).
func Snapshot(ctx context.Context, r *execx.Runner, name string, recursive bool, owner string) error {
	if err := CheckSnapshotName(name); err != nil {
		return err
	}
	if err := CheckOwner(owner); err != nil {
		return err
	}
	args := []string{"snapshot"}
	if recursive {
		args = append(args, "-r")
	}
	_, err := run(ctx, r, "zfs", append(args, "-o", OwnerProperty+"="+owner, name)...)
	return err
}

// holdTagRE: a hold tag names who holds the snapshot ("bams:replication:offsite").
var holdTagRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,200}$`)

// CheckHoldTag validates a hold tag.
func CheckHoldTag(tag string) error {
	if !holdTagRE.MatchString(tag) {
		return &NameError{"hold tag", tag, "must start with a letter or digit and hold only letters, digits and _.:-"}
	}
	return nil
}

// HoldSnapshots runs `zfs hold [-r] TAG snap...`: while a hold exists
// the snapshot cannot be destroyed (zfs destroy answers "dataset is busy").
// zfs places all holds or none.
func HoldSnapshots(ctx context.Context, r *execx.Runner, tag string, recursive bool, snaps ...string) error {
	return holdCommand(ctx, r, "hold", tag, recursive, snaps)
}

// ReleaseSnapshots runs `zfs release [-r] TAG snap...`.
func ReleaseSnapshots(ctx context.Context, r *execx.Runner, tag string, recursive bool, snaps ...string) error {
	return holdCommand(ctx, r, "release", tag, recursive, snaps)
}

func holdCommand(ctx context.Context, r *execx.Runner, sub, tag string, recursive bool, snaps []string) error {
	if err := CheckHoldTag(tag); err != nil {
		return err
	}
	if len(snaps) == 0 {
		return &NameError{"snapshot", "", "none given"}
	}
	for _, s := range snaps {
		if err := CheckSnapshotName(s); err != nil {
			return err
		}
	}
	args := []string{sub}
	if recursive {
		args = append(args, "-r")
	}
	_, err := run(ctx, r, "zfs", append(append(args, tag), snaps...)...)
	return err
}

// SnapshotHolds runs `zfs holds -H snap...` (the tags on each).
func SnapshotHolds(ctx context.Context, r *execx.Runner, snaps ...string) ([]Hold, []Warning, error) {
	for _, s := range snaps {
		if err := CheckSnapshotName(s); err != nil {
			return nil, nil, err
		}
	}
	if len(snaps) == 0 {
		return nil, nil, nil
	}
	res, err := run(ctx, r, "zfs", append([]string{"holds", "-H"}, snaps...)...)
	if err != nil {
		return nil, nil, err
	}
	holds, warns := ParseHolds(string(res.Stdout))
	return holds, warns, nil
}
