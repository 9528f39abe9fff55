package zfs

import (
	"bufio"
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bams/backend/internal/execx"
)

// PoolStatus is one pool of `zpool status` (or of the `zpool import`
// listing, which has the same shape without error counts).
type PoolStatus struct {
	Name   string
	ID     string // import listing only: the pool's numeric identifier
	State  string
	Status string // the "status:" paragraph, joined into one line
	Action string
	See    string
	Scan   Scan
	// Config is the vdev tree: the pool's own row first (its children are
	// the data vdevs), then the "logs", "cache", "spares", "special" and
	// "dedup" groups when present.
	Config     []Vdev
	Errors     string   // the "errors:" line: "No known data errors", ...
	ErrorFiles []string // the files `zpool status -v` names after "Permanent errors"
	Warnings   []Warning
}

// Vdev is one row of the config tree.
type Vdev struct {
	Name                  string
	State                 string // "" for group rows (logs, cache, spares ...)
	Read, Write, Checksum uint64 // error counts ("1.32K" is read as 1320... rounded as zpool prints it)
	Note                  string // trailing text: "(resilvering)", "was /dev/...", "cannot open"
	Children              []Vdev
}

// ScanFunc is what a scan does.
type ScanFunc string

const (
	Scrub    ScanFunc = "scrub"
	Resilver ScanFunc = "resilver"
)

// ScanState is where a scan stands.
type ScanState string

const (
	ScanNone       ScanState = "none" // never scanned ("none requested")
	ScanInProgress ScanState = "in-progress"
	ScanFinished   ScanState = "finished"
	ScanCanceled   ScanState = "canceled"
	ScanPaused     ScanState = "paused"
)

// Scan is the "scan:" line (OpenZFS 0.6.4 and later, with continuation
// lines) or the older " scrub:" line.
type Scan struct {
	Func  ScanFunc
	State ScanState
	When  string // "since ..." / "on ...": zpool's own local time text
	// Progress of a running scan. Percent is -1 when not printed.
	Percent float64
	Scanned uint64 // bytes scanned (metadata walk)
	Issued  uint64 // bytes issued to disks (0.8+); the work actually done
	Total   uint64
	Rate    uint64        // bytes per second (issue rate where printed, else scan rate)
	ETA     time.Duration // -1: "no estimated completion time" or not printed
	// A finished scan.
	Repaired uint64        // bytes repaired (scrub) or resilvered
	Took     time.Duration // how long it ran
	Errors   uint64
	Raw      string // the line(s) as printed
}

// ParseStatus reads `zpool status [pool...]` text. Both layouts are read:
// real output indents the config with a TAB, documentation with spaces;
// nesting is the number of spaces after that indent, two per level. Lines
// it cannot place become warnings of their pool. "all pools are healthy"
// and "no pools available" give no pools.
func ParseStatus(out string) []PoolStatus {
	var pools []PoolStatus
	var cur *PoolStatus
	var section string // the key whose paragraph is open: status, action, scan, config, errors
	var cfg configParser
	lineNo := 0
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		key, val, isKey := statusKey(line)
		if isKey && key == "pool" {
			if cur != nil {
				cur.Config = cfg.done()
			}
			pools = append(pools, PoolStatus{Name: val, Scan: Scan{Percent: -1, ETA: -1}})
			cur, section, cfg = &pools[len(pools)-1], "", configParser{}
			continue
		}
		if cur == nil {
			continue // "all pools are healthy", "no pools available", blank lines
		}
		if isKey && section != "config" || isKey && key == "errors" {
			section = key
			switch key {
			case "id":
				cur.ID = val
			case "state":
				cur.State = val
			case "status":
				cur.Status = val
			case "action":
				cur.Action = val
			case "see":
				cur.See = val
			case "scan", "scrub":
				cur.Scan.Raw = val
			case "config":
			case "errors":
				cur.Errors = val
			default:
				cur.Warnings = append(cur.Warnings, Warning{lineNo, line, "unknown key " + key})
			}
			continue
		}
		trimmed := strings.TrimSpace(line)
		switch section {
		case "status", "action", "see":
			if trimmed == "" {
				continue
			}
			p := map[string]*string{"status": &cur.Status, "action": &cur.Action, "see": &cur.See}[section]
			*p = strings.TrimSpace(*p + " " + trimmed)
		case "scan", "scrub":
			if trimmed != "" {
				cur.Scan.Raw += "\n" + trimmed
			}
		case "config":
			if trimmed == "" {
				continue
			}
			if w := cfg.line(line); w != "" {
				cur.Warnings = append(cur.Warnings, Warning{lineNo, line, w})
			}
		case "errors":
			if trimmed != "" {
				cur.ErrorFiles = append(cur.ErrorFiles, trimmed)
			}
		default:
			if trimmed != "" {
				cur.Warnings = append(cur.Warnings, Warning{lineNo, line, "line outside any section"})
			}
		}
	}
	if cur != nil {
		cur.Config = cfg.done()
	}
	for i := range pools {
		pools[i].Scan = parseScan(pools[i].Scan.Raw)
	}
	return pools
}

// statusKey reads "  pool: tank", " state: ONLINE", "config:". Keys are
// right-aligned to the colon, so they start with spaces, never a TAB.
var statusKeyRE = regexp.MustCompile(`^ *([a-z]+): ?(.*)$`)

func statusKey(line string) (key, val string, ok bool) {
	m := statusKeyRE.FindStringSubmatch(line)
	if m == nil {
		return "", "", false
	}
	switch m[1] {
	case "pool", "id", "state", "status", "action", "see", "scan", "scrub", "config", "errors":
		return m[1], strings.TrimSpace(m[2]), true
	}
	return "", "", false
}

// configParser builds the vdev tree from the config lines.
type configParser struct {
	base    string // the indent of the first row (header or pool row)
	haveHdr bool
	roots   []Vdev
	stack   []*Vdev // open rows by depth
}

var groupNames = map[string]bool{"logs": true, "cache": true, "spares": true, "special": true, "dedup": true}

func (c *configParser) line(line string) string {
	if c.base == "" && !c.haveHdr && len(c.roots) == 0 {
		c.base = line[:len(line)-len(strings.TrimLeft(line, " \t"))]
	}
	rest, ok := strings.CutPrefix(line, c.base)
	if !ok {
		return "config line not indented like the first one"
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return ""
	}
	if f[0] == "NAME" && len(f) >= 2 && f[1] == "STATE" {
		c.haveHdr = true
		return ""
	}
	spaces := len(rest) - len(strings.TrimLeft(rest, " "))
	depth := (spaces + 1) / 2
	v := Vdev{Name: f[0]}
	if len(f) > 1 {
		v.State = f[1]
	}
	if len(f) >= 5 {
		counts := []*uint64{&v.Read, &v.Write, &v.Checksum}
		for i, p := range counts {
			n, err := parseCount(f[2+i])
			if err != nil {
				return "unreadable error count " + f[2+i]
			}
			*p = n
		}
		v.Note = strings.Join(f[5:], " ")
	} else if len(f) > 2 {
		// The import listing has no counts: "sdb  FAULTED  corrupted data".
		v.Note = strings.Join(f[2:], " ")
	}
	if depth == 0 && len(f) == 1 && !groupNames[v.Name] {
		return "unknown group " + v.Name
	}
	if depth > len(c.stack) {
		depth = len(c.stack) // a row deeper than its parent: attach to the last one
	}
	c.stack = c.stack[:depth]
	if depth == 0 {
		c.roots = append(c.roots, v)
		c.stack = append(c.stack, &c.roots[len(c.roots)-1])
		return ""
	}
	parent := c.stack[depth-1]
	parent.Children = append(parent.Children, v)
	c.stack = append(c.stack, &parent.Children[len(parent.Children)-1])
	return ""
}

// done returns the tree. (Rows are appended in place, so the pointers in
// stack stay valid only while no earlier sibling slice grows: a child is
// always appended to the newest row of its level, which is the last.)
func (c *configParser) done() []Vdev { return c.roots }

// parseCount reads an error count: "0", "2", "1.32K".
func parseCount(s string) (uint64, error) {
	if n, err := strconv.ParseUint(s, 10, 64); err == nil {
		return n, nil
	}
	mult := map[byte]float64{'K': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12}[s[len(s)-1]]
	f, err := strconv.ParseFloat(s[:len(s)-1], 64)
	if mult == 0 || err != nil {
		return 0, strconv.ErrSyntax
	}
	return uint64(f*mult + 0.5), nil
}

// The scan line's forms, oldest first (zpool_main.c print_scan_status
// across releases; the samples are in testdata/).
var (
	// " scrub: none requested" / "scan: none requested"
	scanNoneRE = regexp.MustCompile(`^none requested`)
	// zfs-fuse / Solaris: "scrub completed after 0h0m with 0 errors on <date>",
	// "resilver completed after ...", "scrub in progress for 0h1m, 45.67% done, 0h2m to go"
	oldDoneRE     = regexp.MustCompile(`^(scrub|resilver) completed after (\d+)h(\d+)m with (\d+) errors on (.*)$`)
	oldProgressRE = regexp.MustCompile(`^(scrub|resilver) in progress for (\d+)h(\d+)m, ([\d.]+)% done, (\d+)h(\d+)m to go`)
	// 0.6.4+: "<f> in progress since <date>", "scrub repaired 0B in 00:12:34
	// with 0 errors on <date>", "resilvered 745G in 04:12:33 with 0 errors
	// on <date>", "scrub canceled on <date>", "scrub paused since <date>"
	progressRE = regexp.MustCompile(`^(scrub|resilver) in progress since (.*)$`)
	repairedRE = regexp.MustCompile(`^(?:scrub repaired|(resilver)ed) (\S+) in (?:(\d+) days? )?(\d+):(\d+):(\d+) with (\d+) errors on (.*)$`)
	// 0.7: "scrub repaired 0 in 0h12m with 0 errors on <date>"
	repairedOldRE = regexp.MustCompile(`^(?:scrub repaired|(resilver)ed) (\S+) in (\d+)h(\d+)m with (\d+) errors on (.*)$`)
	canceledRE    = regexp.MustCompile(`^(scrub|resilver) canceled on (.*)$`)
	pausedRE      = regexp.MustCompile(`^(scrub|resilver) paused since (.*)$`)
	// continuation lines
	scannedOutOfRE = regexp.MustCompile(`^(\S+) scanned out of (\S+) at (\S+)/s, (?:(\d+)h(\d+)m to go|(no estimated time))`)
	scannedAtRE    = regexp.MustCompile(`^(\S+) scanned at (\S+)/s, (\S+) issued at (\S+)/s, (\S+) total`)
	// 2.2+: "1.23G / 4.00T scanned at 1.00G/s, 987M / 4.00T issued at 750M/s"
	scannedSlashRE = regexp.MustCompile(`^(\S+) / (\S+) scanned(?: at (\S+)/s)?, (\S+) / (\S+) issued(?: at (\S+)/s)?`)
	doneRE         = regexp.MustCompile(`^(\S+) (?:repaired|resilvered), ([\d.]+)% done(?:, (?:(\d+) days )?(?:(\d+):(\d+):(\d+) to go|(no estimated completion time)))?`)
)

func parseScan(raw string) Scan {
	s := Scan{Raw: raw, Percent: -1, ETA: -1, State: ScanNone}
	lines := strings.Split(raw, "\n")
	first := strings.TrimSpace(lines[0])
	atoi := func(v string) int64 { n, _ := strconv.ParseInt(v, 10, 64); return n }
	hms := func(d, h, m, sec string) time.Duration {
		return time.Duration(atoi(d)*86400+atoi(h)*3600+atoi(m)*60+atoi(sec)) * time.Second
	}
	size := func(v string) uint64 { n, _ := parseHumanSize(v); return n }
	var m []string
	switch {
	case first == "" || scanNoneRE.MatchString(first):
	case matchInto(&m, oldDoneRE, first):
		s.Func, s.State, s.Took, s.Errors, s.When = ScanFunc(m[1]), ScanFinished, hms("", m[2], m[3], ""), uint64(atoi(m[4])), m[5]
		s.Percent = 100
	case matchInto(&m, oldProgressRE, first):
		s.Func, s.State, s.Took = ScanFunc(m[1]), ScanInProgress, hms("", m[2], m[3], "")
		s.Percent, _ = strconv.ParseFloat(m[4], 64)
		s.ETA = hms("", m[5], m[6], "")
	case matchInto(&m, progressRE, first):
		s.Func, s.State, s.When = ScanFunc(m[1]), ScanInProgress, m[2]
	case matchInto(&m, repairedRE, first):
		s.Func, s.State, s.Repaired = Scrub, ScanFinished, size(m[2])
		if m[1] != "" {
			s.Func = Resilver
		}
		s.Took, s.Errors, s.When, s.Percent = hms(m[3], m[4], m[5], m[6]), uint64(atoi(m[7])), m[8], 100
	case matchInto(&m, repairedOldRE, first):
		s.Func, s.State, s.Repaired = Scrub, ScanFinished, size(m[2])
		if m[1] != "" {
			s.Func = Resilver
		}
		s.Took, s.Errors, s.When, s.Percent = hms("", m[3], m[4], ""), uint64(atoi(m[5])), m[6], 100
	case matchInto(&m, canceledRE, first):
		s.Func, s.State, s.When = ScanFunc(m[1]), ScanCanceled, m[2]
	case matchInto(&m, pausedRE, first):
		s.Func, s.State, s.When = ScanFunc(m[1]), ScanPaused, m[2]
	}
	for _, l := range lines[1:] {
		var m []string
		switch {
		case matchInto(&m, scannedOutOfRE, l):
			s.Scanned, s.Total, s.Rate = size(m[1]), size(m[2]), size(m[3])
			if m[6] == "" {
				s.ETA = hms("", m[4], m[5], "")
			}
		case matchInto(&m, scannedAtRE, l):
			s.Scanned, s.Issued, s.Rate, s.Total = size(m[1]), size(m[3]), size(m[4]), size(m[5])
		case matchInto(&m, scannedSlashRE, l):
			s.Scanned, s.Total, s.Issued = size(m[1]), size(m[2]), size(m[4])
			s.Rate = size(m[6])
			if m[6] == "" {
				s.Rate = size(m[3])
			}
		case matchInto(&m, doneRE, l):
			s.Repaired = size(m[1])
			s.Percent, _ = strconv.ParseFloat(m[2], 64)
			if m[5] != "" {
				s.ETA = hms(m[3], m[4], m[5], m[6])
			}
		}
	}
	return s
}

func matchInto(m *[]string, re *regexp.Regexp, s string) bool {
	*m = re.FindStringSubmatch(s)
	return *m != nil
}

// Status runs `zpool status -P` for one pool (all pools when name is
// ""). -P prints full device paths, which is what lsblk's tree and the
// disks package match against. -j is not used here: its key names changed
// between the man page and 2.3 (ParseStatusJSON reads both).
func Status(ctx context.Context, r *execx.Runner, name string) ([]PoolStatus, error) {
	args := []string{"status", "-P"}
	if name != "" {
		if err := CheckPoolName(name); err != nil {
			return nil, err
		}
		args = append(args, name)
	}
	res, err := run(ctx, r, "zpool", args...)
	if err != nil {
		return nil, err
	}
	return ParseStatus(string(res.Stdout)), nil
}
