package storagesvc

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"bams/backend/api"
	"bams/backend/internal/zfs"
)

// datasetCache keeps the last `zfs list` of filesystems and volumes, and
// of snapshots, each sorted by name, so a page is a slice of memory: on a
// system with 100 000 snapshots zfs takes seconds to list them, far too
// long for every page a browser asks for. BAMS's own changes drop the
// cache (the next read lists again, so a caller sees its change); Maintain
// renews it every Options.Refresh, and a read that finds it older than that
// is served it while a background read renews it, so changes made outside
// BAMS show within a refresh.
type datasetCache struct {
	mu    sync.Mutex
	lists map[string]*datasetList // "datasets" or "snapshots"
	gen   uint64                  // counts BAMS's changes: a read begun before one is stale
}

type datasetList struct {
	rows     []api.Dataset
	warnings []string
	read     time.Time
	stale    bool // dropped by a change BAMS made
	loading  bool
}

func (c *datasetCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, l := range c.lists {
		l.stale = true
	}
}

var listKinds = map[string]struct {
	types []string
	cols  []string
}{
	"datasets":  {[]string{"filesystem", "volume"}, zfs.DatasetColumns},
	"snapshots": {[]string{"snapshot"}, zfs.SnapshotColumns},
}

// list returns the cached rows of kind, reading them first when there
// are none or BAMS changed something since.
func (s *Service) list(ctx context.Context, kind string) (*datasetList, error) {
	c := &s.datasets
	c.mu.Lock()
	if c.lists == nil {
		c.lists = map[string]*datasetList{}
	}
	l := c.lists[kind]
	if l != nil && !l.stale {
		if time.Since(l.read) > s.o.Refresh && !l.loading {
			l.loading = true
			go s.reload(context.Background(), kind, c.gen) // serve this one meanwhile
		}
		c.mu.Unlock()
		return l, nil
	}
	gen := c.gen
	c.mu.Unlock()
	fresh, err := s.readList(ctx, kind)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	fresh.stale = c.gen != gen
	c.lists[kind] = fresh
	c.mu.Unlock()
	return fresh, nil
}

func (s *Service) reload(ctx context.Context, kind string, gen uint64) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	fresh, err := s.readList(ctx, kind)
	c := &s.datasets
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		s.o.Log.Warn("refreshing the zfs listing", "kind", kind, "err", err)
		c.lists[kind].loading = false
		return
	}
	if c.gen == gen {
		c.lists[kind] = fresh
	} else { // a change meanwhile: the next read lists again
		c.lists[kind].loading = false
	}
}

// Maintain renews, every Options.Refresh until ctx ends, the listings
// pages have asked for, so changes made outside BAMS show without a page
// ever waiting for zfs list.
func (s *Service) Maintain(ctx context.Context) {
	tick := time.NewTicker(s.o.Refresh)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		c := &s.datasets
		var due []string
		c.mu.Lock()
		for kind, l := range c.lists {
			if !l.loading {
				l.loading = true
				due = append(due, kind)
			}
		}
		gen := c.gen
		c.mu.Unlock()
		for _, kind := range due {
			s.reload(ctx, kind, gen)
		}
	}
}

func (s *Service) readList(ctx context.Context, kind string) (*datasetList, error) {
	k := listKinds[kind]
	start := time.Now()
	rows, warns, err := zfs.List(ctx, s.r, zfs.ListOptions{Types: k.types, Columns: k.cols})
	if err != nil {
		return nil, err
	}
	l := &datasetList{rows: make([]api.Dataset, 0, len(rows)), warnings: warnings(warns), read: start}
	for _, d := range rows {
		a := api.Dataset{Name: d.Name, Type: d.Type, Used: d.Used, Available: d.Available, Referenced: d.Referenced, Mountpoint: d.Mountpoint}
		if kind == "snapshots" {
			a.Type, a.Owner, a.Holds, a.Clones = "snapshot", d.Owner, d.UserRefs, d.Clones
			if !d.Creation.IsZero() {
				a.Created = d.Creation.UTC().Format(time.RFC3339)
			}
		}
		l.rows = append(l.rows, a)
	}
	// zfs sorted by name already (-s name); sorting again costs nothing
	// then, and keeps the binary search below right whatever zfs did.
	sort.SliceStable(l.rows, func(i, j int) bool { return l.rows[i].Name < l.rows[j].Name })
	return l, nil
}

// DatasetQuery selects a page of datasets.
type DatasetQuery struct {
	Pool     string // "" for every pool
	Snapshot bool   // list snapshots instead of filesystems and volumes
	Cursor   string // from the previous page's Next
	Limit    int
}

// Datasets is one page of filesystems and volumes (or snapshots), sorted
// by name, from the cache.
func (s *Service) Datasets(ctx context.Context, q DatasetQuery) (api.DatasetList, error) {
	kind := "datasets"
	if q.Snapshot {
		kind = "snapshots"
	}
	l, err := s.list(ctx, kind)
	if err != nil {
		return api.DatasetList{}, err
	}
	runs := [][]api.Dataset{l.rows}
	if q.Pool != "" {
		runs = poolRuns(l.rows, q.Pool)
	}
	from := 0
	if q.Cursor != "" {
		from, _ = strconv.Atoi(q.Cursor) // the handler checked it is a number
	}
	out := api.DatasetList{Datasets: []api.Dataset{}, Warnings: l.warnings}
	for _, r := range runs {
		out.Total += len(r)
	}
	// the page: from the from-th row of the runs joined, at most Limit rows
	skip := from
	for _, r := range runs {
		if skip >= len(r) {
			skip -= len(r)
			continue
		}
		out.Datasets = append(out.Datasets, r[skip:min(len(r), skip+q.Limit-len(out.Datasets))]...)
		skip = 0
		if len(out.Datasets) == q.Limit {
			break
		}
	}
	if to := from + len(out.Datasets); to < out.Total {
		out.Next = strconv.Itoa(to)
	}
	return out, nil
}

// poolRuns are the rows of one pool: its root dataset "tank" and the
// names under "tank/" and "tank@", in name order. Each is one run of the
// sorted rows, but other pools may sort between them ("tank-old" before
// "tank/", "tank2" before "tank@"), so each run is found by binary search.
func poolRuns(rows []api.Dataset, pool string) [][]api.Dataset {
	run := func(prefix string, exact bool) []api.Dataset {
		lo := sort.Search(len(rows), func(i int) bool { return rows[i].Name >= prefix })
		if exact {
			if lo < len(rows) && rows[lo].Name == prefix {
				return rows[lo : lo+1]
			}
			return nil
		}
		return rows[lo : lo+sort.Search(len(rows)-lo, func(i int) bool { return !strings.HasPrefix(rows[lo+i].Name, prefix) })]
	}
	return [][]api.Dataset{run(pool, true), run(pool+"/", false), run(pool+"@", false)}
}

// detailProps are the properties a dataset's page shows and edits.
var detailProps = []string{"type", "used", "available", "referenced", "mountpoint", "compression", "compressratio", "quota", "refquota",
	"reservation", "refreservation", "recordsize", "atime", "volsize", "volblocksize", "creation"}

// Dataset is one dataset with its properties, its dependents and users.
func (s *Service) Dataset(ctx context.Context, name string) (api.DatasetDetail, error) {
	if err := zfs.CheckDatasetName(name); err != nil {
		return api.DatasetDetail{}, &api.Error{Kind: api.KindBadRequest, Field: "name", Message: err.Error()}
	}
	props, err := zfs.Get(ctx, s.r, name, detailProps...)
	if err != nil {
		return api.DatasetDetail{}, err
	}
	dep, _, err := zfs.ListDependents(ctx, s.r, name)
	if err != nil {
		return api.DatasetDetail{}, err
	}
	uses, err := s.allUses(ctx)
	if err != nil {
		return api.DatasetDetail{}, err
	}
	d := api.DatasetDetail{Dataset: api.Dataset{Name: name, Type: props["type"].Value, Mountpoint: props["mountpoint"].Value},
		Properties: map[string]api.DatasetProperty{}, Dependents: dependents(dep)}
	d.Used, _ = strconv.ParseUint(props["used"].Value, 10, 64)
	d.Available, _ = strconv.ParseUint(props["available"].Value, 10, 64)
	d.Referenced, _ = strconv.ParseUint(props["referenced"].Value, 10, 64)
	for k, p := range props {
		d.Properties[k] = api.DatasetProperty{Value: p.Value, Source: p.Source}
	}
	d.UsedBy = (&topology{}).usedBy(s.datasetObject(name, d.Type), uses)
	return d, nil
}

func (s *Service) datasetObject(name, typ string) api.StorageObject {
	if typ == "volume" {
		return api.StorageObject{Kind: api.ObjectZFSVolume, Name: name}
	}
	return api.StorageObject{Kind: api.ObjectZFSDataset, Name: name}
}

func dependents(d zfs.Dependents) api.DatasetDependents {
	out := api.DatasetDependents{Children: nonNil(d.Children), Snapshots: nonNil(d.Snapshots), Clones: nonNil(d.Clones), Holds: []string{}}
	for _, h := range d.Holds {
		out.Holds = append(out.Holds, h.Snapshot+" "+h.Tag)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// CreateDataset makes a filesystem or a volume.
func (s *Service) CreateDataset(ctx context.Context, req api.DatasetCreate) (api.DatasetDetail, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	defer s.datasets.invalidate()
	var err error
	switch req.Type {
	case "", "filesystem":
		if req.Sparse {
			return api.DatasetDetail{}, &api.Error{Kind: api.KindBadRequest, Field: "sparse", Message: "only a volume is sparse"}
		}
		err = zfs.CreateFilesystem(ctx, s.r, req.Name, zfs.Props(req.Properties))
	case "volume":
		err = zfs.CreateVolume(ctx, s.r, req.Name, zfs.Props(req.Properties), req.Sparse)
	default:
		return api.DatasetDetail{}, &api.Error{Kind: api.KindBadRequest, Field: "type", Message: "type is filesystem or volume"}
	}
	if err != nil {
		return api.DatasetDetail{}, err
	}
	return s.Dataset(ctx, req.Name)
}

// UpdateDataset sets properties (all or nothing).
func (s *Service) UpdateDataset(ctx context.Context, name string, req api.DatasetUpdate) (api.DatasetDetail, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	cur, err := s.Dataset(ctx, name)
	if err != nil {
		return api.DatasetDetail{}, err
	}
	if len(req.Properties) == 0 {
		return api.DatasetDetail{}, &api.Error{Kind: api.KindBadRequest, Field: "properties", Message: "name at least one property to set"}
	}
	defer s.datasets.invalidate()
	if err := zfs.SetProps(ctx, s.r, name, cur.Type, zfs.Props(req.Properties)); err != nil {
		return api.DatasetDetail{}, err
	}
	return s.Dataset(ctx, name)
}

// DestroyDataset destroys a filesystem or volume after the caller typed
// its name. Refused while anything uses it or anything below it, while
// clones or holds depend on it, and, unless recursive, while it has
// children or snapshots (each listed); the answer lists what went with it.
func (s *Service) DestroyDataset(ctx context.Context, name, confirm string, recursive bool) (api.Destroyed, error) {
	s.changing.Lock()
	defer s.changing.Unlock()
	cur, err := s.Dataset(ctx, name)
	if err != nil {
		return api.Destroyed{}, err
	}
	if !strings.Contains(name, "/") {
		return api.Destroyed{}, &api.Error{Kind: api.KindBadRequest, Field: "name", Message: name + " is a pool's root dataset: destroy the pool"}
	}
	if err := confirmed(confirm, name, cur.Type); err != nil {
		return api.Destroyed{}, err
	}
	if err := s.refuseUsed(ctx, &topology{}, s.datasetObject(name, cur.Type), cur.Type+" "+name); err != nil {
		return api.Destroyed{}, err
	}
	dep := cur.Dependents
	if len(dep.Clones) > 0 || len(dep.Holds) > 0 {
		return api.Destroyed{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf("%s cannot be destroyed: clones %v and holds %v depend on it", name, dep.Clones, dep.Holds)}
	}
	lost := append(append([]string{}, dep.Children...), dep.Snapshots...)
	if len(lost) > 0 && !recursive {
		return api.Destroyed{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf("%s has %d children and %d snapshots, destroyed with it only when asked (recursive): %s",
			name, len(dep.Children), len(dep.Snapshots), strings.Join(first(lost, 20), ", "))}
	}
	defer s.datasets.invalidate()
	if err := zfs.Destroy(ctx, s.r, name, recursive); err != nil {
		return api.Destroyed{}, err
	}
	return api.Destroyed{Kind: s.datasetObject(name, cur.Type).Kind, Name: name, Lost: lost}, nil
}

func first(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("and %d more", len(s)-n))
	}
	return s
}
