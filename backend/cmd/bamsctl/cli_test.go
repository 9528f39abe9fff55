package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests name zones; the machine may have no zoneinfo
)

var update = flag.Bool("update", false, "rewrite testdata/out/* from what bamsctl prints now")

// reply is bamsd's recorded answer to one request: testdata/api/<file>.json
// with status (0 is 200). When body is set, the request must carry that
// JSON.
type reply struct {
	file   string
	status int
	body   string
}

// fakeAPI serves recorded answers on a Unix socket, as bamsd would. Each
// request must be one of routes, keyed "METHOD /path?query" (the query's
// order does not matter), else the test fails: that also checks what the
// client asks for.
func fakeAPI(t *testing.T, routes map[string]reply) string {
	t.Helper()
	socket := filepath.Join(t.TempDir(), "bams.sock")
	l, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for key, rep := range routes {
			method, target, _ := strings.Cut(key, " ")
			u, err := url.Parse(target)
			if err != nil {
				t.Errorf("route %q: %v", key, err)
				continue
			}
			if method != r.Method || u.Path != r.URL.Path || !reflect.DeepEqual(u.Query(), r.URL.Query()) {
				continue
			}
			if rep.body != "" {
				got, _ := io.ReadAll(r.Body)
				if !jsonEqual(got, rep.body) {
					t.Errorf("%s sent %s, want %s", key, got, rep.body)
				}
			}
			body, err := os.ReadFile(filepath.Join("testdata", "api", rep.file+".json"))
			if err != nil {
				t.Error(err)
			}
			w.Header().Set("Content-Type", "application/json")
			if rep.status != 0 {
				w.WriteHeader(rep.status)
			}
			w.Write(body)
			return
		}
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		http.Error(w, `{"error":{"kind":"not-found","message":"no such route in the test"}}`, http.StatusNotFound)
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return socket
}

func jsonEqual(a []byte, b string) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal([]byte(b), &y) == nil && reflect.DeepEqual(x, y)
}

// testZone is where bamsctl shows times that carry no appliance zone; the
// recorded answers name Europe/Berlin as the appliance's.
func testZone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// transcript runs one command line and writes what a terminal would show:
// stdout, then stderr and the exit status when there are any.
func transcript(t *testing.T, socket string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	code := execute(append([]string{"--socket", socket}, args...), &out, &errOut, testZone(t))
	s := out.String()
	if errOut.Len() > 0 {
		s += "--- stderr\n" + errOut.String()
	}
	if code != 0 {
		s += fmt.Sprintf("--- exit %d\n", code)
	}
	return strings.ReplaceAll(s, socket, "SOCKET")
}

// golden compares got with testdata/out/name (go test -update rewrites it).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "out", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("bamsctl printed\n%s\nwant (%s)\n%s", got, path, want)
	}
}

// Every command's output, as a table and as -o json, against recorded
// answers of bamsd.
func TestCommandOutput(t *testing.T) {
	t.Setenv("USER", "alice") // a denial names who to add to the group
	for _, tc := range []struct {
		name   string
		args   string
		routes map[string]reply
	}{
		{"status", "status", map[string]reply{
			"GET /api/v1/health":    {file: "health"},
			"GET /api/v1/dashboard": {file: "dashboard"}}},
		{"me", "me", map[string]reply{"GET /api/v1/me": {file: "me"}}},
		{"tasks-list", "tasks list --state running,failed --kind backup --target web1 --limit 2", map[string]reply{
			"GET /api/v1/tasks?state=running,failed&kind=backup&target=web1&limit=2": {file: "tasks"}}},
		{"tasks-list-next", "tasks list --cursor 01JDQ1", map[string]reply{
			"GET /api/v1/tasks?cursor=01JDQ1&limit=50": {file: "tasks"}}},
		{"tasks-show", "tasks show 01JDQ9", map[string]reply{"GET /api/v1/tasks/01JDQ9": {file: "task"}}},
		{"host-list", "host list", map[string]reply{"GET /api/v1/hosts": {file: "hosts"}}},
		{"host-show", "host show web1", map[string]reply{"GET /api/v1/hosts/web1": {file: "host"}}},
		{"snapshots-list", "snapshots list web1 --state complete --kind scheduled --year 2026 --month 11 --day 21", map[string]reply{
			"GET /api/v1/hosts/web1/snapshots?state=complete&kind=scheduled&year=2026&month=11&day=21": {file: "snapshots"}}},
		{"schedules", "schedules", map[string]reply{"GET /api/v1/schedules": {file: "schedules"}}},
		// two pages; names with ESC, BEL, CR and newline, one not UTF-8, a symlink
		{"files", "files web1 2026-11-21T01-30-00Z /srv", map[string]reply{
			"GET /api/v1/hosts/web1/snapshots/2026-11-21T01-30-00Z/files?path=/srv&limit=1000":           {file: "files_page1"},
			"GET /api/v1/hosts/web1/snapshots/2026-11-21T01-30-00Z/files?path=/srv&limit=1000&cursor=c2": {file: "files_page2"}}},
		{"retention", "retention web1", map[string]reply{"GET /api/v1/hosts/web1/retention/plan": {file: "retention_plan"}}},
		// a bare date is midnight in the appliance's zone (Europe/Berlin, CET in November)
		{"retention-as-of", "retention web1 --kind all --as-of 2026-11-01", map[string]reply{
			"GET /api/v1/dashboard": {file: "dashboard"},
			"GET /api/v1/hosts/web1/retention/plan?kind=all&as_of=2026-10-31T23:00:00Z": {file: "retention_plan"}}},
		{"retention-policy", "retention policy web1", map[string]reply{
			"GET /api/v1/hosts/web1/retention/policy": {file: "retention_policy"}}},
		{"retention-policy-default", "retention policy --default", map[string]reply{
			"GET /api/v1/retention/policy": {file: "retention_policy"}}},
		{"retention-policy-preview", "retention policy web1 --keep-daily 3 --keep-within 0 --preview", map[string]reply{
			"GET /api/v1/hosts/web1/retention/policy": {file: "retention_policy"},
			"POST /api/v1/hosts/web1/retention/plan": {file: "retention_preview", body: `{"keep_last":2,"keep_hourly":0,"keep_daily":3,
				"keep_weekly":4,"keep_monthly":0,"keep_yearly":0,"keep_within":"0","minimum":1,"kinds":"scheduled","max_delete":10}`}}},
		{"audit", "audit --user bob --action org.bams.manage --since 2026-11-21T00:00:00Z --until 2026-11-23T00:00:00Z --limit 2", map[string]reply{
			"GET /api/v1/audit?user=bob&action=org.bams.manage&since=2026-11-21T00:00:00Z&until=2026-11-23T00:00:00Z&limit=2": {file: "audit"}}},
		{"alerts-list", "alerts list --level warning --limit 2", map[string]reply{
			"GET /api/v1/alerts?state=active,acknowledged&level=warning&limit=2": {file: "alerts"}}},
		{"alerts-history", "alerts list --all --source backups --subject host/web1", map[string]reply{
			"GET /api/v1/alerts?source=backups&subject=host/web1&limit=50": {file: "alerts"}}},
		{"alerts-ack", "alerts ack 12", map[string]reply{"POST /api/v1/alerts/12/acknowledge": {file: "alert_ack"}}},
		{"notify-list", "notify list", map[string]reply{"GET /api/v1/notifications/targets": {file: "notify_targets"}}},
		{"notify-add-webhook", "notify add hook --webhook https://hooks.example.com/bams --min-level error --class backup-failed", map[string]reply{
			"POST /api/v1/notifications/targets": {file: "notify_target", body: `{"name":"hook","kind":"webhook","enabled":true,"min_level":"error",
				"classes":["backup-failed"],"webhook":{"url":"https://hooks.example.com/bams","secret_set":false},
				"created":"0001-01-01T00:00:00Z","updated":"0001-01-01T00:00:00Z"}`}}},
		{"notify-test-failed", "notify test ops", map[string]reply{"POST /api/v1/notifications/targets/ops/test": {file: "notify_test_failed"}}},
		{"notify-queue", "notify queue", map[string]reply{"GET /api/v1/notifications/queue?limit=50": {file: "notify_queue"}}},
		{"logs", "logs bacula-dir --level warning --grep job --since 2026-11-21T00:00:00Z --limit 3", map[string]reply{
			"GET /api/v1/logs/bacula-dir?since=2026-11-21T00:00:00Z&level=warning&text=job&limit=3": {file: "logs"}}},
		{"history", "history --since 2026-11-01T00:00:00Z", map[string]reply{
			"GET /api/v1/dashboard/history?since=2026-11-01T00:00:00Z": {file: "history"}}},
		{"bacula-status", "bacula status", map[string]reply{"GET /api/v1/backup/dashboard/stats": {file: "bacula_stats"}}},
		{"bacula-jobs", "bacula jobs --status ok --client bams-fd --schedule Nightly --limit 2 --cursor BackupA", map[string]reply{
			"GET /api/v1/backup/jobs?status=ok&client=bams-fd&schedule=Nightly&limit=2&cursor=BackupA": {file: "bacula_jobs"}}},
		{"bacula-history", "bacula history --status error,running --job BackupData --type B --since 2026-11-01T00:00:00Z", map[string]reply{
			"GET /api/v1/backup/history?status=error,running&job=BackupData&type=B&since=2026-11-01T00:00:00Z": {file: "bacula_history"}}},
		{"bacula-reconcile", "bacula reconcile", map[string]reply{"POST /api/v1/backup/history/reconcile": {file: "bacula_reconcile"}}},
		{"bacula-clients", "bacula clients", map[string]reply{"GET /api/v1/backup/clients": {file: "bacula_clients"}}},
		{"bacula-pools", "bacula pools", map[string]reply{"GET /api/v1/backup/storage/pools": {file: "bacula_pools"}}},
		{"bacula-volumes", "bacula volumes --pool File", map[string]reply{
			"GET /api/v1/backup/storage/volumes?pool=File": {file: "bacula_volumes"}}},
		{"bacula-media", "bacula media", map[string]reply{"GET /api/v1/backup/media": {file: "bacula_media"}}},
		{"bacula-daemons", "bacula daemons", map[string]reply{"GET /api/v1/backup/storage/daemons": {file: "bacula_storages"}}},
		{"bacula-sd-status", "bacula sd status", map[string]reply{"GET /api/v1/bacula/status": {file: "bacula_sd"}}},
		{"bacula-sd-config", "bacula sd config", map[string]reply{"GET /api/v1/bacula/config": {file: "bacula_sd_config"}}},
		{"iscsi-target-list", "iscsi target list", map[string]reply{"GET /api/v1/iscsi/targets": {file: "iscsi_targets"}}},
		{"iscsi-target-show", "iscsi target show iqn.2026-01.org.example:backup", map[string]reply{
			"GET /api/v1/iscsi/targets/iqn.2026-01.org.example:backup": {file: "iscsi_target"}}},
		{"iscsi-plan", "iscsi plan", map[string]reply{"GET /api/v1/iscsi/plan": {file: "iscsi_plan"}}},
		{"iscsi-plan-target", "iscsi plan iqn.2026-01.org.example:backup", map[string]reply{
			"GET /api/v1/iscsi/targets/iqn.2026-01.org.example:backup/plan": {file: "iscsi_plan"}}},
		{"iscsi-apply", "iscsi apply --yes --drop-sessions", map[string]reply{
			"GET /api/v1/iscsi/plan":   {file: "iscsi_plan"},
			"POST /api/v1/iscsi/apply": {file: "iscsi_apply", body: `{"plan_token":"0123456789abcdef0123456789abcdef","drop_sessions":true}`}}},
		// the secret travels in the body only, read from a file
		{"iscsi-target-create", "iscsi target create iqn.2026-01.org.example:backup --alias backup --portal 192.0.2.10 " +
			"--initiator iqn.2026-01.org.example:host1 --chap-user host1 --chap-secret-file testdata/chap-secret.txt", map[string]reply{
			"POST /api/v1/iscsi/targets": {file: "iscsi_target", body: `{"name":"iqn.2026-01.org.example:backup","alias":"backup","enabled":true,
				"portals":[{"address":"192.0.2.10"}],"initiators":["iqn.2026-01.org.example:host1"],
				"chap":{"incoming":[{"user":"host1","secret":"cli-secret-000001","secret_set":false}],"outgoing":null},"luns":null}`}}},
		// set sends back what it read, changed by its flags; no secret, so the stored ones stay
		{"iscsi-target-set", "iscsi target set iqn.2026-01.org.example:backup --alias new --no-mutual", map[string]reply{
			"GET /api/v1/iscsi/targets/iqn.2026-01.org.example:backup": {file: "iscsi_target"},
			"PUT /api/v1/iscsi/targets/iqn.2026-01.org.example:backup": {file: "iscsi_target", body: `{"name":"iqn.2026-01.org.example:backup",
				"alias":"new","enabled":true,"portals":[{"address":"192.0.2.10","port":3260}],"initiators":["iqn.2026-01.org.example:host1"],
				"chap":{"incoming":[{"user":"host1","secret_set":true}],"outgoing":null},
				"luns":[{"lun":0,"object":{"kind":"zfs-volume","name":"tank/lun0"},"read_only":false,"device":"bams_4f0a1b2c3d_0"},
				        {"lun":1,"repository":"repo1","file":"luns/disk1.img","read_only":true,"device":"bams_4f0a1b2c3d_1"}]}`}}},
		{"iscsi-lun-add", "iscsi lun add iqn.2026-01.org.example:backup 0 --zvol tank/lun0", map[string]reply{
			"POST /api/v1/iscsi/targets/iqn.2026-01.org.example:backup/luns": {file: "iscsi_target",
				body: `{"lun":0,"object":{"kind":"zfs-volume","name":"tank/lun0"},"read_only":false}`}}},
		{"iscsi-sessions", "iscsi sessions", map[string]reply{"GET /api/v1/iscsi/sessions": {file: "iscsi_sessions"}}},
		{"iscsi-target-rm", "iscsi target rm iqn.2026-01.org.example:backup --yes iqn.2026-01.org.example:backup", map[string]reply{
			"DELETE /api/v1/iscsi/targets/iqn.2026-01.org.example:backup": {file: "iscsi_deleted", body: `{"confirm":"iqn.2026-01.org.example:backup"}`}}},
		{"iscsi-target-rm-wrong-name", "iscsi target rm iqn.2026-01.org.example:backup --yes backup", map[string]reply{}},
		{"iscsi-lun-rm", "iscsi lun rm iqn.2026-01.org.example:backup 1 --yes 1", map[string]reply{
			"DELETE /api/v1/iscsi/targets/iqn.2026-01.org.example:backup/luns/1": {file: "iscsi_deleted", body: `{"confirm":"1"}`}}},

		{"disks", "disks", map[string]reply{"GET /api/v1/disk/disks": {file: "storage_disks"}}},
		{"pool-list", "pool list", map[string]reply{"GET /api/v1/disk/pools": {file: "storage_pools"}}},
		{"pool-status", "pool status tank", map[string]reply{"GET /api/v1/disk/pools/tank": {file: "storage_pool"}}},
		{"pool-create", "pool create tank mirror /dev/sda /dev/sdb mirror /dev/sdc /dev/sdd log /dev/nvme0n1 cache /dev/nvme1n1 spare /dev/sde --ashift 12 -O compression=lz4", map[string]reply{
			"POST /api/v1/disk/pools": {file: "storage_pool_created", body: `{"name":"tank","ashift":12,"properties":{"compression":"lz4"},
				"data":[{"type":"mirror","devices":["/dev/sda","/dev/sdb"]},{"type":"mirror","devices":["/dev/sdc","/dev/sdd"]}],
				"log":[{"devices":["/dev/nvme0n1"]}],"cache":["/dev/nvme1n1"],"spares":["/dev/sde"]}`}}},
		{"pool-destroy", "pool destroy old --yes old", map[string]reply{"DELETE /api/v1/disk/pools/old?confirm=old": {file: "storage_destroyed_pool"}}},
		// without --yes it asks, and with nothing typed nothing is destroyed
		{"pool-destroy-asks", "pool destroy old", map[string]reply{"GET /api/v1/disk/datasets?pool=old&limit=20": {file: "storage_datasets"}}},
		{"dataset-list", "dataset list --pool tank --limit 3", map[string]reply{"GET /api/v1/disk/datasets?pool=tank&limit=3": {file: "storage_datasets"}}},
		{"vg-list", "vg list", map[string]reply{"GET /api/v1/disk/vgs": {file: "storage_vgs"}}},
		{"lv-list", "lv list --vg vg0", map[string]reply{"GET /api/v1/disk/lvs?vg=vg0": {file: "storage_lvs"}}},
		{"lv-remove-used", "lv remove vg0 repo1 --yes vg0/repo1", map[string]reply{
			"DELETE /api/v1/disk/lvs/vg0/repo1?confirm=vg0/repo1": {file: "err_storage_used", status: http.StatusConflict}}},
		{"btrfs-list", "btrfs list", map[string]reply{"GET /api/v1/disk/btrfs": {file: "storage_btrfs"}}},
		{"repo-list", "repo list", map[string]reply{"GET /api/v1/disk/repositories": {file: "repositories"}}},
		{"repo-show", "repo show old", map[string]reply{"GET /api/v1/disk/repositories/old": {file: "repository"}}},
		{"repo-create", "repo create fast --kind btrfs-subvol --path /srv/pool/fast", map[string]reply{
			"POST /api/v1/disk/repositories": {file: "repository_task", body: `{"name":"fast","kind":"btrfs-subvol","path":"/srv/pool/fast"}`}}},
		{"repo-create-volume", "repo create vol --kind lvm-lv --parent vg0 --size 10G --filesystem xfs", map[string]reply{
			"POST /api/v1/disk/repositories": {file: "repository_task", body: `{"name":"vol","kind":"lvm-lv","parent":"vg0","size":10737418240,"filesystem":"xfs"}`}}},
		{"repo-rm", "repo rm old --yes old", map[string]reply{
			"GET /api/v1/disk/repositories/old":                {file: "repository"},
			"DELETE /api/v1/disk/repositories/old?confirm=old": {file: "repository_deleted"}}},
		// no name typed (stdin is empty here), a wrong one, one in use: nothing is deleted
		{"repo-rm-unconfirmed", "repo rm old", map[string]reply{"GET /api/v1/disk/repositories/old": {file: "repository"}}},
		{"repo-rm-wrong-name", "repo rm old --yes odl", map[string]reply{"GET /api/v1/disk/repositories/old": {file: "repository"}}},
		{"repo-rm-in-use", "repo rm fast --yes fast", map[string]reply{"GET /api/v1/disk/repositories/fast": {file: "repository_used"}}},
		{"tape-library", "tape library", map[string]reply{"GET /api/v1/tape/library": {file: "tape_library"}}},
		{"tape-drives", "tape drives --changer lib1", map[string]reply{"GET /api/v1/tape/drives?changer=lib1": {file: "tape_drives"}}},
		{"tape-slots", "tape slots", map[string]reply{"GET /api/v1/tape/slots": {file: "tape_slots"}}},
		{"tape-media", "tape media --pool Monthly --location slot --limit 3", map[string]reply{
			"GET /api/v1/tape/media?pool=Monthly&location=slot&limit=3": {file: "tape_media"}}},
		{"media-list", "media list --pool Monthly --location slot --limit 3", map[string]reply{
			"GET /api/v1/tape/media?pool=Monthly&location=slot&limit=3": {file: "tape_media"}}},
		{"media-reconcile", "media reconcile", map[string]reply{"GET /api/v1/tape/media/reconcile": {file: "tape_reconcile"}}},
		{"tape-reconcile", "tape reconcile", map[string]reply{"GET /api/v1/tape/media/reconcile": {file: "tape_reconcile"}}},
		{"tape-load", "tape load 0 3", map[string]reply{"POST /api/v1/tape/drives/0/load": {file: "tape_task", body: `{"slot":3}`}}},
		{"tape-unload", "tape unload 1 9 --changer lib1", map[string]reply{
			"POST /api/v1/tape/drives/1/unload": {file: "tape_task", body: `{"changer":"lib1","slot":9}`}}},
		{"tape-unload-home", "tape unload 1", map[string]reply{"POST /api/v1/tape/drives/1/unload": {file: "tape_task", body: `{}`}}},
		{"tape-clean", "tape clean 1", map[string]reply{"POST /api/v1/tape/drives/1/clean": {file: "tape_task", body: `{}`}}},
		{"tape-transfer", "tape transfer 1 2", map[string]reply{"POST /api/v1/tape/transfer": {file: "tape_task", body: `{"from":1,"to":2}`}}},
		{"tape-import", "tape import 25 2", map[string]reply{"POST /api/v1/tape/import": {file: "tape_task", body: `{"from":25,"to":2}`}}},
		{"tape-export", "tape export 7 25", map[string]reply{"POST /api/v1/tape/export": {file: "tape_task", body: `{"from":7,"to":25}`}}},
		{"tape-inventory", "tape inventory", map[string]reply{"POST /api/v1/tape/inventory": {file: "tape_task", body: `{}`}}},
		{"tape-fix", "tape fix label-barcodes --slots 2,4 --pool Monthly", map[string]reply{
			"POST /api/v1/tape/media/fix": {file: "tape_task", body: `{"fix":"label-barcodes","slots":[2,4],"pool":"Monthly"}`}}},
		{"tape-virtual", "tape virtual --drives 1 --slots 4 --mail-slots 1 --prefix BAM --cartridges 2", map[string]reply{
			"POST /api/v1/tape/virtual": {file: "tape_virtual", body: `{"drives":1,"slots":4,"mail_slots":1,"barcode_prefix":"BAM","cartridges":2}`}}},
		{"tape-refused", "tape load 1 4", map[string]reply{
			"POST /api/v1/tape/drives/1/load": {file: "err_tape_refused", status: http.StatusConflict, body: `{"slot":4}`}}},

		{"snaptask-list", "snaptask list", map[string]reply{"GET /api/v1/snaptasks": {file: "snaptasks"}}},
		{"snaptask-show", "snaptask show hourly", map[string]reply{"GET /api/v1/snaptasks/hourly": {file: "snaptask"}}},
		{"snaptask-create", "snaptask create hourly --kind zfs --target tank/data --recursive --cron @hourly --keep-hourly 24 --keep-daily 7 --minimum 1", map[string]reply{
			"POST /api/v1/snaptasks": {file: "snaptask", body: `{"name":"hourly","kind":"zfs","target":"tank/data","recursive":true,"cron":"@hourly","naming":"",
				"retention":{"keep_last":0,"keep_hourly":24,"keep_daily":7,"keep_weekly":0,"keep_monthly":0,"keep_yearly":0,"keep_within":"","minimum":1,"kinds":"","max_delete":0},
				"enabled":true,"created":"0001-01-01T00:00:00Z","updated":"0001-01-01T00:00:00Z"}`}}},
		// only what the flags name is sent: bamsd keeps the rest
		{"snaptask-update", "snaptask update hourly --cron @hourly --keep-daily 3 --disabled", map[string]reply{
			"PUT /api/v1/snaptasks/hourly": {file: "snaptask", body: `{"cron":"@hourly","enabled":false,"retention":{"keep_daily":3}}`}}},
		{"snaptask-delete", "snaptask delete hourly", map[string]reply{"DELETE /api/v1/snaptasks/hourly": {file: "snaptask_deleted"}}},
		{"snaptask-run", "snaptask run hourly --no-wait", map[string]reply{"POST /api/v1/snaptasks/hourly/run": {file: "snaptask_task"}}},
		{"snaptask-plan", "snaptask plan hourly", map[string]reply{"GET /api/v1/snaptasks/hourly/plan": {file: "snaptask_plan"}}},
		{"snaptask-apply-unconfirmed", "snaptask apply hourly", map[string]reply{"GET /api/v1/snaptasks/hourly/plan": {file: "snaptask_plan"}}},
		{"snaptask-apply-changed", "snaptask apply hourly --yes", map[string]reply{
			"GET /api/v1/snaptasks/hourly/plan":   {file: "snaptask_plan"},
			"POST /api/v1/snaptasks/hourly/apply": {file: "err_plan_changed", status: http.StatusConflict, body: `{"plan_token":"9c1e7d","max_delete":2}`}}},

		// errors: what the operator reads on stderr
		{"denied", "host rm web1", map[string]reply{"DELETE /api/v1/hosts/web1": {file: "err_denied", status: http.StatusForbidden}}},
		{"bad-request", "tasks list --limit 5000", map[string]reply{
			"GET /api/v1/tasks?limit=5000": {file: "err_bad_request", status: http.StatusBadRequest}}},
		{"polkit-unavailable", "host list", map[string]reply{"GET /api/v1/hosts": {file: "err_polkit", status: http.StatusServiceUnavailable}}},
		{"not-found", "host show nosuch", map[string]reply{"GET /api/v1/hosts/nosuch": {file: "err_not_found", status: http.StatusNotFound}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			socket := fakeAPI(t, tc.routes)
			args := strings.Fields(tc.args)
			golden(t, tc.name+".txt", transcript(t, socket, args...))
			golden(t, tc.name+".json", transcript(t, socket, append([]string{"-o", "json"}, args...)...))
		})
	}
}

// A stopped bamsd: no socket at all, or a socket nothing listens on.
func TestStoppedDaemon(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "bams.sock")
	golden(t, "not-running.txt", transcript(t, missing, "status"))

	stale := filepath.Join(t.TempDir(), "bams.sock")
	l, err := net.Listen("unix", stale)
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	golden(t, "not-running-refused.txt", transcript(t, stale, "status"))
}
