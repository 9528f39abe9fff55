package scst

import (
	"cmp"
	"net/netip"
	"slices"
)

// Config is one SCST configuration: what scst.conf holds and what
// `scstadmin -write_config` writes. Every list is kept sorted (Sort), so
// two configurations that mean the same compare equal with ==-style deep
// equality, and the renderer is byte-stable.
type Config struct {
	Attrs        []Attr // SCST core attributes (setup_id, ...)
	Handlers     []Handler
	Drivers      []Driver
	ALUA         []Attr // the ALUA section's attributes
	DeviceGroups []DeviceGroup
}

// Attr is an attribute this package does not model: kept as written, so
// nothing a parse does not understand is lost on render. A name may occur
// several times with different values, as in scst.conf.
type Attr struct{ Name, Value string }

// Handler is a device handler (vdisk_fileio, vdisk_blockio, dev_disk, ...)
// with its devices.
type Handler struct {
	Name    string
	Attrs   []Attr
	Devices []Device
}

// The handlers BAMS backs LUNs with.
const (
	FileIO  = "vdisk_fileio"  // a file on a repository, or a ZFS volume or LV opened through the page cache
	BlockIO = "vdisk_blockio" // a block device (ZFS volume, LVM LV) with direct I/O
)

// Device is an SCST device: a name LUNs refer to, and its backing file or
// block device (the `filename` attribute).
type Device struct {
	Name     string
	Filename string
	Attrs    []Attr // read_only, nv_cache, blocksize, ... as written
}

// Driver is a target driver (iscsi, scst_local, qla2x00t, ...) with its
// targets. Its CHAP users are iSCSI discovery authentication.
type Driver struct {
	Name    string
	Enabled bool // `enabled 1`; absent means 0, SCST's default
	CHAP    CHAP
	Attrs   []Attr
	Targets []Target
}

// ISCSI is the iSCSI target driver's name.
const ISCSI = "iscsi"

// CopyManager is the target driver SCST runs for itself: every device gets
// a LUN on its target. -write_config lists it, but nobody configures it,
// so plans ignore it.
const CopyManager = "copy_manager"

// Target is one target of a driver.
type Target struct {
	Name     string // an IQN or EUI for iSCSI; a WWN, GID, ... for others
	HWTarget bool   // HW_TARGET: a hardware port, not created by scstadmin
	Enabled  bool
	Alias    string // iSCSI TargetAlias (`alias`)
	CHAP     CHAP
	Portals  []Portal
	LUNs     []LUN // the default LUNs, seen by initiators in no group
	Groups   []Group
	Attrs    []Attr
}

// LUN maps a LUN number to a device.
type LUN struct {
	Number uint32
	Device string
	Attrs  []Attr // read_only, ...
}

// Group is an initiator group: the initiators in it see its LUNs instead
// of the target's default LUNs.
type Group struct {
	Name       string
	LUNs       []LUN
	Initiators []Initiator
	Attrs      []Attr
}

// Initiator is an initiator name (or, in configurations BAMS did not
// write, a wildcard pattern) allowed in a group.
type Initiator struct {
	Name  string
	Attrs []Attr
}

// CHAP holds the CHAP users of a target (or of discovery, on the driver).
// Incoming users are initiators proving who they are to the target
// (IncomingUser); the outgoing user is the target proving itself back to
// the initiator, mutual CHAP (OutgoingUser).
type CHAP struct {
	Incoming []CHAPUser
	Outgoing *CHAPUser
}

// CHAPUser is a user name and its write-only secret.
type CHAPUser struct {
	User   string
	Secret Secret
}

// Portal is an address a target answers on (iSCSI-SCST's allowed_portal).
// SCST matches only the address: the port is the one iscsi-scstd listens
// on for every address (its -p option, outside scst.conf), so a Portal's
// port must be that port and is never written.
type Portal struct {
	Address netip.Addr
	Port    uint16
}

// DefaultPort is iSCSI's port (RFC 3720) and iscsi-scstd's default.
const DefaultPort = 3260

// DeviceGroup is an ALUA device group.
type DeviceGroup struct {
	Name         string
	Devices      []string
	TargetGroups []TargetGroup
	Attrs        []Attr
}

// TargetGroup is an ALUA target port group of a device group.
type TargetGroup struct {
	Name    string
	Attrs   []Attr // group_id, state, ...
	Targets []TargetGroupMember
}

// TargetGroupMember is a target in an ALUA target group (local or on
// another node of a cluster).
type TargetGroupMember struct {
	Name  string
	Attrs []Attr // rel_tgt_id, ...
}

// Sort puts every list in its canonical order (names, LUN numbers,
// attributes by name then value) and turns empty lists into nil, in place.
// Parse returns sorted configurations; the renderer sorts a copy.
func (c *Config) Sort() {
	sortAttrs(&c.Attrs)
	sortAttrs(&c.ALUA)
	c.Handlers = nilIfEmpty(c.Handlers)
	slices.SortStableFunc(c.Handlers, func(a, b Handler) int { return cmp.Compare(a.Name, b.Name) })
	for i := range c.Handlers {
		h := &c.Handlers[i]
		sortAttrs(&h.Attrs)
		h.Devices = nilIfEmpty(h.Devices)
		slices.SortStableFunc(h.Devices, func(a, b Device) int { return cmp.Compare(a.Name, b.Name) })
		for j := range h.Devices {
			sortAttrs(&h.Devices[j].Attrs)
		}
	}
	c.Drivers = nilIfEmpty(c.Drivers)
	slices.SortStableFunc(c.Drivers, func(a, b Driver) int { return cmp.Compare(a.Name, b.Name) })
	for i := range c.Drivers {
		d := &c.Drivers[i]
		sortAttrs(&d.Attrs)
		d.CHAP.sort()
		d.Targets = nilIfEmpty(d.Targets)
		slices.SortStableFunc(d.Targets, func(a, b Target) int { return cmp.Compare(a.Name, b.Name) })
		for j := range d.Targets {
			d.Targets[j].sort()
		}
	}
	c.DeviceGroups = nilIfEmpty(c.DeviceGroups)
	slices.SortStableFunc(c.DeviceGroups, func(a, b DeviceGroup) int { return cmp.Compare(a.Name, b.Name) })
	for i := range c.DeviceGroups {
		g := &c.DeviceGroups[i]
		sortAttrs(&g.Attrs)
		g.Devices = nilIfEmpty(g.Devices)
		slices.Sort(g.Devices)
		g.TargetGroups = nilIfEmpty(g.TargetGroups)
		slices.SortStableFunc(g.TargetGroups, func(a, b TargetGroup) int { return cmp.Compare(a.Name, b.Name) })
		for j := range g.TargetGroups {
			tg := &g.TargetGroups[j]
			sortAttrs(&tg.Attrs)
			tg.Targets = nilIfEmpty(tg.Targets)
			slices.SortStableFunc(tg.Targets, func(a, b TargetGroupMember) int { return cmp.Compare(a.Name, b.Name) })
			for k := range tg.Targets {
				sortAttrs(&tg.Targets[k].Attrs)
			}
		}
	}
}

func (t *Target) sort() {
	sortAttrs(&t.Attrs)
	t.CHAP.sort()
	t.Portals = nilIfEmpty(t.Portals)
	slices.SortStableFunc(t.Portals, func(a, b Portal) int {
		return cmp.Or(a.Address.Compare(b.Address), cmp.Compare(a.Port, b.Port))
	})
	sortLUNs(&t.LUNs)
	t.Groups = nilIfEmpty(t.Groups)
	slices.SortStableFunc(t.Groups, func(a, b Group) int { return cmp.Compare(a.Name, b.Name) })
	for i := range t.Groups {
		g := &t.Groups[i]
		sortAttrs(&g.Attrs)
		sortLUNs(&g.LUNs)
		g.Initiators = nilIfEmpty(g.Initiators)
		slices.SortStableFunc(g.Initiators, func(a, b Initiator) int { return cmp.Compare(a.Name, b.Name) })
		for j := range g.Initiators {
			sortAttrs(&g.Initiators[j].Attrs)
		}
	}
}

func (c *CHAP) sort() {
	c.Incoming = nilIfEmpty(c.Incoming)
	slices.SortStableFunc(c.Incoming, func(a, b CHAPUser) int { return cmp.Compare(a.User, b.User) })
}

func sortLUNs(l *[]LUN) {
	*l = nilIfEmpty(*l)
	slices.SortStableFunc(*l, func(a, b LUN) int { return cmp.Compare(a.Number, b.Number) })
	for i := range *l {
		sortAttrs(&(*l)[i].Attrs)
	}
}

func sortAttrs(a *[]Attr) {
	*a = nilIfEmpty(*a)
	slices.SortStableFunc(*a, func(x, y Attr) int { return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.Value, y.Value)) })
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// Clone returns a deep copy, so sorting or planning never changes the
// caller's configuration.
func (c Config) Clone() Config {
	out := Config{Attrs: slices.Clone(c.Attrs), ALUA: slices.Clone(c.ALUA)}
	for _, h := range c.Handlers {
		nh := Handler{Name: h.Name, Attrs: slices.Clone(h.Attrs)}
		for _, d := range h.Devices {
			nh.Devices = append(nh.Devices, Device{Name: d.Name, Filename: d.Filename, Attrs: slices.Clone(d.Attrs)})
		}
		out.Handlers = append(out.Handlers, nh)
	}
	for _, d := range c.Drivers {
		nd := Driver{Name: d.Name, Enabled: d.Enabled, CHAP: d.CHAP.clone(), Attrs: slices.Clone(d.Attrs)}
		for _, t := range d.Targets {
			nd.Targets = append(nd.Targets, t.clone())
		}
		out.Drivers = append(out.Drivers, nd)
	}
	for _, g := range c.DeviceGroups {
		ng := DeviceGroup{Name: g.Name, Devices: slices.Clone(g.Devices), Attrs: slices.Clone(g.Attrs)}
		for _, tg := range g.TargetGroups {
			ntg := TargetGroup{Name: tg.Name, Attrs: slices.Clone(tg.Attrs)}
			for _, m := range tg.Targets {
				ntg.Targets = append(ntg.Targets, TargetGroupMember{Name: m.Name, Attrs: slices.Clone(m.Attrs)})
			}
			ng.TargetGroups = append(ng.TargetGroups, ntg)
		}
		out.DeviceGroups = append(out.DeviceGroups, ng)
	}
	return out
}

func (t Target) clone() Target {
	nt := t
	nt.CHAP = t.CHAP.clone()
	nt.Portals = slices.Clone(t.Portals)
	nt.LUNs = cloneLUNs(t.LUNs)
	nt.Attrs = slices.Clone(t.Attrs)
	nt.Groups = nil
	for _, g := range t.Groups {
		ng := Group{Name: g.Name, LUNs: cloneLUNs(g.LUNs), Attrs: slices.Clone(g.Attrs)}
		for _, i := range g.Initiators {
			ng.Initiators = append(ng.Initiators, Initiator{Name: i.Name, Attrs: slices.Clone(i.Attrs)})
		}
		nt.Groups = append(nt.Groups, ng)
	}
	return nt
}

func cloneLUNs(l []LUN) []LUN {
	var out []LUN
	for _, x := range l {
		out = append(out, LUN{Number: x.Number, Device: x.Device, Attrs: slices.Clone(x.Attrs)})
	}
	return out
}

func (c CHAP) clone() CHAP {
	n := CHAP{Incoming: slices.Clone(c.Incoming)}
	if c.Outgoing != nil {
		o := *c.Outgoing
		n.Outgoing = &o
	}
	return n
}

// Secrets lists every CHAP secret in c, so a caller can scrub them from
// any text a tool printed before it reaches an error or a log.
func (c Config) Secrets() []string {
	var out []string
	add := func(ch CHAP) {
		for _, u := range ch.Incoming {
			if u.Secret.IsSet() {
				out = append(out, u.Secret.Reveal())
			}
		}
		if ch.Outgoing != nil && ch.Outgoing.Secret.IsSet() {
			out = append(out, ch.Outgoing.Secret.Reveal())
		}
	}
	for _, d := range c.Drivers {
		add(d.CHAP)
		for _, t := range d.Targets {
			add(t.CHAP)
		}
	}
	return out
}
