package scst

import (
	"strconv"
	"strings"
)

// The -list_* parsers read the tables scstadmin prints (testdata has SCST's
// own regression-test expectations). Every output is wrapped in
// "Collecting current configuration: done." and "All done."; rows are
// TAB-indented (the README's copies use spaces, which are read the same);
// dashed rules separate headers. Unknown lines are Warnings.

// line is one non-blank line of a listing, without its wrapper.
type line struct {
	n      int
	text   string // trimmed
	indent bool   // started with a TAB or spaces: a table row
	raw    string
}

func listingLines(out string) []line {
	var lines []line
	for i, raw := range strings.Split(out, "\n") {
		raw = strings.TrimRight(raw, " \t\r")
		text := strings.TrimSpace(raw)
		if text == "" || text == "Collecting current configuration: done." || text == "All done." {
			continue
		}
		lines = append(lines, line{n: i + 1, text: text, indent: raw != text && (raw[0] == '\t' || raw[0] == ' '), raw: raw})
	}
	return lines
}

func isRule(s string) bool { return s != "" && strings.Trim(s, "-") == "" }

// ParseListTargets reads `scstadmin -list_target`: driver and target per
// row; a row without a driver continues the one above.
func ParseListTargets(out string) ([]TargetRef, []Warning) {
	var refs []TargetRef
	var warns []Warning
	seenHeader := false
	driver := ""
	for _, l := range listingLines(out) {
		f := strings.Fields(l.text)
		switch {
		case isRule(l.text):
		case !seenHeader && len(f) == 2 && f[0] == "Driver" && f[1] == "Target":
			seenHeader = true
		case seenHeader && len(f) == 2:
			driver = f[0]
			refs = append(refs, TargetRef{driver, f[1]})
		case seenHeader && len(f) == 1 && driver != "" && strings.HasPrefix(strings.TrimLeft(l.raw, "\t"), " "):
			refs = append(refs, TargetRef{driver, f[0]})
		default:
			warns = append(warns, Warning{l.n, l.text, "not a -list_target row"})
		}
	}
	return refs, warns
}

// HandlerDevices is one handler of `scstadmin -list_device` and its devices.
type HandlerDevices struct {
	Handler string
	Devices []string
}

// ParseListDevices reads `scstadmin -list_device`: a handler and a device
// per row, "-" for a handler without devices, and rows with only a device
// that continue the handler above.
func ParseListDevices(out string) ([]HandlerDevices, []Warning) {
	var hs []HandlerDevices
	var warns []Warning
	seenHeader := false
	for _, l := range listingLines(out) {
		f := strings.Fields(l.text)
		switch {
		case isRule(l.text):
		case !seenHeader && len(f) == 2 && f[0] == "Handler" && f[1] == "Device":
			seenHeader = true
		case seenHeader && len(f) == 2:
			h := HandlerDevices{Handler: f[0]}
			if f[1] != "-" {
				h.Devices = []string{f[1]}
			}
			hs = append(hs, h)
		case seenHeader && len(f) == 1 && len(hs) > 0 && strings.HasPrefix(strings.TrimLeft(l.raw, "\t"), " "):
			hs[len(hs)-1].Devices = append(hs[len(hs)-1].Devices, f[0])
		default:
			warns = append(warns, Warning{l.n, l.text, "not a -list_device row"})
		}
	}
	return hs, warns
}

// ParseListDrivers reads `scstadmin -list_driver`.
func ParseListDrivers(out string) ([]string, []Warning) { return parseNames(out, "Driver") }

// ParseListHandlers reads `scstadmin -list_handler`.
func ParseListHandlers(out string) ([]string, []Warning) { return parseNames(out, "Handler") }

// ParseListDeviceGroups reads `scstadmin -list_dgrp`.
func ParseListDeviceGroups(out string) ([]string, []Warning) {
	return parseNames(out, "Device Group")
}

// parseNames reads a one-column table under header.
func parseNames(out, header string) ([]string, []Warning) {
	var names []string
	var warns []Warning
	seenHeader := false
	for _, l := range listingLines(out) {
		switch {
		case !seenHeader && l.text == header:
			seenHeader = true
		case seenHeader && isRule(l.text):
		case seenHeader && len(strings.Fields(l.text)) == 1 && l.indent:
			names = append(names, l.text)
		default:
			warns = append(warns, Warning{l.n, l.text, "not a row of the " + header + " list"})
		}
	}
	return names, warns
}

// Assignment is one target of `scstadmin -list_group`: its default LUNs
// and its initiator groups.
type Assignment struct {
	Driver, Target string
	LUNs           []LUNRow
	Groups         []GroupRows
}

// LUNRow is a LUN number and its device.
type LUNRow struct {
	LUN    uint32
	Device string
}

// GroupRows is an initiator group of -list_group.
type GroupRows struct {
	Name       string
	LUNs       []LUNRow
	Initiators []string
}

// ParseListGroups reads `scstadmin -list_group`: "Driver:", "Target:" and
// "Group:" lines, each followed by "Assigned LUNs:" and (groups only)
// "Assigned Initiators:" tables.
func ParseListGroups(out string) ([]Assignment, []Warning) {
	var as []Assignment
	var warns []Warning
	driver, mode := "", ""
	var group *GroupRows
	for _, l := range listingLines(out) {
		f := strings.Fields(l.text)
		cur := len(as) - 1
		switch {
		case strings.HasPrefix(l.text, "Driver: ") && len(f) == 2:
			driver, group, mode = f[1], nil, ""
		case strings.HasPrefix(l.text, "Target: ") && len(f) == 2 && driver != "":
			as = append(as, Assignment{Driver: driver, Target: f[1]})
			group, mode = nil, ""
		case strings.HasPrefix(l.text, "Group: ") && len(f) == 2 && cur >= 0:
			as[cur].Groups = append(as[cur].Groups, GroupRows{Name: f[1]})
			group, mode = &as[cur].Groups[len(as[cur].Groups)-1], ""
		case l.text == "Assigned LUNs:" && cur >= 0:
			mode = "luns"
		case l.text == "Assigned Initiators:" && group != nil:
			mode = "initiators"
		case isRule(l.text), mode == "luns" && len(f) == 2 && f[0] == "LUN" && f[1] == "Device", mode == "initiators" && l.text == "Initiator":
		case mode == "luns" && len(f) == 2 && l.indent:
			n, err := strconv.ParseUint(f[0], 10, 32)
			if err != nil {
				warns = append(warns, Warning{l.n, l.text, "the LUN is not a number"})
				continue
			}
			row := LUNRow{uint32(n), f[1]}
			if group != nil {
				group.LUNs = append(group.LUNs, row)
			} else {
				as[cur].LUNs = append(as[cur].LUNs, row)
			}
		case mode == "initiators" && len(f) == 1 && l.indent:
			group.Initiators = append(group.Initiators, f[0])
		default:
			warns = append(warns, Warning{l.n, l.text, "not a -list_group line"})
		}
	}
	return as, warns
}

// AttrValue is one row of an attribute listing.
type AttrValue struct {
	Name, Value   string
	Writable, Key bool
}

// Attributes is what the -list_*_attr commands and `-list_device NAME`
// print: the attributes with their values, and the names of attributes
// that can be given at creation or added ("Device CREATE", "LUN CREATE",
// "Dynamic" ...: the words before "attributes available").
type Attributes struct {
	Values    []AttrValue
	Available map[string][]string
}

// ParseAttributes reads an attribute listing. A value may hold blanks
// ("192.168.1.16 AccessControl"): the last two columns are Writable and
// KEY, the first the name, and the value is what lies between.
func ParseAttributes(out string) (Attributes, []Warning) {
	var a Attributes
	var warns []Warning
	section := ""
	for _, l := range listingLines(out) {
		f := strings.Fields(l.text)
		switch {
		case isRule(l.text):
		case len(f) == 4 && f[0] == "Attribute" && f[1] == "Value" && f[2] == "Writable" && f[3] == "KEY":
			section = "values"
		case strings.HasSuffix(l.text, " attributes available"):
			section = strings.TrimSuffix(l.text, " attributes available")
			if a.Available == nil {
				a.Available = map[string][]string{}
			}
			a.Available[section] = []string{}
		case section == "values" && l.text == "(none)":
		case section == "values" && len(f) >= 3 && yesNo(f[len(f)-1]) && yesNo(f[len(f)-2]):
			v := AttrValue{Name: f[0], Writable: f[len(f)-2] == "Yes", Key: f[len(f)-1] == "Yes"}
			rest := strings.TrimSpace(strings.TrimPrefix(l.text, f[0]))
			for range 2 {
				rest = strings.TrimSpace(rest[:strings.LastIndexAny(rest, " \t")+1])
			}
			if len(f) > 3 {
				v.Value = rest
			}
			a.Values = append(a.Values, v)
		case section != "" && section != "values" && len(f) == 1:
			a.Available[section] = append(a.Available[section], f[0])
		default:
			warns = append(warns, Warning{l.n, l.text, "not an attribute listing line"})
		}
	}
	return a, warns
}

func yesNo(s string) bool { return s == "Yes" || s == "No" }
