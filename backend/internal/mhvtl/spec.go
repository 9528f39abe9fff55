package mhvtl

import (
	"fmt"
	"regexp"
	"strings"
)

// DriveModel is an emulated drive and the LTO generations it writes.
type DriveModel struct {
	Vendor, Product, Revision string
	Writes                    []string // barcode media suffixes it writes (L7, L8, ...)
}

// Models lists the drive models a Spec may name.
func Models() []string { return []string{"LTO-5", "LTO-6", "LTO-7", "LTO-8"} }

// models are the LTO drives mhvtl emulates that a backup appliance uses
// (inquiry strings as mhvtl's generate_device_conf writes them). LTO-N
// writes N-1 and N (LTO-8 cannot read LTO-6).
var models = map[string]DriveModel{
	"LTO-5": {"IBM", "ULT3580-TD5", "550V", []string{"L4", "L5"}},
	"LTO-6": {"IBM", "ULT3580-TD6", "2160", []string{"L5", "L6"}},
	"LTO-7": {"IBM", "ULT3580-TD7", "2160", []string{"L6", "L7"}},
	"LTO-8": {"IBM", "ULT3580-TD8", "2160", []string{"L7", "L8"}},
}

// Spec is one virtual library.
type Spec struct {
	ID        int    // library id (its message queue, and the N of library_contents.N); drives get ID+1..ID+Drives
	Drives    int    // 1-16
	Model     string // a key of Models
	Slots     int    // storage slots, 1-10000
	MailSlots int    // import/export slots (MAP), 0-64
	// Barcodes fill slots from 1; "" leaves a slot empty. A barcode with
	// the cleaning prefix (CLN) is a cleaning cartridge to mhvtl too.
	Barcodes []string
	Home     string // where mhvtl keeps the virtual cartridges; default /opt/mhvtl
	Target   int    // first SCSI target (the changer's; drives follow); default 0
	Channel  int
	Persist  bool // mhvtl keeps moves across restarts (library_contents.N.persist)
}

// The library emulated: mhvtl's default changer.
const (
	changerVendor, changerProduct, changerRevision = "STK", "L700", "0108"
	DefaultHome                                    = "/opt/mhvtl"
)

// A barcode mhvtl's make_vtl_media can give a density to: 6-8
// characters then a media code (L1-L8 for LTO); anything else gets
// density UNKNOWN and mktape refuses it. A leading W makes WORM media,
// a leading CLN a cleaning cartridge.
var barcodeRE = regexp.MustCompile(`^[A-Z0-9]{6,8}[SLXTJD][12345678ABKUVWXYZ]$`)

// SpecError names the field of a Spec that is wrong.
type SpecError struct {
	Field, Reason string
}

func (e *SpecError) Error() string { return e.Field + ": " + e.Reason }

func (s Spec) home() string {
	if s.Home == "" {
		return DefaultHome
	}
	return s.Home
}

// Check validates a Spec before anything is generated.
func (s Spec) Check() error {
	bad := func(f, format string, a ...any) error { return &SpecError{f, fmt.Sprintf(format, a...)} }
	switch {
	case s.ID < 1 || s.ID > 99:
		// The NAA mhvtl derives from it is two hex digits.
		return bad("id", "must be between 1 and 99")
	case s.Drives < 1 || s.Drives > 16:
		return bad("drives", "must be between 1 and 16")
	case s.Slots < 1 || s.Slots > 10000:
		return bad("slots", "must be between 1 and 10000")
	case s.MailSlots < 0 || s.MailSlots > 64:
		return bad("mail_slots", "must be between 0 and 64")
	case len(s.Barcodes) > s.Slots:
		return bad("barcodes", "%d barcodes for %d slots", len(s.Barcodes), s.Slots)
	case s.Channel < 0 || s.Channel > 99 || s.Target < 0 || s.Target+s.Drives > 99:
		return bad("target", "channel and targets must stay between 0 and 99")
	case !strings.HasPrefix(s.home(), "/") || strings.ContainsAny(s.home(), " \t\n") || strings.Contains(s.home(), ".."):
		return bad("home", "must be an absolute path without spaces or '..'")
	}
	if _, ok := models[s.Model]; !ok {
		return bad("model", "must be one of LTO-5, LTO-6, LTO-7, LTO-8")
	}
	seen := map[string]int{}
	for i, b := range s.Barcodes {
		if b == "" {
			continue
		}
		if why := checkBarcode(b); why != "" {
			return bad("barcodes", "slot %d: %q %s", i+1, b, why)
		}
		if j, dup := seen[b]; dup {
			return bad("barcodes", "%q is in slots %d and %d", b, j, i+1)
		}
		seen[b] = i + 1
	}
	return nil
}

func checkBarcode(b string) string {
	if !barcodeRE.MatchString(b) {
		return "is not 6-8 capital letters or digits followed by a media code such as L8 (mhvtl cannot tell its density)"
	}
	if strings.HasPrefix(b, "W") {
		return "starts with W, which mhvtl makes WORM (write-once) media"
	}
	return ""
}

// SequentialBarcodes makes n LTO barcodes PREFIX + number + suffix
// ("BAM", 3, "L8" → BAM001L8, BAM002L8, BAM003L8), 8 characters like
// real LTO labels.
func SequentialBarcodes(prefix string, start, n int, suffix string) []string {
	width := 6 - len(prefix)
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%0*d%s", prefix, width, start+i, suffix)
	}
	return out
}
