package btrfs

import (
	"strconv"
	"strings"
	"time"
)

// Scrub is `btrfs scrub status PATH` (human form, btrfs-progs 6.2).
type Scrub struct {
	UUID     string
	Status   string // running, finished, aborted (cancelled), interrupted; "" when never run
	Started  string
	Duration time.Duration
	Total    uint64  // bytes to scrub (rounded: btrfs prints it human)
	Done     uint64  // bytes scrubbed so far (running only)
	Percent  float64 // -1 when not printed
	Rate     uint64  // bytes per second
	TimeLeft time.Duration
	ETA      string
	Errors   string // "no errors found", or btrfs's error summary
	NoStats  bool   // "no stats available": never scrubbed, or just started
}

// ParseScrubStatus reads `btrfs scrub status` (and the summary that
// `scrub start -B` prints).
func ParseScrubStatus(out string) Scrub {
	s := Scrub{Percent: -1}
	for _, line := range strings.Split(out, "\n") {
		t := strings.TrimSpace(line)
		if t == "no stats available" {
			s.NoStats = true
			continue
		}
		key, val, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "UUID":
			s.UUID = val
		case "Status":
			s.Status = val
		case "Scrub started":
			s.Started = val
		case "Duration":
			s.Duration = clock(val)
		case "Time left":
			s.TimeLeft = clock(val)
		case "ETA":
			s.ETA = val
		case "Total to scrub":
			s.Total = human(val)
		case "Rate":
			s.Rate = human(strings.TrimSuffix(val, "/s"))
		case "Bytes scrubbed":
			// "0.00B  (0.00%)"
			f := strings.Fields(val)
			if len(f) > 0 {
				s.Done = human(f[0])
			}
			if len(f) > 1 {
				s.Percent, _ = strconv.ParseFloat(strings.Trim(f[1], "(%)"), 64)
			}
		case "Error summary":
			s.Errors = val
		}
	}
	if s.Status == "" && s.Percent >= 0 {
		s.Status = "running" // 6.2 prints no Status line while running
	}
	return s
}

// clock reads "0:00:04" (h:mm:ss, hours may exceed 24).
func clock(v string) time.Duration {
	f := strings.Split(v, ":")
	if len(f) != 3 {
		return 0
	}
	var d time.Duration
	for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second} {
		n, _ := strconv.Atoi(f[i])
		d += time.Duration(n) * unit
	}
	return d
}

// human reads btrfs's IEC sizes: "64.45MiB", "0.00B", "1.00GiB".
func human(v string) uint64 {
	units := []struct {
		suffix string
		mult   float64
	}{{"EiB", 1 << 60}, {"PiB", 1 << 50}, {"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(v, u.suffix); ok {
			f, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0
			}
			return uint64(f*u.mult + 0.5)
		}
	}
	n, _ := strconv.ParseUint(v, 10, 64)
	return n
}
