package scst

import (
	"net/netip"
	"strconv"
	"strings"
)

// Parse reads scst.conf (a file BAMS rendered, one an admin wrote, or what
// `scstadmin -write_config` saved) into a sorted Config. It is total:
// attributes it does not model are kept as Attrs, and anything it cannot
// place is a Warning, never an error. It reads the syntax as scstadmin
// does (comments, escapes, quoting, blocks), so what it returns is what
// scstadmin would apply. Warnings never quote a CHAP line: it holds a
// secret.
func Parse(text string) (Config, []Warning) {
	entries, warns := lex(text)
	p := &parser{warns: warns}
	var c Config
	for _, e := range entries {
		switch e.words[0] {
		case "HANDLER":
			if name, ok := p.named(e, 2); ok {
				c.Handlers = append(c.Handlers, p.handler(name, e.block))
			}
		case "TARGET_DRIVER":
			if name, ok := p.named(e, 2); ok {
				c.Drivers = append(c.Drivers, p.driver(name, e.block))
			}
		case "DEVICE_GROUP":
			if name, ok := p.named(e, 2); ok {
				c.DeviceGroups = append(c.DeviceGroups, p.deviceGroup(name, e.block))
			}
		case "ALUA":
			for _, a := range e.block {
				p.attr(&c.ALUA, a)
			}
		default:
			p.attr(&c.Attrs, e)
		}
	}
	c.Sort()
	p.dedupe(&c)
	return c, p.warns
}

type parser struct{ warns []Warning }

func (p *parser) warn(e entry, reason string) {
	text := strings.Join(e.words, " ")
	if len(e.words) > 0 && isCHAPAttr(e.words[0]) {
		text = e.words[0] + " (value not shown)"
	}
	p.warns = append(p.warns, Warning{Line: e.line, Text: text, Reason: reason})
}

// named checks a "KEYWORD name [{ ... }]" section line.
func (p *parser) named(e entry, words int) (string, bool) {
	if len(e.words) < 2 {
		p.warn(e, e.words[0]+" without a name is ignored")
		return "", false
	}
	if len(e.words) > words {
		p.warn(e, "words after the name are ignored (as scstadmin does)")
	}
	return e.words[1], true
}

// attr keeps an attribute line as written. A nested block under an
// attribute has no meaning in scst.conf and is dropped.
func (p *parser) attr(dst *[]Attr, e entry) {
	if e.hasBlock {
		p.warn(e, "unknown section is ignored")
		return
	}
	a := Attr{Name: e.words[0]}
	switch len(e.words) {
	case 1:
	case 2:
		a.Value = e.words[1]
	default:
		// scstadmin refuses such a line ("Attribute ... has an invalid
		// value"); kept joined so nothing is lost, and said.
		a.Value = strings.Join(e.words[1:], " ")
		p.warn(e, "a value with blanks must be quoted; scstadmin refuses this line")
	}
	*dst = append(*dst, a)
}

func (p *parser) handler(name string, block []entry) Handler {
	h := Handler{Name: name}
	for _, e := range block {
		if e.words[0] != "DEVICE" {
			p.attr(&h.Attrs, e)
			continue
		}
		dname, ok := p.named(e, 2)
		if !ok {
			continue
		}
		d := Device{Name: dname}
		for _, a := range e.block {
			if a.words[0] == "filename" && len(a.words) == 2 && !a.hasBlock && d.Filename == "" {
				d.Filename = a.words[1]
				continue
			}
			p.attr(&d.Attrs, a)
		}
		h.Devices = append(h.Devices, d)
	}
	return h
}

func (p *parser) driver(name string, block []entry) Driver {
	d := Driver{Name: name}
	for _, e := range block {
		switch {
		case e.words[0] == "TARGET":
			if tname, ok := p.named(e, 2); ok {
				d.Targets = append(d.Targets, p.target(tname, e.block))
			}
		case e.words[0] == "enabled":
			p.enabled(&d.Enabled, &d.Attrs, e)
		case isCHAPAttr(e.words[0]):
			p.chap(&d.CHAP, &d.Attrs, e)
		default:
			p.attr(&d.Attrs, e)
		}
	}
	return d
}

func (p *parser) target(name string, block []entry) Target {
	t := Target{Name: name}
	for _, e := range block {
		switch w := e.words[0]; {
		case w == "HW_TARGET" && len(e.words) == 1 && !e.hasBlock:
			t.HWTarget = true
		case w == "enabled":
			p.enabled(&t.Enabled, &t.Attrs, e)
		case w == "alias" && len(e.words) == 2 && !e.hasBlock:
			t.Alias = e.words[1]
		case w == "allowed_portal" && len(e.words) == 2 && !e.hasBlock:
			// Only a plain address is a Portal; SCST's patterns ("10.1.?.*",
			// "!*") stay attributes, so they are kept and shown as written.
			if a, err := netip.ParseAddr(e.words[1]); err == nil && a.Zone() == "" {
				t.Portals = append(t.Portals, Portal{Address: a, Port: DefaultPort})
			} else {
				p.attr(&t.Attrs, e)
			}
		case isCHAPAttr(w):
			p.chap(&t.CHAP, &t.Attrs, e)
		case w == "LUN":
			if l, ok := p.lun(e); ok {
				t.LUNs = append(t.LUNs, l)
			}
		case w == "GROUP":
			if gname, ok := p.named(e, 2); ok {
				t.Groups = append(t.Groups, p.group(gname, e.block))
			}
		default:
			p.attr(&t.Attrs, e)
		}
	}
	return t
}

func (p *parser) group(name string, block []entry) Group {
	g := Group{Name: name}
	for _, e := range block {
		switch e.words[0] {
		case "LUN":
			if l, ok := p.lun(e); ok {
				g.LUNs = append(g.LUNs, l)
			}
		case "INITIATOR":
			if iname, ok := p.named(e, 2); ok {
				in := Initiator{Name: iname}
				for _, a := range e.block {
					p.attr(&in.Attrs, a)
				}
				g.Initiators = append(g.Initiators, in)
			}
		default:
			p.attr(&g.Attrs, e)
		}
	}
	return g
}

func (p *parser) lun(e entry) (LUN, bool) {
	if len(e.words) < 3 {
		p.warn(e, "a LUN needs a number and a device")
		return LUN{}, false
	}
	if len(e.words) > 3 {
		p.warn(e, "words after the device are ignored (as scstadmin does)")
	}
	n, err := strconv.ParseUint(e.words[1], 10, 32)
	if err != nil {
		p.warn(e, "the LUN number is not a number")
		return LUN{}, false
	}
	l := LUN{Number: uint32(n), Device: e.words[2]}
	for _, a := range e.block {
		p.attr(&l.Attrs, a)
	}
	return l, true
}

func (p *parser) enabled(dst *bool, attrs *[]Attr, e entry) {
	if len(e.words) == 2 && !e.hasBlock && (e.words[1] == "0" || e.words[1] == "1") {
		*dst = e.words[1] == "1"
		return
	}
	p.warn(e, "enabled is not 0 or 1; kept as written")
	p.attr(attrs, e)
}

// chap reads `IncomingUser "user secret"` and `OutgoingUser "user secret"`.
func (p *parser) chap(dst *CHAP, attrs *[]Attr, e entry) {
	incoming, _ := chapAttr(e.words[0])
	fields := []string{}
	if len(e.words) == 2 {
		fields = strings.Fields(e.words[1])
	}
	if e.hasBlock || len(fields) != 2 {
		// Kept as an attribute so apply still writes it back, but its
		// value is never quoted in the warning.
		p.warn(e, "a CHAP line must be \"user secret\"")
		p.attr(attrs, entry{words: e.words, line: e.line})
		return
	}
	u := CHAPUser{User: fields[0], Secret: NewSecret(fields[1])}
	switch {
	case incoming:
		dst.Incoming = append(dst.Incoming, u)
	case dst.Outgoing == nil:
		dst.Outgoing = &u
	default:
		p.warn(e, "more than one OutgoingUser; the first is kept")
	}
}

func (p *parser) deviceGroup(name string, block []entry) DeviceGroup {
	g := DeviceGroup{Name: name}
	for _, e := range block {
		switch e.words[0] {
		case "DEVICE":
			if d, ok := p.named(e, 2); ok {
				if e.hasBlock {
					p.warn(e, "a device group's DEVICE takes no block; it is ignored")
				}
				g.Devices = append(g.Devices, d)
			}
		case "TARGET_GROUP":
			tname, ok := p.named(e, 2)
			if !ok {
				continue
			}
			tg := TargetGroup{Name: tname}
			for _, te := range e.block {
				if te.words[0] != "TARGET" {
					p.attr(&tg.Attrs, te)
					continue
				}
				if mname, ok := p.named(te, 2); ok {
					m := TargetGroupMember{Name: mname}
					for _, a := range te.block {
						p.attr(&m.Attrs, a)
					}
					tg.Targets = append(tg.Targets, m)
				}
			}
			g.TargetGroups = append(g.TargetGroups, tg)
		default:
			p.attr(&g.Attrs, e)
		}
	}
	return g
}

// dedupe applies scstadmin's reading of repeated names: its parser keeps
// a hash per section, so a second DEVICE, TARGET, LUN or GROUP of the same
// name replaces the first, and a repeated attribute line is one line.
func (p *parser) dedupe(c *Config) {
	warnDup := func(what, name string) {
		p.warns = append(p.warns, Warning{Reason: what + " " + name + " is defined more than once; the last one counts (as in scstadmin)"})
	}
	c.Attrs = uniqAttrs(c.Attrs)
	c.ALUA = uniqAttrs(c.ALUA)
	c.Handlers = lastByName(c.Handlers, func(h Handler) string { return h.Name }, func(n string) { warnDup("HANDLER", n) })
	for i := range c.Handlers {
		h := &c.Handlers[i]
		h.Attrs = uniqAttrs(h.Attrs)
		h.Devices = lastByName(h.Devices, func(d Device) string { return d.Name }, func(n string) { warnDup("DEVICE", n) })
		for j := range h.Devices {
			h.Devices[j].Attrs = uniqAttrs(h.Devices[j].Attrs)
		}
	}
	c.Drivers = lastByName(c.Drivers, func(d Driver) string { return d.Name }, func(n string) { warnDup("TARGET_DRIVER", n) })
	for i := range c.Drivers {
		d := &c.Drivers[i]
		d.Attrs = uniqAttrs(d.Attrs)
		d.CHAP.Incoming = lastByName(d.CHAP.Incoming, func(u CHAPUser) string { return u.User }, func(n string) { warnDup("IncomingUser", n) })
		d.Targets = lastByName(d.Targets, func(t Target) string { return t.Name }, func(n string) { warnDup("TARGET", n) })
		for j := range d.Targets {
			t := &d.Targets[j]
			t.Attrs = uniqAttrs(t.Attrs)
			t.CHAP.Incoming = lastByName(t.CHAP.Incoming, func(u CHAPUser) string { return u.User }, func(n string) { warnDup("IncomingUser", n) })
			t.Portals = lastByName(t.Portals, func(p Portal) string { return p.Address.String() }, func(string) {})
			t.LUNs = lastByName(t.LUNs, func(l LUN) string { return strconv.Itoa(int(l.Number)) }, func(n string) { warnDup("LUN", n) })
			t.Groups = lastByName(t.Groups, func(g Group) string { return g.Name }, func(n string) { warnDup("GROUP", n) })
			for k := range t.Groups {
				g := &t.Groups[k]
				g.Attrs = uniqAttrs(g.Attrs)
				g.LUNs = lastByName(g.LUNs, func(l LUN) string { return strconv.Itoa(int(l.Number)) }, func(n string) { warnDup("LUN", n) })
				g.Initiators = lastByName(g.Initiators, func(i Initiator) string { return i.Name }, func(string) {})
			}
		}
	}
	c.DeviceGroups = lastByName(c.DeviceGroups, func(g DeviceGroup) string { return g.Name }, func(n string) { warnDup("DEVICE_GROUP", n) })
}

// lastByName keeps the last of each run of equal names in a sorted list
// (sorting is stable, so the last one is the one written last).
func lastByName[T any](s []T, name func(T) string, dup func(string)) []T {
	var out []T
	for i, x := range s {
		if i+1 < len(s) && name(s[i+1]) == name(x) {
			dup(name(x))
			continue
		}
		out = append(out, x)
	}
	return out
}

func uniqAttrs(a []Attr) []Attr {
	var out []Attr
	for i, x := range a {
		if i > 0 && a[i-1] == x {
			continue
		}
		out = append(out, x)
	}
	return out
}
