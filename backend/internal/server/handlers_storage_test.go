package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/storagesvc"
	"bams/backend/internal/testutil/fakecmd"
	"bams/backend/internal/testutil/fakezfs"
)

// The storage routes over the fake zfs: a dataset's name travels as one
// percent-encoded segment, and a destroy without the name typed is a 400
// naming confirm that runs nothing.
func TestStorageRoutesDatasetNamesAndConfirm(t *testing.T) {
	fake := fakezfs.New(t, fakezfs.State{NoJSON: true, Disks: []string{"/dev/sdb"}})
	st := fake.Load()
	st.Pools["tank"] = &fakezfs.Pool{ID: "1", Vdevs: []string{"/dev/sdb"}, Health: "ONLINE", Size: 1 << 30}
	st.Datasets["tank"] = &fakezfs.Dataset{Type: "filesystem", Props: map[string]string{}}
	st.Datasets["tank/backups"] = &fakezfs.Dataset{Type: "filesystem", Props: map[string]string{}}
	fake.Save(st)
	tools := fakecmd.New(t)
	s := testServer(t, func(d *Deps) {
		d.Storage = storagesvc.New(storagesvc.Options{Runner: &execx.Runner{Path: fake.Path + ":" + tools.Path, Timeout: 10 * time.Second, Log: d.Log}, Log: d.Log})
	})
	h := s.Handler()
	send := func(method, target string) (int, map[string]any) {
		req := httptest.NewRequest(method, target, nil).WithContext(context.WithValue(context.Background(), peerKey{}, &Peer{UID: 0, PID: int32(os.Getpid())}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var body map[string]any
		json.Unmarshal(rec.Body.Bytes(), &body)
		return rec.Code, body
	}
	if code, body := send(http.MethodGet, "/api/v1/disk/datasets/tank%2Fbackups"); code != 200 || body["name"] != "tank/backups" {
		t.Fatalf("%d %v", code, body)
	}
	code, body := send(http.MethodDelete, "/api/v1/disk/datasets/tank%2Fbackups")
	if e, _ := body["error"].(map[string]any); code != 400 || e["field"] != "confirm" {
		t.Errorf("no name typed: %d %v", code, body)
	}
	if code, _ := send(http.MethodDelete, "/api/v1/disk/datasets/tank%2Fbackups?confirm=tank%2Fbackups"); code != 200 {
		t.Errorf("destroy: %d", code)
	}
	for _, c := range fake.Calls() {
		if c.Tool == "zfs" && c.Args[0] == "destroy" && strings.Join(c.Args, " ") != "destroy tank/backups" {
			t.Errorf("ran %v", c.Args)
		}
	}
	if _, ok := fake.Load().Datasets["tank/backups"]; ok {
		t.Error("tank/backups is still there")
	}
	if code, body := send(http.MethodGet, "/api/v1/disk/datasets?pool=tank&type=all"); code != 400 {
		t.Errorf("a bad type: %d %v", code, body)
	}
	if code, body := send(http.MethodGet, "/api/v1/disk/pools"); code != 200 || len(body["pools"].([]any)) != 1 {
		t.Errorf("pools: %d %v", code, body)
	}
}
