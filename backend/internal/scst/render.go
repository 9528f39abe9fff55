package scst

import (
	"strconv"
	"strings"
)

// Header is the first line of every file Render writes.
const Header = "# Written by BAMS (bamsd). Changes made here are replaced on the next apply."

// Render writes c as scst.conf. The output is byte-stable: everything is
// sorted (a copy is sorted; c is not changed) and laid out the way
// `scstadmin -write_config` lays out its own files, so a rendered file and
// a saved running configuration diff line by line. CHAP secrets are
// written here and nowhere else.
func Render(c Config) []byte {
	c = c.Clone()
	c.Sort()
	var b strings.Builder
	b.WriteString(Header + "\n\n")
	b.WriteString(attrLines("", c.Attrs))
	b.WriteString("\n")
	for _, h := range c.Handlers {
		body := attrLines("\t", h.Attrs)
		var devs strings.Builder
		for _, d := range h.Devices {
			devs.WriteString("\tDEVICE " + escape(d.Name))
			attrs := d.Attrs
			if d.Filename != "" {
				attrs = sortedWith(attrs, Attr{"filename", d.Filename})
			}
			if a := attrLines("\t\t", attrs); a != "" {
				devs.WriteString(" {\n" + a + "\t}\n\n")
			} else {
				devs.WriteString("\n")
			}
		}
		body += trimNewlines(devs.String(), "\n")
		section(&b, "HANDLER "+escape(h.Name), body)
	}
	for _, d := range c.Drivers {
		attrs := chapAttrs(d.CHAP, d.Attrs)
		if d.Enabled {
			attrs = sortedWith(attrs, Attr{"enabled", "1"})
		}
		body := attrLines("\t", attrs)
		if body != "" {
			body += "\n"
		}
		for _, t := range d.Targets {
			body += renderTarget(t)
		}
		section(&b, "TARGET_DRIVER "+escape(d.Name), dropBlank(body))
	}
	if len(c.ALUA) > 0 {
		section(&b, "ALUA", attrLines("\t", c.ALUA))
	}
	for _, g := range c.DeviceGroups {
		body := attrLines("\t", g.Attrs)
		if body != "" {
			body += "\n"
		}
		for _, d := range g.Devices {
			body += "\tDEVICE " + escape(d) + "\n"
		}
		if len(g.Devices) > 0 {
			body += "\n"
		}
		for _, tg := range g.TargetGroups {
			body += "\tTARGET_GROUP " + escape(tg.Name)
			inner := attrLines("\t\t", tg.Attrs)
			if inner != "" {
				inner += "\n"
			}
			for _, m := range tg.Targets {
				inner += "\t\tTARGET " + escape(m.Name)
				if a := attrLines("\t\t\t", m.Attrs); a != "" {
					inner += " {\n" + a + "\t\t}\n"
				} else {
					inner += "\n"
				}
			}
			if inner != "" {
				body += " {\n" + dropBlank(inner) + "\t}\n\n"
			} else {
				body += "\n"
			}
		}
		section(&b, "DEVICE_GROUP "+escape(g.Name), dropBlank(body))
	}
	return []byte(b.String())
}

func renderTarget(t Target) string {
	var b strings.Builder
	b.WriteString("\tTARGET " + escape(t.Name))
	var body strings.Builder
	if t.HWTarget {
		body.WriteString("\t\tHW_TARGET\n\n")
	}
	attrs := chapAttrs(t.CHAP, t.Attrs)
	if t.Enabled {
		attrs = sortedWith(attrs, Attr{"enabled", "1"})
	}
	if t.Alias != "" {
		attrs = sortedWith(attrs, Attr{"alias", t.Alias})
	}
	for _, p := range t.Portals {
		attrs = sortedWith(attrs, Attr{"allowed_portal", p.Address.String()})
	}
	if a := attrLines("\t\t", attrs); a != "" {
		body.WriteString(a + "\n")
	}
	var luns strings.Builder
	for _, l := range t.LUNs {
		luns.WriteString(lunLine("\t\t", l, "\n"))
	}
	if luns.Len() > 0 {
		body.WriteString(trimNewlines(luns.String()+"\n", "\n\n"))
	}
	var groups strings.Builder
	for _, g := range t.Groups {
		groups.WriteString("\t\tGROUP " + escape(g.Name))
		var inner strings.Builder
		for _, l := range g.LUNs {
			inner.WriteString(lunLine("\t\t\t", l, ""))
		}
		for _, i := range g.Initiators {
			inner.WriteString("\n\t\t\tINITIATOR " + escape(i.Name))
			if a := attrLines("\t\t\t\t", i.Attrs); a != "" {
				inner.WriteString(" {\n" + a + "\t\t\t}\n")
			} else {
				inner.WriteString("\n")
			}
		}
		if a := attrLines("\t\t\t", g.Attrs); a != "" {
			inner.WriteString("\n" + a)
		}
		if inner.Len() > 0 {
			groups.WriteString(" {\n" + inner.String() + "\t\t}\n")
		} else {
			groups.WriteString("\n")
		}
		groups.WriteString("\n")
	}
	body.WriteString(groups.String())
	if body.Len() == 0 {
		return b.String() + "\n"
	}
	s := body.String()
	s = dropBlank(s)
	b.WriteString(" {\n" + s + "\t}\n\n")
	return b.String()
}

// lunLine writes "LUN n device" with its attribute block; after a block
// the default LUNs leave a blank line and a group's LUNs do not, as
// -write_config does.
func lunLine(indent string, l LUN, afterBlock string) string {
	s := indent + "LUN " + strconv.FormatUint(uint64(l.Number), 10) + " " + escape(l.Device)
	if a := attrLines(indent+"\t", l.Attrs); a != "" {
		return s + " {\n" + a + indent + "}\n" + afterBlock
	}
	return s + "\n"
}

func section(b *strings.Builder, head, body string) {
	b.WriteString(head + " {\n" + body + "}\n\n")
}

func attrLines(indent string, attrs []Attr) string {
	var b strings.Builder
	for _, a := range attrs {
		b.WriteString(indent + a.Name)
		if a.Value != "" {
			b.WriteString(" " + escape(a.Value))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// chapAttrs turns CHAP users back into their attribute lines. The secret
// is revealed here: this is the one place it is meant to go.
func chapAttrs(c CHAP, attrs []Attr) []Attr {
	for _, u := range c.Incoming {
		attrs = sortedWith(attrs, Attr{"IncomingUser", u.User + " " + u.Secret.Reveal()})
	}
	if c.Outgoing != nil {
		attrs = sortedWith(attrs, Attr{"OutgoingUser", c.Outgoing.User + " " + c.Outgoing.Secret.Reveal()})
	}
	return attrs
}

func sortedWith(attrs []Attr, a Attr) []Attr {
	out := append(append([]Attr(nil), attrs...), a)
	sortAttrs(&out)
	return out
}

// escape writes a word so that scstadmin reads it back unchanged: '\' and
// '#' are escaped (an unescaped '#' starts a comment), and a value with
// blanks is quoted.
func escape(v string) string {
	v = strings.NewReplacer(`\`, `\\`, `#`, `\#`).Replace(v)
	if v == "" || strings.ContainsAny(v, " \t") {
		return `"` + v + `"`
	}
	return v
}

// trimNewlines replaces the trailing newlines of s with end.
func trimNewlines(s, end string) string {
	t := strings.TrimRight(s, "\n")
	if t == "" {
		return ""
	}
	return t + end
}

// dropBlank drops a body's last blank line, as -write_config does before
// it closes a section.
func dropBlank(s string) string {
	if strings.HasSuffix(s, "\n\n") {
		return s[:len(s)-1]
	}
	return s
}
