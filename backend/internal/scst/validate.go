package scst

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// ValidationError names the field BAMS refuses, before anything runs.
type ValidationError struct {
	Field  string // a path such as drivers[iscsi].targets[iqn...].luns[0].device
	Value  string // never a secret
	Reason string
}

func (e *ValidationError) Error() string {
	if e.Value == "" {
		return e.Field + ": " + e.Reason
	}
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason)
}

var (
	// RFC 3720 3.2.6.3.1 "iqn." YYYY-MM "." reversed domain [":" anything],
	// in the characters RFC 3722's stringprep leaves: lowercase letters,
	// digits, '-', '.', ':'. Uppercase is refused rather than folded, so
	// what is stored is what initiators see.
	iqnRE = regexp.MustCompile(`^iqn\.([0-9]{4})-([0-9]{2})\.([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::[a-z0-9.:-]+)?$`)
	// RFC 3720 3.2.6.3.2: "eui." and 16 hex digits (an EUI-64).
	euiRE = regexp.MustCompile(`^eui\.[0-9A-Fa-f]{16}$`)
	// Names of devices, groups, handlers and drivers: a letter or digit
	// first (never '-', so no name reads as an option), then the
	// characters SCST's sysfs names take without quoting. '/' is what
	// check_config refuses in device names; space, '#' and quotes are
	// what the scst.conf syntax would have to escape.
	nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]*$`)
	// CHAP user names: the same, plus '@' (user@domain is common).
	chapUserRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:@-]*$`)
	attrNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
)

// Limits: RFC 3720 caps iSCSI names at 223 bytes; SCST's own name buffer
// for devices is smaller, so BAMS keeps device and group names short.
const (
	maxISCSIName   = 223
	maxName        = 64
	maxLUN         = 16383 // SCST's largest LUN with flat addressing
	minSecret      = 12    // RFC 3720 8.2.1: at least 96 bits; Windows refuses fewer than 12 characters
	maxSecret      = 255
	maxAttrValue   = 4096
	maxAliasLength = 255
)

// CheckIQN validates an iSCSI qualified name.
func CheckIQN(name string) error {
	if len(name) > maxISCSIName {
		return &ValidationError{"iqn", name, "is longer than 223 bytes (RFC 3720)"}
	}
	m := iqnRE.FindStringSubmatch(name)
	if m == nil {
		if strings.ToLower(name) != name && iqnRE.MatchString(strings.ToLower(name)) {
			return &ValidationError{"iqn", name, "must be lowercase (RFC 3722)"}
		}
		return &ValidationError{"iqn", name, "must be iqn.YYYY-MM.reversed.domain[:name] (RFC 3720)"}
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	if year < 1970 || month < 1 || month > 12 {
		return &ValidationError{"iqn", name, "has no valid YYYY-MM date"}
	}
	return nil
}

// CheckEUI validates an EUI-64 iSCSI name.
func CheckEUI(name string) error {
	if !euiRE.MatchString(name) {
		return &ValidationError{"eui", name, "must be eui. followed by 16 hex digits (RFC 3720)"}
	}
	return nil
}

// CheckISCSIName accepts an IQN or an EUI name: targets and initiators.
func CheckISCSIName(name string) error {
	if strings.HasPrefix(name, "eui.") {
		return CheckEUI(name)
	}
	return CheckIQN(name)
}

// CheckName validates a device, group, handler or driver name.
func CheckName(field, name string) error {
	switch {
	case name == "":
		return &ValidationError{field, name, "is empty"}
	case len(name) > maxName:
		return &ValidationError{field, name, "is longer than 64 bytes"}
	case !nameRE.MatchString(name):
		return &ValidationError{field, name, "must start with a letter or digit and hold only letters, digits and _.:-"}
	}
	return nil
}

// CheckCHAPUser validates a CHAP user name and secret. The secret is
// never part of the error.
func CheckCHAPUser(field string, u CHAPUser) error {
	if u.User == "" || len(u.User) > maxName || !chapUserRE.MatchString(u.User) {
		return &ValidationError{field + ".user", u.User, "must start with a letter or digit and hold only letters, digits and _.:@-"}
	}
	s := u.Secret.Reveal()
	if len(s) < minSecret || len(s) > maxSecret {
		return &ValidationError{field + ".secret", "", fmt.Sprintf("must be %d to %d characters", minSecret, maxSecret)}
	}
	for i := 0; i < len(s); i++ {
		// scst.conf quotes the "user secret" pair: a space would split it,
		// a double quote end it; control characters and non-ASCII are what
		// initiators disagree about.
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' {
			return &ValidationError{field + ".secret", "", "must be printable ASCII without spaces or double quotes"}
		}
	}
	return nil
}

// checkValue refuses what the scst.conf syntax cannot carry: a line break
// ends the attribute and a double quote ends a quoted value.
func checkValue(field, v string) error {
	if len(v) > maxAttrValue {
		return &ValidationError{field, v[:64] + "…", "is longer than 4096 bytes"}
	}
	if strings.ContainsAny(v, "\"\r\n\x00") {
		return &ValidationError{field, v, "must not hold double quotes or line breaks"}
	}
	for _, r := range v {
		if r < ' ' && r != '\t' || r == 0x7f {
			return &ValidationError{field, v, "must not hold control characters"}
		}
	}
	return nil
}

func checkAttrs(field string, attrs []Attr, reserved map[string]bool) error {
	for _, a := range attrs {
		f := field + ".attrs[" + a.Name + "]"
		if !attrNameRE.MatchString(a.Name) {
			return &ValidationError{f, a.Name, "must be a letter then letters, digits and _"}
		}
		if reserved[a.Name] || isCHAPAttr(a.Name) {
			return &ValidationError{f, a.Name, "is set through its own field"}
		}
		if err := checkValue(f, a.Value); err != nil {
			return err
		}
	}
	return nil
}

// CheckFilename validates a device's backing path: absolute and clean,
// and under /dev/ for block I/O.
func CheckFilename(field, handler, p string) error {
	if p == "" || !path.IsAbs(p) || path.Clean(p) != p || strings.ContainsAny(p, " \t#\\\"") {
		return &ValidationError{field, p, "must be an absolute, clean path without spaces, quotes, '#' or '\\'"}
	}
	if err := checkValue(field, p); err != nil {
		return err
	}
	if handler == BlockIO && !strings.HasPrefix(p, "/dev/") {
		return &ValidationError{field, p, "must be a block device under /dev/ for vdisk_blockio"}
	}
	return nil
}

// Validate checks a configuration BAMS is about to apply. It is strict
// about what BAMS manages (iSCSI targets on vdisk_fileio and vdisk_blockio
// devices) and refuses the rest, so a desired configuration never holds
// something the plan, the page or an admin cannot read. Parse does not
// validate: a running configuration may hold anything SCST accepts.
func (c Config) Validate() error {
	if err := checkAttrs("attrs", c.Attrs, nil); err != nil {
		return err
	}
	if len(c.ALUA) > 0 || len(c.DeviceGroups) > 0 {
		return &ValidationError{"device_groups", "", "ALUA is not managed by BAMS"}
	}
	devices := map[string]bool{}
	for _, h := range c.Handlers {
		f := "handlers[" + h.Name + "]"
		if h.Name != FileIO && h.Name != BlockIO {
			return &ValidationError{f, h.Name, "must be vdisk_fileio or vdisk_blockio"}
		}
		if err := checkAttrs(f, h.Attrs, nil); err != nil {
			return err
		}
		for _, d := range h.Devices {
			df := f + ".devices[" + d.Name + "]"
			if err := CheckName(df+".name", d.Name); err != nil {
				return err
			}
			if devices[d.Name] {
				return &ValidationError{df, d.Name, "is defined twice"}
			}
			devices[d.Name] = true
			if err := CheckFilename(df+".filename", h.Name, d.Filename); err != nil {
				return err
			}
			if err := checkAttrs(df, d.Attrs, map[string]bool{"filename": true}); err != nil {
				return err
			}
		}
	}
	seenDriver := map[string]bool{}
	for _, d := range c.Drivers {
		f := "drivers[" + d.Name + "]"
		if d.Name != ISCSI {
			return &ValidationError{f, d.Name, "only the iscsi target driver is managed by BAMS"}
		}
		if seenDriver[d.Name] {
			return &ValidationError{f, d.Name, "is defined twice"}
		}
		seenDriver[d.Name] = true
		if err := checkAttrs(f, d.Attrs, map[string]bool{"enabled": true}); err != nil {
			return err
		}
		if err := d.CHAP.validate(f + ".chap"); err != nil {
			return err
		}
		targets := map[string]bool{}
		for _, t := range d.Targets {
			if err := t.validate(f+".targets["+t.Name+"]", devices); err != nil {
				return err
			}
			if targets[t.Name] {
				return &ValidationError{f + ".targets[" + t.Name + "]", t.Name, "is defined twice"}
			}
			targets[t.Name] = true
		}
	}
	return nil
}

func (t Target) validate(f string, devices map[string]bool) error {
	if err := CheckISCSIName(t.Name); err != nil {
		return &ValidationError{f + ".name", t.Name, err.(*ValidationError).Reason}
	}
	if t.HWTarget {
		return &ValidationError{f, t.Name, "an iSCSI target is never a hardware target"}
	}
	if t.Alias != "" {
		if len(t.Alias) > maxAliasLength {
			return &ValidationError{f + ".alias", t.Alias, "is longer than 255 bytes"}
		}
		if err := checkValue(f+".alias", t.Alias); err != nil {
			return err
		}
	}
	if err := checkAttrs(f, t.Attrs, map[string]bool{"enabled": true, "alias": true, "allowed_portal": true}); err != nil {
		return err
	}
	if err := t.CHAP.validate(f + ".chap"); err != nil {
		return err
	}
	seenPortal := map[Portal]bool{}
	for _, p := range t.Portals {
		pf := f + ".portals[" + p.Address.String() + "]"
		if !p.Address.IsValid() || p.Address.Zone() != "" {
			return &ValidationError{pf, p.Address.String(), "must be an IP address without a zone"}
		}
		if p.Port != DefaultPort {
			return &ValidationError{pf + ".port", strconv.Itoa(int(p.Port)),
				"must be 3260: SCST restricts a target by address only, and iscsi-scstd listens on one port for all"}
		}
		if seenPortal[p] {
			return &ValidationError{pf, p.Address.String(), "is listed twice"}
		}
		seenPortal[p] = true
	}
	if err := checkLUNs(f+".luns", t.LUNs, devices); err != nil {
		return err
	}
	groups := map[string]bool{}
	initiators := map[string]string{}
	for _, g := range t.Groups {
		gf := f + ".groups[" + g.Name + "]"
		if err := CheckName(gf+".name", g.Name); err != nil {
			return err
		}
		if groups[g.Name] {
			return &ValidationError{gf, g.Name, "is defined twice"}
		}
		groups[g.Name] = true
		if err := checkAttrs(gf, g.Attrs, nil); err != nil {
			return err
		}
		if err := checkLUNs(gf+".luns", g.LUNs, devices); err != nil {
			return err
		}
		for _, i := range g.Initiators {
			inf := gf + ".initiators[" + i.Name + "]"
			if err := CheckISCSIName(i.Name); err != nil {
				return &ValidationError{inf, i.Name, err.(*ValidationError).Reason}
			}
			// scstadmin -check_config: an initiator belongs to one group per target.
			if other, ok := initiators[i.Name]; ok {
				return &ValidationError{inf, i.Name, "is already in group " + other + " of this target"}
			}
			initiators[i.Name] = g.Name
			if err := checkAttrs(inf, i.Attrs, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkLUNs(f string, luns []LUN, devices map[string]bool) error {
	seen := map[uint32]bool{}
	for _, l := range luns {
		lf := f + "[" + strconv.Itoa(int(l.Number)) + "]"
		if l.Number > maxLUN {
			return &ValidationError{lf, strconv.Itoa(int(l.Number)), "is larger than 16383"}
		}
		if seen[l.Number] {
			return &ValidationError{lf, strconv.Itoa(int(l.Number)), "is used twice"}
		}
		seen[l.Number] = true
		if !devices[l.Device] {
			// check_config would only warn, and drop the LUN.
			return &ValidationError{lf + ".device", l.Device, "is not a device of this configuration"}
		}
		if err := checkAttrs(lf, l.Attrs, nil); err != nil {
			return err
		}
	}
	return nil
}

func (c CHAP) validate(f string) error {
	users := map[string]bool{}
	for _, u := range c.Incoming {
		if err := CheckCHAPUser(f+".incoming["+u.User+"]", u); err != nil {
			return err
		}
		if users[u.User] {
			return &ValidationError{f + ".incoming[" + u.User + "]", u.User, "is listed twice"}
		}
		users[u.User] = true
	}
	if c.Outgoing != nil {
		if err := CheckCHAPUser(f+".outgoing", *c.Outgoing); err != nil {
			return err
		}
		if len(c.Incoming) == 0 {
			return &ValidationError{f + ".outgoing", c.Outgoing.User, "mutual CHAP needs an incoming user too"}
		}
		// RFC 3720 8.2.1: the target's secret must differ from the
		// initiator's, or a reflection attack answers one with the other.
		for _, u := range c.Incoming {
			if u.Secret.Equal(c.Outgoing.Secret) {
				return &ValidationError{f + ".outgoing.secret", "", "must differ from the incoming secret of " + u.User}
			}
		}
	}
	return nil
}

func isCHAPAttr(name string) bool {
	_, ok := chapAttr(name)
	return ok
}

// chapAttr recognizes IncomingUser, IncomingUser1, ... and OutgoingUser
// (sysfs numbers repeated attributes; scst.conf repeats the name).
func chapAttr(name string) (incoming bool, ok bool) {
	for _, p := range []string{"IncomingUser", "OutgoingUser"} {
		if rest, found := strings.CutPrefix(name, p); found && strings.Trim(rest, "0123456789") == "" {
			return p == "IncomingUser", true
		}
	}
	return false, false
}
