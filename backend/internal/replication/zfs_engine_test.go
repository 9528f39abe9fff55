package replication

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
	"bams/backend/internal/testutil/fakecmd"
	"bams/backend/internal/testutil/fakezfs"
	"bams/backend/internal/zfs"
)

// pair is a source machine and a target machine, each with its own fake
// zfs. The target is reached through a fake ssh on the runner's PATH: it
// checks it was given bamsd's options and the destination, then runs the
// one remote command string through sh with the target's fake zfs first
// on PATH, so the remote argv goes through the shell quoting that ssh's
// remote side applies (a real sshd would add nothing the fake does not
// check, and would need root parts this package's tests do without).
type pair struct {
	src, dst *fakezfs.Fake
	ssh      *fakecmd.Dir
	r        *execx.Runner
	remote   ssh.Options
}

// quiet drops the runner's exec log lines.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func fs() *fakezfs.Dataset { return &fakezfs.Dataset{Type: "filesystem", Props: map[string]string{}} }

func newPair(t *testing.T) *pair {
	t.Helper()
	p := &pair{
		src: fakezfs.New(t, fakezfs.State{Pools: map[string]*fakezfs.Pool{"tank": {Health: "ONLINE"}},
			Datasets: map[string]*fakezfs.Dataset{"tank": fs(), "tank/web": fs()}}),
		dst: fakezfs.New(t, fakezfs.State{Pools: map[string]*fakezfs.Pool{"backup": {Health: "ONLINE"}},
			Datasets: map[string]*fakezfs.Dataset{"backup": fs()}}),
		ssh: fakecmd.New(t),
	}
	p.ssh.Script("ssh", fmt.Sprintf(`while [ $# -gt 0 ] && [ "$1" != "--" ]; do shift; done
[ "$2" = "192.0.2.7" ] || { echo "ssh: wrong destination $2" >&2; exit 255; }
shift 2
PATH=%q:/usr/bin:/bin exec /bin/sh -c "$*"`, p.dst.Path))
	p.r = &execx.Runner{Path: p.src.Path + ":" + p.ssh.Path, Timeout: time.Minute, Log: quiet}
	dir := t.TempDir()
	p.remote = ssh.Options{Host: "repl.offsite", Address: "192.0.2.7", User: "bams",
		KeyFile: filepath.Join(dir, "id_ed25519"), KnownHostsFile: filepath.Join(dir, "known_hosts")}
	return p
}

func (p *pair) job() zfsJob {
	return zfsJob{Task: "offsite", Source: "tank/web", Remote: p.remote, Target: "backup/web"}
}

// run is one run; the job's record fields carry over as the service keeps them.
func (p *pair) run(t *testing.T, j *zfsJob, snap string) (zfsOutcome, error) {
	t.Helper()
	out, err := replicateZFS(context.Background(), p.r, *j, snap, nil, func(string, string) {})
	if err == nil {
		j.Held, j.Sent = out.Common.Name, out.Sent
	}
	return out, err
}

func snapsOf(st fakezfs.State, ds string) map[string]string {
	m := map[string]string{}
	for n, d := range st.Datasets {
		if name, ok := strings.CutPrefix(n, ds+"@"); ok {
			m[name] = d.Props["guid"]
		}
	}
	return m
}

func guidOn(t *testing.T, f *fakezfs.Fake, r *execx.Runner, ds string) map[string]string {
	t.Helper()
	snaps, _, err := zfs.SnapshotGUIDs(context.Background(), &execx.Runner{Path: f.Path, Log: quiet}, ds)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, s := range snaps {
		m[s.Name] = s.GUID
	}
	return m
}

func argvs(f *fakezfs.Fake) []string {
	var out []string
	for _, c := range f.Calls() {
		out = append(out, c.Tool+" "+strings.Join(c.Args, " "))
	}
	return out
}

// nothingDestructive fails on any command that could destroy or roll
// back what the target holds.
func nothingDestructive(t *testing.T, calls []string) {
	t.Helper()
	for _, c := range calls {
		for _, bad := range []string{" -F", "rollback", "receive -A", "destroy"} {
			if strings.Contains(c, bad) {
				t.Errorf("the target ran %q", c)
			}
		}
	}
}

func TestFirstRunIsAFullSendAndHoldsTheBaseOnBothSides(t *testing.T) {
	p := newPair(t)
	j := p.job()
	var mu sync.Mutex
	var last [2]int64
	out, err := replicateZFS(context.Background(), p.r, j, "r1", func(sent, est int64) { mu.Lock(); last = [2]int64{sent, est}; mu.Unlock() }, func(string, string) {})
	if err != nil {
		t.Fatal(err)
	}
	if out.Parent != "" || out.Snapshot != "r1" || out.Bytes == 0 || out.Common.Name != "r1" {
		t.Errorf("outcome %+v", out)
	}
	// the estimate is -nvP's size line; the stream is a little more (its header)
	if last[1] != 96<<10 || last[0] < last[1] || last[0] != out.Bytes {
		t.Errorf("progress ended at %d of %d", last[0], last[1])
	}
	src, dst := guidOn(t, p.src, p.r, "tank/web"), guidOn(t, p.dst, p.r, "backup/web")
	if dst["r1"] == "" || dst["r1"] != src["r1"] {
		t.Errorf("target %v, source %v: the same snapshot (guid) must be on both", dst, src)
	}
	if h := p.src.Load().Holds["tank/web@r1"]; !reflect.DeepEqual(h, []string{"bams:replication:offsite"}) {
		t.Errorf("source holds %v", h)
	}
	if h := p.dst.Load().Holds["backup/web@r1"]; !reflect.DeepEqual(h, []string{"bams:replication:offsite"}) {
		t.Errorf("target holds %v", h)
	}
	if st := p.src.Load(); st.Datasets["tank/web@r1"].Props["bams:owner"] != "replication:offsite" {
		t.Error("the run's snapshot does not name its owner")
	}
	nothingDestructive(t, argvs(p.dst))
	if !reflect.DeepEqual(out.Sent, []api.ReplicatedSnap{{Name: "r1", GUID: src["r1"]}}) {
		t.Errorf("ownership record %+v", out.Sent)
	}
}

func TestIncrementalSendsTheIntermediatesAndMovesTheHolds(t *testing.T) {
	p := newPair(t)
	j := p.job()
	if _, err := p.run(t, &j, "r1"); err != nil {
		t.Fatal(err)
	}
	// an admin's snapshot between runs: -I carries it, nobody owns it
	if err := zfs.Snapshot(context.Background(), &execx.Runner{Path: p.src.Path, Log: quiet}, "tank/web@hand", false, "manual"); err != nil {
		t.Fatal(err)
	}
	out, err := p.run(t, &j, "r2")
	if err != nil {
		t.Fatal(err)
	}
	if out.Parent != "r1" {
		t.Errorf("parent %q, want r1", out.Parent)
	}
	dst := guidOn(t, p.dst, p.r, "backup/web")
	src := guidOn(t, p.src, p.r, "tank/web")
	for _, s := range []string{"r1", "hand", "r2"} {
		if dst[s] == "" || dst[s] != src[s] {
			t.Errorf("%s: target guid %q, source %q", s, dst[s], src[s])
		}
	}
	sst, dstState := p.src.Load(), p.dst.Load()
	for name, holds := range map[string][]string{"tank/web@r1": sst.Holds["tank/web@r1"], "backup/web@r1": dstState.Holds["backup/web@r1"]} {
		if len(holds) != 0 {
			t.Errorf("%s still held %v after the next run succeeded", name, holds)
		}
	}
	if len(sst.Holds["tank/web@r2"]) != 1 || len(dstState.Holds["backup/web@r2"]) != 1 {
		t.Errorf("the new base is not held on both sides: %v %v", sst.Holds, dstState.Holds)
	}
	sent := []string{}
	for _, s := range out.Sent {
		sent = append(sent, s.Name)
	}
	if !reflect.DeepEqual(sent, []string{"r1", "r2"}) {
		t.Errorf("the task owns %v on the target; the admin's snapshot is not its", sent)
	}
	var incremental bool
	for _, c := range argvs(p.src) {
		incremental = incremental || c == "zfs send -w -I tank/web@r1 tank/web@r2"
	}
	if !incremental {
		t.Errorf("no incremental send in %v", argvs(p.src))
	}
	nothingDestructive(t, argvs(p.dst))
}

func TestAnInterruptedReceiveIsResumedAndHoldsMoveOnlyAfterSuccess(t *testing.T) {
	p := newPair(t)
	j := p.job()
	if _, err := p.run(t, &j, "r1"); err != nil {
		t.Fatal(err)
	}
	st := p.dst.Load()
	st.ReceiveCut = 40000 // the connection drops 40 kB into the next stream
	p.dst.Save(st)
	_, err := p.run(t, &j, "r2")
	var re *zfs.ReceiveError
	if !errors.As(err, &re) || re.Kind != zfs.RecvInterrupted {
		t.Fatalf("cut stream: %v, want an interrupted receive", err)
	}
	dst := p.dst.Load()
	if dst.Datasets["backup/web"].Props["receive_resume_token"] == "" {
		t.Fatal("the target saved no partial receive")
	}
	if len(dst.Holds["backup/web@r1"]) != 1 || len(p.src.Load().Holds["tank/web@r1"]) != 1 {
		t.Error("a failed run moved the holds off the base")
	}
	if len(p.src.Load().Holds["tank/web@r2"]) != 0 {
		t.Error("a snapshot that did not arrive was held")
	}
	out, err := p.run(t, &j, "r3")
	if err != nil {
		t.Fatal(err)
	}
	var resumed bool
	for _, c := range argvs(p.src) {
		resumed = resumed || strings.HasPrefix(c, "zfs send -t ")
	}
	if !resumed {
		t.Errorf("no zfs send -t in %v", argvs(p.src))
	}
	if out.Parent != "r2" {
		t.Errorf("after resuming r2 the parent is %q", out.Parent)
	}
	if g := guidOn(t, p.dst, p.r, "backup/web"); g["r2"] == "" || g["r3"] == "" {
		t.Errorf("target %v", g)
	}
	if p.dst.Load().Datasets["backup/web"].Props["receive_resume_token"] != "" {
		t.Error("the resume token is still there")
	}
}

func TestNoCommonSnapshotStopsAndTouchesNothing(t *testing.T) {
	p := newPair(t)
	st := p.dst.Load()
	st.Datasets["backup/web"] = fs()
	st.Datasets["backup/web@r1"] = &fakezfs.Dataset{Type: "snapshot", Props: map[string]string{"guid": "42"}, Creation: 1795304818}
	p.dst.Save(st)
	before := p.dst.Load()
	j := p.job()
	_, err := p.run(t, &j, "r1")
	var nc *NoCommonError
	if !errors.As(err, &nc) {
		t.Fatalf("%v, want a NoCommonError", err)
	}
	if !strings.Contains(err.Error(), "backup/web") || !strings.Contains(err.Error(), "r1") || !strings.Contains(err.Error(), "never destroys or rolls back") {
		t.Errorf("message %q", err)
	}
	if after := p.dst.Load(); !reflect.DeepEqual(after.Datasets, before.Datasets) || !reflect.DeepEqual(after.Holds, before.Holds) {
		t.Error("the target changed")
	}
	for _, c := range argvs(p.dst) {
		if !strings.HasPrefix(c, "zfs list ") && !strings.HasPrefix(c, "zfs get ") {
			t.Errorf("the target ran %q; only listing is allowed here", c)
		}
	}
}

func TestTargetRetentionPrunesOnlyTheTasksOwnSnapshots(t *testing.T) {
	p := newPair(t)
	j := p.job()
	j.KeepTarget, j.KeepSource = 1, 1
	run := &execx.Runner{Path: p.src.Path, Log: quiet}
	for i, name := range []string{"r1", "r2", "r3"} {
		if i == 1 {
			if err := zfs.Snapshot(context.Background(), run, "tank/web@hand", false, "manual"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := p.run(t, &j, name); err != nil {
			t.Fatal(err)
		}
	}
	dst := guidOn(t, p.dst, p.r, "backup/web")
	if _, ok := dst["hand"]; !ok {
		t.Error("target retention destroyed the admin's snapshot")
	}
	if _, ok := dst["r1"]; ok {
		t.Error("r1 outlived keep_target 1")
	}
	if _, ok := dst["r3"]; !ok {
		t.Error("the base went")
	}
	src := guidOn(t, p.src, p.r, "tank/web")
	if _, ok := src["hand"]; !ok {
		t.Error("source retention destroyed the admin's snapshot")
	}
	if _, ok := src["r1"]; ok {
		t.Error("r1 outlived keep_source 1 on the source")
	}
	if len(j.Sent) != 1 || j.Sent[0].Name != "r3" {
		t.Errorf("ownership record %+v", j.Sent)
	}
}

func TestOwnershipNeedsNameAndGUID(t *testing.T) {
	j := zfsJob{Task: "offsite", Sent: []api.ReplicatedSnap{{Name: "r1", GUID: "1"}, {Name: "r2", GUID: "2"}}}
	src := []zfs.SnapshotGUID{{Name: "r2", GUID: "2", Owner: "replication:offsite"}, {Name: "other", GUID: "5", Owner: "replication:other"}, {Name: "r3", GUID: "3", Owner: "replication:offsite"}}
	// r1 on the target is another snapshot now (made there by hand after ours was removed)
	dst := []zfs.SnapshotGUID{{Name: "r1", GUID: "99"}, {Name: "r2", GUID: "2"}, {Name: "other", GUID: "5"}, {Name: "r3", GUID: "3"}}
	got := ownOnTarget(j, src, dst, "r2")
	want := []api.ReplicatedSnap{{Name: "r2", GUID: "2"}, {Name: "r3", GUID: "3"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("own %+v, want %+v", got, want)
	}
}

func TestCancelMidSendLeavesAResumablePartialReceive(t *testing.T) {
	p := newPair(t)
	j := p.job()
	if _, err := p.run(t, &j, "r1"); err != nil {
		t.Fatal(err)
	}
	st := p.src.Load()
	st.SendPace = 100 // 16 KiB per 100 ms: a 96 KiB stream takes 0.6 s
	p.src.Save(st)
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	var once sync.Once
	go func() { <-started; time.Sleep(200 * time.Millisecond); cancel() }()
	_, err := replicateZFS(ctx, p.r, j, "r2", func(sent, _ int64) {
		if sent > 0 {
			once.Do(func() { close(started) })
		}
	}, func(string, string) {})
	if !zfs.IsKind(err, zfs.Cancelled) {
		t.Fatalf("%v, want cancelled", err)
	}
	if p.dst.Load().Datasets["backup/web"].Props["receive_resume_token"] == "" {
		t.Error("the cancelled receive saved no partial state")
	}
	if len(p.src.Load().Holds["tank/web@r1"]) != 1 {
		t.Error("a cancelled run moved the base's hold")
	}
	st = p.src.Load()
	st.SendPace = 0
	p.src.Save(st)
	if _, err := p.run(t, &j, "r3"); err != nil {
		t.Fatalf("the run after a cancel: %v", err)
	}
}

func TestBandwidthLimitPacesTheStream(t *testing.T) {
	p := newPair(t)
	j := p.job()
	j.BwLimit = 256 << 10 // the 96 KiB stream then takes about 0.37 s
	start := time.Now()
	if _, err := p.run(t, &j, "r1"); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("a 96 KiB stream at 256 KiB/s took %v", took)
	}
}
