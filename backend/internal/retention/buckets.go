package retention

import (
	"fmt"
	"time"
)

// calendar is where a snapshot falls on the wall clock of the appliance's
// time zone: buckets follow the zone an admin reads dates in, not UTC.
// It is compact because a plan may hold one for each of 100 000 snapshots.
type calendar struct {
	year, isoYear             int32
	month, day, hour, isoWeek int8
}

func calendarOf(t time.Time, loc *time.Location) calendar {
	local := t.In(loc)
	year, month, day := local.Date()
	isoYear, isoWeek := local.ISOWeek()
	return calendar{int32(year), int32(isoYear), int8(month), int8(day), int8(local.Hour()), int8(isoWeek)}
}

// A period is the length of the buckets of one keep rule. Buckets are
// wall-clock hours, days, ISO weeks, months and years: on the night clocks
// go back, the repeated hour is one hourly bucket and that day is 25 hours
// long; when they go forward, the skipped hour has no bucket.
type period int

const (
	hourly period = iota
	daily
	weekly
	monthly
	yearly
)

// rule is the name of the keep rule that uses this period.
func (p period) rule() string {
	return [...]string{"keep-hourly", "keep-daily", "keep-weekly", "keep-monthly", "keep-yearly"}[p]
}

// key identifies the bucket: two snapshots share a bucket exactly when
// their keys are equal. Each field is packed in a radix above its range,
// so distinct calendars never collide.
func (p period) key(c calendar) int64 {
	month := int64(c.year)*13 + int64(c.month)
	day := month*32 + int64(c.day)
	switch p {
	case hourly:
		return day*24 + int64(c.hour)
	case daily:
		return day
	case weekly:
		return int64(c.isoYear)*54 + int64(c.isoWeek)
	case monthly:
		return month
	}
	return int64(c.year)
}

// label names the bucket in a reason: "2026-11-20", "week 2026-W47".
func (p period) label(c calendar) string {
	switch p {
	case hourly:
		return fmt.Sprintf("%04d-%02d-%02d %02d:00", c.year, c.month, c.day, c.hour)
	case daily:
		return fmt.Sprintf("%04d-%02d-%02d", c.year, c.month, c.day)
	case weekly:
		return fmt.Sprintf("week %04d-W%02d", c.isoYear, c.isoWeek)
	case monthly:
		return fmt.Sprintf("%04d-%02d", c.year, c.month)
	}
	return fmt.Sprintf("%04d", c.year)
}
