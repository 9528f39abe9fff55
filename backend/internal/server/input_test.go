package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/alerts"
	"bams/backend/internal/audit"
	"bams/backend/internal/baculasvc"
	"bams/backend/internal/config"
	"bams/backend/internal/diagnostics"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/iscsisvc"
	"bams/backend/internal/logs"
	"bams/backend/internal/metrics"
	"bams/backend/internal/notify"
	"bams/backend/internal/polkit"
	"bams/backend/internal/pullbackup"
	"bams/backend/internal/replication"
	"bams/backend/internal/repos"
	"bams/backend/internal/samples"
	"bams/backend/internal/scst"
	"bams/backend/internal/selfcheck"
	"bams/backend/internal/snaptasks"
	"bams/backend/internal/storagesvc"
	"bams/backend/internal/store"
	"bams/backend/internal/tapesvc"
	"bams/backend/internal/tasks"
)

// allowAll is polkit saying yes to everything: these tests are about input.
type allowAll struct{}

func (allowAll) Check(context.Context, polkit.Subject, string) (bool, error) { return true, nil }

// testServer is a Server over real services on temporary folders, with no
// tools installed (an empty tools path), and polkit allowing everything;
// change, when given, adjusts its dependencies before it is built.
func testServer(t testing.TB, change ...func(*Deps)) *Server {
	t.Helper()
	s, _ := testServerAndStore(t, change...)
	return s
}

// testServerAndStore is testServer with its store, for tests that check
// what was stored.
func testServerAndStore(t testing.TB, change ...func(*Deps)) (*Server, *store.Store) {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Database, cfg.BackupRoot, cfg.RestoreRoot = filepath.Join(dir, "bams.db"), filepath.Join(dir, "backups"), filepath.Join(dir, "restore")
	cfg.SSHKey = filepath.Join(dir, "ssh", "id_ed25519")
	cfg.Bacula.StorageConfig, cfg.Bacula.ResourceDir = filepath.Join(dir, "bacula-sd.conf"), filepath.Join(dir, "bams.d")
	st, err := store.Open(cfg.Database, store.Options{BackupRoot: cfg.BackupRoot})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	hub := events.NewHub()
	mgr := tasks.NewManager(st, hub, tasks.Options{StallAfter: time.Minute, History: time.Hour, Log: log})
	runner := &execx.Runner{Path: filepath.Join(dir, "no-tools"), Timeout: time.Second, Log: log}
	bacula := baculasvc.New(baculasvc.Options{Runner: runner, Store: st, Tasks: mgr, Location: time.UTC, Log: log,
		Paths: baculasvc.Paths{Director: "bacula-dir", DirectorConfig: filepath.Join(dir, "bacula-dir.conf"),
			ResourceDir: cfg.Bacula.ResourceDir, StorageDaemon: "bacula-sd", StorageConfig: cfg.Bacula.StorageConfig}})
	t.Cleanup(func() { bacula.Close() })
	tape, err := tapesvc.New(tapesvc.Options{Runner: runner, Store: st, Tasks: mgr, Bacula: bacula, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	backups := pullbackup.New(pullbackup.Options{Store: st, Tasks: mgr, Runner: runner, BackupRoot: cfg.BackupRoot,
		Repositories: repos.NewFolders(st, nil), SSHKey: cfg.SSHKey, Location: time.UTC, RestoreRoot: cfg.RestoreRoot})
	d := Deps{Config: cfg, Tasks: mgr, Hub: hub, Polkit: allowAll{}, Log: log,
		Selfcheck: &selfcheck.Service{Runner: runner, Settings: st},
		Backups:   backups,
		Bacula:    bacula,
		Tape:      tape,
		Storage:   storagesvc.New(storagesvc.Options{Runner: runner, Tasks: mgr, Log: log, DevDisk: filepath.Join(dir, "dev-disk"), Arcstats: filepath.Join(dir, "arcstats")}),
		ISCSI: iscsisvc.New(iscsisvc.Options{Store: st, Admin: scst.Tool{Runner: runner}, ConfigFile: filepath.Join(dir, "scst.conf"),
			WorkDir: filepath.Join(dir, "scst"), SysfsRoot: filepath.Join(dir, "no-scst"), Log: log}),
		Repos: repos.New(repos.Options{Store: st, Tasks: mgr, Runner: runner, Users: []repos.UseReporter{backups, bacula}})}
	d.Notify = notify.New(notify.Options{Store: st, Log: log})
	d.Diagnostics = diagnostics.New(diagnostics.Options{Runner: runner, Store: st, Config: cfg, Version: "test"})
	d.Samples = samples.New(samples.Options{Store: st, Log: log})
	d.SnapTasks = snaptasks.New(snaptasks.Options{Store: st, Tasks: mgr, Runner: runner, Location: time.UTC})
	d.Replication = replication.New(replication.Options{Store: st, Tasks: mgr, Runner: runner, SSHKey: cfg.SSHKey, Location: time.UTC})
	d.Metrics = metrics.New(metrics.Options{Version: "test", Log: log}).Handler()
	d.Logs = logs.New(logs.Options{Runner: runner, Sources: map[string]logs.Source{api.LogBamsd: {Unit: "bams.service"}}})
	if d.Alerts, err = alerts.New(alerts.Options{Store: st, Hub: hub, Log: log, Changed: d.Notify.Alert}); err != nil {
		t.Fatal(err)
	}
	for _, c := range change {
		c(&d)
	}
	d.Audit = audit.New(st, hub, log, d.Config.Audit) // with the audit config as changed
	return New(d), st
}

// sweep serves a route table whose handlers count their calls, as a
// non-root caller (so polkit, here allowAll, is asked).
type sweep struct {
	t       *testing.T
	handler http.Handler
	calls   map[string]int
	uid     uint32 // the caller (0: 4242)
}

func newSweep(t *testing.T, s *Server) *sweep {
	sw := &sweep{t: t, calls: map[string]int{}}
	table := routes()
	for i := range table {
		key, handle := table[i].Method+" "+table[i].Pattern, table[i].handle
		table[i].handle = func(s *Server, r *request) response {
			sw.calls[key]++
			return handle(s, r)
		}
	}
	sw.handler = s.router(table)
	return sw
}

type answer struct {
	status int
	err    *api.Error
}

func (sw *sweep) send(method, target, body string) answer {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond) // ends event streams
	defer cancel()
	uid := sw.uid
	if uid == 0 {
		uid = 4242
	}
	peer := &Peer{UID: uid, PID: int32(os.Getpid())}
	req := httptest.NewRequest(method, target, strings.NewReader(body)).WithContext(context.WithValue(ctx, peerKey{}, peer))
	rec := httptest.NewRecorder()
	sw.handler.ServeHTTP(rec, req)
	var eb api.ErrorBody
	if rec.Code >= 400 {
		if err := json.Unmarshal(rec.Body.Bytes(), &eb); err != nil || eb.Error == nil || eb.Error.Message == "" {
			sw.t.Errorf("%s %s %.60q: %d is not the error shape: %.200s", method, target, body, rec.Code, rec.Body.String())
		}
	}
	return answer{rec.Code, eb.Error}
}

// target is a route's pattern with plausible path parameters.
func target(pattern string) string {
	return strings.NewReplacer("{name}", "web1", "{snap}", "2026-11-01T020000Z", "{id}", "1", "{jobid}", "1").Replace(pattern)
}

// field is one top-level JSON field of a body type.
type field struct {
	name string
	typ  reflect.Type
}

func fieldsOf(rt route) []field {
	if rt.Body == nil {
		return nil
	}
	var out []field
	t := reflect.TypeOf(rt.Body()).Elem()
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, field{name, t.Field(i).Type})
		}
	}
	return out
}

// wrongType is a JSON value of another kind than t accepts.
func wrongType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String, reflect.Slice:
		if t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8 {
			return `{"a":1}`
		}
		return `5`
	case reflect.Struct, reflect.Map:
		return `[1]`
	case reflect.Pointer:
		return wrongType(t.Elem())
	}
	return `"x"`
}

// zeroJSON is a valid JSON value of t's type.
func zeroJSON(t reflect.Type) string {
	b, _ := json.Marshal(reflect.Zero(t).Interface())
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

type badCase struct {
	kind, query, body string
	status            int
	field             string // "" when the case names none
}

// badCases are the shapes every route refuses before its handler runs,
// derived from what the route declares.
func badCases(rt route) []badCase {
	huge := `{"x":"` + strings.Repeat("a", 10<<20) + `"}`
	cases := []badCase{
		{"invalid JSON", "", `{"oops"`, 400, ""},
		{"[]", "", `[]`, 400, ""},
		{"null", "", `null`, 400, ""},
		{"a string", "", `"text"`, 400, ""},
		{"two objects", "", `{} {}`, 400, ""},
		{"raw NUL", "", "{\"a\":\"\x00\"}", 400, ""},
		{"10 MB", "", huge, 413, ""},
		{"unknown field", "", `{"zz_unknown":1}`, 400, "zz_unknown"},
		{"unknown query parameter", "zz_unknown=1", "", 400, "zz_unknown"},
		{"malformed query", "a=%zz", "", 400, ""},
	}
	for _, p := range rt.Query {
		cases = append(cases,
			badCase{"repeated query parameter", p + "=1&" + p + "=1", "", 400, p},
			badCase{"NUL in a query value", p + "=a%00b", "", 400, p})
	}
	for _, f := range fieldsOf(rt) {
		cases = append(cases,
			badCase{"wrong type", "", fmt.Sprintf(`{%q:%s}`, f.name, wrongType(f.typ)), 400, f.name},
			badCase{"duplicate key", "", fmt.Sprintf(`{%q:%s,%q:%s}`, f.name, zeroJSON(f.typ), f.name, zeroJSON(f.typ)), 400, f.name})
		switch {
		case f.typ.Kind() == reflect.String:
			cases = append(cases,
				badCase{"10 000-char string", "", fmt.Sprintf(`{%q:%q}`, f.name, strings.Repeat("a", 10000)), 400, f.name},
				badCase{"NUL in a string", "", fmt.Sprintf(`{%q:"a\u0000b"}`, f.name), 400, f.name})
		case f.typ.Kind() == reflect.Slice && f.typ.Elem().Kind() == reflect.String:
			cases = append(cases,
				badCase{"10 000-char string", "", fmt.Sprintf(`{%q:[%q]}`, f.name, strings.Repeat("a", 10000)), 400, f.name + ".0"})
		}
	}
	return cases
}

// Every route, as its table entry declares it, refuses each bad shape of
// body and query with the documented answer, naming the field where there
// is one, before its handler runs: so nothing can have changed. Generated
// from the route table, so a route added later is swept too.
func TestEveryRouteRefusesBadInput(t *testing.T) {
	sw := newSweep(t, testServer(t))
	seen := map[string]map[string]bool{} // kind → answers, for the summary
	for _, rt := range routes() {
		key := rt.Method + " " + rt.Pattern
		for _, tc := range badCases(rt) {
			path := target(rt.Pattern)
			if tc.query != "" {
				path += "?" + tc.query
			}
			got := sw.send(rt.Method, path, tc.body)
			if got.status != tc.status || got.err == nil || got.err.Field != tc.field {
				t.Errorf("%s, %s: got %d %+v, want %d naming %q", key, tc.kind, got.status, got.err, tc.status, tc.field)
				continue
			}
			if strings.Contains(got.err.Message, "struct {") || strings.Contains(got.err.Message, "[]api.") ||
				strings.Contains(got.err.Message, "Go value") || len(got.err.Message) > 600 {
				t.Errorf("%s, %s: the message shows Go internals or is too long: %q", key, tc.kind, got.err.Message)
			}
			if seen[tc.kind] == nil {
				seen[tc.kind] = map[string]bool{}
			}
			seen[tc.kind][fmt.Sprintf("%d %s", got.status, got.err.Kind)] = true
		}
		if n := sw.calls[key]; n != 0 {
			t.Errorf("%s: its handler ran %d times for input the dispatcher must refuse", key, n)
		}
	}
	kinds := slices.Sorted(func(yield func(string) bool) {
		for k := range seen {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range kinds {
		t.Logf("%-26s → %v", k, slices.Sorted(func(yield func(string) bool) {
			for a := range seen[k] {
				if !yield(a) {
					return
				}
			}
		}))
	}
}

// Input the dispatcher lets through (an empty body, {}, empty strings, long
// query values) reaches the route's own validation: on an appliance with
// no hosts and no tools, every route answers with the error shape and
// never `internal`, and nothing is created.
func TestInputReachingHandlersFailsCleanly(t *testing.T) {
	s := testServer(t)
	sw := newSweep(t, s)
	summary := map[string][]string{}
	for _, rt := range routes() {
		key := rt.Method + " " + rt.Pattern
		type try struct{ kind, query, body string }
		tries := []try{{"empty body", "", ""}, {"{}", "", "{}"}}
		for _, f := range fieldsOf(rt) {
			if f.typ.Kind() == reflect.String {
				tries = append(tries, try{"empty string", "", fmt.Sprintf(`{%q:""}`, f.name)})
			}
		}
		for _, p := range rt.Query {
			tries = append(tries, try{"empty query value", p + "=", ""},
				try{"10 000-char query value", p + "=" + url.QueryEscape(strings.Repeat("a", 10000)), ""})
		}
		for _, tc := range tries {
			if rt.Method == http.MethodPost && rt.Pattern == "/api/v1/system/selfcheck" {
				continue // a valid request: it starts a task (the integration tests run it)
			}
			path := target(rt.Pattern)
			if tc.query != "" {
				path += "?" + tc.query
			}
			got := sw.send(rt.Method, path, tc.body)
			if got.status == 500 {
				t.Errorf("%s, %s: 500 %+v", key, tc.kind, got.err)
			}
			ans := fmt.Sprint(got.status)
			if got.err != nil {
				ans += " " + string(got.err.Kind)
			}
			summary[tc.kind] = append(summary[tc.kind], ans)
		}
	}
	if hosts, _ := s.Backups.Hosts(); len(hosts) != 0 {
		t.Errorf("hosts were created: %+v", hosts)
	}
	if list, _, _ := s.Tasks.List(store.TaskFilter{}, "", 10); len(list) != 0 {
		t.Errorf("tasks were started: %+v", list)
	}
	for kind, answers := range summary {
		counts := map[string]int{}
		for _, a := range answers {
			counts[a]++
		}
		var parts []string
		for a, n := range counts {
			parts = append(parts, fmt.Sprintf("%s ×%d", a, n))
		}
		sort.Strings(parts)
		t.Logf("%-24s → %s", kind, strings.Join(parts, ", "))
	}
}

// A body that leaves the device list out never reads as "replace the
// storage daemon's devices with nothing": only [] does.
func TestSDConfigWithoutDevicesIsRefused(t *testing.T) {
	s := testServer(t)
	conf := s.Config.Bacula.StorageConfig
	if err := os.WriteFile(conf, []byte("Storage {\n  Name = sd\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sw := newSweep(t, s)
	for _, body := range []string{"", "{}", `{"devices":null}`, "null"} {
		got := sw.send("POST", "/api/v1/bacula/config", body)
		if got.status != 400 || got.err.Field != map[bool]string{true: "", false: "devices"}[body == "null"] {
			t.Errorf("%q: %d %+v, want 400 naming devices", body, got.status, got.err)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(conf))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "bams-sd") {
			t.Errorf("%s was written", e.Name())
		}
	}
	if b, _ := os.ReadFile(conf); string(b) != "Storage {\n  Name = sd\n}\n" {
		t.Errorf("the configuration changed: %q", b)
	}
}
