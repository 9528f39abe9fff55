package storagesvc

import (
	"context"
	"errors"
	"sync"
	"time"

	"bams/backend/api"
	"bams/backend/internal/disks"
	"bams/backend/internal/execx"
)

// Disks lists the top-level block devices with what holds each: mounts,
// swap, LVM, ZFS, btrfs, stacked devices, signatures, and the features
// whose storage lives on them. SMART health is read for real disks where
// smartctl is installed.
func (s *Service) Disks(ctx context.Context) (api.DiskList, error) {
	t, err := s.readTopology(ctx)
	if err != nil {
		return api.DiskList{}, err
	}
	uses, err := s.allUses(ctx)
	if err != nil {
		t.warnings = append(t.warnings, err.Error())
	}
	// what each use lives on, down to its disks
	userHolders := map[string][]api.DiskHolder{}
	for _, u := range uses {
		if u.Object == nil {
			continue
		}
		for o := range t.within(*u.Object) {
			if o.Kind == api.ObjectDisk && t.top[o.Name] == o.Name {
				userHolders[o.Name] = append(userHolders[o.Name], api.DiskHolder{Kind: u.User.Kind, Name: u.User.Name})
			}
		}
	}
	_, smartErr := s.r.LookPath("smartctl")
	held := t.holders()
	out := api.DiskList{Disks: []api.Disk{}, Warnings: t.warnings}
	for _, d := range t.disks {
		ad := api.Disk{Name: d.Name, Path: d.Path, Type: d.Type, Size: d.Size, Model: d.Model, Serial: d.Serial, WWN: d.WWN,
			Vendor: d.Vendor, Rotational: d.Rotational, Transport: d.Transport, FSType: d.FSType,
			Partitions: []api.DiskPartition{}, Holders: []api.DiskHolder{}}
		for _, p := range d.Partitions() {
			ad.Partitions = append(ad.Partitions, api.DiskPartition{Name: p.Name, Path: p.Path, Size: p.Size, FSType: p.FSType, Label: p.Label, Mounts: p.Mounts})
		}
		for _, h := range held[d.Path] {
			ad.Holders = append(ad.Holders, apiHolder(h))
		}
		ad.Holders = append(ad.Holders, userHolders[d.Path]...)
		if d.Type == "disk" && smartErr == nil {
			ad.Smart = s.smart(ctx, d.Path)
		}
		out.Disks = append(out.Disks, ad)
	}
	return out, nil
}

func apiHolder(h disks.Holder) api.DiskHolder {
	return api.DiskHolder{Kind: string(h.Kind), Device: h.Device, Name: h.Name}
}

// smartTTL is how long a disk's SMART answer is shown again: its figures
// change slowly, and every smartctl -a wakes a disk that sleeps.
const smartTTL = 10 * time.Minute

type smartCache struct {
	mu      sync.Mutex
	answers map[string]smartAnswer // by device path
}

type smartAnswer struct {
	read  time.Time
	smart *api.DiskSmart
}

func (s *Service) smart(ctx context.Context, dev string) *api.DiskSmart {
	c := &s.smarts
	c.mu.Lock()
	a, ok := c.answers[dev]
	c.mu.Unlock()
	if ok && time.Since(a.read) < smartTTL {
		return a.smart
	}
	sm := s.readSmart(ctx, dev)
	c.mu.Lock()
	if c.answers == nil {
		c.answers = map[string]smartAnswer{}
	}
	c.answers[dev] = smartAnswer{read: time.Now(), smart: sm}
	c.mu.Unlock()
	return sm
}

func (s *Service) readSmart(ctx context.Context, dev string) *api.DiskSmart {
	sm, err := disks.ReadSmart(ctx, s.r, dev)
	if err != nil {
		var me *execx.MissingError
		if errors.As(err, &me) {
			return nil
		}
		return &api.DiskSmart{Health: string(disks.HealthUnknown), Error: err.Error()}
	}
	return &api.DiskSmart{Health: string(sm.Health), TemperatureC: sm.Temperature, PowerOnHours: sm.PowerOnHours}
}
