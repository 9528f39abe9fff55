package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/store"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newService(t *testing.T, c *clock, rate int) (*Service, *store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "bams.db"), store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(Options{Store: st, Now: c.now, RatePerHour: rate, Log: slog.New(slog.DiscardHandler), Hostname: "bams1"}), st
}

// receiver is a loopback HTTP server that records what it is sent and
// answers status.
type receiver struct {
	mu     sync.Mutex
	status int
	got    []http.Header
	bodies [][]byte
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, req.Header.Clone())
	r.bodies = append(r.bodies, b)
	w.WriteHeader(r.status)
}

func (r *receiver) count() int { r.mu.Lock(); defer r.mu.Unlock(); return len(r.bodies) }

func alert(id, class string, level api.AlertLevel) api.Alert {
	return api.Alert{ID: id, Source: "backups", Class: class, Subject: "host/web1", Level: level, Text: "the last backup of web1 failed",
		State: api.AlertActive, Raised: time.Date(2026, 11, 21, 2, 10, 0, 0, time.UTC)}
}

func TestWebhookSignedRetriedAndRateLimited(t *testing.T) {
	rec := &receiver{status: http.StatusServiceUnavailable}
	srv := httptest.NewServer(rec) // 127.0.0.1
	defer srv.Close()
	c := &clock{t: time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)}
	s, st := newService(t, c, 2)
	created, err := s.CreateTarget(api.NotifyTarget{Name: "hook", Kind: api.NotifyWebhook, Enabled: true, MinLevel: api.AlertWarning,
		Webhook: &api.WebhookTarget{URL: srv.URL + "/bams", Secret: "hmac-key"}})
	if err != nil {
		t.Fatal(err)
	}
	if created.Webhook.Secret != "" || !created.Webhook.SecretSet {
		t.Fatalf("the secret came back: %+v", created.Webhook)
	}

	s.Alert(alert("1", "backup-failed", api.AlertError), api.AlertRaised)
	s.Alert(alert("1", "backup-failed", api.AlertError), api.AlertAcked)    // no message
	s.Alert(alert("2", "task-stalled", api.AlertInfo), api.AlertRaised)     // below min_level
	s.Alert(alert("1", "backup-failed", api.AlertError), api.AlertReworded) // no message
	if q, _ := s.Queue(10); q.Total != 1 {
		t.Fatalf("queued %+v, want the one raise", q)
	}

	// the receiver is down: kept, retried later
	s.Deliver(context.Background())
	q, _ := s.Queue(10)
	if rec.count() != 1 || q.Total != 1 || q.Notifications[0].Attempts != 1 || !strings.Contains(q.Notifications[0].LastError, "503") {
		t.Fatalf("after a refused delivery: %d sent, queue %+v", rec.count(), q)
	}
	s.Deliver(context.Background()) // not due yet
	if rec.count() != 1 {
		t.Fatal("retried before its back-off")
	}
	rec.mu.Lock()
	rec.status = http.StatusNoContent
	rec.mu.Unlock()
	c.add(31 * time.Second)
	s.Deliver(context.Background())
	if q, _ := s.Queue(10); rec.count() != 2 || q.Total != 0 {
		t.Fatalf("after the retry: %d sent, %d queued", rec.count(), q.Total)
	}
	h, body := rec.got[1], rec.bodies[1]
	if h.Get(SignatureHeader) != Sign("hmac-key", body) || !strings.HasPrefix(h.Get(SignatureHeader), "sha256=") {
		t.Fatalf("signature %q", h.Get(SignatureHeader))
	}
	var p api.NotifyPayload
	if err := json.Unmarshal(body, &p); err != nil || p.Event != api.AlertRaised || p.Alert.ID != "1" || p.Target != "hook" {
		t.Fatalf("payload %s", body)
	}

	// two an hour (attempts count: the hour above is used up): the third
	// waits for the next hour, it is not lost
	c.add(time.Hour)
	for _, id := range []string{"3", "4", "5"} {
		s.Alert(alert(id, "backup-failed", api.AlertCritical), api.AlertRaised)
	}
	s.Deliver(context.Background())
	if q, _ := s.Queue(10); rec.count() != 4 || q.Total != 1 {
		t.Fatalf("rate limit: %d sent, %d queued", rec.count(), q.Total)
	}
	c.add(time.Hour)
	s.Deliver(context.Background())
	if q, _ := s.Queue(10); rec.count() != 5 || q.Total != 0 {
		t.Fatalf("after the hour: %d sent, %d queued", rec.count(), q.Total)
	}
	_ = st
}

func TestTooOldIsDroppedAndTestSends(t *testing.T) {
	rec := &receiver{status: http.StatusInternalServerError}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c := &clock{t: time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)}
	s, _ := newService(t, c, 100)
	if _, err := s.CreateTarget(api.NotifyTarget{Name: "hook", Kind: api.NotifyWebhook, Enabled: true, Classes: []string{"backup-failed"},
		Webhook: &api.WebhookTarget{URL: srv.URL}}); err != nil {
		t.Fatal(err)
	}
	s.Alert(alert("1", "task-stalled", api.AlertError), api.AlertRaised) // not its class
	s.Alert(alert("2", "backup-failed", api.AlertError), api.AlertEnded)
	s.Deliver(context.Background())
	c.add(73 * time.Hour)
	s.Deliver(context.Background())
	if q, _ := s.Queue(10); q.Total != 0 || rec.count() != 1 {
		t.Fatalf("a notification older than max_age: %d queued, %d sent", q.Total, rec.count())
	}
	res, err := s.Test(context.Background(), "hook")
	if err != nil || res.Sent || !strings.Contains(res.Error, "500") {
		t.Fatalf("test to a failing receiver: %+v %v", res, err)
	}
	rec.mu.Lock()
	rec.status = http.StatusOK
	rec.mu.Unlock()
	if res, _ := s.Test(context.Background(), "hook"); !res.Sent {
		t.Fatalf("test: %+v", res)
	}
	if _, err := s.Test(context.Background(), "nosuch"); !kind(err, api.KindNotFound) {
		t.Fatalf("test of no target: %v", err)
	}
}

func kind(err error, k api.ErrorKind) bool {
	var ae *api.Error
	return errors.As(err, &ae) && ae.Kind == k
}

func TestTargetValidationAndWriteOnlySecrets(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)}
	s, st := newService(t, c, 10)
	email := func() *api.EmailTarget {
		return &api.EmailTarget{Relay: "smtp.example.com:587", From: "bams@example.com", To: []string{"ops@example.com"}, Username: "u", Password: "pw"}
	}
	for _, tc := range []struct {
		name  string
		t     api.NotifyTarget
		field string
	}{
		{"bad name", api.NotifyTarget{Name: "-x", Kind: api.NotifyEmail, Email: email()}, "name"},
		{"no kind", api.NotifyTarget{Name: "a"}, "kind"},
		{"email without settings", api.NotifyTarget{Name: "a", Kind: api.NotifyEmail}, "email"},
		{"bad relay", api.NotifyTarget{Name: "a", Kind: api.NotifyEmail, Email: &api.EmailTarget{Relay: "smtp", From: "a@b.c", To: []string{"d@e.f"}}}, "email.relay"},
		{"header in from", api.NotifyTarget{Name: "a", Kind: api.NotifyEmail, Email: &api.EmailTarget{Relay: "h:25", From: "a@b.c\r\nBcc: x@y.z", To: []string{"d@e.f"}}}, "email.from"},
		{"named to", api.NotifyTarget{Name: "a", Kind: api.NotifyEmail, Email: &api.EmailTarget{Relay: "h:25", From: "a@b.c", To: []string{"Ops <d@e.f>"}}}, "email.to[0]"},
		{"user without password", api.NotifyTarget{Name: "a", Kind: api.NotifyEmail, Email: &api.EmailTarget{Relay: "h:25", From: "a@b.c", To: []string{"d@e.f"}, Username: "u"}}, "email.password"},
		{"bad tls", api.NotifyTarget{Name: "a", Kind: api.NotifyEmail, Email: &api.EmailTarget{Relay: "h:25", TLS: "ssl", From: "a@b.c", To: []string{"d@e.f"}}}, "email.tls"},
		{"ftp webhook", api.NotifyTarget{Name: "a", Kind: api.NotifyWebhook, Webhook: &api.WebhookTarget{URL: "ftp://x/"}}, "webhook.url"},
		{"password in url", api.NotifyTarget{Name: "a", Kind: api.NotifyWebhook, Webhook: &api.WebhookTarget{URL: "https://u:p@x/"}}, "webhook.url"},
		{"bad level", api.NotifyTarget{Name: "a", Kind: api.NotifyWebhook, MinLevel: "loud", Webhook: &api.WebhookTarget{URL: "https://x/"}}, "min_level"},
		{"bad class", api.NotifyTarget{Name: "a", Kind: api.NotifyWebhook, Classes: []string{"Backup Failed"}, Webhook: &api.WebhookTarget{URL: "https://x/"}}, "classes[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreateTarget(tc.t)
			var ae *api.Error
			if !errors.As(err, &ae) || ae.Kind != api.KindBadRequest || ae.Field != tc.field {
				t.Fatalf("got %v, want a 400 on %s", err, tc.field)
			}
		})
	}
	if _, err := s.CreateTarget(api.NotifyTarget{Name: "ops", Kind: api.NotifyEmail, Enabled: true, Email: email()}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateTarget(api.NotifyTarget{Name: "ops", Kind: api.NotifyEmail, Email: email()}); !kind(err, api.KindConflict) {
		t.Fatalf("second create: %v", err)
	}
	// an update without the password keeps it; the answer never holds it
	e := email()
	e.Password, e.To = "", []string{"night@example.com"}
	up, err := s.UpdateTarget("ops", api.NotifyTarget{Kind: api.NotifyEmail, Enabled: true, Email: e})
	if err != nil || up.Email.Password != "" || !up.Email.PasswordSet || up.Email.To[0] != "night@example.com" {
		t.Fatalf("update %+v %v", up, err)
	}
	if stored, _ := st.GetNotifyTarget("ops"); stored.Email.Password != "pw" {
		t.Fatalf("the stored password was lost: %q", stored.Email.Password)
	}
	list, _ := s.Targets()
	if b, _ := json.Marshal(list); strings.Contains(string(b), `"pw"`) {
		t.Fatalf("the password is in the list: %s", b)
	}
	if err := s.DeleteTarget("ops"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTarget("ops"); !kind(err, api.KindNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}

// What a source wrote cannot add a header, and the subject says the level.
func TestMessageHeaders(t *testing.T) {
	a := alert("7", "backup-failed", api.AlertCritical)
	a.Text = "pool tank is FAULTED\r\nBcc: everyone@example.com"
	m := string(message(api.EmailTarget{From: "bams@example.com", To: []string{"a@example.com", "b@example.com"}}, "bams1",
		api.Notification{Event: api.AlertRaised, Alert: a, Created: time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)}))
	head, body, _ := strings.Cut(m, "\r\n\r\n")
	for _, l := range strings.Split(head, "\r\n") {
		if strings.HasPrefix(l, "Bcc") {
			t.Fatalf("a header was injected:\n%s", head)
		}
	}
	for _, want := range []string{"Subject: [BAMS critical] pool tank is FAULTED  Bcc: everyone@example.com", "To: a@example.com, b@example.com", "X-BAMS-Event: raised"} {
		if !strings.Contains(head, want) {
			t.Errorf("no %q in\n%s", want, head)
		}
	}
	if !strings.Contains(body, "Subject:  host/web1\r\n") || !strings.Contains(body, "Alert:    #7 on bams1\r\n") {
		t.Errorf("body:\n%s", body)
	}
}
