package mtx

import (
	"fmt"
	"strconv"
	"strings"
)

// Status is one `mtx status` answer.
type Status struct {
	Device string // the changer as the header names it
	// The counts the header declares; -1 when there was no header. Slots
	// counts the mail slots too, as mtx does.
	HeaderDrives, HeaderSlots, HeaderMailSlots int
	Drives                                     []Drive // in mtx's order (0, 1, ...)
	Slots                                      []Slot  // storage elements then mail slots, as mtx prints them
	// Sense holds SCSI sense report lines found in the text: they belong on
	// stderr, but a combined capture (and some wrappers) mix them in.
	Sense    []string
	Warnings []Warning
}

// Drive is a data transfer element.
type Drive struct {
	Number int // mtx's 0-based drive number
	Full   bool
	// Source is the slot the library says the cartridge came from, 0 when
	// it does not know ("Unknown Storage Element Loaded"). It is the
	// library's memory, not a fact: it can name a slot that is full, or the
	// same slot for two drives (recorded).
	Source      int
	Tag, AltTag string // barcodes, trimmed of the SCSI field's padding
}

// Slot is a storage element or an import/export (mail) slot.
type Slot struct {
	Number      int // mtx's 1-based storage element number
	MailSlot    bool
	Full        bool
	Tag, AltTag string
}

// Drive returns drive n.
func (s Status) Drive(n int) (Drive, bool) {
	if n >= 0 && n < len(s.Drives) && s.Drives[n].Number == n {
		return s.Drives[n], true
	}
	for _, d := range s.Drives {
		if d.Number == n {
			return d, true
		}
	}
	return Drive{}, false
}

// Slot returns storage element n (a mail slot included).
func (s Status) Slot(n int) (Slot, bool) {
	// mtx prints every element in order, so the index is the fast path.
	if n >= 1 && n <= len(s.Slots) && s.Slots[n-1].Number == n {
		return s.Slots[n-1], true
	}
	for _, sl := range s.Slots {
		if sl.Number == n {
			return sl, true
		}
	}
	return Slot{}, false
}

const (
	headerPrefix = "Storage Changer "
	drivePrefix  = "Data Transfer Element "
	slotPrefix   = "Storage Element "
	mailMarker   = " IMPORT/EXPORT"
)

// ParseStatus reads `mtx status` output. It never fails: a line it does
// not know becomes a Warning, sense report lines go to Sense, and what
// it could read is returned.
func ParseStatus(out string) Status {
	st := Status{HeaderDrives: -1, HeaderSlots: -1, HeaderMailSlots: -1}
	headerLine := 0
	lineNo := 0
	for len(out) > 0 {
		var raw string
		raw, out, _ = strings.Cut(out, "\n")
		lineNo++
		line := strings.TrimRight(raw, " \t\r")
		body := strings.TrimLeft(line, " \t")
		if body == "" {
			continue
		}
		var why string
		switch {
		case strings.HasPrefix(body, drivePrefix):
			why = st.parseDrive(body[len(drivePrefix):])
		case strings.HasPrefix(body, slotPrefix):
			why = st.parseSlot(body[len(slotPrefix):])
		case strings.HasPrefix(body, headerPrefix):
			why = st.parseHeader(body[len(headerPrefix):])
			headerLine = lineNo
		case isSenseLine(body):
			st.Sense = append(st.Sense, body)
		default:
			why = "not a line of mtx status"
		}
		if why != "" {
			st.Warnings = append(st.Warnings, Warning{lineNo, line, why})
		}
	}
	st.checkCounts(headerLine)
	return st
}

func (st *Status) parseHeader(rest string) string {
	// The device path may hold colons (/dev/tape/by-path/pci-0000:03:00.0-...);
	// the counts never do.
	i := strings.LastIndexByte(rest, ':')
	if i < 0 {
		return "header without ':'"
	}
	var d, s, m int
	if n, _ := fmt.Sscanf(rest[i+1:], "%d Drives, %d Slots ( %d Import/Export )", &d, &s, &m); n != 3 {
		return "header counts not understood"
	}
	st.Device, st.HeaderDrives, st.HeaderSlots, st.HeaderMailSlots = rest[:i], d, s, m
	return ""
}

func (st *Status) parseDrive(rest string) string {
	num, state, ok := strings.Cut(rest, ":")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 0 {
		return "drive number not understood"
	}
	d := Drive{Number: n}
	switch {
	case state == "Empty":
	case strings.HasPrefix(state, "Full"):
		d.Full = true
		state = strings.TrimPrefix(state, "Full")
		state = strings.TrimLeft(state, " ")
		if strings.HasPrefix(state, "(") {
			inner, after, ok := strings.Cut(state[1:], ")")
			if !ok {
				return "unclosed '(' after Full"
			}
			state = after
			switch {
			case inner == "Unknown Storage Element Loaded":
			case strings.HasPrefix(inner, "Storage Element ") && strings.HasSuffix(inner, " Loaded"):
				src, err := strconv.Atoi(inner[len("Storage Element ") : len(inner)-len(" Loaded")])
				if err != nil || src < 1 {
					return "source slot not understood"
				}
				d.Source = src
			default:
				return "source element not understood"
			}
		}
		var why string
		if d.Tag, d.AltTag, why = parseTags(state); why != "" {
			return why
		}
	default:
		return "drive state not understood"
	}
	st.Drives = append(st.Drives, d)
	return ""
}

func (st *Status) parseSlot(rest string) string {
	head, state, ok := strings.Cut(rest, ":")
	if !ok {
		return "slot without ':'"
	}
	s := Slot{}
	if strings.HasSuffix(head, mailMarker) {
		s.MailSlot = true
		head = head[:len(head)-len(mailMarker)]
	}
	n, err := strconv.Atoi(head)
	if err != nil || n < 1 {
		return "slot number not understood"
	}
	s.Number = n
	switch {
	case strings.HasPrefix(state, "Full"):
		s.Full = true
		state = state[len("Full"):]
	case strings.HasPrefix(state, "Empty"):
		// Some libraries report a tag field on an empty slot
		// ("Storage Element 5:Empty:VolumeTag="); it is read and kept.
		state = state[len("Empty"):]
	default:
		return "slot state not understood"
	}
	var why string
	if s.Tag, s.AltTag, why = parseTags(strings.TrimLeft(state, " ")); why != "" {
		return why
	}
	st.Slots = append(st.Slots, s)
	return ""
}

// parseTags reads ":VolumeTag = X:AlternateVolumeTag = Y" (drives put
// spaces around '=', slots do not; either part may be missing). A tag is
// trimmed: SCSI pads the field with spaces, and mtx prints them.
func parseTags(s string) (tag, alt, why string) {
	if s == "" {
		return "", "", ""
	}
	if i := strings.Index(s, ":AlternateVolumeTag"); i >= 0 {
		var ok bool
		if alt, ok = tagValue(s[i+len(":AlternateVolumeTag"):]); !ok {
			return "", "", "AlternateVolumeTag without '='"
		}
		s = s[:i]
	}
	if s == "" {
		return "", alt, ""
	}
	if !strings.HasPrefix(s, ":VolumeTag") {
		return "", "", "unexpected text after the state"
	}
	var ok bool
	if tag, ok = tagValue(s[len(":VolumeTag"):]); !ok {
		return "", "", "VolumeTag without '='"
	}
	return tag, alt, ""
}

func tagValue(s string) (string, bool) {
	s = strings.TrimLeft(s, " ")
	if !strings.HasPrefix(s, "=") {
		return "", false
	}
	return strings.TrimSpace(s[1:]), true
}

func isSenseLine(s string) bool {
	return strings.Contains(s, "Request Sense:") || strings.HasPrefix(s, "Mode sense (") || strings.HasPrefix(s, "Mode Sense (")
}

// checkCounts warns when the elements listed disagree with the header or
// repeat a number: a truncated capture must not pass for a whole library.
func (st *Status) checkCounts(headerLine int) {
	if st.HeaderDrives < 0 {
		if len(st.Drives)+len(st.Slots) > 0 {
			st.Warnings = append(st.Warnings, Warning{0, "", "no 'Storage Changer' header"})
		}
		return
	}
	mail := 0
	for _, s := range st.Slots {
		if s.MailSlot {
			mail++
		}
	}
	if len(st.Drives) != st.HeaderDrives || len(st.Slots) != st.HeaderSlots || mail != st.HeaderMailSlots {
		st.Warnings = append(st.Warnings, Warning{headerLine, "", fmt.Sprintf(
			"header declares %d drives, %d slots (%d import/export) but %d, %d (%d) are listed",
			st.HeaderDrives, st.HeaderSlots, st.HeaderMailSlots, len(st.Drives), len(st.Slots), mail)})
	}
	for i, d := range st.Drives {
		if d.Number != i {
			st.Warnings = append(st.Warnings, Warning{0, "", fmt.Sprintf("drive %d listed in position %d", d.Number, i)})
			break
		}
	}
	for i, s := range st.Slots {
		if s.Number != i+1 {
			st.Warnings = append(st.Warnings, Warning{0, "", fmt.Sprintf("slot %d listed in position %d", s.Number, i+1)})
			break
		}
	}
}
