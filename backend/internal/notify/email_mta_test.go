package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// Against a real MTA on a loopback address (Exim: STARTTLS with its own
// certificate, AUTH PLAIN, a maildir): an alert raised while the relay is
// down waits in the queue and is delivered once it is up; a wrong
// password is an error the test action reports; a relay without STARTTLS
// is refused unless tls is none.
func TestEmailThroughARealRelay(t *testing.T) {
	mta := testenv.StartMTA(t)
	mta.Stop() // down first
	c := &clock{t: time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)}
	s, _ := newService(t, c, 100)
	target := api.NotifyTarget{Name: "ops", Kind: api.NotifyEmail, Enabled: true, MinLevel: api.AlertError,
		Email: &api.EmailTarget{Relay: mta.Addr, CAFile: mta.CAFile, From: "bams@example.test", To: []string{"ops@example.test", "night@example.test"},
			Username: mta.User, Password: mta.Password}}
	if _, err := s.CreateTarget(target); err != nil {
		t.Fatal(err)
	}
	a := alert("12", "backup-failed", api.AlertError)
	a.Text = "the last backup of web1 failed: rsync exited 12 — ünïcode"
	s.Alert(a, api.AlertRaised)
	s.Deliver(context.Background())
	q, _ := s.Queue(10)
	if q.Total != 1 || !strings.Contains(q.Notifications[0].LastError, "connecting to the relay") {
		t.Fatalf("with the relay down: %+v", q)
	}

	mta.Start()
	c.add(time.Minute)
	s.Deliver(context.Background())
	if q, _ := s.Queue(10); q.Total != 0 {
		t.Fatalf("not delivered once the relay is up: %+v\n%s", q, mta.Log())
	}
	msgs := waitMessages(t, mta, 2) // one per recipient
	if !strings.Contains(strings.Join(msgs, ""), "Envelope-to: night@example.test") {
		t.Errorf("night@ got no copy")
	}
	m := msgs[0]
	for _, want := range []string{"To: ops@example.test, night@example.test", "Subject: =?utf-8?q?[BAMS_error]_the_last_backup_of_web1",
		"the last backup of web1 failed: rsync exited 12 — ünïcode", "Subject:  host/web1", "X-BAMS-Event: raised"} {
		if !strings.Contains(m, want) {
			t.Errorf("no %q in the delivered mail:\n%s", want, m)
		}
	}
	if log := mta.Log(); !strings.Contains(log, "A=plain:bams") || !strings.Contains(log, "X=TLS") {
		t.Errorf("not sent over TLS with a login:\n%s", log)
	}

	// the test action, with a wrong password: refused, and said so
	target.Email.Password = "wrong"
	if _, err := s.UpdateTarget("ops", target); err != nil {
		t.Fatal(err)
	}
	res, err := s.Test(context.Background(), "ops")
	if err != nil || res.Sent || !strings.Contains(res.Error, "login as bams") {
		t.Fatalf("test with a wrong password: %+v %v", res, err)
	}
	target.Email.Password = mta.Password
	if _, err := s.UpdateTarget("ops", target); err != nil {
		t.Fatal(err)
	}
	if res, _ := s.Test(context.Background(), "ops"); !res.Sent {
		t.Fatalf("test: %+v", res)
	}
	if all := strings.Join(waitMessages(t, mta, 4), ""); !strings.Contains(all, "X-BAMS-Event: test") || !strings.Contains(all, "Subject: [BAMS test] a test notification from bams1 to ops") {
		t.Errorf("no test mail among:\n%s", all)
	}
}

func waitMessages(t *testing.T, mta *testenv.MTA, n int) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		msgs := mta.Messages()
		if len(msgs) >= n {
			return msgs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d mails delivered:\n%s", len(msgs), n, mta.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
