package integration

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/bacula"
	"bams/backend/internal/baculasvc"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/store"
	"bams/backend/internal/tapesvc"
	"bams/backend/internal/tasks"
	"bams/backend/internal/testenv"
	"bams/backend/internal/testutil/fakemtx"
)

// The tape service asks a real Bacula stack (through baculasvc, its
// tapesvc.Bacula) what the storage daemon is doing and what the catalog
// says; the library is the stateful fake mtx (no changer exists here).
// A cartridge whose volume a running job writes is never moved, and the
// catalog's slot and InChanger, set with `update volume`, are reconciled.
func TestTapeAgainstRealBacula(t *testing.T) {
	b := testenv.StartBacula(t)
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "bams.db"), store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	mgr := tasks.NewManager(db, events.NewHub(), tasks.Options{StallAfter: time.Hour, History: time.Hour})
	t.Cleanup(func() { mgr.Shutdown(context.Background()) })

	const dev = "/dev/tape/by-id/scsi-IT00LIB1"
	fake := fakemtx.New(t, fakemtx.State{Device: dev, Drives: []fakemtx.Drive{{}},
		Slots: []fakemtx.Slot{{}, {}, {}, {MailSlot: true}}})
	runner := &execx.Runner{Path: fake.Path + ":/usr/sbin:/usr/bin:/sbin:/bin", Timeout: 30 * time.Second}
	bac := baculasvc.New(baculasvc.Options{Runner: runner, Store: db, Location: time.Local,
		Console: bacula.Config{ConfigFile: b.ConsoleConfig}})
	t.Cleanup(func() { bac.Close() })
	tape, err := tapesvc.New(tapesvc.Options{Runner: runner, Store: db, Tasks: mgr, Bacula: bac,
		Changers: []tapesvc.Changer{{Name: "lib1", Device: dev, Drives: []string{"/dev/nst0"}, BaculaStorage: "File"}}})
	if err != nil {
		t.Fatal(err)
	}

	// A slow job writes a volume; the cartridge of that barcode sits in the
	// drive of the (fake) library.
	jobID := b.RunJob(testenv.BaculaSlowJob)
	t.Cleanup(func() { b.WaitJob(jobID) })
	volume := ""
	deadline := time.Now().Add(30 * time.Second)
	for volume == "" && time.Now().Before(deadline) {
		sds, err := bac.StorageDaemons(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, sd := range sds {
			if sd.Daemon == nil {
				continue
			}
			for _, j := range sd.Daemon.Running {
				if j.JobID == int64(jobID) && j.Volume != "" {
					volume = j.Volume
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	if volume == "" {
		t.Fatalf("the storage daemon never reported job %d writing a volume", jobID)
	}
	st := fake.Load()
	st.Drives[0] = fakemtx.Drive{Full: true, Source: 2, Tag: volume}
	fake.Save(st)

	_, err = tape.Unload(ctx, api.Caller{UID: 0, User: "root"}, 0, api.TapeMove{})
	k, _, msg := apiErr(err)
	if err == nil || !strings.Contains(err.Error(), "Bacula job") || !strings.Contains(err.Error(), volume) {
		t.Fatalf("unload of the volume a job writes: %v (%s %s)", err, k, msg)
	}
	for _, c := range fake.Calls() {
		if strings.Contains(strings.Join(c.Args, " "), "unload") {
			t.Fatalf("mtx was asked to unload: %v", c.Args)
		}
	}

	// The catalog puts the volume in slot 3 of the changer; the library has
	// it in its drive (from slot 2): no finding for it. A barcode the
	// catalog lacks in slot 1 is unknown to Bacula.
	b.Console("update volume=" + volume + " slot=3 inchanger=yes")
	st = fake.Load()
	st.Slots[0] = fakemtx.Slot{Full: true, Tag: "NEW001L8"}
	fake.Save(st)
	r, err := tape.Reconcile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 1 || r.Findings[0].Kind != api.TapeUnknownToBacula || r.Findings[0].Barcode != "NEW001L8" {
		t.Fatalf("findings with the volume loaded: %+v", r.Findings)
	}
	// Out of the library altogether: the catalog still says InChanger.
	st = fake.Load()
	st.Drives[0] = fakemtx.Drive{}
	fake.Save(st)
	if r, err = tape.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	var missing *api.TapeFinding
	for i, f := range r.Findings {
		if f.Barcode == volume {
			missing = &r.Findings[i]
		}
	}
	if missing == nil || missing.Kind != api.TapeMissing || missing.Catalog != 3 || missing.Fix != api.TapeFixUpdateSlots {
		t.Fatalf("findings with the volume gone: %+v", r.Findings)
	}
	media, err := tape.Media(ctx, tapesvc.MediaFilter{Pool: "FilePool"})
	if err != nil || media.CatalogError != "" || len(media.Media) != 1 || media.Media[0].Barcode != volume || media.Media[0].Location != api.TapeOutside {
		t.Fatalf("media of FilePool: %+v %v", media, err)
	}
}
