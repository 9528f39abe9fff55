// Package cronslot is the one reading of BAMS's cron schedules and the
// one rule for slots missed while bamsd was down: the scheduler of
// backups and that of snapshot tasks both run once for the newest slot
// due, never once per slot missed.
package cronslot

import (
	"time"

	"github.com/robfig/cron/v3"
)

// parser reads the standard five fields and the @descriptors. Never modified.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// maxCatchUp bounds the walk over slots missed during downtime (an
// every-minute schedule after a year off is about 525 000 of them).
const maxCatchUp = 2_000_000

// Parse reads a five-field expression or a descriptor (@daily, @every 6h).
func Parse(expr string) (cron.Schedule, error) { return parser.Parse(expr) }

// Latest is the newest slot after last and not after now (zero if none).
func Latest(spec cron.Schedule, last, now time.Time) time.Time {
	var due time.Time
	for i, t := 0, spec.Next(last); !t.After(now) && !t.IsZero() && i < maxCatchUp; i, t = i+1, spec.Next(t) {
		due = t
	}
	return due
}
