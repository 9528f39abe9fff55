package mtx

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
	"bams/backend/internal/testutil/fakemtx"
)

const dev = "/dev/tape/by-id/scsi-387408F60F0000"

func library() fakemtx.State { return fakemtx.SmallLibrary(dev) }

func newFake(t *testing.T, st fakemtx.State) (*fakemtx.Fake, *execx.Runner) {
	t.Helper()
	f := fakemtx.New(t, st)
	return f, &execx.Runner{Path: f.Path, Timeout: 10 * time.Second}
}

// fast keeps the retry waits short.
var fast = Options{Retry: Retry{Wait: time.Millisecond, MaxWait: 2 * time.Millisecond}}

func argvs(f *fakemtx.Fake) []string {
	var out []string
	for _, c := range f.Calls() {
		out = append(out, strings.Join(c.Args, " "))
	}
	return out
}

func mustStatus(t *testing.T, r *execx.Runner) Status {
	t.Helper()
	st, err := ReadStatus(context.Background(), r, dev, fast)
	if err != nil || st.Warnings != nil {
		t.Fatalf("%v %v", err, st.Warnings)
	}
	return st
}

func TestFlowLoadThenStatus(t *testing.T) {
	t.Parallel()
	f, r := newFake(t, library())
	ctx := context.Background()
	st := mustStatus(t, r)
	if got := summary(st); got != "D0 D1 1=A00001L8 2=A00002L8 3 4=CLN001L1 5m 6m=B00001L8" {
		t.Fatalf("status %s", got)
	}
	m, err := CheckMove(&st, Move{Kind: Load, From: 2, Drive: 1}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := Run(ctx, r, dev, m, fast); err != nil {
		t.Fatal(err)
	}
	st = mustStatus(t, r)
	if got := summary(st); got != "D0 D1=A00002L8<2 1=A00001L8 2 3 4=CLN001L1 5m 6m=B00001L8" {
		t.Errorf("after load %s", got)
	}
	// Back where it came from: CheckMove fills the slot in, and mtx is
	// always told it.
	m, err = CheckMove(&st, Move{Kind: Unload, Drive: 1}, nil, "")
	if err != nil || m.To != 2 {
		t.Fatal(m, err)
	}
	if err := Run(ctx, r, dev, m, fast); err != nil {
		t.Fatal(err)
	}
	// Import the mail slot's cartridge, export another, clean a drive.
	for _, m := range []Move{{Kind: Import, From: 6, To: 3}, {Kind: Export, From: 1, To: 5}, {Kind: Clean, From: 4, Drive: 0}} {
		st = mustStatus(t, r)
		if _, err := CheckMove(&st, m, nil, ""); err != nil {
			t.Fatal(err)
		}
		if err := Run(ctx, r, dev, m, fast); err != nil {
			t.Fatal(m, err)
		}
	}
	if got := summary(mustStatus(t, r)); got != "D0=CLN001L1<4 D1 1 2=A00002L8 3=B00001L8 4 5m=A00001L8 6m" {
		t.Errorf("end %s", got)
	}
	want := []string{"-f " + dev + " status", "-f " + dev + " load 2 1", "-f " + dev + " status", "-f " + dev + " unload 2 1",
		"-f " + dev + " status", "-f " + dev + " transfer 6 3", "-f " + dev + " status", "-f " + dev + " transfer 1 5",
		"-f " + dev + " status", "-f " + dev + " load 4 0", "-f " + dev + " status"}
	if got := argvs(f); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("argv\n%s", strings.Join(got, "\n"))
	}
}

// A refused move never reaches mtx: only the status calls are logged.
func TestFlowRefusedMovesNeverRun(t *testing.T) {
	t.Parallel()
	f, r := newFake(t, library())
	st := mustStatus(t, r)
	busy := map[int]string{0: "Bacula SD: job 42 is writing to Device LTO-0"}
	for _, m := range []Move{
		{Kind: Load, From: 3, Drive: 1},  // source empty
		{Kind: Transfer, From: 1, To: 2}, // destination full
		{Kind: Load, From: 1, Drive: 0},  // drive busy
		{Kind: Load, From: 4, Drive: 1},  // cleaning cartridge as data
		{Kind: Export, From: 1, To: 6},   // mail slot full
		{Kind: Unload, Drive: 1},         // drive empty
	} {
		if _, err := CheckMove(&st, m, busy, ""); err == nil {
			t.Errorf("%v allowed", m)
		}
	}
	if got := argvs(f); len(got) != 1 || got[0] != "-f "+dev+" status" {
		t.Errorf("mtx ran: %v", got)
	}
}

// The robot takes the cartridge and fails before the drive: mtx reports a
// hardware error, the status shows it nowhere, and the same move is then
// refused rather than tried again.
func TestFlowFailureMidMove(t *testing.T) {
	t.Parallel()
	lib := library()
	lib.FailHalfway = true
	f, r := newFake(t, lib)
	st := mustStatus(t, r)
	m, err := CheckMove(&st, Move{Kind: Load, From: 1, Drive: 0}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	err = Run(context.Background(), r, dev, m, fast)
	var e *Error
	if !errors.As(err, &e) || e.Kind != HardwareError || e.Attempts != 1 || !strings.Contains(e.Message, "MOVE MEDIUM from Element Address 1000 to 500 Failed") {
		t.Fatalf("%#v", err)
	}
	if !strings.HasSuffix(strings.Fields(e.Message)[0], "/mtx:") {
		t.Errorf("mtx names itself by its path: %q", e.Message)
	}
	st = mustStatus(t, r)
	if got := summary(st); got != "D0 D1 1 2=A00002L8 3 4=CLN001L1 5m 6m=B00001L8" {
		t.Errorf("after failure %s", got)
	}
	if f.Load().Picker != "A00001L8" {
		t.Errorf("picker %q", f.Load().Picker)
	}
	if _, err := CheckMove(&st, m, nil, ""); err == nil {
		t.Error("the failed load is allowed again")
	}
}

// After a power cycle the library does not know where drive 0's tape
// came from: an unload needs a slot, and with one it works.
func TestFlowUnloadUnknownSource(t *testing.T) {
	t.Parallel()
	lib := library()
	lib.Drives[0] = fakemtx.Drive{Full: true, Tag: "A00009L8"}
	f, r := newFake(t, lib)
	st := mustStatus(t, r)
	if d, _ := st.Drive(0); !d.Full || d.Source != 0 || d.Tag != "A00009L8" {
		t.Fatalf("%+v", d)
	}
	_, err := CheckMove(&st, Move{Kind: Unload, Drive: 0}, nil, "")
	var ref *RefusedError
	if !errors.As(err, &ref) || ref.Reason != SourceUnknown {
		t.Fatalf("%v", err)
	}
	// Run itself refuses an unload without a slot, so mtx never guesses.
	if err := Run(context.Background(), r, dev, Move{Kind: Unload, Drive: 0}, fast); err == nil {
		t.Error("Run ran an unload without a slot")
	}
	if n := len(f.Calls()); n != 1 {
		t.Errorf("%d calls", n)
	}
	m, err := CheckMove(&st, Move{Kind: Unload, Drive: 0, To: 3}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := Run(context.Background(), r, dev, m, fast); err != nil {
		t.Fatal(err)
	}
	if got := argvs(f)[1]; got != "-f "+dev+" unload 3 0" {
		t.Errorf("argv %s", got)
	}
	if s, _ := mustStatus(t, r).Slot(3); !s.Full || s.Tag != "A00009L8" {
		t.Errorf("%+v", s)
	}
}

// The recorded "medium removal prevented": typed, and not retried.
func TestFlowRemovalPrevented(t *testing.T) {
	t.Parallel()
	lib := library()
	lib.Drives[1] = fakemtx.Drive{Full: true, Source: 3, Tag: "A00003L8", PreventRemoval: true}
	f, r := newFake(t, lib)
	err := UnloadDrive(context.Background(), r, dev, 1, 3, fast)
	var e *Error
	if !errors.As(err, &e) || e.Kind != MediumRemovalPrevented || e.Attempts != 1 || e.Kind.Retryable() {
		t.Fatalf("%v", err)
	}
	if e.Sense == nil || e.Sense.ASC != 0x53 {
		t.Errorf("sense %+v", e.Sense)
	}
	if n := len(f.Calls()); n != 1 {
		t.Errorf("retried: %d calls", n)
	}
	if d := f.Load().Drives[1]; !d.Full {
		t.Error("the cartridge left the drive")
	}
}

// "Becoming ready" is retried with back-off, with the same argv, until it
// works or the attempts run out.
func TestFlowBecomingReadyRetried(t *testing.T) {
	t.Parallel()
	lib := library()
	lib.NotReady = 2
	f, r := newFake(t, lib)
	if err := LoadSlot(context.Background(), r, dev, 1, 0, fast); err != nil {
		t.Fatal(err)
	}
	if got := argvs(f); len(got) != 3 || got[0] != got[2] || got[0] != "-f "+dev+" load 1 0" {
		t.Errorf("%v", got)
	}
	lib.NotReady = 5
	f, r = newFake(t, lib)
	o := fast
	o.Retry.Attempts = 2
	err := LoadSlot(context.Background(), r, dev, 1, 0, o)
	var e *Error
	if !errors.As(err, &e) || e.Kind != BecomingReady || e.Attempts != 2 || len(f.Calls()) != 2 {
		t.Fatalf("%v", err)
	}
	if f.Load().Slots[0].Full != true {
		t.Error("moved while not ready")
	}
}

// A cancelled task does not wait out the back-off.
func TestFlowCancelDuringBackoff(t *testing.T) {
	t.Parallel()
	lib := library()
	lib.NotReady = 100
	_, r := newFake(t, lib)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := LoadSlot(ctx, r, dev, 1, 0, Options{Retry: Retry{Wait: time.Minute}})
	if !IsKind(err, Cancelled) || time.Since(start) > 10*time.Second {
		t.Fatalf("%v after %v", err, time.Since(start))
	}
}

func TestFlowDeviceErrors(t *testing.T) {
	t.Parallel()
	f, r := newFake(t, library())
	ctx := context.Background()
	if _, err := ReadStatus(ctx, r, "/dev/sg9", fast); !IsKind(err, NoDevice) {
		t.Errorf("other device: %v", err)
	}
	for _, bad := range []string{"-h", "/dev/../sg5", "sg5"} {
		var ae *ArgError
		if _, err := ReadStatus(ctx, r, bad, fast); !errors.As(err, &ae) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if n := len(f.Calls()); n != 1 {
		t.Errorf("%d calls", n)
	}
	st, err := Inventory(ctx, r, dev, fast)
	if err != nil || len(st.Slots) != 6 {
		t.Fatal(err)
	}
	if got := argvs(f)[1:]; strings.Join(got, ",") != "-f "+dev+" inventory,-f "+dev+" status" {
		t.Errorf("%v", got)
	}
	q, err := Inquire(ctx, r, dev, fast)
	if err != nil || !q.IsChanger() || q.Product != "L700" {
		t.Errorf("%+v %v", q, err)
	}
	var me *execx.MissingError
	if _, err := ReadStatus(ctx, &execx.Runner{Path: t.TempDir()}, dev, fast); !errors.As(err, &me) {
		t.Errorf("missing: %v", err)
	}
}

// A load that outlives its timeout ends as timed-out.
func TestFlowTimeout(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("mtx", "exec sleep 30")
	r := &execx.Runner{Path: d.Path}
	err := LoadSlot(context.Background(), r, dev, 1, 0, Options{Timeout: 200 * time.Millisecond, Retry: Retry{Attempts: 1}})
	if !IsKind(err, TimedOut) {
		t.Fatalf("%v", err)
	}
}
