package storagesvc

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"bams/backend/api"
	"bams/backend/internal/tasks"
	"bams/backend/internal/zfs"
)

// Pools lists the imported pools with their users.
func (s *Service) Pools(ctx context.Context) (api.PoolList, error) {
	pools, warns, err := zfs.Pools(ctx, s.r)
	if err != nil {
		return api.PoolList{}, err
	}
	uses, err := s.allUses(ctx)
	if err != nil {
		return api.PoolList{}, err
	}
	out := api.PoolList{Pools: []api.Pool{}, Warnings: warnings(warns)}
	t := &topology{} // what lives in a pool is read from names alone
	for _, p := range pools {
		out.Pools = append(out.Pools, apiPool(p, t.usedBy(api.StorageObject{Kind: api.ObjectZFSPool, Name: p.Name}, uses)))
	}
	return out, nil
}

func apiPool(p zfs.Pool, users []api.StorageUser) api.Pool {
	return api.Pool{Name: p.Name, Size: p.Size, Allocated: p.Allocated, Free: p.Free, Fragmentation: p.Fragmentation,
		Capacity: p.Capacity, Health: p.Health, UsedBy: users}
}

func warnings(ws []zfs.Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.String())
	}
	return out
}

// Pool is one pool's status: the vdev tree with error counts, the scan.
func (s *Service) Pool(ctx context.Context, name string) (api.PoolStatus, error) {
	l, err := s.Pools(ctx)
	if err != nil {
		return api.PoolStatus{}, err
	}
	var p *api.Pool
	for i := range l.Pools {
		if l.Pools[i].Name == name {
			p = &l.Pools[i]
		}
	}
	if p == nil {
		return api.PoolStatus{}, &api.Error{Kind: api.KindNotFound, Message: "no pool " + name}
	}
	st, err := zfs.Status(ctx, s.r, name)
	if err != nil {
		return api.PoolStatus{}, err
	}
	if len(st) != 1 {
		return api.PoolStatus{}, fmt.Errorf("zpool status %s: %d pools", name, len(st))
	}
	return api.PoolStatus{Pool: *p, State: st[0].State, Status: st[0].Status, Action: st[0].Action, Scan: apiScan(st[0].Scan),
		Vdevs: apiVdevs(st[0].Config), Errors: st[0].Errors, ErrorFiles: st[0].ErrorFiles}, nil
}

func apiScan(sc zfs.Scan) api.PoolScan {
	a := api.PoolScan{Function: string(sc.Func), State: string(sc.State), Percent: sc.Percent, Issued: sc.Issued, Total: sc.Total,
		Rate: sc.Rate, Repaired: sc.Repaired, Errors: sc.Errors, Text: sc.Raw}
	if sc.State == "" {
		a.State = string(zfs.ScanNone)
	}
	if sc.ETA > 0 {
		a.ETASeconds = int64(sc.ETA / time.Second)
	}
	return a
}

func apiVdevs(vs []zfs.Vdev) []api.Vdev {
	out := []api.Vdev{}
	for _, v := range vs {
		out = append(out, api.Vdev{Name: v.Name, State: v.State, Read: v.Read, Write: v.Write, Checksum: v.Checksum, Note: v.Note, Children: apiVdevs(v.Children)})
	}
	return out
}

func layout(req api.PoolCreate) zfs.Layout {
	groups := func(gs []api.VdevGroup) []zfs.VdevGroup {
		var out []zfs.VdevGroup
		for _, g := range gs {
			out = append(out, zfs.VdevGroup{Type: zfs.VdevType(g.Type), Devices: g.Devices,
				DRAID: zfs.DRAIDSpec{Parity: g.Parity, Data: g.DataDevices, Spares: g.DraidSpares}})
		}
		return out
	}
	return zfs.Layout{Data: groups(req.Data), Log: groups(req.Log), Special: groups(req.Special), Cache: req.Cache, Spares: req.Spares, Ashift: req.Ashift}
}

// CreatePool makes a pool from a validated layout of disks nothing holds.
func (s *Service) CreatePool(ctx context.Context, req api.PoolCreate) (api.PoolStatus, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	if err := zfs.CheckPoolName(req.Name); err != nil {
		return api.PoolStatus{}, &api.Error{Kind: api.KindBadRequest, Field: "name", Message: err.Error()}
	}
	l := layout(req)
	if err := l.Validate(); err != nil {
		return api.PoolStatus{}, &api.Error{Kind: api.KindBadRequest, Field: "data", Message: err.Error()}
	}
	t, err := s.readTopology(ctx)
	if err != nil {
		return api.PoolStatus{}, err
	}
	if err := s.requireFree(ctx, t, "devices", l.Devices()); err != nil {
		return api.PoolStatus{}, err
	}
	defer s.datasets.invalidate()
	if err := zfs.CreatePool(ctx, s.r, req.Name, l, zfs.PoolOptions{Mountpoint: req.Mountpoint, Root: zfs.Props(req.Properties)}); err != nil {
		return api.PoolStatus{}, err
	}
	return s.Pool(ctx, req.Name)
}

// poolGuard is the shared guard of destroy and export: the pool exists,
// its name was typed, nothing uses it or anything in it.
func (s *Service) poolGuard(ctx context.Context, name, confirm string) error {
	if err := zfs.CheckPoolName(name); err != nil {
		return &api.Error{Kind: api.KindBadRequest, Field: "name", Message: err.Error()}
	}
	if _, err := s.Pool(ctx, name); err != nil {
		return err
	}
	if err := confirmed(confirm, name, "pool"); err != nil {
		return err
	}
	return s.refuseUsed(ctx, &topology{}, api.StorageObject{Kind: api.ObjectZFSPool, Name: name}, "pool "+name)
}

// DestroyPool destroys a pool and every dataset in it (listed in the
// answer) after the caller typed its name; refused while anything uses it.
func (s *Service) DestroyPool(ctx context.Context, name, confirm string) (api.Destroyed, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	if err := s.poolGuard(ctx, name, confirm); err != nil {
		return api.Destroyed{}, err
	}
	rows, _, err := zfs.List(ctx, s.r, zfs.ListOptions{Columns: []string{"name"}, Types: []string{"filesystem", "volume"}, Root: name, Recursive: true})
	if err != nil {
		return api.Destroyed{}, err
	}
	defer s.datasets.invalidate()
	if err := zfs.DestroyPool(ctx, s.r, name); err != nil {
		return api.Destroyed{}, err
	}
	d := api.Destroyed{Kind: api.ObjectZFSPool, Name: name}
	for _, r := range rows {
		d.Lost = append(d.Lost, r.Name)
	}
	return d, nil
}

// ExportPool exports a pool (it can be imported here or elsewhere again)
// after the caller typed its name; refused while anything uses it.
func (s *Service) ExportPool(ctx context.Context, name, confirm string) (api.Destroyed, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	if err := s.poolGuard(ctx, name, confirm); err != nil {
		return api.Destroyed{}, err
	}
	defer s.datasets.invalidate()
	if err := zfs.ExportPool(ctx, s.r, name); err != nil {
		return api.Destroyed{}, err
	}
	return api.Destroyed{Kind: api.ObjectZFSPool, Name: name}, nil
}

// Importable lists the pools `zpool import` finds.
func (s *Service) Importable(ctx context.Context) (api.ImportableList, error) {
	st, err := zfs.Importable(ctx, s.r, zfs.ImportOptions{})
	if err != nil {
		return api.ImportableList{}, err
	}
	out := api.ImportableList{Pools: []api.ImportablePool{}}
	for _, p := range st {
		out.Pools = append(out.Pools, api.ImportablePool{Name: p.Name, ID: p.ID, State: p.State, Status: p.Status, Action: p.Action, Vdevs: apiVdevs(p.Config)})
	}
	return out, nil
}

// ImportPool imports one of the importable pools, by name or id.
func (s *Service) ImportPool(ctx context.Context, req api.PoolImport) (api.PoolStatus, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	l, err := s.Importable(ctx)
	if err != nil {
		return api.PoolStatus{}, err
	}
	var found *api.ImportablePool
	for i, p := range l.Pools {
		if p.Name == req.Pool || p.ID == req.Pool {
			found = &l.Pools[i]
		}
	}
	if found == nil {
		return api.PoolStatus{}, &api.Error{Kind: api.KindNotFound, Field: "pool", Message: "no importable pool " + req.Pool}
	}
	defer s.datasets.invalidate()
	if err := zfs.ImportPool(ctx, s.r, req.Pool, zfs.ImportOptions{NewName: req.NewName}); err != nil {
		return api.PoolStatus{}, err
	}
	name := found.Name
	if req.NewName != "" {
		name = req.NewName
	}
	return s.Pool(ctx, name)
}

// StartPoolScrub scrubs a pool as a task that follows the scan line until
// the scrub ends; cancelling the task stops the scrub (zpool scrub -s).
func (s *Service) StartPoolScrub(ctx context.Context, name string, by api.Caller) (api.Task, error) {
	if _, err := s.Pool(ctx, name); err != nil {
		return api.Task{}, err
	}
	return s.o.Tasks.Start(TaskPoolScrub, name, api.ActionOperate, by, func(ctx context.Context, run *tasks.Run) error {
		if err := zfs.StartScrub(ctx, s.r, name); err != nil {
			return err
		}
		run.Log("info", "zpool scrub "+name+" started")
		tick := time.NewTicker(s.o.Poll)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				stop, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				if err := zfs.StopScrub(stop, s.r, name); err != nil {
					run.Log("error", "stopping the scrub: "+err.Error())
				}
				return ctx.Err()
			case <-tick.C:
			}
			sc, err := zfs.ScanProgress(ctx, s.r, name)
			if err != nil {
				if ctx.Err() != nil {
					continue // stop it above
				}
				return err
			}
			switch sc.State {
			case zfs.ScanInProgress, zfs.ScanPaused:
				p := api.Progress{Percent: sc.Percent, BytesDone: int64(sc.Issued), BytesTotal: int64(sc.Total), Rate: float64(sc.Rate), Step: "scrubbing " + name}
				if sc.ETA > 0 {
					p.ETASeconds = int64(sc.ETA / time.Second)
				}
				run.Progress(p)
			case zfs.ScanFinished:
				run.Progress(api.Progress{Percent: 100, Step: "scrub finished"})
				run.Log("info", sc.Raw)
				if sc.Errors > 0 {
					return fmt.Errorf("the scrub of %s found %d errors", name, sc.Errors)
				}
				return nil
			case zfs.ScanCanceled:
				return fmt.Errorf("the scrub of %s was cancelled outside this task", name)
			}
		}
	})
}

// StopPoolScrub stops a pool's scrub however it was started (a scrub
// task of BAMS then ends failed, saying so).
func (s *Service) StopPoolScrub(ctx context.Context, name string) error {
	if _, err := s.Pool(ctx, name); err != nil {
		return err
	}
	return zfs.StopScrub(ctx, s.r, name)
}

// ARC reads the ZFS ARC statistics.
func (s *Service) ARC() (api.ARC, error) {
	a, err := zfs.ReadArc(s.o.Arcstats)
	if errors.Is(err, fs.ErrNotExist) {
		return api.ARC{}, &api.Error{Kind: api.KindToolMissing, Message: "ZFS is not loaded: no " + s.o.Arcstats}
	}
	if err != nil {
		return api.ARC{}, err
	}
	return api.ARC{Size: a.Size, Target: a.Target, Min: a.Min, Max: a.Max, Hits: a.Hits, Misses: a.Misses, HitRatio: a.HitRatio()}, nil
}
