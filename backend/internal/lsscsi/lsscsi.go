package lsscsi

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"bams/backend/internal/execx"
)

// Device is one line of `lsscsi -g`.
type Device struct {
	HCTL     string // "5:0:1:0", or "N:0:0:1" for an NVMe namespace
	Host     int    // -1 for NVMe
	Type     string // "mediumx", "tape", "disk", "cd/dvd", "process", ...
	Vendor   string
	Model    string
	Revision string
	Node     string // /dev/st0, /dev/sch0, /dev/sda; "" when lsscsi printed "-"
	Generic  string // /dev/sg4; "" when lsscsi printed "-" (no sg module or node)
}

// Drive is a tape drive with the nodes BAMS uses.
type Drive struct {
	Device
	// NonRewinding is the nst node beside Node (/dev/st0 → /dev/nst0):
	// what a backup program writes to, so a close does not rewind.
	NonRewinding string
}

// Listing is what `lsscsi -g` found.
type Listing struct {
	Changers []Device
	Drives   []Drive
	Others   []Device
	Warnings []Warning
}

// Warning is a line the parser could not read.
type Warning struct {
	Line   int
	Text   string
	Reason string
}

func (w Warning) String() string { return fmt.Sprintf("line %d: %s: %q", w.Line, w.Reason, w.Text) }

// Parse reads `lsscsi -g` output (also `lsscsi --generic`). It never
// fails: an unreadable line is a Warning.
func Parse(out string) Listing {
	var l Listing
	for i, line := range strings.Split(out, "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line == "" {
			continue
		}
		d, why := parseLine(line)
		if why != "" {
			l.Warnings = append(l.Warnings, Warning{i + 1, line, why})
			continue
		}
		switch d.Type {
		case "mediumx":
			l.Changers = append(l.Changers, d)
		case "tape":
			l.Drives = append(l.Drives, Drive{Device: d, NonRewinding: nonRewinding(d.Node)})
		default:
			l.Others = append(l.Others, d)
		}
	}
	return l
}

func parseLine(line string) (Device, string) {
	if !strings.HasPrefix(line, "[") {
		return Device{}, "does not start with [H:C:T:L]"
	}
	end := strings.IndexByte(line, ']')
	if end < 0 {
		return Device{}, "unclosed ["
	}
	d := Device{HCTL: line[1:end], Host: -1}
	parts := strings.Split(d.HCTL, ":")
	if len(parts) != 4 {
		return Device{}, "address is not H:C:T:L"
	}
	if parts[0] != "N" {
		for _, p := range parts {
			if _, err := strconv.Atoi(p); err != nil {
				return Device{}, "address is not numeric"
			}
		}
		d.Host, _ = strconv.Atoi(parts[0])
	}
	rest := line[end+1:]
	typeAt := len(rest) - len(strings.TrimLeft(rest, " "))
	fields := strings.Fields(rest)
	if len(fields) < 3 {
		return Device{}, "too few fields"
	}
	d.Type = fields[0]
	d.Node, d.Generic = node(fields[len(fields)-2]), node(fields[len(fields)-1])
	if parts[0] == "N" {
		// NVMe lines have no revision and a 40-wide model: only the
		// type and nodes matter here.
		d.Model = strings.Join(fields[1:len(fields)-2], " ")
		return d, ""
	}
	// SCSI: type %-8s, vendor %-8s, ' ', model %-16s, ' ', revision.
	v := typeAt + 8
	if len(rest) >= v+26 && rest[v+8] == ' ' && rest[v+25] == ' ' {
		d.Vendor = strings.TrimSpace(rest[v : v+8])
		d.Model = strings.TrimSpace(rest[v+9 : v+25])
		tail := strings.Fields(rest[v+26:])
		if len(tail) != 3 {
			return Device{}, "revision and nodes not understood"
		}
		d.Revision = tail[0]
		return d, ""
	}
	// Not in lsscsi's columns (hand-edited?): vendor, model, revision by field.
	if len(fields) < 6 {
		return Device{}, "too few fields"
	}
	d.Vendor, d.Revision = fields[1], fields[len(fields)-3]
	d.Model = strings.Join(fields[2:len(fields)-3], " ")
	return d, ""
}

func node(s string) string {
	if s == "-" || !strings.HasPrefix(s, "/dev/") {
		return ""
	}
	return s
}

// nonRewinding maps /dev/stN to /dev/nstN (st(4): the n prefix is the
// no-rewind-on-close node of the same drive).
func nonRewinding(st string) string {
	if num, ok := strings.CutPrefix(st, "/dev/st"); ok && num != "" {
		if _, err := strconv.Atoi(num); err == nil {
			return "/dev/nst" + num
		}
	}
	return ""
}

// List runs `lsscsi -g`. A machine without SCSI devices prints nothing
// and exits 0 (recorded): an empty Listing, not an error.
func List(ctx context.Context, r *execx.Runner) (Listing, error) {
	res, err := r.Run(ctx, execx.Cmd{Name: "lsscsi", Args: []string{"-g"}})
	if err != nil {
		return Listing{}, err
	}
	return Parse(string(res.Stdout)), nil
}
