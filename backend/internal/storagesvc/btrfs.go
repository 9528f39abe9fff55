package storagesvc

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/execx"
	"bams/backend/internal/tasks"
)

// Btrfs lists the btrfs filesystems; mounted ones with their usage,
// profiles and last scrub.
func (s *Service) Btrfs(ctx context.Context) (api.BtrfsList, error) {
	t, err := s.readTopology(ctx)
	if err != nil {
		return api.BtrfsList{}, err
	}
	uses, err := s.allUses(ctx)
	if err != nil {
		return api.BtrfsList{}, err
	}
	out := api.BtrfsList{Filesystems: []api.Btrfs{}}
	for _, fs := range t.btrfs {
		out.Filesystems = append(out.Filesystems, s.btrfsOf(ctx, t, fs, uses))
	}
	return out, nil
}

func (s *Service) btrfsOf(ctx context.Context, t *topology, fs btrfs.Filesystem, uses []api.StorageUse) api.Btrfs {
	b := api.Btrfs{UUID: fs.UUID, Label: fs.Label, Missing: fs.Missing, Used: fs.Used, Devices: []api.BtrfsDevice{},
		Mountpoint: t.btrfsMount(fs), UsedBy: t.usedBy(api.StorageObject{Kind: api.ObjectBtrfs, Name: fs.UUID}, uses)}
	for _, d := range fs.Devices {
		b.Devices = append(b.Devices, api.BtrfsDevice{ID: d.ID, Path: d.Path, Size: d.Size, Used: d.Used})
		b.Size += d.Size
	}
	if b.Mountpoint == "" {
		return b
	}
	if u, err := btrfs.FilesystemUsage(ctx, s.r, b.Mountpoint); err == nil {
		b.Size, b.Used, b.Free = u.DeviceSize, u.Used, u.FreeEstimated
		for _, p := range u.Profiles {
			switch p.Type {
			case "Data":
				b.Data = strings.ToLower(p.Profile)
			case "Metadata":
				b.Metadata = strings.ToLower(p.Profile)
			}
		}
	}
	if sc, err := btrfs.ScrubStatus(ctx, s.r, b.Mountpoint); err == nil && !sc.NoStats {
		b.Scrub = &api.BtrfsScrub{Status: sc.Status, Percent: sc.Percent, Errors: sc.Errors}
	}
	return b
}

// btrfsByUUID finds a filesystem; mounted says it must be mounted.
func (s *Service) btrfsByUUID(ctx context.Context, uuid string, mounted bool) (*topology, btrfs.Filesystem, string, error) {
	t, err := s.readTopology(ctx)
	if err != nil {
		return nil, btrfs.Filesystem{}, "", err
	}
	for _, fs := range t.btrfs {
		if fs.UUID == uuid {
			mnt := t.btrfsMount(fs)
			if mounted && mnt == "" {
				return nil, fs, "", &api.Error{Kind: api.KindConflict, Message: "btrfs filesystem " + uuid + " is not mounted"}
			}
			return t, fs, mnt, nil
		}
	}
	return nil, btrfs.Filesystem{}, "", &api.Error{Kind: api.KindNotFound, Message: "no btrfs filesystem " + uuid}
}

// CreateBtrfs makes a filesystem on disks nothing holds (mkfs.btrfs never
// overwrites: no -f) and mounts it when a mount point is given.
func (s *Service) CreateBtrfs(ctx context.Context, req api.BtrfsCreate) (api.Btrfs, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	if len(req.Devices) == 0 {
		return api.Btrfs{}, &api.Error{Kind: api.KindBadRequest, Field: "devices", Message: "name at least one free disk"}
	}
	if req.Mountpoint != "" && (!filepath.IsAbs(req.Mountpoint) || filepath.Clean(req.Mountpoint) != req.Mountpoint || req.Mountpoint == "/") {
		return api.Btrfs{}, &api.Error{Kind: api.KindBadRequest, Field: "mountpoint", Message: "mountpoint must be an absolute clean path other than /"}
	}
	t, err := s.readTopology(ctx)
	if err != nil {
		return api.Btrfs{}, err
	}
	if err := s.requireFree(ctx, t, "devices", req.Devices); err != nil {
		return api.Btrfs{}, err
	}
	devs := make([]string, len(req.Devices))
	for i, d := range req.Devices {
		devs[i] = t.resolve(d)
	}
	if err := btrfs.Mkfs(ctx, s.r, btrfs.MkfsOptions{Devices: devs, Label: req.Label, Data: req.Data, Metadata: req.Metadata}); err != nil {
		return api.Btrfs{}, err
	}
	fss, err := btrfs.Show(ctx, s.r, devs[0])
	if err != nil || len(fss) != 1 {
		return api.Btrfs{}, fmt.Errorf("the new filesystem on %s: %d found, %v", devs[0], len(fss), err)
	}
	if req.Mountpoint != "" {
		if err := s.mount(ctx, devs, req.Mountpoint); err != nil {
			return api.Btrfs{}, err
		}
	}
	t, fs, _, err := s.btrfsByUUID(ctx, fss[0].UUID, false)
	if err != nil {
		return api.Btrfs{}, err
	}
	return s.btrfsOf(ctx, t, fs, nil), nil
}

// mount mounts a btrfs filesystem of devs on mnt (made if missing). Every
// device is named (device=), so no `btrfs device scan` is needed first.
func (s *Service) mount(ctx context.Context, devs []string, mnt string) error {
	if err := os.MkdirAll(mnt, 0o755); err != nil {
		return err
	}
	args := []string{"-t", "btrfs"}
	for _, d := range devs[1:] {
		args = append(args, "-o", "device="+d)
	}
	_, err := s.r.Run(ctx, execx.Cmd{Name: "mount", Args: append(args, devs[0], mnt)})
	return err
}

// Subvolumes lists the subvolumes of a mounted filesystem, with qgroup
// usage where quotas are on. Paths are absolute, below the mount point
// (of the top level: BAMS mounts filesystems whole).
func (s *Service) Subvolumes(ctx context.Context, uuid string) (api.BtrfsSubvolumeList, error) {
	t, _, mnt, err := s.btrfsByUUID(ctx, uuid, true)
	if err != nil {
		return api.BtrfsSubvolumeList{}, err
	}
	subs, err := btrfs.ListSubvolumes(ctx, s.r, mnt, false)
	if err != nil {
		return api.BtrfsSubvolumeList{}, err
	}
	ro, err := btrfs.ReadOnlySubvolumes(ctx, s.r, mnt)
	if err != nil {
		return api.BtrfsSubvolumeList{}, err
	}
	readOnly := map[string]bool{}
	for _, r := range ro {
		readOnly[r.UUID] = true
	}
	uses, err := s.allUses(ctx)
	if err != nil {
		return api.BtrfsSubvolumeList{}, err
	}
	out := api.BtrfsSubvolumeList{Subvolumes: []api.BtrfsSubvolume{}}
	groups := map[string]btrfs.Qgroup{}
	if q, err := btrfs.Qgroups(ctx, s.r, mnt); err == nil {
		out.Quotas = true
		for _, g := range q.Groups {
			groups[g.ID] = g
		}
	} else if !btrfs.IsKind(err, btrfs.QuotasOff) {
		return api.BtrfsSubvolumeList{}, err
	}
	for _, sv := range subs {
		p := filepath.Join(mnt, sv.Path)
		a := api.BtrfsSubvolume{ID: sv.ID, Path: p, ReadOnly: readOnly[sv.UUID], Parent: sv.ParentUUID, UUID: sv.UUID,
			UsedBy: t.usedBy(api.StorageObject{Kind: api.ObjectBtrfsSubvol, Name: p}, uses)}
		if g, ok := groups[fmt.Sprintf("0/%d", sv.ID)]; ok {
			ref, excl := g.Referenced, g.Exclusive
			a.Referenced, a.Exclusive = &ref, &excl
		}
		out.Subvolumes = append(out.Subvolumes, a)
	}
	return out, nil
}

// below checks that p is a path strictly inside the mount point mnt.
func below(field, p, mnt string) error {
	if !filepath.IsAbs(p) || filepath.Clean(p) != p || !strings.HasPrefix(p, mnt+"/") {
		return &api.Error{Kind: api.KindBadRequest, Field: field, Message: fmt.Sprintf("%s must be an absolute clean path below %s", field, mnt)}
	}
	return nil
}

// CreateSubvolume makes a subvolume, or a read-only snapshot of one.
func (s *Service) CreateSubvolume(ctx context.Context, uuid string, req api.BtrfsSubvolumeCreate) (api.BtrfsSubvolume, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	_, _, mnt, err := s.btrfsByUUID(ctx, uuid, true)
	if err != nil {
		return api.BtrfsSubvolume{}, err
	}
	if err := below("path", req.Path, mnt); err != nil {
		return api.BtrfsSubvolume{}, err
	}
	if req.SnapshotOf != "" {
		if req.SnapshotOf != mnt {
			if err := below("snapshot_of", req.SnapshotOf, mnt); err != nil {
				return api.BtrfsSubvolume{}, err
			}
		}
		err = btrfs.Snapshot(ctx, s.r, req.SnapshotOf, req.Path)
	} else {
		err = btrfs.CreateSubvolume(ctx, s.r, req.Path)
	}
	if err != nil {
		return api.BtrfsSubvolume{}, err
	}
	sv, err := btrfs.ShowSubvolume(ctx, s.r, req.Path)
	if err != nil {
		return api.BtrfsSubvolume{}, err
	}
	return api.BtrfsSubvolume{ID: sv.ID, Path: req.Path, ReadOnly: sv.ReadOnly, Parent: sv.ParentUUID, UUID: sv.UUID, UsedBy: []api.StorageUser{}}, nil
}

// DeleteSubvolume deletes a subvolume after the caller typed its path;
// refused while anything uses it or a subvolume lies below it.
func (s *Service) DeleteSubvolume(ctx context.Context, uuid, path, confirm string) (api.Destroyed, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	t, _, mnt, err := s.btrfsByUUID(ctx, uuid, true)
	if err != nil {
		return api.Destroyed{}, err
	}
	if err := below("path", path, mnt); err != nil {
		return api.Destroyed{}, err
	}
	if err := confirmed(confirm, path, "subvolume"); err != nil {
		return api.Destroyed{}, err
	}
	if err := s.refuseUsed(ctx, t, api.StorageObject{Kind: api.ObjectBtrfsSubvol, Name: path}, "subvolume "+path); err != nil {
		return api.Destroyed{}, err
	}
	if err := btrfs.DeleteSubvolume(ctx, s.r, path); err != nil {
		return api.Destroyed{}, err
	}
	return api.Destroyed{Kind: api.ObjectBtrfsSubvol, Name: path}, nil
}

// StartBtrfsScrub scrubs a mounted filesystem as a task: `btrfs scrub
// start -B` in its own process group (cancel kills it, and btrfs then
// records the scrub as aborted), followed with `scrub status`.
func (s *Service) StartBtrfsScrub(ctx context.Context, uuid string, by api.Caller) (api.Task, error) {
	_, _, mnt, err := s.btrfsByUUID(ctx, uuid, true)
	if err != nil {
		return api.Task{}, err
	}
	return s.o.Tasks.Start(TaskBtrfsScrub, uuid, api.ActionOperate, by, func(ctx context.Context, run *tasks.Run) error {
		run.Progress(api.Progress{Step: "scrubbing " + mnt})
		done := make(chan struct{})
		defer close(done)
		go func() {
			tick := time.NewTicker(s.o.Poll)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
					if st, err := btrfs.ScrubStatus(ctx, s.r, mnt); err == nil && st.Percent >= 0 {
						run.Progress(api.Progress{Percent: st.Percent, BytesDone: int64(st.Done), BytesTotal: int64(st.Total),
							Rate: float64(st.Rate), ETASeconds: int64(st.TimeLeft.Seconds()), Step: "scrubbing " + mnt})
					}
				}
			}
		}()
		sum, err := btrfs.RunScrub(ctx, s.r, mnt, run.SetPGID)
		if err != nil {
			return err
		}
		run.Log("info", "scrub "+sum.Status+": "+sum.Errors)
		run.Progress(api.Progress{Percent: 100, Step: "scrub " + sum.Status})
		if sum.Errors != "" && sum.Errors != "no errors found" {
			return fmt.Errorf("scrub found errors: %s", sum.Errors)
		}
		return nil
	})
}

// StopBtrfsScrub cancels a running scrub however it was started.
func (s *Service) StopBtrfsScrub(ctx context.Context, uuid string) error {
	_, _, mnt, err := s.btrfsByUUID(ctx, uuid, true)
	if err != nil {
		return err
	}
	return btrfs.CancelScrub(ctx, s.r, mnt)
}
