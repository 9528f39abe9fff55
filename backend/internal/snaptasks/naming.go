package snaptasks

import (
	"fmt"
	"strings"
	"time"
)

// DefaultNaming gives auto-2026-12-02_14-00.
const DefaultNaming = "auto-%Y-%m-%d_%H-%M"

// fieldOrder is the order a naming template's fields must come in: %Y to
// %M each once, then %S if wanted.
const fieldOrder = "YmdHMS"

// maxNameLen keeps a name well inside ZFS's and btrfs's limits, with the
// dataset or the owner's folder in front of it.
const maxNameLen = 120

// checkNaming accepts a template whose names are valid ZFS and btrfs
// snapshot names (fixed text of letters, digits and _ . : -, starting with
// a letter or digit), differ for every minute (%Y %m %d %H %M, each once)
// and sort as their times do (those fields in that order, each of fixed
// width, between the same fixed text).
func checkNaming(tmpl string) error {
	next := 0
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		if c != '%' {
			if !(isAlnum(c) || strings.IndexByte("_.:-", c) >= 0) {
				return fmt.Errorf("%q may hold only letters, digits, _ . : - and the fields %%Y %%m %%d %%H %%M %%S", tmpl)
			}
			continue
		}
		if i++; i == len(tmpl) || strings.IndexByte(fieldOrder, tmpl[i]) < 0 {
			return fmt.Errorf("%q: after %% comes one of Y m d H M S (a %% cannot be in a snapshot name)", tmpl)
		}
		if next >= len(fieldOrder) || fieldOrder[next] != tmpl[i] {
			return fmt.Errorf("%q: the fields must be %%Y %%m %%d %%H %%M in that order, each once (then %%S if wanted), so names are unique per minute and sort by time", tmpl)
		}
		next++
	}
	switch {
	case next < 5:
		return fmt.Errorf("%q: the fields must be %%Y %%m %%d %%H %%M in that order, each once (then %%S if wanted), so names are unique per minute and sort by time", tmpl)
	case !isAlnum(tmpl[0]) && tmpl[0] != '%':
		return fmt.Errorf("%q must start with a letter, a digit or a field", tmpl)
	case len(render(tmpl, time.Time{})) > maxNameLen:
		return fmt.Errorf("%q gives names longer than %d characters", tmpl, maxNameLen)
	}
	return nil
}

// render writes t, in UTC (where no hour repeats), into a template that
// passed checkNaming.
func render(tmpl string, t time.Time) string {
	t = t.UTC()
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '%' || i+1 == len(tmpl) {
			b.WriteByte(tmpl[i])
			continue
		}
		i++
		switch tmpl[i] {
		case 'Y':
			fmt.Fprintf(&b, "%04d", t.Year())
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		}
	}
	return b.String()
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
