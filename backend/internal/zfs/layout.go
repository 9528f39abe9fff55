package zfs

import (
	"fmt"
	"strconv"
)

// VdevType is a top-level vdev's redundancy.
type VdevType string

const (
	Single VdevType = ""       // each device is a top-level vdev of its own (no redundancy)
	Mirror VdevType = "mirror" // n-way mirror
	RaidZ1 VdevType = "raidz1"
	RaidZ2 VdevType = "raidz2"
	RaidZ3 VdevType = "raidz3"
	DRAID  VdevType = "draid" // distributed spare RAID; see DRAIDSpec
)

// DRAIDSpec is draid[<parity>][:<data>d][:<children>c][:<spares>s]
// (zpoolconcepts(7)); Children is always the group's device count.
type DRAIDSpec struct {
	Parity int // 1-3
	Data   int // data devices per redundancy group; 0: zpool's default
	Spares int // distributed spares
}

// VdevGroup is one kind of top-level vdev: Single lists devices that each
// become a vdev, the others one vdev of all their devices.
type VdevGroup struct {
	Type    VdevType
	Devices []string
	DRAID   DRAIDSpec
}

// Layout is a pool to create. Only data vdevs are required.
type Layout struct {
	Data    []VdevGroup
	Log     []VdevGroup // Single or Mirror (a mirrored SLOG)
	Special []VdevGroup // Single or Mirror; metadata (and small blocks)
	Cache   []string    // L2ARC devices
	Spares  []string    // hot spares
	Ashift  int         // 0: let ZFS choose; else 9 (512 B) to 16 (64 KiB)
}

// LayoutError: a layout zpool would refuse or that would lose data
// redundancy silently.
type LayoutError struct{ Reason string }

func (e *LayoutError) Error() string { return "pool layout: " + e.Reason }

func (g VdevGroup) check(role string) error {
	if len(g.Devices) == 0 {
		return &LayoutError{role + " vdev has no devices"}
	}
	n := len(g.Devices)
	switch g.Type {
	case Single:
	case Mirror:
		if n < 2 {
			return &LayoutError{role + " mirror needs at least 2 devices"}
		}
	case RaidZ1, RaidZ2, RaidZ3:
		p := int(g.Type[5] - '0')
		if n < p+2 {
			return &LayoutError{fmt.Sprintf("%s %s needs at least %d devices", role, g.Type, p+2)}
		}
	case DRAID:
		d := g.DRAID
		if d.Parity < 1 || d.Parity > 3 || d.Data < 0 || d.Spares < 0 {
			return &LayoutError{role + " draid parity must be 1 to 3, data and spares not negative"}
		}
		data := d.Data
		if data == 0 {
			data = 1
		}
		if n < d.Parity+data+d.Spares {
			return &LayoutError{fmt.Sprintf("%s draid%d with %d data and %d spares needs at least %d devices",
				role, d.Parity, data, d.Spares, d.Parity+data+d.Spares)}
		}
	default:
		return &LayoutError{fmt.Sprintf("%s vdev type %q", role, g.Type)}
	}
	for _, dev := range g.Devices {
		if err := CheckDevice(dev); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks the layout before anything runs.
func (l Layout) Validate() error {
	if len(l.Data) == 0 {
		return &LayoutError{"no data vdevs"}
	}
	for _, g := range l.Data {
		if g.Type != l.Data[0].Type {
			// zpool refuses mixed replication levels without -f, and a
			// pool is only as redundant as its weakest vdev.
			return &LayoutError{"all data vdevs must have the same type"}
		}
		if err := g.check("data"); err != nil {
			return err
		}
	}
	for _, role := range []struct {
		name   string
		groups []VdevGroup
	}{{"log", l.Log}, {"special", l.Special}} {
		for _, g := range role.groups {
			if g.Type != Single && g.Type != Mirror {
				return &LayoutError{role.name + " vdevs are single devices or mirrors"}
			}
			if err := g.check(role.name); err != nil {
				return err
			}
		}
	}
	for _, dev := range append(append([]string{}, l.Cache...), l.Spares...) {
		if err := CheckDevice(dev); err != nil {
			return err
		}
	}
	if l.Ashift != 0 && (l.Ashift < 9 || l.Ashift > 16) {
		return &LayoutError{"ashift must be 9 to 16 (or 0 to let ZFS choose)"}
	}
	seen := map[string]bool{}
	for _, dev := range l.Devices() {
		if seen[dev] {
			return &LayoutError{dev + " is named twice"}
		}
		seen[dev] = true
	}
	return nil
}

// Devices lists every device of the layout.
func (l Layout) Devices() []string {
	var devs []string
	for _, gs := range [][]VdevGroup{l.Data, l.Log, l.Special} {
		for _, g := range gs {
			devs = append(devs, g.Devices...)
		}
	}
	return append(append(devs, l.Cache...), l.Spares...)
}

// vdevArgs is the vdev part of `zpool create`'s argv.
func (l Layout) vdevArgs() []string {
	var args []string
	groups := func(gs []VdevGroup) {
		for _, g := range gs {
			switch g.Type {
			case Single:
			case DRAID:
				spec := "draid" + strconv.Itoa(g.DRAID.Parity)
				if g.DRAID.Data > 0 {
					spec += ":" + strconv.Itoa(g.DRAID.Data) + "d"
				}
				spec += ":" + strconv.Itoa(len(g.Devices)) + "c"
				if g.DRAID.Spares > 0 {
					spec += ":" + strconv.Itoa(g.DRAID.Spares) + "s"
				}
				args = append(args, spec)
			default:
				args = append(args, string(g.Type))
			}
			args = append(args, g.Devices...)
		}
	}
	groups(l.Data)
	if len(l.Log) > 0 {
		args = append(args, "log")
		groups(l.Log)
	}
	if len(l.Special) > 0 {
		args = append(args, "special")
		groups(l.Special)
	}
	if len(l.Cache) > 0 {
		args = append(append(args, "cache"), l.Cache...)
	}
	if len(l.Spares) > 0 {
		args = append(append(args, "spare"), l.Spares...)
	}
	return args
}
