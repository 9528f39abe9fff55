package retention

import (
	"fmt"
	"strings"
	"time"
)

// The reasons a decision gives, in the words a sysadmin reads in the
// preview. They are kept here together so they read as one vocabulary.
const (
	reasonNewest        = "newest complete snapshot"
	reasonUnknown       = "state unknown: found on disk without a record; retention leaves it until an admin marks it"
	reasonFuture        = "dated after now: kept, and left out of every rule until its time comes (is a clock wrong?)"
	reasonFailedLatest  = "failed run newer than the newest complete snapshot: kept as the record of the failure"
	reasonFailedAlone   = "failed run, and no complete snapshot yet: kept as the record of the failure"
	reasonNoRule        = "no rule keeps it"
	reasonFailedNoData  = "failed run: holds no data, so deleting it removes only the record"
	reasonFailedOutdone = "incomplete, older than the newest complete snapshot"
)

func baseReason(newest string) string {
	return "base of the newest complete snapshot, " + newest
}

func minimumReason(n int) string {
	return fmt.Sprintf("minimum: one of the %d newest complete snapshots", n)
}

func keepLastReason(n int) string {
	return fmt.Sprintf("keep-last: one of the %d newest", n)
}

func keepWithinReason(d time.Duration) string {
	return "within keep-within " + days(d)
}

func bucketReason(p period, c calendar) string {
	return p.rule() + ": newest of " + p.label(c)
}

// heldReason reads "held by bams:replication:offsite": a hold is a
// replication's base (or an admin's), and zfs will not destroy it.
func heldReason(tag string) string {
	return "held by " + tag
}

// protectedReason reads "protected by user backupadm on 2026-11-02: before
// the upgrade", the date in the appliance's zone like every other date.
func protectedReason(p *Protection, loc *time.Location) string {
	var b strings.Builder
	b.WriteString("protected")
	if p.By != "" {
		b.WriteString(" by user " + p.By)
	}
	if !p.At.IsZero() {
		b.WriteString(" on " + p.At.In(loc).Format(time.DateOnly))
	}
	if p.Why != "" {
		b.WriteString(": " + p.Why)
	}
	return b.String()
}

// scopeReason says why the policy leaves a snapshot of this kind alone.
func scopeReason(kind, kinds string) string {
	switch {
	case kind != KindScheduled && kind != KindManual:
		return fmt.Sprintf("kind %q not understood: retention never deletes it", kind)
	case kinds == PruneScheduled || kinds == PruneManual:
		return fmt.Sprintf("%s snapshot: the policy prunes only %s snapshots", kind, kinds)
	}
	return fmt.Sprintf("the policy's kinds %q are not understood: retention deletes nothing", kinds)
}

func oddStateReason(state string) string {
	return fmt.Sprintf("state %q not understood: retention never deletes it", state)
}

// days writes a duration the way retention settings are thought of:
// "7d", "1d12h", "1h30m".
func days(d time.Duration) string {
	var b strings.Builder
	for _, unit := range []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if d >= unit.size {
			fmt.Fprintf(&b, "%d%s", d/unit.size, unit.name)
			d %= unit.size
		}
	}
	if d > 0 || b.Len() == 0 {
		b.WriteString(d.String())
	}
	return b.String()
}
