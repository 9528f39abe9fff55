package integration

import (
	"context"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

// The scheduler inside a real bamsd backs a host up on its schedule, as
// kind "scheduled", and prunes after each successful run when asked.
func TestScheduledBackupsPrune(t *testing.T) {
	testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	ctx := context.Background()
	web := addHost(t, b, "web1", "127.0.0.2", nil)
	web.write(t, "a.txt", "a")
	if _, err := b.Client().SetRetentionPolicy(ctx, "web1", api.RetentionPolicy{KeepLast: 1, Minimum: 1, Kinds: "scheduled", MaxDelete: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Client().SetSchedule(ctx, "web1", api.Schedule{Cron: "@every 2s", Enabled: true, Prune: true}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(40 * time.Second)
	for {
		l, err := b.Client().Tasks(ctx, client.TaskQuery{Kind: "backup", States: []api.TaskState{api.TaskSucceeded}})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Tasks) >= 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d scheduled backups in 40 s", len(l.Tasks))
		}
		time.Sleep(200 * time.Millisecond)
	}
	if _, err := b.Client().SetSchedule(ctx, "web1", api.Schedule{Cron: "@every 2s", Enabled: false}); err != nil {
		t.Fatal(err)
	}
	// let a run that had already started finish
	for running := true; running; time.Sleep(100 * time.Millisecond) {
		l, _ := b.Client().Tasks(ctx, client.TaskQuery{Kind: "backup", States: []api.TaskState{api.TaskQueued, api.TaskRunning}})
		running = len(l.Tasks) > 0
	}
	snaps, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{State: api.SnapshotComplete})
	for _, s := range snaps.Snapshots {
		if s.Kind != api.KindScheduled {
			t.Errorf("a scheduler run recorded kind %q", s.Kind)
		}
	}
	// keep-last 1, plus the newest's base, which is never deleted
	if n := len(snaps.Snapshots); n < 1 || n > 2 {
		t.Fatalf("%d complete snapshots after pruning with keep-last 1: %+v", n, snaps.Snapshots)
	}
}
