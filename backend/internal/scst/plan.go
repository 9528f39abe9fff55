package scst

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// Action is what a Change does.
type Action string

const (
	Add    Action = "add"
	Remove Action = "remove"
	Modify Action = "change"
)

// Change is one semantic difference between two configurations. It never
// holds a CHAP secret: a changed secret is a Modify with no values.
type Change struct {
	Action Action
	Object string // device, target, lun, group, initiator, incoming-user, outgoing-user, portal, enabled, alias, attribute, driver, device-group, target-group, ...
	Path   string // where it is: "vdisk_fileio", "iscsi/iqn.2026-01.org.example:t1", ".../group1"
	Name   string // the device, target, LUN number, user, attribute ...
	From   string // the old value, when it has one to show
	To     string
	// NeedsForce: scstadmin -config skips this change without -force
	// (a removal, a re-opened device, a re-assigned LUN, a disable).
	NeedsForce bool
}

func (c Change) String() string {
	s := fmt.Sprintf("%s %s %s", c.Action, c.Object, c.Name)
	if c.Path != "" {
		s += " in " + c.Path
	}
	switch {
	case c.From != "" && c.To != "":
		s += fmt.Sprintf(": %q -> %q", c.From, c.To)
	case c.To != "":
		s += fmt.Sprintf(": %q", c.To)
	case c.From != "":
		s += fmt.Sprintf(" (was %q)", c.From)
	}
	return s
}

// TargetRef names a target.
type TargetRef struct{ Driver, Target string }

// LUNRef names a LUN of a target (Group empty: its default LUNs).
type LUNRef struct {
	Driver, Target, Group string
	LUN                   uint32
	Device                string
}

// Plan is what applying desired over running changes, in a stable order.
type Plan struct {
	Changes []Change
	// RemovedTargets are targets that go away or are disabled; their
	// sessions end. RemovedLUNs are LUNs that go away or that initiators
	// lose for a moment (re-assigned, or their device re-opened or moved
	// to another handler). A caller refuses these while sessions use them
	// unless the admin confirmed.
	RemovedTargets []TargetRef
	RemovedLUNs    []LUNRef
}

// Empty reports whether the two configurations mean the same: the drift
// check's answer.
func (p Plan) Empty() bool { return len(p.Changes) == 0 }

// RemovesSomething reports whether apply needs -force.
func (p Plan) RemovesSomething() bool {
	return slices.ContainsFunc(p.Changes, func(c Change) bool { return c.NeedsForce })
}

// Diff plans the way from running to desired. Semantics, not text: order,
// layout, comments and quoting do not count; an absent `enabled` is 0
// (SCST's default); an empty HANDLER section is no section; SCST's own
// copy_manager driver is ignored (SCST gives it a LUN per device itself).
func Diff(running, desired Config) Plan {
	running, desired = running.Clone(), desired.Clone()
	running.Sort()
	desired.Sort()
	d := &differ{}
	d.attrs("", running.Attrs, desired.Attrs)
	d.attrs("ALUA", running.ALUA, desired.ALUA)
	reopened := d.devices(running, desired)
	d.drivers(running, desired)
	d.deviceGroups(running, desired)
	// A device that is re-opened, moved or removed takes every LUN on it
	// away for a moment, wherever the LUN is.
	for _, dr := range running.Drivers {
		if dr.Name == CopyManager {
			continue
		}
		for _, t := range dr.Targets {
			for _, l := range t.LUNs {
				if reopened[l.Device] {
					d.lost(LUNRef{dr.Name, t.Name, "", l.Number, l.Device})
				}
			}
			for _, g := range t.Groups {
				for _, l := range g.LUNs {
					if reopened[l.Device] {
						d.lost(LUNRef{dr.Name, t.Name, g.Name, l.Number, l.Device})
					}
				}
			}
		}
	}
	p := d.plan
	slices.SortStableFunc(p.Changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(objectRank(a.Object), objectRank(b.Object)),
			cmp.Compare(a.Object, b.Object), compareNames(a.Name, b.Name), cmp.Compare(a.Action, b.Action),
			cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
	slices.SortFunc(p.RemovedTargets, func(a, b TargetRef) int {
		return cmp.Or(cmp.Compare(a.Driver, b.Driver), cmp.Compare(a.Target, b.Target))
	})
	p.RemovedTargets = slices.Compact(p.RemovedTargets)
	slices.SortFunc(p.RemovedLUNs, func(a, b LUNRef) int {
		return cmp.Or(cmp.Compare(a.Driver, b.Driver), cmp.Compare(a.Target, b.Target), cmp.Compare(a.Group, b.Group),
			cmp.Compare(a.LUN, b.LUN), cmp.Compare(a.Device, b.Device))
	})
	p.RemovedLUNs = slices.Compact(p.RemovedLUNs)
	return p
}

// objectRank orders a path's changes the way a person reads a target:
// itself, its settings, then its LUNs, groups and initiators.
func objectRank(o string) int {
	return slices.Index([]string{"handler", "device", "driver", "target", "enabled", "alias", "portal", "incoming-user",
		"outgoing-user", "attribute", "lun", "group", "initiator", "device-group", "target-group", "member"}, o)
}

// compareNames puts LUN numbers in numeric order.
func compareNames(a, b string) int {
	x, errA := strconv.ParseUint(a, 10, 32)
	y, errB := strconv.ParseUint(b, 10, 32)
	if errA == nil && errB == nil {
		return cmp.Compare(x, y)
	}
	return cmp.Compare(a, b)
}

type differ struct{ plan Plan }

func (d *differ) add(c Change) { d.plan.Changes = append(d.plan.Changes, c) }

func (d *differ) lost(l LUNRef) { d.plan.RemovedLUNs = append(d.plan.RemovedLUNs, l) }

// attrs diffs two sorted attribute lists: a name with one value on each
// side is a Modify, anything else adds and removes values.
func (d *differ) attrs(path string, old, new []Attr) {
	byName := func(a []Attr) map[string][]string {
		m := map[string][]string{}
		for _, x := range a {
			m[x.Name] = append(m[x.Name], x.Value)
		}
		return m
	}
	o, n := byName(old), byName(new)
	for _, name := range unionKeys(o, n) {
		ov, nv := o[name], n[name]
		if len(ov) == 1 && len(nv) == 1 {
			if ov[0] != nv[0] {
				d.add(Change{Action: Modify, Object: "attribute", Path: path, Name: name, From: ov[0], To: nv[0]})
			}
			continue
		}
		for _, v := range ov {
			if !slices.Contains(nv, v) {
				d.add(Change{Action: Remove, Object: "attribute", Path: path, Name: name, From: v, NeedsForce: true})
			}
		}
		for _, v := range nv {
			if !slices.Contains(ov, v) {
				d.add(Change{Action: Add, Object: "attribute", Path: path, Name: name, To: v})
			}
		}
	}
}

func unionKeys[V any](a, b map[string]V) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

type placedDevice struct {
	handler string
	dev     Device
}

// devices diffs devices by name (SCST's device names are global, whatever
// the handler) and returns the devices whose LUNs drop: removed, moved to
// another handler, or re-opened because an attribute changed (scstadmin
// closes and re-opens a device for that, with -force).
func (d *differ) devices(running, desired Config) map[string]bool {
	collect := func(c Config) map[string]placedDevice {
		m := map[string]placedDevice{}
		for _, h := range c.Handlers {
			for _, dev := range h.Devices {
				m[dev.Name] = placedDevice{h.Name, dev}
			}
		}
		return m
	}
	o, n := collect(running), collect(desired)
	lost := map[string]bool{}
	for _, name := range unionKeys(o, n) {
		od, inOld := o[name]
		nd, inNew := n[name]
		switch {
		case !inNew:
			d.add(Change{Action: Remove, Object: "device", Path: od.handler, Name: name, From: od.dev.Filename, NeedsForce: true})
			lost[name] = true
		case !inOld:
			d.add(Change{Action: Add, Object: "device", Path: nd.handler, Name: name, To: nd.dev.Filename})
		case od.handler != nd.handler:
			d.add(Change{Action: Remove, Object: "device", Path: od.handler, Name: name, From: od.dev.Filename, NeedsForce: true})
			d.add(Change{Action: Add, Object: "device", Path: nd.handler, Name: name, To: nd.dev.Filename})
			lost[name] = true
		default:
			oa, na := od.dev.Attrs, nd.dev.Attrs
			if od.dev.Filename != "" {
				oa = sortedWith(oa, Attr{"filename", od.dev.Filename})
			}
			if nd.dev.Filename != "" {
				na = sortedWith(na, Attr{"filename", nd.dev.Filename})
			}
			before := len(d.plan.Changes)
			d.attrs(nd.handler+"/"+name, oa, na)
			for i := before; i < len(d.plan.Changes); i++ {
				d.plan.Changes[i].NeedsForce = true
				lost[name] = true
			}
		}
	}
	// Handler attributes, for handlers either side has (an empty handler
	// section is no section).
	ho, hn := map[string][]Attr{}, map[string][]Attr{}
	for _, h := range running.Handlers {
		ho[h.Name] = h.Attrs
	}
	for _, h := range desired.Handlers {
		hn[h.Name] = h.Attrs
	}
	for _, name := range unionKeys(ho, hn) {
		d.attrs(name, ho[name], hn[name])
	}
	return lost
}

func (d *differ) drivers(running, desired Config) {
	byName := func(c Config) map[string]Driver {
		m := map[string]Driver{}
		for _, dr := range c.Drivers {
			if dr.Name != CopyManager {
				m[dr.Name] = dr
			}
		}
		return m
	}
	o, n := byName(running), byName(desired)
	for _, name := range unionKeys(o, n) {
		od, nd := o[name], n[name]
		od.Name, nd.Name = name, name
		if od.Enabled != nd.Enabled {
			c := Change{Action: Modify, Object: "enabled", Path: name, Name: "enabled", From: boolString(od.Enabled), To: boolString(nd.Enabled)}
			if od.Enabled {
				// A disabled driver takes every session of its targets.
				c.NeedsForce = true
				for _, t := range od.Targets {
					d.plan.RemovedTargets = append(d.plan.RemovedTargets, TargetRef{name, t.Name})
				}
			}
			d.add(c)
		}
		d.chap(name, od.CHAP, nd.CHAP)
		d.attrs(name, od.Attrs, nd.Attrs)
		ot, nt := map[string]Target{}, map[string]Target{}
		for _, t := range od.Targets {
			ot[t.Name] = t
		}
		for _, t := range nd.Targets {
			nt[t.Name] = t
		}
		for _, tn := range unionKeys(ot, nt) {
			old, inOld := ot[tn]
			new, inNew := nt[tn]
			switch {
			case !inNew:
				d.add(Change{Action: Remove, Object: "target", Path: name, Name: tn, NeedsForce: true})
				d.plan.RemovedTargets = append(d.plan.RemovedTargets, TargetRef{name, tn})
				new = Target{Name: tn}
			case !inOld:
				d.add(Change{Action: Add, Object: "target", Path: name, Name: tn})
				old = Target{Name: tn}
			}
			d.target(name, old, new)
		}
	}
}

func (d *differ) target(driver string, old, new Target) {
	path := driver + "/" + new.Name
	if old.Enabled != new.Enabled {
		c := Change{Action: Modify, Object: "enabled", Path: path, Name: "enabled", From: boolString(old.Enabled), To: boolString(new.Enabled)}
		if old.Enabled {
			c.NeedsForce = true
			d.plan.RemovedTargets = append(d.plan.RemovedTargets, TargetRef{driver, old.Name})
		}
		d.add(c)
	}
	if old.HWTarget != new.HWTarget {
		d.add(Change{Action: Modify, Object: "attribute", Path: path, Name: "HW_TARGET", From: boolString(old.HWTarget), To: boolString(new.HWTarget), NeedsForce: old.HWTarget})
	}
	if old.Alias != new.Alias {
		c := Change{Action: Modify, Object: "alias", Path: path, Name: "alias", From: old.Alias, To: new.Alias}
		switch {
		case old.Alias == "":
			c.Action = Add
		case new.Alias == "":
			c.Action, c.NeedsForce = Remove, true
		}
		d.add(c)
	}
	op, np := map[string]bool{}, map[string]bool{}
	for _, p := range old.Portals {
		op[p.Address.String()] = true
	}
	for _, p := range new.Portals {
		np[p.Address.String()] = true
	}
	for _, a := range unionKeys(op, np) {
		switch {
		case !np[a]:
			d.add(Change{Action: Remove, Object: "portal", Path: path, Name: a, NeedsForce: true})
		case !op[a]:
			d.add(Change{Action: Add, Object: "portal", Path: path, Name: a})
		}
	}
	d.chap(path, old.CHAP, new.CHAP)
	d.attrs(path, old.Attrs, new.Attrs)
	d.luns(driver, old.Name, "", path, old.LUNs, new.LUNs)
	og, ng := map[string]Group{}, map[string]Group{}
	for _, g := range old.Groups {
		og[g.Name] = g
	}
	for _, g := range new.Groups {
		ng[g.Name] = g
	}
	for _, gn := range unionKeys(og, ng) {
		o, inOld := og[gn]
		n, inNew := ng[gn]
		switch {
		case !inNew:
			d.add(Change{Action: Remove, Object: "group", Path: path, Name: gn, NeedsForce: true})
			n = Group{Name: gn}
		case !inOld:
			d.add(Change{Action: Add, Object: "group", Path: path, Name: gn})
			o = Group{Name: gn}
		}
		gpath := path + "/" + gn
		d.attrs(gpath, o.Attrs, n.Attrs)
		d.luns(driver, old.Name, gn, gpath, o.LUNs, n.LUNs)
		oi, ni := map[string][]Attr{}, map[string][]Attr{}
		for _, i := range o.Initiators {
			oi[i.Name] = i.Attrs
		}
		for _, i := range n.Initiators {
			ni[i.Name] = i.Attrs
		}
		for _, in := range unionKeys(oi, ni) {
			_, inOld := oi[in]
			_, inNew := ni[in]
			switch {
			case !inNew:
				d.add(Change{Action: Remove, Object: "initiator", Path: gpath, Name: in, NeedsForce: true})
			case !inOld:
				d.add(Change{Action: Add, Object: "initiator", Path: gpath, Name: in})
			}
			d.attrs(gpath+"/"+in, oi[in], ni[in])
		}
	}
}

func (d *differ) luns(driver, target, group, path string, old, new []LUN) {
	key := func(n uint32) string { return strconv.FormatUint(uint64(n), 10) }
	ol, nl := map[string]LUN{}, map[string]LUN{}
	for _, l := range old {
		ol[key(l.Number)] = l
	}
	for _, l := range new {
		nl[key(l.Number)] = l
	}
	for _, k := range unionKeys(ol, nl) {
		o, inOld := ol[k]
		n, inNew := nl[k]
		switch {
		case !inNew:
			d.add(Change{Action: Remove, Object: "lun", Path: path, Name: k, From: o.Device, NeedsForce: true})
			d.lost(LUNRef{driver, target, group, o.Number, o.Device})
		case !inOld:
			d.add(Change{Action: Add, Object: "lun", Path: path, Name: k, To: n.Device})
			d.attrs(path+"/"+k, nil, n.Attrs)
		case o.Device != n.Device:
			d.add(Change{Action: Modify, Object: "lun", Path: path, Name: k, From: o.Device, To: n.Device, NeedsForce: true})
			d.lost(LUNRef{driver, target, group, o.Number, o.Device})
			d.attrs(path+"/"+k, o.Attrs, n.Attrs)
		default:
			// scstadmin re-assigns a LUN whose attributes changed (-force).
			before := len(d.plan.Changes)
			d.attrs(path+"/"+k, o.Attrs, n.Attrs)
			for i := before; i < len(d.plan.Changes); i++ {
				d.plan.Changes[i].NeedsForce = true
			}
			if len(d.plan.Changes) > before {
				d.lost(LUNRef{driver, target, group, o.Number, o.Device})
			}
		}
	}
}

// chap diffs CHAP users by name. Values are never part of a Change: a
// changed secret is a Modify with no From or To.
func (d *differ) chap(path string, old, new CHAP) {
	ou, nu := map[string]Secret{}, map[string]Secret{}
	for _, u := range old.Incoming {
		ou[u.User] = u.Secret
	}
	for _, u := range new.Incoming {
		nu[u.User] = u.Secret
	}
	for _, name := range unionKeys(ou, nu) {
		o, inOld := ou[name]
		n, inNew := nu[name]
		switch {
		case !inNew:
			d.add(Change{Action: Remove, Object: "incoming-user", Path: path, Name: name, NeedsForce: true})
		case !inOld:
			d.add(Change{Action: Add, Object: "incoming-user", Path: path, Name: name})
		case !o.Equal(n):
			d.add(Change{Action: Modify, Object: "incoming-user", Path: path, Name: name})
		}
	}
	switch o, n := old.Outgoing, new.Outgoing; {
	case o == nil && n == nil:
	case n == nil:
		d.add(Change{Action: Remove, Object: "outgoing-user", Path: path, Name: o.User, NeedsForce: true})
	case o == nil:
		d.add(Change{Action: Add, Object: "outgoing-user", Path: path, Name: n.User})
	case o.User != n.User:
		d.add(Change{Action: Remove, Object: "outgoing-user", Path: path, Name: o.User, NeedsForce: true})
		d.add(Change{Action: Add, Object: "outgoing-user", Path: path, Name: n.User})
	case !o.Secret.Equal(n.Secret):
		d.add(Change{Action: Modify, Object: "outgoing-user", Path: path, Name: n.User})
	}
}

func (d *differ) deviceGroups(running, desired Config) {
	og, ng := map[string]DeviceGroup{}, map[string]DeviceGroup{}
	for _, g := range running.DeviceGroups {
		og[g.Name] = g
	}
	for _, g := range desired.DeviceGroups {
		ng[g.Name] = g
	}
	for _, name := range unionKeys(og, ng) {
		o, inOld := og[name]
		n, inNew := ng[name]
		switch {
		case !inNew:
			d.add(Change{Action: Remove, Object: "device-group", Name: name, NeedsForce: true})
		case !inOld:
			d.add(Change{Action: Add, Object: "device-group", Name: name})
		}
		d.attrs(name, o.Attrs, n.Attrs)
		d.names(name, "device", o.Devices, n.Devices)
		ot, nt := map[string]TargetGroup{}, map[string]TargetGroup{}
		for _, tg := range o.TargetGroups {
			ot[tg.Name] = tg
		}
		for _, tg := range n.TargetGroups {
			nt[tg.Name] = tg
		}
		for _, tn := range unionKeys(ot, nt) {
			otg, inOld := ot[tn]
			ntg, inNew := nt[tn]
			switch {
			case !inNew:
				d.add(Change{Action: Remove, Object: "target-group", Path: name, Name: tn, NeedsForce: true})
			case !inOld:
				d.add(Change{Action: Add, Object: "target-group", Path: name, Name: tn})
			}
			tpath := name + "/" + tn
			d.attrs(tpath, otg.Attrs, ntg.Attrs)
			om, nm := map[string][]Attr{}, map[string][]Attr{}
			for _, m := range otg.Targets {
				om[m.Name] = m.Attrs
			}
			for _, m := range ntg.Targets {
				nm[m.Name] = m.Attrs
			}
			for _, mn := range unionKeys(om, nm) {
				_, inOld := om[mn]
				_, inNew := nm[mn]
				switch {
				case !inNew:
					d.add(Change{Action: Remove, Object: "member", Path: tpath, Name: mn, NeedsForce: true})
				case !inOld:
					d.add(Change{Action: Add, Object: "member", Path: tpath, Name: mn})
				}
				d.attrs(tpath+"/"+mn, om[mn], nm[mn])
			}
		}
	}
}

func (d *differ) names(path, object string, old, new []string) {
	for _, x := range old {
		if !slices.Contains(new, x) {
			d.add(Change{Action: Remove, Object: object, Path: path, Name: x, NeedsForce: true})
		}
	}
	for _, x := range new {
		if !slices.Contains(old, x) {
			d.add(Change{Action: Add, Object: object, Path: path, Name: x})
		}
	}
}

func boolString(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
