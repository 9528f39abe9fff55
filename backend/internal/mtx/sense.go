package mtx

import (
	"strconv"
	"strings"
)

// Sense is one SCSI sense report as mtx prints it on stderr
// ("mtx: Request Sense: Sense Key=Illegal Request", "... Additional Sense
// Code = 53", "... Additional Sense Qualifier = 03", ...).
type Sense struct {
	Key       string // "Not Ready", "Illegal Request", "Unit Attention", "Hardware Error", ...
	ASC, ASCQ int    // -1 when the report did not give them
}

// ParseSense reads every sense report in text (stderr, or a combined
// capture). Other lines are ignored.
func ParseSense(text string) []Sense {
	var out []Sense
	cur := -1
	for _, line := range strings.Split(text, "\n") {
		_, rest, ok := strings.Cut(line, "Request Sense: ")
		if !ok {
			continue
		}
		key, val, ok := strings.Cut(rest, "=")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		// Each report starts with "Long Report=" (mtx prints that line
		// first); a repeated key also means a new report.
		if key == "Long Report" || cur < 0 || (key == "Sense Key" && out[cur].Key != "") {
			out = append(out, Sense{ASC: -1, ASCQ: -1})
			cur = len(out) - 1
		}
		switch key {
		case "Sense Key":
			out[cur].Key = val
		case "Additional Sense Code":
			out[cur].ASC = hexByte(val)
		case "Additional Sense Qualifier":
			out[cur].ASCQ = hexByte(val)
		}
	}
	return out
}

func hexByte(s string) int {
	n, err := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(s), "0x"), 16, 8)
	if err != nil {
		return -1
	}
	return int(n)
}

// The few ASC/ASCQ pairs that decide what BAMS does (SPC-4/SMC-3 tables).
func (s Sense) is(asc, ascq int) bool { return s.ASC == asc && s.ASCQ == ascq }

// becomingReady: the library or drive refused the command because it is
// still getting ready; it did not execute it, so running it again after
// a pause is safe. Only these are retried.
func (s Sense) becomingReady() bool {
	return s.Key == "Not Ready" && (s.is(0x04, 0x01) || // logical unit is in process of becoming ready
		s.is(0x3E, 0x00)) // logical unit has not self-configured yet (just powered on)
}
