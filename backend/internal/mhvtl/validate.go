package mhvtl

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Severity of a Problem: an error stops mhvtl or make_vtl_media, or
// makes it do something else than asked; a warning is legal but likely
// a mistake.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Problem is one finding of Validate.
type Problem struct {
	File     string
	Line     int // 0: about the file as a whole
	Severity Severity
	Message  string
}

func (p Problem) String() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s: %s", p.File, p.Severity, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Severity, p.Message)
}

type device struct {
	library              bool
	id, ch, target, lun  int
	line                 int
	libID, slot          int // drives: "Library ID: L Slot: S"
	vendor, product, rev string
}

var (
	recordRE  = regexp.MustCompile(`^(Library|Drive): (\d+) CHANNEL: (\d+) TARGET: (\d+) LUN: (\d+)\s*$`)
	libSlotRE = regexp.MustCompile(`^ Library ID: (\d+) Slot: (\d+)\s*$`)
	naaRE     = regexp.MustCompile(`^(?:[0-9A-Fa-f]{2}:){7}[0-9A-Fa-f]{2}$`)
	compRE    = regexp.MustCompile(`^factor [1-9] enabled [01]$`)
	// vtllibrary reads these with sscanf("%s") into fixed SCSI fields.
	wordLimits = map[string]int{"Vendor identification": 8, "Product revision level": 4, "Unit serial number": 10}
)

// Validate checks device.conf and the library_contents files (by file
// name, library_contents.<id>) the way mhvtl will read them.
func Validate(deviceConf string, contents map[string]string) []Problem {
	var ps []Problem
	add := func(file string, line int, sev Severity, format string, a ...any) {
		ps = append(ps, Problem{file, line, sev, fmt.Sprintf(format, a...)})
	}
	devs := parseDeviceConf(deviceConf, func(line int, sev Severity, format string, a ...any) {
		add("device.conf", line, sev, format, a...)
	})
	ids := map[int]int{}
	addrs := map[[3]int]int{}
	libs := map[int]*device{}
	for i := range devs {
		d := &devs[i]
		if prev, dup := ids[d.id]; dup {
			add("device.conf", d.line, Error, "id %d is already used on line %d", d.id, prev)
		}
		ids[d.id] = d.line
		a := [3]int{d.ch, d.target, d.lun}
		if prev, dup := addrs[a]; dup {
			add("device.conf", d.line, Error, "CHANNEL %d TARGET %d LUN %d is already used on line %d", d.ch, d.target, d.lun, prev)
		}
		addrs[a] = d.line
		if d.library {
			libs[d.id] = d
		}
	}
	if len(libs) == 0 {
		add("device.conf", 0, Error, "no Library record")
	}
	drives := map[int][]*device{}
	for i := range devs {
		d := &devs[i]
		if d.library {
			continue
		}
		if d.libID < 0 {
			add("device.conf", d.line, Error, "drive %d has no 'Library ID: N Slot: N' line", d.id)
			continue
		}
		if libs[d.libID] == nil {
			add("device.conf", d.line, Error, "drive %d belongs to library %d, which is not defined", d.id, d.libID)
			continue
		}
		drives[d.libID] = append(drives[d.libID], d)
	}
	barcodes := map[string]string{}
	libIDs := make([]int, 0, len(libs))
	for id := range libs {
		libIDs = append(libIDs, id)
	}
	sort.Ints(libIDs)
	for _, id := range libIDs {
		ds := drives[id]
		sort.Slice(ds, func(i, j int) bool { return ds[i].slot < ds[j].slot })
		for i, d := range ds {
			if d.slot != i+1 {
				add("device.conf", d.line, Error, "library %d's drives must take drive slots 1 to %d once each (drive %d has slot %d)", id, len(ds), d.id, d.slot)
				break
			}
		}
		name := "library_contents." + strconv.Itoa(id)
		text, ok := contents[name]
		if !ok {
			add(name, 0, Error, "missing: make_vtl_media and vtllibrary need it for library %d", id)
			continue
		}
		checkContents(name, text, len(ds), writes(ds), barcodes, add)
	}
	for name := range contents {
		n, err := strconv.Atoi(strings.TrimPrefix(name, "library_contents."))
		if err != nil || libs[n] == nil {
			add(name, 0, Warning, "no Library %s in device.conf: mhvtl ignores this file", strings.TrimPrefix(name, "library_contents."))
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].File < ps[j].File })
	return ps
}

// writes: the media suffixes every drive of the library can write ("" for
// a drive model BAMS does not know, which turns the check off).
func writes(ds []*device) map[string]bool {
	var out map[string]bool
	for _, d := range ds {
		var m *DriveModel
		for _, k := range Models() {
			if mm := models[k]; mm.Vendor == d.vendor && mm.Product == d.product {
				m = &mm
			}
		}
		if m == nil {
			return nil
		}
		w := map[string]bool{}
		for _, s := range m.Writes {
			if out == nil || out[s] {
				w[s] = true
			}
		}
		out = w
	}
	return out
}

func parseDeviceConf(text string, add func(int, Severity, string, ...any)) []device {
	var devs []device
	var cur *device
	version := false
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimRight(line, "\r")
		switch {
		case strings.HasPrefix(line, "#"):
			continue
		case strings.TrimSpace(line) == "":
			cur = nil
			continue
		case strings.HasPrefix(line, "VERSION:"):
			version = true
			continue
		}
		if m := recordRE.FindStringSubmatch(line); m != nil {
			if cur != nil {
				// vtllibrary applies fields to a record until a blank
				// line: the next record's vendor and serial would
				// overwrite this one's.
				add(n, Error, "a blank line must end the record above before %q", line)
			}
			d := device{library: m[1] == "Library", line: n, libID: -1}
			d.id, _ = strconv.Atoi(m[2])
			d.ch, _ = strconv.Atoi(m[3])
			d.target, _ = strconv.Atoi(m[4])
			d.lun, _ = strconv.Atoi(m[5])
			devs = append(devs, d)
			cur = &devs[len(devs)-1]
			continue
		}
		if !strings.HasPrefix(line, " ") {
			add(n, Error, "not a record header (Library: or Drive: at column 1) nor a field (indented): %q", line)
			continue
		}
		if cur == nil {
			add(n, Error, "field outside a record (a blank line ends a record): %q", line)
			continue
		}
		if m := libSlotRE.FindStringSubmatch(line); m != nil {
			if cur.library {
				add(n, Error, "a Library record has no 'Library ID' line")
			}
			cur.libID, _ = strconv.Atoi(m[1])
			cur.slot, _ = strconv.Atoi(m[2])
			continue
		}
		key, val, ok := strings.Cut(strings.TrimPrefix(line, " "), ": ")
		if !ok {
			add(n, Warning, "unknown field %q", line)
			continue
		}
		val = strings.TrimSpace(val)
		if limit, ok := wordLimits[key]; ok {
			if val == "" || strings.ContainsAny(val, " \t") || len(val) > limit {
				add(n, Error, "%s must be one word of at most %d characters: %q", key, limit, val)
			}
		}
		switch key {
		case "Vendor identification":
			cur.vendor = val
		case "Product identification":
			cur.product = val
			if len(val) > 16 || val == "" {
				add(n, Error, "Product identification must be 1 to 16 characters: %q", val)
			}
		case "Product revision level", "Unit serial number", "fifo", "VPD", "movecommand":
		case "NAA":
			if !naaRE.MatchString(val) {
				add(n, Warning, "NAA is not 8 hex bytes separated by ':' (mhvtl falls back to its default): %q", val)
			}
		case "Home directory":
			if !cur.library {
				add(n, Error, "Home directory belongs in a Library record")
			} else if !strings.HasPrefix(val, "/") {
				add(n, Error, "Home directory must be absolute: %q", val)
			}
		case "PERSIST":
			if v := strings.ToLower(val); v != "true" && v != "false" && v != "yes" && v != "no" {
				add(n, Warning, "PERSIST is True or False: %q", val)
			}
		case "Backoff":
			if b, err := strconv.Atoi(val); err != nil || b < 10 || b > 10000 {
				add(n, Warning, "Backoff must be between 10 and 10000 (mhvtl then uses its default): %q", val)
			}
		case "Compression":
			if !compRE.MatchString(val) {
				add(n, Error, "Compression is 'factor 1-9 enabled 0|1': %q", val)
			}
		case "Compression type":
			if val != "lzo" && val != "zlib" {
				add(n, Error, "Compression type is lzo or zlib: %q", val)
			}
		case "commandtimeout":
		default:
			add(n, Warning, "unknown field %q", key)
		}
	}
	if !version {
		add(0, Error, "no VERSION line")
	}
	return devs
}

var contentsRE = regexp.MustCompile(`^(Drive|Picker|MAP|Slot) (\d+):[ \t]*(\S*)[ \t]*$`)

func checkContents(name, text string, wantDrives int, writable map[string]bool, barcodes map[string]string,
	add func(string, int, Severity, string, ...any)) {
	counts := map[string]int{}
	version := false
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimRight(line, "\r")
		switch {
		case strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "":
			continue
		case strings.HasPrefix(line, "VERSION:"):
			version = true
			continue
		}
		m := contentsRE.FindStringSubmatch(line)
		if m == nil {
			// vtllibrary's sscanf and make_vtl_media's awk skip it.
			add(name, n, Warning, "not 'Drive N:', 'Picker N:', 'MAP N:' or 'Slot N: [barcode]', so mhvtl ignores it: %q", line)
			continue
		}
		kind, num, tag := m[1], m[2], m[3]
		k, _ := strconv.Atoi(num)
		counts[kind]++
		if k != counts[kind] {
			add(name, n, Error, "%s %d out of order: %ss are numbered from 1 without gaps", kind, k, kind)
			counts[kind] = k
		}
		if tag == "" {
			continue
		}
		if kind != "Slot" {
			add(name, n, Warning, "%s %d holds %q: only slots should be given barcodes", kind, k, tag)
			continue
		}
		if len(tag) > 16 {
			add(name, n, Error, "barcode %q is longer than mhvtl's 16 characters", tag)
		} else if why := checkBarcode(tag); why != "" {
			add(name, n, Error, "barcode %q %s", tag, why)
		}
		if prev, dup := barcodes[tag]; dup {
			add(name, n, Error, "barcode %q is already in %s (one home directory holds one cartridge per barcode)", tag, prev)
		}
		barcodes[tag] = fmt.Sprintf("%s line %d", name, n)
		if writable != nil && !strings.HasPrefix(tag, "CLN") && len(tag) >= 2 && !writable[tag[len(tag)-2:]] {
			add(name, n, Warning, "the drives cannot write %s media (%s)", tag[len(tag)-2:], tag)
		}
	}
	if !version {
		add(name, 0, Error, "no VERSION line")
	}
	if counts["Drive"] != wantDrives {
		add(name, 0, Error, "%d Drive lines but device.conf gives the library %d drives", counts["Drive"], wantDrives)
	}
	if counts["Picker"] == 0 {
		add(name, 0, Error, "no Picker line")
	}
	if counts["Slot"] == 0 {
		add(name, 0, Error, "no Slot lines")
	}
}
