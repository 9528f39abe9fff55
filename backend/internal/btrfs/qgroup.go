package btrfs

import (
	"fmt"
	"strconv"
	"strings"
)

// Qgroup is one row of `btrfs qgroup show -reF --raw` or `-pcre --raw`.
type Qgroup struct {
	ID         string // "0/256": level 0 is a subvolume's own group
	Referenced uint64 // bytes the subvolume points at
	Exclusive  uint64 // bytes only it points at: what deleting it frees
	MaxRef     uint64 // limit on Referenced, 0 for none
	MaxExcl    uint64 // limit on Exclusive, 0 for none
	Parents    []string
	Children   []string
	Path       string // the subvolume path, "<toplevel>", or "<0 member qgroups>"
}

// QgroupShow is the table and whether btrfs warned that its figures are
// stale ("qgroup data inconsistent, rescan recommended").
type QgroupShow struct {
	Groups       []Qgroup
	Inconsistent bool
}

// ParseQgroupShow reads the --raw table; the Parent and Child columns are
// there only with -p -c. A human-size table (no --raw) is refused.
func ParseQgroupShow(out string) (QgroupShow, error) {
	var q QgroupShow
	var cols []string
	for i, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case strings.HasPrefix(line, "WARNING: qgroup data inconsistent"):
			q.Inconsistent = true
		case f[0] == "Qgroupid":
			// "Max referenced" and "Max exclusive" are two words each
			cols = strings.Fields(strings.NewReplacer("Max referenced", "MaxRef", "Max exclusive", "MaxExcl").Replace(line))
		case strings.HasPrefix(f[0], "--"):
		case cols == nil:
			return q, fmt.Errorf("qgroup show line %d before the header: %q", i+1, line)
		default:
			if len(f) < len(cols) {
				return q, fmt.Errorf("qgroup show line %d: %q", i+1, line)
			}
			g := Qgroup{ID: f[0], Path: strings.Join(f[len(cols)-1:], " ")}
			for j, c := range cols[:len(cols)-1] {
				v := f[j]
				var err error
				size := func() uint64 {
					if v == "none" {
						return 0
					}
					var n uint64
					n, err = strconv.ParseUint(v, 10, 64)
					return n
				}
				switch c {
				case "Referenced":
					g.Referenced = size()
				case "Exclusive":
					g.Exclusive = size()
				case "MaxRef":
					g.MaxRef = size()
				case "MaxExcl":
					g.MaxExcl = size()
				case "Parent":
					g.Parents = list(v)
				case "Child":
					g.Children = list(v)
				}
				if err != nil {
					return q, fmt.Errorf("qgroup show line %d: %s %q (use --raw)", i+1, c, v)
				}
			}
			q.Groups = append(q.Groups, g)
		}
	}
	return q, nil
}

func list(v string) []string {
	if v == "-" {
		return nil
	}
	return strings.Split(v, ",")
}
