package sglogs

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"bams/backend/internal/execx"
)

// Flag is one TapeAlert flag that is set.
type Flag struct {
	Number   int    // 1-64; 0 when neither the name nor the line gave it
	Name     string // as sg_logs printed it
	Severity Severity
}

// TapeAlert is one read of the page.
type TapeAlert struct {
	Vendor, Product, Revision string // the banner sg_logs prints first, when it does
	Seen                      int    // flag lines read (64 on a drive that reports them all)
	Active                    []Flag // set flags, in page order
	Warnings                  []Warning
}

// Warning is a line the parser could not read.
type Warning struct {
	Line   int
	Text   string
	Reason string
}

func (w Warning) String() string { return fmt.Sprintf("line %d: %s: %q", w.Line, w.Reason, w.Text) }

// Has reports whether flag n is set.
func (t TapeAlert) Has(n int) bool {
	for _, f := range t.Active {
		if f.Number == n {
			return true
		}
	}
	return false
}

// NeedsCleaning: the drive asks for a cleaning now (20) or at the next
// chance (21).
func (t TapeAlert) NeedsCleaning() bool { return t.Has(CleanNow) || t.Has(CleanPeriodic) }

var (
	// "Obsolete (28h)", "Reserved (2Fh)": the flag number in hex.
	hexNameRE = regexp.MustCompile(`^(?:Obsolete|Reserved) \(([0-9A-Fa-f]{2})h\)$`)
	// "Reserved parameter code 0x3d, flag": a flag sg_logs has no name for.
	paramNameRE = regexp.MustCompile(`^Reserved parameter code 0x([0-9A-Fa-f]+), flag$`)
	byName      = func() map[string]int {
		m := map[string]int{}
		for n, f := range tapeAlert {
			if f.name != "" {
				m[strings.ToLower(f.name)] = n
			}
		}
		for k, v := range aliases {
			m[k] = v
		}
		return m
	}()
)

func number(name string) int {
	if n, ok := byName[strings.ToLower(name)]; ok {
		return n
	}
	if m := hexNameRE.FindStringSubmatch(name); m != nil {
		n, _ := strconv.ParseUint(m[1], 16, 8)
		return int(n)
	}
	if m := paramNameRE.FindStringSubmatch(name); m != nil {
		if n, err := strconv.ParseUint(m[1], 16, 16); err == nil && n <= 64 {
			return int(n)
		}
	}
	return 0
}

const pageHeader = "Tape alert page"

// ParseTapeAlert reads `sg_logs --page=0x2e` output. It never fails:
// lines it cannot read are Warnings, and a set flag with a name it does
// not know is still reported (Number 0, severity warning).
func ParseTapeAlert(out string) TapeAlert {
	var t TapeAlert
	inPage := false
	for i, raw := range strings.Split(out, "\n") {
		line := strings.TrimRight(raw, " \t\r")
		body := strings.TrimSpace(line)
		switch {
		case body == "":
			continue
		case strings.HasPrefix(body, pageHeader):
			inPage = true
			continue
		case !inPage:
			// The banner: vendor (8), product (16), revision (4) as the
			// drive sends them, space-separated and space-padded.
			if t.Vendor == "" && strings.HasPrefix(line, "    ") {
				f := strings.Fields(body)
				if len(f) >= 3 {
					t.Vendor, t.Revision = f[0], f[len(f)-1]
					t.Product = strings.Join(f[1:len(f)-1], " ")
					continue
				}
			}
			t.Warnings = append(t.Warnings, Warning{i + 1, line, "before the tape alert page"})
			continue
		}
		// The value follows the last ':' (a name may hold one; a value never does).
		colon := strings.LastIndexByte(body, ':')
		if colon < 0 {
			t.Warnings = append(t.Warnings, Warning{i + 1, line, "not a 'flag: value' line"})
			continue
		}
		name := body[:colon]
		v, err := strconv.Atoi(strings.TrimSpace(body[colon+1:]))
		if err != nil || v < 0 {
			t.Warnings = append(t.Warnings, Warning{i + 1, line, "not a 'flag: value' line"})
			continue
		}
		t.Seen++
		if v == 0 {
			continue
		}
		f := Flag{Number: number(name), Name: name, Severity: Warn}
		if f.Number > 0 && tapeAlert[f.Number].severity != "" {
			f.Severity = tapeAlert[f.Number].severity
		}
		t.Active = append(t.Active, f)
	}
	if !inPage && t.Seen == 0 && out != "" {
		t.Warnings = append(t.Warnings, Warning{0, "", "no tape alert page in the output"})
	}
	return t
}

// Kind names why sg_logs failed.
type Kind string

const (
	Unsupported Kind = "unsupported" // the device has no TapeAlert page (illegal request, exit 5)
	NotReady    Kind = "not-ready"   // exit 2
	NoDevice    Kind = "no-device"   // the node could not be opened (exit 50 + errno, as sg_inq's 52 is recorded)
	Failed      Kind = "failed"
)

// Error is a failed sg_logs run.
type Error struct {
	Kind   Kind
	Code   int
	Stderr string
	Err    error
}

func (e *Error) Error() string {
	if e.Stderr != "" {
		return "sg_logs: " + strings.SplitN(e.Stderr, "\n", 2)[0]
	}
	return "sg_logs: " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// sg3-utils' exit statuses (sg3_utils(8)): 2 not ready, 5 illegal
// request, 9 invalid opcode, 50+errno an operating system error.
func kindOf(code int) Kind {
	switch {
	case code == 2:
		return NotReady
	case code == 5 || code == 9:
		return Unsupported
	case code >= 50 && code < 99:
		return NoDevice
	}
	return Failed
}

var devicePathRE = regexp.MustCompile(`^/dev/[A-Za-z0-9][A-Za-z0-9_.:@+=/-]*$`)

// Read runs `sg_logs --page=0x2e DEV` on a drive's sg node (or its st
// node: sg_logs opens either).
func Read(ctx context.Context, r *execx.Runner, dev string) (TapeAlert, error) {
	if !devicePathRE.MatchString(dev) || strings.Contains(dev, "..") || strings.Contains(dev, "//") {
		return TapeAlert{}, fmt.Errorf("device %q: must be a path under /dev/", dev)
	}
	res, err := r.Run(ctx, execx.Cmd{Name: "sg_logs", Args: []string{"--page=0x2e", dev}})
	var ee *execx.ExitError
	if errors.As(err, &ee) && !ee.TimedOut && ctx.Err() == nil {
		return TapeAlert{}, &Error{Kind: kindOf(ee.Code), Code: ee.Code, Stderr: strings.TrimSpace(string(res.Stderr)), Err: err}
	}
	if err != nil {
		return TapeAlert{}, err
	}
	return ParseTapeAlert(string(res.Stdout)), nil
}
