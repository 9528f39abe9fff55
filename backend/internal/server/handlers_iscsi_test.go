package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/iscsisvc"
	"bams/backend/internal/scst"
	"bams/backend/internal/store"
	"bams/backend/internal/testutil/fakescst"
)

// Over HTTP: a CHAP secret sent to create and change a target is in no
// answer and no audit record; an apply's record holds the plan it
// applied.
func TestISCSISecretsStayOutOfAnswersAndAudit(t *testing.T) {
	fake := fakescst.New(t, fakescst.State{})
	s := testServer(t, func(d *Deps) {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "sys", "targets"), 0o755); err != nil {
			t.Fatal(err)
		}
		runner := &execx.Runner{Path: fake.Path, Timeout: 20 * time.Second, Log: d.Log}
		st, err := store.Open(filepath.Join(dir, "iscsi.db"), store.Options{BackupRoot: "/srv/bams-test"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		d.ISCSI = iscsisvc.New(iscsisvc.Options{Store: st, Admin: scst.Tool{Runner: runner}, ConfigFile: filepath.Join(dir, "scst.conf"),
			WorkDir: filepath.Join(dir, "work"), SysfsRoot: filepath.Join(dir, "sys"), Log: d.Log})
	})
	h := s.Handler()
	const secret, mutual = "wire-secret-00001", "wire-secret-00002"
	id := "/api/v1/iscsi/targets/" + url.PathEscape("iqn.2026-01.org.example:t1")
	var bodies []string
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/v1/iscsi/targets", `{"name":"iqn.2026-01.org.example:t1","initiators":["iqn.2026-01.org.example:h1"],
			"chap":{"incoming":[{"user":"h1","secret":"` + secret + `"}],"outgoing":{"user":"t1","secret":"` + mutual + `"}}}`},
		{"PUT", id, `{"alias":"t one","chap":{"incoming":[{"user":"h1"},{"user":"h2","secret":"` + mutual + `x"}]}}`},
		{"POST", id + "/luns", `{"lun":0,"object":{"kind":"zfs-volume","name":"tank/lun0"}}`},
		{"GET", id, ""},
		{"GET", strings.ReplaceAll(id, ":", "%3A"), ""}, // as a browser's encodeURIComponent sends it
		{"GET", "/api/v1/iscsi/targets", ""},
	} {
		code, body := rootRequest(t, h, c.method, c.path, c.body)
		if code >= 300 {
			t.Fatalf("%s %s: %d %s", c.method, c.path, code, body)
		}
		bodies = append(bodies, body)
	}
	_, planBody := rootRequest(t, h, "GET", "/api/v1/iscsi/plan", "")
	var plan struct{ Token string }
	if err := json.Unmarshal([]byte(planBody), &plan); err != nil || plan.Token == "" {
		t.Fatalf("%s", planBody)
	}
	code, applied := rootRequest(t, h, "POST", "/api/v1/iscsi/apply", `{"plan_token":"`+plan.Token+`"}`)
	if code != 200 {
		t.Fatalf("apply: %d %s", code, applied)
	}
	bodies = append(bodies, planBody, applied)
	recs, _ := json.Marshal(auditRecords(t, s))
	for _, text := range append(bodies, string(recs)) {
		for _, v := range []string{secret, mutual} {
			if strings.Contains(text, v) {
				t.Errorf("secret %s leaked: %.400s", v, text)
			}
		}
	}
	// A PUT that leaves chap out keeps it; outgoing null ends mutual CHAP.
	var got struct {
		CHAP struct {
			Incoming []struct {
				SecretSet bool `json:"secret_set"`
			}
			Outgoing *struct{}
		}
	}
	_, kept := rootRequest(t, h, "PUT", id, `{"alias":"again"}`)
	if json.Unmarshal([]byte(kept), &got); len(got.CHAP.Incoming) != 2 || got.CHAP.Outgoing == nil || !got.CHAP.Incoming[0].SecretSet {
		t.Errorf("a PUT without chap changed it: %s", kept)
	}
	_, ended := rootRequest(t, h, "PUT", id, `{"chap":{"incoming":[{"user":"h1"}],"outgoing":null}}`)
	got.CHAP.Outgoing = &struct{}{}
	if json.Unmarshal([]byte(ended), &got); len(got.CHAP.Incoming) != 1 || got.CHAP.Outgoing != nil || !got.CHAP.Incoming[0].SecretSet {
		t.Errorf("outgoing null did not end mutual CHAP, or lost the incoming secret: %s", ended)
	}
	last := auditRecords(t, s)[2]
	if last.Path != "/api/v1/iscsi/apply" || last.Params["plan"] == nil || !strings.Contains(string(recs), "add target iqn.2026-01.org.example:t1") {
		t.Errorf("the apply's audit record lacks its plan: %+v", last)
	}
}

// rootRequest sends one request as root (no polkit) and returns the status
// and body.
func rootRequest(t *testing.T, h http.Handler, method, target, body string) (int, string) {
	t.Helper()
	peer := &Peer{UID: 0, PID: int32(os.Getpid())}
	req := httptest.NewRequest(method, target, strings.NewReader(body)).WithContext(context.WithValue(context.Background(), peerKey{}, peer))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}
