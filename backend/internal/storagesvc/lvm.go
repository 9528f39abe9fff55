package storagesvc

import (
	"context"
	"fmt"
	"sort"

	"bams/backend/api"
	"bams/backend/internal/lvm"
)

// VGs lists the volume groups with their PVs.
func (s *Service) VGs(ctx context.Context) (api.VGList, error) {
	vgs, err := lvm.VGs(ctx, s.r, s.o.LVM)
	if err != nil {
		return api.VGList{}, err
	}
	pvs, err := lvm.PVs(ctx, s.r, s.o.LVM)
	if err != nil {
		return api.VGList{}, err
	}
	out := api.VGList{VGs: []api.VG{}}
	for _, v := range vgs {
		a := api.VG{Name: v.Name, UUID: v.UUID, Size: v.Size, Free: v.Free, ExtentSize: v.ExtentSize, LVCount: v.LVCount, PVs: []string{}}
		for _, p := range pvs {
			if p.VG == v.Name {
				a.PVs = append(a.PVs, p.Name)
			}
		}
		sort.Strings(a.PVs)
		out.VGs = append(out.VGs, a)
	}
	return out, nil
}

// CreateVG makes a volume group from devices nothing holds.
func (s *Service) CreateVG(ctx context.Context, req api.VGCreate) (api.VG, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	t, err := s.readTopology(ctx)
	if err != nil {
		return api.VG{}, err
	}
	if len(req.Devices) == 0 {
		return api.VG{}, &api.Error{Kind: api.KindBadRequest, Field: "devices", Message: "name at least one free disk"}
	}
	if err := s.requireFree(ctx, t, "devices", req.Devices); err != nil {
		return api.VG{}, err
	}
	devs := make([]string, len(req.Devices))
	for i, d := range req.Devices {
		devs[i] = t.resolve(d)
	}
	if err := lvm.CreateVG(ctx, s.r, s.o.LVM, req.Name, devs...); err != nil {
		return api.VG{}, err
	}
	return s.vg(ctx, req.Name)
}

func (s *Service) vg(ctx context.Context, name string) (api.VG, error) {
	l, err := s.VGs(ctx)
	if err != nil {
		return api.VG{}, err
	}
	for _, v := range l.VGs {
		if v.Name == name {
			return v, nil
		}
	}
	return api.VG{}, &api.Error{Kind: api.KindNotFound, Message: "no volume group " + name}
}

// RemoveVG removes an empty volume group and the LVM labels of its PVs,
// after the caller typed its name. Refused while anything uses it or it
// holds logical volumes (which are listed).
func (s *Service) RemoveVG(ctx context.Context, name, confirm string) (api.Destroyed, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	v, err := s.vg(ctx, name)
	if err != nil {
		return api.Destroyed{}, err
	}
	if err := confirmed(confirm, name, "volume group"); err != nil {
		return api.Destroyed{}, err
	}
	t, err := s.readTopology(ctx)
	if err != nil {
		return api.Destroyed{}, err
	}
	if err := s.refuseUsed(ctx, t, api.StorageObject{Kind: api.ObjectLVMVG, Name: name}, "volume group "+name); err != nil {
		return api.Destroyed{}, err
	}
	if v.LVCount > 0 {
		lvs, err := lvm.LVs(ctx, s.r, s.o.LVM, name)
		if err != nil {
			return api.Destroyed{}, err
		}
		names := make([]string, len(lvs))
		for i, l := range lvs {
			names[i] = l.Name
		}
		return api.Destroyed{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf("volume group %s holds logical volumes %v: remove them first", name, names)}
	}
	if err := lvm.RemoveVG(ctx, s.r, s.o.LVM, name); err != nil {
		return api.Destroyed{}, err
	}
	if err := lvm.RemovePVs(ctx, s.r, s.o.LVM, v.PVs...); err != nil {
		return api.Destroyed{}, err
	}
	return api.Destroyed{Kind: api.ObjectLVMVG, Name: name}, nil
}

// LVs lists logical volumes (of one VG when vg is not "") with their users.
func (s *Service) LVs(ctx context.Context, vg string) (api.LVList, error) {
	lvs, err := lvm.LVs(ctx, s.r, s.o.LVM, vg)
	if err != nil {
		return api.LVList{}, err
	}
	uses, err := s.allUses(ctx)
	if err != nil {
		return api.LVList{}, err
	}
	t := &topology{} // an LV's containment needs no tool: vg/lv is in vg
	out := api.LVList{LVs: []api.LV{}}
	for _, l := range lvs {
		a := api.LV{VG: l.VG, Name: l.Name, Kind: l.Kind(), Size: l.Size, Path: l.Path, Pool: l.Pool, Active: l.Active,
			UsedBy: t.usedBy(api.StorageObject{Kind: api.ObjectLVMLV, Name: l.VG + "/" + l.Name}, uses)}
		if l.DataPercent >= 0 {
			p := l.DataPercent
			a.DataPercent = &p
		}
		out.LVs = append(out.LVs, a)
	}
	return out, nil
}

func (s *Service) lv(ctx context.Context, vg, name string) (api.LV, error) {
	l, err := s.LVs(ctx, vg)
	if err != nil {
		return api.LV{}, err
	}
	for _, x := range l.LVs {
		if x.Name == name {
			return x, nil
		}
	}
	return api.LV{}, &api.Error{Kind: api.KindNotFound, Message: "no logical volume " + vg + "/" + name}
}

// CreateLV makes a linear LV, a thin pool or a thin volume.
func (s *Service) CreateLV(ctx context.Context, req api.LVCreate) (api.LV, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	spec := lvm.LVSpec{VG: req.VG, Name: req.Name, Type: lvm.LVType(req.Type), Size: req.Size, FreePct: req.FreePercent, Pool: req.Pool}
	if err := lvm.CreateLV(ctx, s.r, s.o.LVM, spec); err != nil {
		return api.LV{}, err
	}
	return s.lv(ctx, req.VG, req.Name)
}

// ExtendLV grows an LV (never shrinks: LVM's lvextend refuses that).
func (s *Service) ExtendLV(ctx context.Context, vg, name string, req api.LVExtend) (api.LV, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	cur, err := s.lv(ctx, vg, name)
	if err != nil {
		return api.LV{}, err
	}
	if req.Size <= cur.Size {
		return api.LV{}, &api.Error{Kind: api.KindBadRequest, Field: "size", Message: fmt.Sprintf("size must be more than the LV's %d bytes: LVs only grow here", cur.Size)}
	}
	if err := lvm.ExtendLV(ctx, s.r, s.o.LVM, vg, name, req.Size, req.ResizeFS); err != nil {
		return api.LV{}, err
	}
	return s.lv(ctx, vg, name)
}

// RemoveLV removes an LV after the caller typed vg/name; refused while
// anything uses it.
func (s *Service) RemoveLV(ctx context.Context, vg, name, confirm string) (api.Destroyed, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	cur, err := s.lv(ctx, vg, name)
	if err != nil {
		return api.Destroyed{}, err
	}
	full := vg + "/" + name
	if err := confirmed(confirm, full, "logical volume"); err != nil {
		return api.Destroyed{}, err
	}
	if err := s.refuseUsed(ctx, &topology{}, api.StorageObject{Kind: api.ObjectLVMLV, Name: full}, "logical volume "+full); err != nil {
		return api.Destroyed{}, err
	}
	if cur.Kind == "thin-pool" {
		// lvremove -y would take the pool's thin volumes with it
		all, err := s.LVs(ctx, vg)
		if err != nil {
			return api.Destroyed{}, err
		}
		var thin []string
		for _, l := range all.LVs {
			if l.Pool == name {
				thin = append(thin, l.Name)
			}
		}
		if len(thin) > 0 {
			return api.Destroyed{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf("thin pool %s holds thin volumes %v: remove them first", full, thin)}
		}
	}
	if err := lvm.RemoveLV(ctx, s.r, s.o.LVM, vg, name); err != nil {
		return api.Destroyed{}, err
	}
	return api.Destroyed{Kind: api.ObjectLVMLV, Name: full}, nil
}
