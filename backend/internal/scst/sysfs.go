package scst

import (
	"cmp"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// SysfsRoot is where SCST's sysfs tree lives.
const SysfsRoot = "/sys/kernel/scst_tgt"

// SysfsEntry is one file, folder or link of SCST's sysfs tree, its path
// relative to the root ("targets/iscsi/<iqn>/sessions/<initiator>").
type SysfsEntry struct {
	Path string
	Dir  bool
	Link string // a symlink's target as written, relative to its folder
}

// Session is one initiator's session on a target, and the LUNs it sees.
type Session struct {
	Driver, Target string
	Initiator      string
	Group          string // the initiator group whose LUNs it sees; "" for the target's default LUNs
	LUNs           []LUNRow
	Connections    []string // connection folders (named by the initiator's IP address for iSCSI)
}

var treeLineRE = regexp.MustCompile("^((?:\\|   |    )*)(?:\\|-- |`-- )(.+)$")

// ParseSysfsTree reads a `tree` listing of /sys/kernel/scst_tgt (what
// SCST's README prints). It is total: a line that is not a tree line is a
// Warning.
func ParseSysfsTree(listing string) ([]SysfsEntry, []Warning) {
	var entries []SysfsEntry
	var warns []Warning
	var stack []string // folder names by depth
	for i, l := range strings.Split(strings.TrimRight(listing, "\n"), "\n") {
		if i == 0 && strings.HasPrefix(l, "/") {
			continue // the root itself
		}
		m := treeLineRE.FindStringSubmatch(l)
		if m == nil {
			warns = append(warns, Warning{i + 1, l, "not a tree line"})
			continue
		}
		depth := len(m[1]) / 4
		if depth > len(stack) {
			warns = append(warns, Warning{i + 1, l, "deeper than its parent"})
			continue
		}
		stack = stack[:depth]
		name, link, _ := strings.Cut(m[2], " -> ")
		if depth > 0 && len(entries) > 0 {
			// This line's parent is a folder.
			parent := path.Join(stack...)
			for j := len(entries) - 1; j >= 0; j-- {
				if entries[j].Path == parent {
					entries[j].Dir = true
					break
				}
			}
		}
		entries = append(entries, SysfsEntry{Path: path.Join(append(stack, name)...), Link: link})
		stack = append(stack, name)
	}
	return entries, warns
}

// ReadSysfs reads the targets part of SCST's sysfs tree under root (the
// sessions and LUNs live there), without following links.
func ReadSysfs(root string) ([]SysfsEntry, error) {
	var entries []SysfsEntry
	base := filepath.Join(root, "targets")
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || p == base {
			return err
		}
		e := SysfsEntry{Path: filepath.ToSlash(rel), Dir: d.IsDir()}
		if d.Type()&fs.ModeSymlink != 0 {
			if e.Link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		entries = append(entries, e)
		return nil
	})
	return entries, err
}

// Sessions finds the sessions in a sysfs tree: each folder
// targets/<driver>/<target>/sessions/<initiator>, the LUNs its `luns` link
// leads to (the target's luns, or an initiator group's), and the devices
// those LUNs' `device` links name. Sorted by driver, target, initiator.
func Sessions(entries []SysfsEntry) []Session {
	byPath := map[string]SysfsEntry{}
	for _, e := range entries {
		byPath[e.Path] = e
	}
	var out []Session
	for _, e := range entries {
		parts := strings.Split(e.Path, "/")
		if len(parts) != 5 || parts[0] != "targets" || parts[3] != "sessions" || !e.Dir {
			continue
		}
		s := Session{Driver: parts[1], Target: parts[2], Initiator: parts[4]}
		if l, ok := byPath[e.Path+"/luns"]; ok && l.Link != "" {
			lunsDir := path.Join(e.Path, l.Link)
			if g, ok := strings.CutPrefix(lunsDir, path.Join("targets", s.Driver, s.Target, "ini_groups")+"/"); ok {
				s.Group, _, _ = strings.Cut(g, "/")
			}
			for _, le := range entries {
				num, ok := strings.CutPrefix(le.Path, lunsDir+"/")
				n, err := strconv.ParseUint(num, 10, 32)
				if !ok || err != nil || !le.Dir {
					continue
				}
				row := LUNRow{LUN: uint32(n)}
				if dev, ok := byPath[le.Path+"/device"]; ok && dev.Link != "" {
					row.Device = path.Base(dev.Link)
				}
				s.LUNs = append(s.LUNs, row)
			}
			slices.SortFunc(s.LUNs, func(a, b LUNRow) int { return cmp.Compare(a.LUN, b.LUN) })
		}
		for _, ce := range entries {
			if c, ok := strings.CutPrefix(ce.Path, e.Path+"/"); ok && ce.Dir && !strings.Contains(c, "/") {
				if _, hasIP := byPath[ce.Path+"/ip"]; hasIP {
					s.Connections = append(s.Connections, c)
				}
			}
		}
		slices.Sort(s.Connections)
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Session) int {
		return cmp.Or(cmp.Compare(a.Driver, b.Driver), cmp.Compare(a.Target, b.Target), cmp.Compare(a.Initiator, b.Initiator))
	})
	return out
}
