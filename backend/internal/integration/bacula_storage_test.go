package integration

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// storageBamsd starts bamsd pointed at a test Bacula stack: its console,
// director and storage daemon configs, and the resource folder.
func storageBamsd(t *testing.T, b *testenv.Bacula) *testenv.Bamsd {
	t.Helper()
	return testenv.StartBamsd(t, "bacula:\n  console_config: "+b.ConsoleConfig+"\n  director_config: "+b.DirectorConfig+
		"\n  resource_dir: "+b.ResourceDir+"\n  storage_config: "+sdConfig(b)+"\n")
}

func sdConfig(b *testenv.Bacula) string { return filepath.Join(b.Work, "etc", "bacula-sd.conf") }

// apiErr: the API error's kind, field and message, or zeros.
func apiErr(err error) (api.ErrorKind, string, string) {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Kind, ae.Field, ae.Message
	}
	return "", "", ""
}

func wantErr(t *testing.T, what string, err error, kind api.ErrorKind, field string, mentions ...string) {
	t.Helper()
	k, f, msg := apiErr(err)
	if k != kind || f != field {
		t.Fatalf("%s: %v, want %s naming %q", what, err, kind, field)
	}
	for _, m := range mentions {
		if !strings.Contains(msg, m) {
			t.Fatalf("%s: message %q does not mention %q", what, msg, m)
		}
	}
}

func TestBaculaStorageClientsPoolsVolumesMedia(t *testing.T) {
	b := testenv.StartBacula(t)
	d := storageBamsd(t, b)
	c, ctx := d.Client(), context.Background()

	// Clients: the stack's client, with its last backup once a job ran.
	jobID := int64(b.Backup())
	cl, err := c.BaculaClients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cl.Clients) != 1 || cl.Clients[0].Name != "test-fd" || cl.Clients[0].LastBackup == nil ||
		cl.Clients[0].LastBackup.JobID != jobID || cl.Clients[0].Status != api.BaculaStatusOK || !cl.Clients[0].InCatalog {
		t.Fatalf("clients: %+v", cl)
	}
	detail, err := c.BaculaClient(ctx, "test-fd")
	if err != nil {
		t.Fatal(err)
	}
	if len(detail.History) == 0 || detail.History[0].JobID != jobID || detail.Daemon == nil || detail.Daemon.Name != "test-fd" || detail.Port != b.FDPort {
		t.Fatalf("client detail: %+v (daemon error %q)", detail, detail.DaemonError)
	}
	_, err = c.BaculaClient(ctx, "nosuch-fd")
	wantErr(t, "unknown client", err, api.KindNotFound, "")
	_, err = c.BaculaClient(ctx, "-fd")
	wantErr(t, "client named like an option", err, api.KindBadRequest, "name")

	// Media and daemons answer; the backup's auto-labelled volume holds the job.
	media, err := c.BaculaMedia(ctx)
	if err != nil || len(media.Media) != 1 || media.Media[0].Pool != "FilePool" || media.Media[0].Location != "storage File" {
		t.Fatalf("media: %+v %v", media, err)
	}
	backupVol := media.Media[0].Label
	medium, err := c.BaculaMedium(ctx, backupVol)
	if err != nil || len(medium.History) != 1 || medium.History[0].JobID != jobID || medium.Usage.Bytes == 0 ||
		medium.Usage.Percent == nil || medium.MediaType != "File" {
		t.Fatalf("medium: %+v %v", medium, err)
	}
	daemons, err := c.BaculaStorages(ctx)
	if err != nil || len(daemons.Storages) != 1 || daemons.Storages[0].Daemon == nil || daemons.Storages[0].Daemon.Name != "test-sd" ||
		len(daemons.Storages[0].Daemon.Devices) != 1 || daemons.Storages[0].Daemon.Devices[0].Name != "FileDev" {
		t.Fatalf("daemons: %+v %v", daemons, err)
	}

	// Pools: create one (resource file, checked, reloaded).
	for name, field := range map[string]string{"-p": "name", "a b": "name", "a=b": "name", `a"b`: "name"} {
		_, err := c.CreateBaculaPool(ctx, api.BaculaPoolCreate{Name: name})
		wantErr(t, "pool "+name, err, api.KindBadRequest, field)
	}
	pool, err := c.CreateBaculaPool(ctx, api.BaculaPoolCreate{Name: "BamsPool", MaximumVolumeBytes: 10 << 20, VolumeRetentionSeconds: 7 * 86400})
	if err != nil {
		t.Fatal(err)
	}
	if !pool.Managed || pool.MaximumVolumeBytes != 10<<20 || pool.VolumeRetentionSeconds != 7*86400 || pool.Type != "Backup" {
		t.Fatalf("created pool: %+v", pool)
	}
	if _, err := os.Stat(filepath.Join(b.ResourceDir, "pool-BamsPool.conf")); err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateBaculaPool(ctx, api.BaculaPoolCreate{Name: "BamsPool"})
	wantErr(t, "pool twice", err, api.KindConflict, "name")
	err = c.DeleteBaculaPool(ctx, "FilePool")
	wantErr(t, "the admin's pool", err, api.KindConflict, "", "director's own configuration")

	// Volumes: label into the pool with a maximum size.
	_, err = c.LabelBaculaVolume(ctx, api.BaculaVolumeLabel{Name: "BV1", Pool: "NoPool"})
	wantErr(t, "label into a missing pool", err, api.KindBadRequest, "pool", "NoPool")
	_, err = c.LabelBaculaVolume(ctx, api.BaculaVolumeLabel{Name: "BV1", Pool: "BamsPool", Storage: "Nope"})
	wantErr(t, "label on a missing storage", err, api.KindBadRequest, "storage")
	_, err = c.LabelBaculaVolume(ctx, api.BaculaVolumeLabel{Name: "B V1", Pool: "BamsPool"})
	wantErr(t, "volume with a space", err, api.KindBadRequest, "name")
	vol, err := c.LabelBaculaVolume(ctx, api.BaculaVolumeLabel{Name: "BV1", Pool: "BamsPool", MaximumBytes: 5 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if vol.Pool != "BamsPool" || vol.MaximumBytes != 5<<20 || vol.Status != "Append" || vol.Storage != "File" {
		t.Fatalf("labelled: %+v", vol)
	}
	_, err = c.LabelBaculaVolume(ctx, api.BaculaVolumeLabel{Name: "BV1", Pool: "BamsPool"})
	wantErr(t, "label twice", err, api.KindConflict, "name")

	// The pool is in use now: refused, naming the volume.
	err = c.DeleteBaculaPool(ctx, "BamsPool")
	wantErr(t, "pool in use", err, api.KindConflict, "", "BV1")

	// Update: status, recycle, retention, maximum size.
	no, day, mb := false, int64(86400), int64(1<<20)
	vol, err = c.UpdateBaculaVolume(ctx, "BV1", api.BaculaVolumeUpdate{Status: "Read-Only", Recycle: &no, RetentionSeconds: &day, MaximumBytes: &mb})
	if err != nil {
		t.Fatal(err)
	}
	if vol.Status != "Read-Only" || vol.Recycle || vol.RetentionSeconds != day || vol.MaximumBytes != mb {
		t.Fatalf("updated: %+v", vol)
	}
	_, err = c.UpdateBaculaVolume(ctx, "BV1", api.BaculaVolumeUpdate{Status: "Purged"})
	wantErr(t, "status the director sets", err, api.KindBadRequest, "status")
	_, err = c.UpdateBaculaVolume(ctx, "NoVol", api.BaculaVolumeUpdate{Status: "Full"})
	wantErr(t, "update a missing volume", err, api.KindNotFound, "")

	// Delete: an empty volume goes; then the pool can go.
	if _, err := c.DeleteBaculaVolume(ctx, "BV1", false); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteBaculaPool(ctx, "BamsPool"); err != nil {
		t.Fatal(err)
	}
	pools, err := c.BaculaPools(ctx)
	if err != nil || len(pools.Pools) != 1 || pools.Pools[0].Name != "FilePool" || pools.Pools[0].Managed {
		t.Fatalf("pools after delete: %+v %v", pools, err)
	}
	if _, err := os.Stat(filepath.Join(b.ResourceDir, "pool-BamsPool.conf")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("pool file left behind: %v", err)
	}

	// A volume holding jobs: refused naming the job, then forced.
	_, err = c.DeleteBaculaVolume(ctx, backupVol, false)
	wantErr(t, "volume with jobs", err, api.KindConflict, "", "BackupData", "force")
	gone, err := c.DeleteBaculaVolume(ctx, backupVol, true)
	if err != nil || gone.Deleted != backupVol || len(gone.Jobs) != 1 || gone.Jobs[0].JobID != jobID {
		t.Fatalf("forced delete: %+v %v", gone, err)
	}
	vols, err := c.BaculaVolumes(ctx, "")
	if err != nil || len(vols.Volumes) != 0 {
		t.Fatalf("volumes after delete: %+v %v", vols, err)
	}
}

func TestBaculaStorageSD(t *testing.T) {
	b := testenv.StartBacula(t)
	d := storageBamsd(t, b)
	c, ctx := d.Client(), context.Background()
	managed := filepath.Join(b.Work, "etc", "bams-sd.conf")

	conf, err := c.SDConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(conf.Text, "test-sd-pass") || !strings.Contains(conf.Text, "[redacted]") || !strings.Contains(conf.Text, "FileDev") ||
		conf.Included || len(conf.Devices) != 0 || conf.ManagedFile != managed {
		t.Fatalf("config: %+v", conf)
	}
	before, err := os.ReadFile(sdConfig(b))
	if err != nil {
		t.Fatal(err)
	}
	untouched := func(what string) {
		t.Helper()
		now, _ := os.ReadFile(sdConfig(b))
		if !bytes.Equal(now, before) {
			t.Fatalf("%s changed the SD config:\n%s", what, now)
		}
		if _, err := os.Stat(managed); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s left %s: %v", what, managed, err)
		}
	}
	_, err = c.SetSDConfig(ctx, api.BaculaSDConfigSet{Devices: []api.BaculaFileDevice{{Name: "Disk1", Directory: filepath.Join(b.Work, "nosuch")}}})
	wantErr(t, "missing directory", err, api.KindBadRequest, "devices[0].directory")
	untouched("a missing directory")
	_, err = c.SetSDConfig(ctx, api.BaculaSDConfigSet{Devices: []api.BaculaFileDevice{{Name: "Disk1", Directory: "relative/dir"}}})
	wantErr(t, "relative directory", err, api.KindBadRequest, "devices[0].directory")
	untouched("a relative directory")
	// bacula-sd -t refuses a second device named FileDev: both files go back.
	_, err = c.SetSDConfig(ctx, api.BaculaSDConfigSet{Devices: []api.BaculaFileDevice{{Name: "FileDev", Directory: b.Data}}})
	wantErr(t, "duplicate device", err, api.KindBadRequest, "devices", "bacula-sd -t")
	untouched("a refused check")

	disk := filepath.Join(b.Work, "disk1")
	if err := os.Mkdir(disk, 0o755); err != nil {
		t.Fatal(err)
	}
	conf, err = c.SetSDConfig(ctx, api.BaculaSDConfigSet{Devices: []api.BaculaFileDevice{{Name: "Disk1", Directory: disk}}})
	if err != nil {
		t.Fatal(err)
	}
	if !conf.Included || !conf.RestartNeeded || len(conf.Devices) != 1 || conf.Devices[0].Directory != disk || conf.Devices[0].MediaType != "Disk1" {
		t.Fatalf("set config: %+v", conf)
	}

	st, err := c.SDStatus(ctx)
	if err != nil || st.Name != "File" || st.Daemon == nil || st.Daemon.Name != "test-sd" {
		t.Fatalf("sd status: %+v %v", st, err)
	}
	_, err = c.SDInventory(ctx)
	wantErr(t, "inventory", err, api.KindConflict, "", "no autochanger configured")
	_, err = c.RestartSD(ctx)
	wantErr(t, "restart", err, api.KindConflict, "", "systemd is not running")
}

// A viewer reads pools but may not create one.
func TestBaculaStoragePermissions(t *testing.T) {
	m := testenv.RequireMachine(t)
	b := testenv.StartBacula(t)
	d := storageBamsd(t, b)
	var pools api.BaculaPoolList
	if e := callAs(t, m.Viewer, d.Socket, "GET", "/api/v1/backup/storage/pools", &pools); e != nil || len(pools.Pools) != 1 {
		t.Fatalf("viewer pools: %v %+v", e, pools)
	}
	e := callAs(t, m.Viewer, d.Socket, "POST", "/api/v1/backup/storage/pools", nil)
	if e == nil || e.Kind != api.KindPermissionDenied || e.Action != api.ActionManage {
		t.Fatalf("viewer create pool: %+v", e)
	}
	// The CLI says the same: the table for reads, the action and group for the refusal.
	if res := testenv.RunAs(t, m.Viewer, d.Socket, "bacula", "pools"); res.Code != 0 || !strings.Contains(res.Stdout, "FilePool") {
		t.Fatalf("viewer bamsctl bacula pools: %+v", res)
	}
	res := testenv.RunAs(t, m.Viewer, d.Socket, "bacula", "pool", "create", "ViewerPool")
	if res.Code == 0 || !contains(res.Stderr, "org.bams.manage", "bams-admin") {
		t.Fatalf("viewer bamsctl bacula pool create: %+v", res)
	}
	if entries, _ := os.ReadDir(b.ResourceDir); len(entries) != 0 {
		t.Fatalf("a denied call wrote %v", entries)
	}
}
