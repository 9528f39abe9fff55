package iscsisvc

import (
	"context"
	"fmt"
	"net/netip"
	"slices"

	"bams/backend/api"
	"bams/backend/internal/scst"
)

// group is the name of the initiator group a target with allowed
// initiators gets: they see its LUNs, and nobody else sees any.
const group = "allowed"

// desired renders the stored targets as an SCST configuration: the iscsi
// driver, enabled, with the targets, and one device per LUN on
// vdisk_blockio (a ZFS volume or LV) or vdisk_fileio (a file).
func (s *Service) desired(ctx context.Context, targets []api.ISCSITarget) (scst.Config, error) {
	var c scst.Config
	if len(targets) == 0 {
		return c, nil
	}
	d := scst.Driver{Name: scst.ISCSI, Enabled: true}
	for _, t := range targets {
		st, err := s.target(ctx, &c, t)
		if err != nil {
			return scst.Config{}, err
		}
		d.Targets = append(d.Targets, st)
	}
	c.Drivers = []scst.Driver{d}
	c.Sort()
	return c, nil
}

// target renders one target, adding its LUNs' devices to c.
func (s *Service) target(ctx context.Context, c *scst.Config, t api.ISCSITarget) (scst.Target, error) {
	st := scst.Target{Name: t.Name, Enabled: t.Enabled, Alias: t.Alias}
	for _, p := range t.Portals {
		a, err := netip.ParseAddr(p.Address)
		if err != nil {
			return scst.Target{}, fmt.Errorf("target %s: stored portal %q: %w", t.Name, p.Address, err)
		}
		st.Portals = append(st.Portals, scst.Portal{Address: a, Port: scst.DefaultPort})
	}
	for _, u := range t.CHAP.Incoming {
		st.CHAP.Incoming = append(st.CHAP.Incoming, scst.CHAPUser{User: u.User, Secret: scst.NewSecret(u.Secret)})
	}
	if o := t.CHAP.Outgoing; o != nil {
		st.CHAP.Outgoing = &scst.CHAPUser{User: o.User, Secret: scst.NewSecret(o.Secret)}
	}
	var luns []scst.LUN
	for _, l := range t.LUNs {
		handler, file, err := s.backing(ctx, l)
		if err != nil {
			return scst.Target{}, err
		}
		dev := scst.Device{Name: deviceName(t.Name, l.LUN), Filename: file}
		if l.ReadOnly {
			dev.Attrs = []scst.Attr{{Name: "read_only", Value: "1"}}
		}
		addDevice(c, handler, dev)
		luns = append(luns, scst.LUN{Number: l.LUN, Device: dev.Name})
	}
	if len(t.Initiators) == 0 {
		st.LUNs = luns
	} else {
		g := scst.Group{Name: group, LUNs: luns}
		for _, in := range t.Initiators {
			g.Initiators = append(g.Initiators, scst.Initiator{Name: in})
		}
		st.Groups = []scst.Group{g}
	}
	return st, nil
}

// backing is the handler and backing path of a LUN.
func (s *Service) backing(ctx context.Context, l api.ISCSILUN) (handler, file string, err error) {
	switch {
	case l.Object != nil && l.Object.Kind == api.ObjectZFSVolume:
		return scst.BlockIO, "/dev/zvol/" + l.Object.Name, nil
	case l.Object != nil && l.Object.Kind == api.ObjectLVMLV:
		return scst.BlockIO, "/dev/" + l.Object.Name, nil
	}
	file, err = s.repositoryFile(ctx, l)
	if err != nil {
		return "", "", &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf("LUN %d: %v", l.LUN, err)}
	}
	return scst.FileIO, file, nil
}

func addDevice(c *scst.Config, handler string, dev scst.Device) {
	i := slices.IndexFunc(c.Handlers, func(h scst.Handler) bool { return h.Name == handler })
	if i < 0 {
		c.Handlers = append(c.Handlers, scst.Handler{Name: handler})
		i = len(c.Handlers) - 1
	}
	c.Handlers[i].Devices = append(c.Handlers[i].Devices, dev)
}

// scoped is running with one target replaced by its desired state (or
// removed, when the desired state has none), with the devices only its
// LUNs used: the configuration an apply of that target alone leaves.
// SCST's own copy_manager is left out (nobody configures it).
func (s *Service) scoped(ctx context.Context, running scst.Config, name string, t *api.ISCSITarget) (scst.Config, error) {
	c := running.Clone()
	c.Drivers = slices.DeleteFunc(c.Drivers, func(d scst.Driver) bool { return d.Name == scst.CopyManager })
	di := slices.IndexFunc(c.Drivers, func(d scst.Driver) bool { return d.Name == scst.ISCSI })
	if di < 0 {
		c.Drivers = append(c.Drivers, scst.Driver{Name: scst.ISCSI, Enabled: true})
		di = len(c.Drivers) - 1
	}
	d := &c.Drivers[di]
	mine, others := map[string]bool{}, map[string]bool{}
	for _, rt := range d.Targets {
		for _, dev := range devicesOf(rt) {
			if rt.Name == name {
				mine[dev] = true
			} else {
				others[dev] = true
			}
		}
	}
	d.Targets = slices.DeleteFunc(d.Targets, func(x scst.Target) bool { return x.Name == name })
	for i := range c.Handlers {
		c.Handlers[i].Devices = slices.DeleteFunc(c.Handlers[i].Devices, func(dev scst.Device) bool { return mine[dev.Name] && !others[dev.Name] })
	}
	if t != nil {
		st, err := s.target(ctx, &c, *t)
		if err != nil {
			return scst.Config{}, err
		}
		d.Targets = append(d.Targets, st)
		d.Enabled = true
	}
	c.Handlers = slices.DeleteFunc(c.Handlers, func(h scst.Handler) bool { return len(h.Devices) == 0 && len(h.Attrs) == 0 })
	c.Sort()
	return c, nil
}

func devicesOf(t scst.Target) []string {
	var out []string
	for _, l := range t.LUNs {
		out = append(out, l.Device)
	}
	for _, g := range t.Groups {
		for _, l := range g.LUNs {
			out = append(out, l.Device)
		}
	}
	return out
}
