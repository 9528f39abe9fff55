package tapesvc

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/mtx"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
	"bams/backend/internal/testutil/fakemtx"
)

const dev = "/dev/tape/by-id/scsi-387408F60F0000"

func library() fakemtx.State { return fakemtx.SmallLibrary(dev) }

// fakeBacula answers as a director would, from what the test sets; like
// a console, it fails under a context that has ended (a task must not ask
// under its request's).
type fakeBacula struct {
	mu       sync.Mutex
	storages []api.BaculaStorage
	volumes  []api.BaculaVolume
	err      error
	fixes    []string
}

func (b *fakeBacula) StorageDaemons(ctx context.Context) ([]api.BaculaStorage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.storages, b.err
}

func (b *fakeBacula) Volumes(ctx context.Context, _ string) ([]api.BaculaVolume, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.volumes, b.err
}

func (b *fakeBacula) TapeFix(ctx context.Context, storage string, fix api.TapeFix, log func(string)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.fixes = append(b.fixes, storage+" "+fix.Fix)
	log("done")
	return nil
}

type env struct {
	s     *Service
	fake  *fakemtx.Fake
	bac   *fakeBacula
	tasks *tasks.Manager
	store *store.Store
}

func newEnv(t *testing.T, st fakemtx.State) *env {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "bams.db"), store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m := tasks.NewManager(db, events.NewHub(), tasks.Options{StallAfter: time.Hour, History: time.Hour})
	t.Cleanup(func() { m.Shutdown(context.Background()) })
	f := fakemtx.New(t, st)
	bac := &fakeBacula{storages: []api.BaculaStorage{{Name: "Lib1", Autochanger: true, Daemon: &api.BaculaDaemonStatus{Name: "sd"}}}}
	s, err := New(Options{Runner: &execx.Runner{Path: f.Path, Timeout: 10 * time.Second}, Store: db, Tasks: m, Bacula: bac,
		Changers:  []Changer{{Name: "lib1", Device: dev, Drives: []string{"/dev/nst0", "/dev/nst1"}, BaculaStorage: "Lib1"}},
		Retry:     mtx.Retry{Wait: time.Millisecond, MaxWait: 2 * time.Millisecond},
		CleanPoll: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return &env{s: s, fake: f, bac: bac, tasks: m, store: db}
}

var operator = api.Caller{UID: 1001, User: "olga"}

// request is the context of one API request: it ends when the answer has
// been given, as an HTTP request's does, while the task it started runs on.
func request(start func(ctx context.Context) (api.Task, error)) (api.Task, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	return start(ctx)
}

// wait follows a task to its end.
func (e *env) wait(t *testing.T, task api.Task) api.Task {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		got, err := e.tasks.Get(task.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch got.State {
		case api.TaskSucceeded, api.TaskFailed, api.TaskCancelled:
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("task %s did not end", task.ID)
	return api.Task{}
}

// moves are the fake's logged argv that move something (not status).
func (e *env) moves() []string {
	var out []string
	for _, c := range e.fake.Calls() {
		a := strings.Join(c.Args[2:], " ")
		if a != "status" {
			out = append(out, a)
		}
	}
	return out
}

func (e *env) medium(t *testing.T, tag string) api.TapeMedium {
	t.Helper()
	var got api.TapeMedium
	e.store.ListTapeMedia("", func(r api.TapeMedium) bool {
		if r.Barcode == tag {
			got = r
		}
		return true
	})
	return got
}

func TestLibraryDrivesSlots(t *testing.T) {
	e := newEnv(t, library())
	ctx := context.Background()
	lib, err := e.s.Library(ctx)
	if err != nil || len(lib.Changers) != 1 {
		t.Fatal(lib, err)
	}
	c := lib.Changers[0]
	if c.Name != "lib1" || c.Drives != 2 || c.Slots != 4 || c.MailSlots != 2 || c.Error != "" || len(c.Warnings) != 0 {
		t.Errorf("changer %+v", c)
	}
	slots, err := e.s.Slots(ctx, "")
	if err != nil || len(slots) != 6 {
		t.Fatal(slots, err)
	}
	// padded tags are trimmed; the cleaning cartridge is marked
	if slots[0].Barcode != "A00001L8" || !slots[3].Cleaning || !slots[5].MailSlot || slots[5].Barcode != "B00001L8" {
		t.Errorf("slots %+v", slots)
	}
	drives, err := e.s.Drives(ctx, "lib1")
	if err != nil || len(drives) != 2 || drives[1].Device != "/dev/nst1" || drives[0].Full {
		t.Errorf("drives %+v %v", drives, err)
	}
	if _, err := e.s.Drives(ctx, "nosuch"); kind(err) != api.KindNotFound {
		t.Errorf("unknown changer: %v", err)
	}
	// what was seen is in the inventory
	if m := e.medium(t, "B00001L8"); m.Location != api.TapeInMailSlot || m.Number != 6 || m.LastSeen == nil {
		t.Errorf("inventory %+v", m)
	}
}

func kind(err error) api.ErrorKind {
	var k interface{ APIKind() api.ErrorKind }
	if errors.As(err, &k) {
		return k.APIKind()
	}
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Kind
	}
	return ""
}

func TestLoadThenUnload(t *testing.T) {
	e := newEnv(t, library())
	ctx := context.Background()
	task, err := request(func(ctx context.Context) (api.Task, error) { return e.s.Load(ctx, operator, 1, api.TapeMove{Slot: 2}) })
	if err != nil {
		t.Fatal(err)
	}
	if got := e.wait(t, task); got.State != api.TaskSucceeded || got.Kind != TaskMove || got.Target != "lib1" {
		t.Fatalf("load task %+v", got)
	}
	drives, _ := e.s.Drives(ctx, "")
	if !drives[1].Full || drives[1].Barcode != "A00002L8" || drives[1].SourceSlot != 2 {
		t.Fatalf("after load %+v", drives[1])
	}
	if m := e.medium(t, "A00002L8"); m.Location != api.TapeInDrive || m.Number != 1 || m.LastSlot != 2 {
		t.Errorf("inventory after load %+v", m)
	}
	// back where it came from: the slot is always passed to mtx
	task, err = e.s.Unload(ctx, operator, 1, api.TapeMove{})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.wait(t, task); got.State != api.TaskSucceeded {
		t.Fatalf("unload %+v", got)
	}
	if got := strings.Join(e.moves(), "; "); got != "load 2 1; unload 2 1" {
		t.Errorf("mtx ran %s", got)
	}
}

// Each refusal is an answer before any task, and mtx is never asked to move.
func TestMovesRefusedBeforeMtxRuns(t *testing.T) {
	e := newEnv(t, library())
	ctx := context.Background()
	mounted := func(volume string, node string) {
		e.bac.mu.Lock()
		e.bac.storages[0].Daemon.Devices = []api.BaculaSDDevice{{Name: "LTO-0", ArchiveDevice: node, Mounted: true, Volume: volume}}
		e.bac.mu.Unlock()
	}
	for _, tc := range []struct {
		name  string
		setup func()
		start func() (api.Task, error)
		want  string
	}{
		{"source empty", nil, func() (api.Task, error) { return e.s.Load(ctx, operator, 0, api.TapeMove{Slot: 3}) }, "slot 3 is empty"},
		{"destination full", nil, func() (api.Task, error) {
			return e.s.Transfer(ctx, operator, api.TapeMove{From: 1, To: 2})
		}, "slot 2 already holds A00002L8"},
		{"cleaning as data", nil, func() (api.Task, error) { return e.s.Load(ctx, operator, 0, api.TapeMove{Slot: 4}) }, "cleaning cartridge"},
		{"drive mounted by Bacula", func() { mounted("", "/dev/nst0") },
			func() (api.Task, error) { return e.s.Load(ctx, operator, 0, api.TapeMove{Slot: 1}) }, "device LTO-0 mounted"},
		{"director down", func() {
			e.bac.mu.Lock()
			e.bac.err = errors.New("director unreachable")
			e.bac.mu.Unlock()
		}, func() (api.Task, error) { return e.s.Load(ctx, operator, 0, api.TapeMove{Slot: 1}) }, "whether its storage daemon uses the drive is unknown"},
		{"import into a mail slot", nil, func() (api.Task, error) {
			return e.s.Import(ctx, operator, api.TapeMove{From: 6, To: 5})
		}, "is an import/export slot"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.bac.mu.Lock()
			e.bac.err, e.bac.storages[0].Daemon.Devices = nil, nil
			e.bac.mu.Unlock()
			if tc.setup != nil {
				tc.setup()
			}
			task, err := tc.start()
			if err == nil || !strings.Contains(err.Error(), tc.want) || kind(err) != api.KindConflict {
				t.Fatalf("got %+v %v, want a conflict saying %q", task, err, tc.want)
			}
		})
	}
	if m := e.moves(); len(m) != 0 {
		t.Errorf("mtx was asked to move: %v", m)
	}
	if _, err := e.s.Load(ctx, operator, 0, api.TapeMove{Slot: 0}); kind(err) != api.KindBadRequest {
		t.Errorf("slot 0: %v", err)
	}
}

// A cartridge a running Bacula job uses stays where it is.
func TestSlotMoveOfAVolumeInUseIsRefused(t *testing.T) {
	e := newEnv(t, library())
	e.bac.storages[0].Daemon.Running = []api.BaculaProgress{{JobID: 42, Name: "Restore", Volume: "A00001L8"}}
	_, err := e.s.Export(context.Background(), operator, api.TapeMove{From: 1, To: 5})
	if err == nil || !strings.Contains(err.Error(), "Bacula job 42 (Restore) is using volume A00001L8") {
		t.Fatalf("export: %v", err)
	}
}

// Moves asked back to back run one at a time, in order; the second is
// checked again when its turn comes (the first filled its drive).
func TestOneQueuePerChanger(t *testing.T) {
	e := newEnv(t, library())
	ctx := context.Background()
	first, err := e.s.Load(ctx, operator, 0, api.TapeMove{Slot: 1})
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.s.Load(ctx, operator, 0, api.TapeMove{Slot: 2})
	if err != nil {
		t.Fatalf("the second move is queued, not refused: %v", err)
	}
	if got := e.wait(t, first); got.State != api.TaskSucceeded {
		t.Fatalf("first %+v", got)
	}
	got := e.wait(t, second)
	if got.State != api.TaskFailed || !strings.Contains(got.Error, "drive 0 already holds A00001L8") {
		t.Fatalf("second %+v", got)
	}
	if m := strings.Join(e.moves(), "; "); m != "load 1 0" {
		t.Errorf("mtx ran %s", m)
	}
	lib, _ := e.s.Library(ctx)
	if len(lib.Changers[0].Queue) != 0 {
		t.Errorf("queue left %+v", lib.Changers[0].Queue)
	}
}

func TestBecomingReadyIsRetried(t *testing.T) {
	st := library()
	st.NotReady = 2
	e := newEnv(t, st)
	task, err := e.s.Transfer(context.Background(), operator, api.TapeMove{From: 1, To: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.wait(t, task); got.State != api.TaskSucceeded {
		t.Fatalf("%+v", got)
	}
	if m := e.moves(); len(m) != 3 || m[2] != "transfer 1 3" {
		t.Errorf("mtx ran %v", m)
	}
}

// A robot failure half-way: the task fails, the status is read again, and
// the inventory no longer places the cartridge in a slot.
func TestFailureMidMove(t *testing.T) {
	st := library()
	st.FailHalfway = true
	e := newEnv(t, st)
	task, err := e.s.Transfer(context.Background(), operator, api.TapeMove{From: 1, To: 3})
	if err != nil {
		t.Fatal(err)
	}
	got := e.wait(t, task)
	if got.State != api.TaskFailed {
		t.Fatalf("%+v", got)
	}
	if m := e.medium(t, "A00001L8"); m.Location != api.TapeOutside {
		t.Errorf("inventory %+v", m)
	}
}

// After a power cycle a drive is full and the library does not know the
// source: unload without a slot is refused, the last slot is suggested, and
// the alert condition is raised.
func TestUnknownSourceAfterPowerCycle(t *testing.T) {
	e := newEnv(t, library())
	ctx := context.Background()
	if _, err := e.s.Slots(ctx, ""); err != nil { // A00002L8 seen in slot 2
		t.Fatal(err)
	}
	st := e.fake.Load()
	st.Slots[1] = fakemtx.Slot{}
	st.Drives[0] = fakemtx.Drive{Full: true, Tag: "A00002L8"}
	e.fake.Save(st)
	drives, err := e.s.Drives(ctx, "")
	if err != nil || !drives[0].SourceUnknown || drives[0].SuggestedSlot != 2 {
		t.Fatalf("drives %+v %v", drives, err)
	}
	if _, err := e.s.Unload(ctx, operator, 0, api.TapeMove{}); err == nil || !strings.Contains(err.Error(), "name a destination slot") {
		t.Fatalf("unload without a slot: %v", err)
	}
	conds, err := e.s.AlertConditions(ctx)
	if err != nil || len(conds) != 1 || conds[0].Class != AlertDriveUnknownSource || conds[0].Subject != "tape-drive/lib1/0" {
		t.Fatalf("conditions %+v %v", conds, err)
	}
	task, err := e.s.Unload(ctx, operator, 0, api.TapeMove{Slot: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.wait(t, task); got.State != api.TaskSucceeded {
		t.Fatalf("%+v", got)
	}
}

// The drive holds the cartridge (mounted): the recorded sense comes back
// as a failed task of kind conflict.
func TestUnloadMediumRemovalPrevented(t *testing.T) {
	st := library()
	st.Slots[0] = fakemtx.Slot{}
	st.Drives[0] = fakemtx.Drive{Full: true, Source: 1, Tag: "A00001L8", PreventRemoval: true}
	e := newEnv(t, st)
	task, err := e.s.Unload(context.Background(), operator, 0, api.TapeMove{})
	if err != nil {
		t.Fatal(err)
	}
	got := e.wait(t, task)
	if got.State != api.TaskFailed || !strings.Contains(strings.ToLower(got.Error), "removal") {
		t.Fatalf("%+v", got)
	}
}

func TestCleanDrive(t *testing.T) {
	e := newEnv(t, library())
	ctx := context.Background()
	e.s.o.CleaningMaxUses = 2
	for i := 0; i < 2; i++ {
		task, err := request(func(ctx context.Context) (api.Task, error) { return e.s.Clean(ctx, operator, 1, api.TapeMove{}) })
		if err != nil {
			t.Fatal(err)
		}
		if got := e.wait(t, task); got.State != api.TaskSucceeded || got.Kind != TaskClean {
			t.Fatalf("clean %d: %+v", i, got)
		}
	}
	if got := strings.Join(e.moves(), "; "); got != "load 4 1; unload 4 1; load 4 1; unload 4 1" {
		t.Errorf("mtx ran %s", got)
	}
	if m := e.medium(t, "CLN001L1"); m.CleaningUses != 2 || m.Location != api.TapeInSlot || m.Number != 4 {
		t.Errorf("cleaning cartridge %+v", m)
	}
	// used up: no usable cleaning cartridge is left, and the alert says so
	if _, err := e.s.Clean(ctx, operator, 1, api.TapeMove{}); err == nil || !strings.Contains(err.Error(), "no usable cleaning cartridge") {
		t.Errorf("third clean: %v", err)
	}
	conds, _ := e.s.AlertConditions(ctx)
	if len(conds) != 1 || conds[0].Class != AlertCleaningUsedUp || conds[0].Subject != "tape-cartridge/CLN001L1" {
		t.Errorf("conditions %+v", conds)
	}
	// a data cartridge is not a cleaning one
	if _, err := e.s.Clean(ctx, operator, 1, api.TapeMove{Slot: 1}); err == nil || !strings.Contains(err.Error(), "not a cleaning cartridge") {
		t.Errorf("clean with data: %v", err)
	}
}

func TestInventoryAndMediaFilters(t *testing.T) {
	e := newEnv(t, library())
	ctx := context.Background()
	e.bac.volumes = []api.BaculaVolume{{Name: "A00001L8", Pool: "Monthly", Status: "Full", InChanger: true, Slot: 1, Storage: "Lib1"}}
	task, err := e.s.Inventory(ctx, operator, api.TapeInventory{})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.wait(t, task); got.State != api.TaskSucceeded || got.Kind != TaskInventory {
		t.Fatalf("%+v", got)
	}
	if m := e.moves(); len(m) != 1 || m[0] != "inventory" {
		t.Errorf("mtx ran %v", m)
	}
	all, err := e.s.Media(ctx, MediaFilter{})
	if err != nil || len(all.Media) != 4 {
		t.Fatalf("media %+v %v", all, err)
	}
	monthly, _ := e.s.Media(ctx, MediaFilter{Pool: "Monthly"})
	if len(monthly.Media) != 1 || monthly.Media[0].VolumeStatus != "Full" {
		t.Errorf("pool filter %+v", monthly)
	}
	mail, _ := e.s.Media(ctx, MediaFilter{Location: api.TapeInMailSlot})
	if len(mail.Media) != 1 || mail.Media[0].Barcode != "B00001L8" {
		t.Errorf("location filter %+v", mail)
	}
	page, _ := e.s.Media(ctx, MediaFilter{Limit: 2})
	next, _ := e.s.Media(ctx, MediaFilter{Limit: 2, Cursor: page.Next})
	if len(page.Media) != 2 || page.Next != "A00002L8" || len(next.Media) != 2 || next.Media[0].Barcode != "B00001L8" || next.Next != "" {
		t.Errorf("pages %+v %+v", page, next)
	}
	if _, err := e.s.Media(ctx, MediaFilter{Location: "shelf"}); kind(err) != api.KindBadRequest {
		t.Errorf("bad location: %v", err)
	}
	// a tape exported and taken out of the mail slot is outside
	st := e.fake.Load()
	st.Slots[5] = fakemtx.Slot{MailSlot: true}
	e.fake.Save(st)
	e.s.Slots(ctx, "")
	if m := e.medium(t, "B00001L8"); m.Location != api.TapeOutside || m.LastSeen == nil {
		t.Errorf("taken out %+v", m)
	}
}

func TestReconcileAndFix(t *testing.T) {
	e := newEnv(t, library())
	ctx := context.Background()
	e.bac.volumes = []api.BaculaVolume{
		{Name: "A00001L8", Pool: "Monthly", InChanger: true, Slot: 3, Storage: "Lib1"}, // wrong slot
		{Name: "Z00009L8", Pool: "Monthly", InChanger: true, Slot: 9, Storage: "Lib1"}, // gone
	}
	r, err := e.s.Reconcile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		got = append(got, f.Kind+" "+f.Barcode+" "+f.Fix)
	}
	want := "wrong-slot A00001L8 update-slots; unknown-to-bacula A00002L8 label-barcodes; missing-from-library Z00009L8 update-slots"
	if strings.Join(got, "; ") != want {
		t.Fatalf("findings\n %s\nwant\n %s", strings.Join(got, "; "), want)
	}
	if _, err := e.s.Fix(ctx, operator, api.TapeFix{Fix: api.TapeFixLabelBarcodes, Slots: []int{2}}); kind(err) != api.KindBadRequest {
		t.Errorf("label without a pool: %v", err)
	}
	task, err := e.s.Fix(ctx, operator, api.TapeFix{Fix: api.TapeFixLabelBarcodes, Slots: []int{2}, Pool: "Monthly"})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.wait(t, task); got.State != api.TaskSucceeded || got.Kind != TaskFix {
		t.Fatalf("%+v", got)
	}
	if len(e.bac.fixes) != 1 || e.bac.fixes[0] != "Lib1 label-barcodes" {
		t.Errorf("fixes %v", e.bac.fixes)
	}
}

// Reads at once (a page asks library, drives and slots together) all
// answer: only a move makes a read fall back to the last status.
func TestConcurrentReads(t *testing.T) {
	e := newEnv(t, library())
	ctx := context.Background()
	errs := make(chan error, 6)
	for i := 0; i < 6; i++ {
		go func() {
			_, err := e.s.Slots(ctx, "")
			errs <- err
		}()
	}
	for i := 0; i < 6; i++ {
		if err := <-errs; err != nil {
			t.Errorf("read %d: %v", i, err)
		}
	}
}
