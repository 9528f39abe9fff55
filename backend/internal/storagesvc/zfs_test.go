package storagesvc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
	"bams/backend/internal/testutil/fakezfs"
)

// zfsFixture is the service over the fake zpool and zfs, with a fake
// lsblk listing the disks of the machine (ZFS cannot run here, and the
// machine's own lsblk would list none of the fake's disks). pvs and
// btrfs are not installed: they hold nothing.
type zfsFixture struct {
	s    *Service
	fake *fakezfs.Fake
	uses *fakeUses
}

func newZFSFixture(t *testing.T, disks ...string) *zfsFixture {
	t.Helper()
	fake := fakezfs.New(t, fakezfs.State{NoJSON: true, Disks: disks})
	tools := fakecmd.New(t)
	var devs []map[string]any
	for _, d := range disks {
		devs = append(devs, map[string]any{"name": filepath.Base(d), "path": d, "type": "disk", "size": 4 << 30})
	}
	b, _ := json.Marshal(map[string]any{"blockdevices": devs})
	lsblk := filepath.Join(t.TempDir(), "lsblk.json")
	if err := os.WriteFile(lsblk, b, 0o644); err != nil {
		t.Fatal(err)
	}
	tools.Replay("lsblk", lsblk, 0)
	tools.Script("blkid", "exit 2") // nothing found on any device
	uses := &fakeUses{}
	m := newTasks(t)
	s := New(Options{Runner: &execx.Runner{Path: fake.Path + ":" + tools.Path, Timeout: 10 * time.Second},
		Tasks: m, Uses: []UseSource{uses}, DevDisk: t.TempDir(), Poll: 10 * time.Millisecond})
	return &zfsFixture{s: s, fake: fake, uses: uses}
}

// Pool flows against the fake zpool: create only from free disks (with
// the layout validated), status with the vdev tree, destroy and export
// only with the name typed and nothing using the pool, import.
func TestZFSPoolFlow(t *testing.T) {
	t.Parallel()
	f := newZFSFixture(t, "/dev/sdb", "/dev/sdc", "/dev/sdd")
	ctx := context.Background()
	if _, err := f.s.CreatePool(ctx, api.PoolCreate{Name: "tank", Data: []api.VdevGroup{{Type: "mirror", Devices: []string{"/dev/sdb"}}}}); apiKind(err) != api.KindBadRequest {
		t.Errorf("a one-disk mirror: %v", err)
	}
	if _, err := f.s.CreatePool(ctx, api.PoolCreate{Name: "-o", Data: []api.VdevGroup{{Devices: []string{"/dev/sdb"}}}}); apiKind(err) != api.KindBadRequest {
		t.Errorf("a name like an option: %v", err)
	}
	if _, err := f.s.CreatePool(ctx, api.PoolCreate{Name: "tank", Data: []api.VdevGroup{{Devices: []string{"/dev/nosuch"}}}}); apiKind(err) != api.KindBadRequest {
		t.Errorf("an unknown disk: %v", err)
	}
	p, err := f.s.CreatePool(ctx, api.PoolCreate{Name: "tank", Data: []api.VdevGroup{{Type: "mirror", Devices: []string{"/dev/sdb", "/dev/sdc"}}},
		Ashift: 12, Properties: map[string]string{"compression": "lz4"}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Health != "ONLINE" || len(p.Vdevs) != 1 || p.Vdevs[0].Name != "tank" || len(p.Vdevs[0].Children) != 1 || len(p.Vdevs[0].Children[0].Children) != 2 || p.Scan.State != "none" {
		t.Errorf("status %+v", p)
	}
	// sdb is in tank now: it is no longer free, and says so
	_, err = f.s.CreatePool(ctx, api.PoolCreate{Name: "other", Data: []api.VdevGroup{{Devices: []string{"/dev/sdb"}}}})
	if apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "in ZFS pool tank") {
		t.Errorf("a disk of tank: %v", err)
	}
	l, err := f.s.Disks(ctx)
	if err != nil || holderKinds(l, "/dev/sdb") != "zfs-vdev:tank" || holderKinds(l, "/dev/sdd") != "" {
		t.Errorf("disks %+v %v", l, err)
	}

	f.uses.set(repoUse(api.ObjectZFSDataset, "tank/backups", "r1"),
		api.StorageUse{Repository: "r1", User: api.StorageUser{Kind: api.UserHost, ID: "web1", Name: "web1"}})
	if _, err := f.s.DestroyPool(ctx, "tank", "tonk"); apiKind(err) != api.KindBadRequest {
		t.Errorf("wrong name typed: %v", err)
	}
	_, err = f.s.DestroyPool(ctx, "tank", "tank")
	if apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "by repository r1, host web1 (through repository r1)") {
		t.Errorf("destroy a used pool: %v", err)
	}
	if _, err := f.s.ExportPool(ctx, "tank", "tank"); apiKind(err) != api.KindConflict {
		t.Errorf("export a used pool: %v", err)
	}
	if l, _ := f.s.Disks(ctx); holderKinds(l, "/dev/sdc") != "zfs-vdev:tank,repository:r1" {
		t.Errorf("holders of sdc: %s", holderKinds(l, "/dev/sdc"))
	}
	pools, err := f.s.Pools(ctx)
	if err != nil || len(pools.Pools) != 1 || len(pools.Pools[0].UsedBy) != 1 {
		t.Errorf("pools %+v %v", pools, err)
	}
	for _, c := range f.fake.Calls() {
		if c.Tool == "zpool" && (c.Args[0] == "destroy" || c.Args[0] == "export") {
			t.Fatalf("ran %v while refusing", c.Args)
		}
	}

	f.uses.set()
	if _, err := f.s.ExportPool(ctx, "tank", "tank"); err != nil {
		t.Fatal(err)
	}
	imp, err := f.s.Importable(ctx)
	if err != nil || len(imp.Pools) != 1 || imp.Pools[0].Name != "tank" {
		t.Fatalf("importable %+v %v", imp, err)
	}
	if _, err := f.s.ImportPool(ctx, api.PoolImport{Pool: "nosuch"}); apiKind(err) != api.KindNotFound {
		t.Errorf("import an unknown pool: %v", err)
	}
	if p, err = f.s.ImportPool(ctx, api.PoolImport{Pool: imp.Pools[0].ID, NewName: "tank2"}); err != nil || p.Name != "tank2" {
		t.Fatalf("import %+v %v", p, err)
	}
	d, err := f.s.DestroyPool(ctx, "tank2", "tank2")
	if err != nil || d.Name != "tank2" || len(d.Lost) != 1 || d.Lost[0] != "tank2" {
		t.Errorf("destroyed %+v %v", d, err)
	}
}

// A scrub is a task that follows the scan line to the end; cancelling it
// stops the scrub.
func TestZFSScrubTask(t *testing.T) {
	t.Parallel()
	f := newZFSFixture(t, "/dev/sdb")
	ctx := context.Background()
	if _, err := f.s.CreatePool(ctx, api.PoolCreate{Name: "tank", Data: []api.VdevGroup{{Devices: []string{"/dev/sdb"}}}}); err != nil {
		t.Fatal(err)
	}
	task, err := f.s.StartPoolScrub(ctx, "tank", api.Caller{User: "root"})
	if err != nil {
		t.Fatal(err)
	}
	m := f.s.o.Tasks
	done := waitTask(t, m, task.ID)
	if done.State != api.TaskSucceeded || done.Progress.Percent != 100 || done.Kind != TaskPoolScrub || done.Target != "tank" {
		t.Errorf("task %+v", done)
	}
	p, _ := f.s.Pool(ctx, "tank")
	if p.Scan.Function != "scrub" || p.Scan.State != "finished" {
		t.Errorf("scan %+v", p.Scan)
	}
	if _, err := f.s.StartPoolScrub(ctx, "nosuch", api.Caller{}); apiKind(err) != api.KindNotFound {
		t.Errorf("no such pool: %v", err)
	}
	// no scrub runs: stopping one is a conflict, typed
	if err := f.s.StopPoolScrub(ctx, "tank"); apiKind(err) != api.KindConflict {
		t.Errorf("stop with no scrub: %v", err)
	}

	// cancelled while scanning: zpool scrub -s
	st := f.fake.Load()
	st.Pools["tank"].Size = 1 << 40
	f.fake.Save(st)
	slow := New(Options{Runner: f.s.r, Tasks: m, DevDisk: f.s.o.DevDisk, Poll: time.Hour})
	task, err = slow.StartPoolScrub(ctx, "tank", api.Caller{User: "root"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100 && f.fake.Load().Pools["tank"].Scrub != "scanning"; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := m.Cancel(task.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if done := waitTask(t, m, task.ID); done.State != api.TaskCancelled || f.fake.Load().Pools["tank"].Scrub != "canceled" {
		t.Errorf("cancelled %+v, fake scrub %q", done, f.fake.Load().Pools["tank"].Scrub)
	}
}

// Datasets: a page sorted by name from the cache, which BAMS's own
// changes drop; create, set, destroy with dependents listed first.
func TestZFSDatasetFlow(t *testing.T) {
	t.Parallel()
	f := newZFSFixture(t, "/dev/sdb")
	ctx := context.Background()
	if _, err := f.s.CreatePool(ctx, api.PoolCreate{Name: "tank", Data: []api.VdevGroup{{Devices: []string{"/dev/sdb"}}}}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if _, err := f.s.CreateDataset(ctx, api.DatasetCreate{Name: fmt.Sprintf("tank/d%d", i), Properties: map[string]string{"compression": "lz4"}}); err != nil {
			t.Fatal(err)
		}
	}
	vol, err := f.s.CreateDataset(ctx, api.DatasetCreate{Name: "tank/vol", Type: "volume", Properties: map[string]string{"volsize": "1G"}, Sparse: true})
	if err != nil || vol.Type != "volume" {
		t.Fatalf("volume %+v %v", vol, err)
	}
	_, err = f.s.CreateDataset(ctx, api.DatasetCreate{Name: "tank/x", Properties: map[string]string{"sharenfs": "on"}})
	var fielded interface{ APIField() string }
	if apiKind(err) != api.KindBadRequest || !errors.As(err, &fielded) || fielded.APIField() != "properties.sharenfs" {
		t.Errorf("a property BAMS does not set: %v", err)
	}
	page, err := f.s.Datasets(ctx, DatasetQuery{Pool: "tank", Limit: 4})
	if err != nil || page.Total != 7 || len(page.Datasets) != 4 || page.Datasets[0].Name != "tank" || page.Datasets[1].Name != "tank/d0" || page.Next != "4" {
		t.Fatalf("page 1 %+v %v", page, err)
	}
	page, err = f.s.Datasets(ctx, DatasetQuery{Pool: "tank", Limit: 4, Cursor: page.Next})
	if err != nil || len(page.Datasets) != 3 || page.Datasets[2].Name != "tank/vol" || page.Next != "" {
		t.Fatalf("page 2 %+v %v", page, err)
	}
	if page, _ := f.s.Datasets(ctx, DatasetQuery{Pool: "tan", Limit: 10}); page.Total != 0 {
		t.Errorf("pool tan lists %+v", page)
	}
	lists := func() int {
		n := 0
		for _, c := range f.fake.Calls() {
			if c.Tool == "zfs" && c.Args[0] == "list" && strings.Contains(strings.Join(c.Args, " "), "filesystem,volume") {
				n++
			}
		}
		return n
	}
	before := lists()
	f.s.Datasets(ctx, DatasetQuery{Limit: 10})
	if lists() != before {
		t.Errorf("a second page listed again: the cache was not used")
	}
	// a change outside BAMS shows after the refresh time, a change of BAMS at once
	if _, err := f.s.UpdateDataset(ctx, "tank/d1", api.DatasetUpdate{Properties: map[string]string{"quota": "10G"}}); err != nil {
		t.Fatal(err)
	}
	f.s.Datasets(ctx, DatasetQuery{Limit: 10})
	if lists() != before+1 {
		t.Errorf("BAMS's own change did not drop the cache")
	}
	d, err := f.s.Dataset(ctx, "tank/d1")
	if err != nil || d.Properties["quota"].Value != "10G" || d.Properties["quota"].Source != "local" {
		t.Errorf("detail %+v %v", d, err)
	}

	// destroy: the name typed, nothing using it, dependents only when asked
	if _, err := f.s.CreateDataset(ctx, api.DatasetCreate{Name: "tank/d1/child"}); err != nil {
		t.Fatal(err)
	}
	f.uses.set(api.StorageUse{Object: &api.StorageObject{Kind: api.ObjectZFSVolume, Name: "tank/vol"}, User: api.StorageUser{Kind: api.UserISCSILUN, ID: "lun0", Name: "lun0"}})
	if _, err := f.s.DestroyDataset(ctx, "tank/vol", "tank/vol", false); apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "iSCSI LUN lun0") {
		t.Errorf("destroy a LUN's volume: %v", err)
	}
	_, err = f.s.DestroyDataset(ctx, "tank/d1", "tank/d1", false)
	if apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "tank/d1/child") {
		t.Errorf("destroy with a child, not recursive: %v", err)
	}
	if _, err := f.s.DestroyDataset(ctx, "tank", "tank", true); apiKind(err) != api.KindBadRequest {
		t.Errorf("destroy the root dataset: %v", err)
	}
	gone, err := f.s.DestroyDataset(ctx, "tank/d1", "tank/d1", true)
	if err != nil || len(gone.Lost) != 1 || gone.Lost[0] != "tank/d1/child" {
		t.Fatalf("destroyed %+v %v", gone, err)
	}
	if page, _ := f.s.Datasets(ctx, DatasetQuery{Pool: "tank", Limit: 100}); page.Total != 6 {
		t.Errorf("after destroy: %d listed", page.Total)
	}
}

// The periodic check reads the pools through the tools: a degraded pool
// is an alert; pvs and btrfs, not installed, are no failure.
func TestZFSAlertConditions(t *testing.T) {
	t.Parallel()
	f := newZFSFixture(t, "/dev/sdb")
	ctx := context.Background()
	if _, err := f.s.CreatePool(ctx, api.PoolCreate{Name: "tank", Data: []api.VdevGroup{{Devices: []string{"/dev/sdb"}}}}); err != nil {
		t.Fatal(err)
	}
	if got, err := f.s.AlertConditions(ctx); err != nil || len(got) != 0 {
		t.Fatalf("a healthy pool: %+v %v", got, err)
	}
	st := f.fake.Load()
	st.Pools["tank"].Health = "DEGRADED"
	f.fake.Save(st)
	got, err := f.s.AlertConditions(ctx)
	if err != nil || len(got) != 1 || got[0].Class != ClassPoolHealth || got[0].Subject != "pool/tank" || got[0].Level != api.AlertError {
		t.Errorf("%+v %v", got, err)
	}
}

// SMART is read once per disk and shown again for a while: smartctl -a
// wakes a sleeping disk, and the disk list is read on every page load.
func TestDisksSmartReadOnce(t *testing.T) {
	t.Parallel()
	f := newZFSFixture(t, "/dev/sdb")
	tools := fakecmd.New(t)
	_, file, _, _ := runtime.Caller(0)
	tools.Replay("smartctl", filepath.Join(filepath.Dir(file), "..", "disks", "testdata", "smartctl-a-j-nvme-passed.scrutiny.json"), 0)
	s := New(Options{Runner: &execx.Runner{Path: f.s.r.Path + ":" + tools.Path, Timeout: 10 * time.Second}, DevDisk: f.s.o.DevDisk})
	for i := 0; i < 2; i++ {
		l, err := s.Disks(context.Background())
		if err != nil || len(l.Disks) != 1 || l.Disks[0].Smart == nil || l.Disks[0].Smart.Health != "passed" {
			t.Fatalf("%+v %v", l, err)
		}
	}
	if n := len(tools.Calls("smartctl")); n != 1 {
		t.Errorf("smartctl ran %d times", n)
	}
}

// Maintain renews the listing: a dataset made outside BAMS shows without
// any change of BAMS dropping the cache.
func TestZFSListingRefreshedPeriodically(t *testing.T) {
	t.Parallel()
	f := newZFSFixture(t, "/dev/sdb")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := f.s.CreatePool(ctx, api.PoolCreate{Name: "tank", Data: []api.VdevGroup{{Devices: []string{"/dev/sdb"}}}}); err != nil {
		t.Fatal(err)
	}
	if p, _ := f.s.Datasets(ctx, DatasetQuery{Limit: 10}); p.Total != 1 {
		t.Fatalf("%+v", p)
	}
	st := f.fake.Load()
	st.Datasets["tank/outside"] = &fakezfs.Dataset{Type: "filesystem", Props: map[string]string{}}
	f.fake.Save(st)
	s := New(Options{Runner: f.s.r, DevDisk: f.s.o.DevDisk, Refresh: 20 * time.Millisecond})
	if p, _ := s.Datasets(ctx, DatasetQuery{Limit: 10}); p.Total != 2 {
		t.Fatalf("%+v", p)
	}
	st.Datasets["tank/outside2"] = &fakezfs.Dataset{Type: "filesystem", Props: map[string]string{}}
	f.fake.Save(st)
	go s.Maintain(ctx)
	for i := 0; ; i++ {
		s.datasets.mu.Lock()
		n := len(s.datasets.lists["datasets"].rows)
		s.datasets.mu.Unlock()
		if n == 3 {
			break
		}
		if i == 200 {
			t.Fatalf("still %d rows", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
