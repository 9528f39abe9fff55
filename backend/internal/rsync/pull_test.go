package rsync

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
)

func fakeRunner(d *fakecmd.Dir) *execx.Runner {
	return &execx.Runner{Path: d.Path, Timeout: 10 * time.Second}
}

func TestPullWithFakeRsync(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Replay("rsync", "testdata/progress2-no-inc-recursive-stats-raw.out", 0)
	var progress []Progress
	pgid := 0
	stats, warn, err := Pull(context.Background(), fakeRunner(d), validOptions(),
		func(p Progress) { progress = append(progress, p) }, func(g int) { pgid = g })
	if err != nil || warn.Code != 0 {
		t.Fatal(err, warn)
	}
	if stats.Files != 60 || stats.NewBytes() != 50331648 || len(progress) != 7 || pgid <= 0 {
		t.Fatalf("stats %+v, %d progress calls, pgid %d", stats, len(progress), pgid)
	}
	want, _ := PullArgs(validOptions())
	if calls := d.Calls("rsync"); len(calls) != 1 || !slices.Equal(calls[0], want) {
		t.Fatalf("argv %q", calls)
	}
}

func TestPullVanishedWarning(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	out, _ := filepath.Abs("testdata/progress2-stats-vanished-raw.out")
	errf, _ := filepath.Abs("testdata/stderr-vanished.txt")
	d.Script("rsync", "cat '"+out+"'; cat '"+errf+"' >&2; exit 24")
	stats, warn, err := Pull(context.Background(), fakeRunner(d), validOptions(), nil, nil)
	if err != nil || warn.Code != 24 || len(warn.Vanished) != 1 || stats.TotalSize != 1500002 {
		t.Fatalf("got %+v %+v %v", stats, warn, err)
	}
}

func TestPullFailures(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.ReplayStderr("rsync", "testdata/stderr-missing-source-change-dir.txt", 23)
	_, _, err := Pull(context.Background(), fakeRunner(d), validOptions(), nil, nil)
	var e *Error
	if !errors.As(err, &e) || e.Kind != SourceMissing {
		t.Fatalf("got %v", err)
	}
	// Success without a --stats block is not a success to record.
	d.Script("rsync", "exit 0")
	if _, _, err := Pull(context.Background(), fakeRunner(d), validOptions(), nil, nil); err == nil {
		t.Fatal("missing stats must be an error")
	}
	_, _, err = Pull(context.Background(), fakeRunner(fakecmd.New(t)), validOptions(), nil, nil)
	var me *execx.MissingError
	if !errors.As(err, &me) || me.Tool != "rsync" {
		t.Fatalf("got %v", err)
	}
}

// Cancel kills rsync's process group, ssh included, and says so.
func TestPullCancel(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("rsync", "sleep 30 & wait")
	ctx, cancel := context.WithCancel(context.Background())
	start := time.Now()
	_, _, err := Pull(ctx, fakeRunner(d), validOptions(), nil, func(int) { cancel() })
	var e *Error
	if !errors.As(err, &e) || e.Kind != Cancelled || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatal("cancel did not stop rsync")
	}
}
