package integration

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

// End to end through a real bamsd, real polkit and real users: a backup
// that really fails (its source is missing on a real sshd host) raises an
// alert; an email target on a real Exim gets the notification; a viewer
// may not acknowledge, an operator may (and is recorded); the metrics on
// the loopback TCP endpoint say what happened.
func TestAlertNotifiedAcknowledgedAndCounted(t *testing.T) {
	m := testenv.RequireMachine(t)
	mta := testenv.StartMTA(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := l.Addr().String()
	l.Close()
	b := testenv.StartBamsd(t, "alerts:\n  check_every: 1s\n  raise_after: 2\n  clear_after: 1\n"+
		"bacula:\n  bconsole: bams-test-no-bconsole\nmetrics:\n  listen: "+metricsAddr+"\n")
	ctx := context.Background()
	c := b.Client()
	if _, err := c.CreateNotifyTarget(ctx, api.NotifyTarget{Name: "ops", Kind: api.NotifyEmail, Enabled: true, MinLevel: api.AlertError,
		Email: &api.EmailTarget{Relay: mta.Addr, CAFile: mta.CAFile, From: "bams@example.test", To: []string{"ops@example.test"},
			Username: mta.User, Password: mta.Password}}); err != nil {
		t.Fatal(err)
	}
	addHost(t, b, "alert1", "127.0.0.6", func(h *api.Host) { h.Paths = []string{"/nonexistent/bams-alert-source"} })
	if task := backup(t, b, "alert1"); task.State != api.TaskFailed {
		t.Fatalf("the backup of a missing source: %+v", task)
	}

	var alert api.Alert
	deadline := time.Now().Add(20 * time.Second)
	for alert.ID == "" {
		l, err := c.Alerts(ctx, client.AlertQuery{State: "active", Class: "backup-failed"})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Alerts) == 1 {
			alert = l.Alerts[0]
		} else if time.Now().After(deadline) {
			t.Fatalf("no alert raised: %+v", l)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if alert.Subject != "host/alert1" || alert.Level != api.AlertError {
		t.Fatalf("alert %+v", alert)
	}

	// the notification reaches the mailbox through the real relay
	for !strings.Contains(strings.Join(mta.Messages(), ""), "the last backup of alert1 failed") {
		if time.Now().After(deadline.Add(20 * time.Second)) {
			q, _ := c.NotifyQueue(ctx, 10)
			t.Fatalf("no mail delivered; queue %+v\n%s", q, mta.Log())
		}
		time.Sleep(200 * time.Millisecond)
	}

	// acknowledging needs org.bams.operate
	res := testenv.RunAs(t, m.Viewer, b.Socket, "alerts", "ack", alert.ID)
	if res.Code == 0 || !contains(res.Stderr, "org.bams.operate", "bams-operator") {
		t.Fatalf("viewer ack: %+v", res)
	}
	if res := testenv.RunAs(t, m.Operator, b.Socket, "alerts", "ack", alert.ID); res.Code != 0 {
		t.Fatalf("operator ack: %+v", res)
	}
	got, err := c.Alert(ctx, alert.ID)
	if err != nil || got.State != api.AlertAcknowledged || got.Acknowledged.By.User != m.Operator {
		t.Fatalf("after the operator's ack: %+v %v", got, err)
	}

	// the metrics say so, on the loopback endpoint (GET /metrics only)
	resp, err := http.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`bams_alerts{level="error",state="acknowledged"} 1`, `bams_backup_last_run_success{host="alert1"} 0`,
		`bams_backup_snapshots{host="alert1",state="failed"} 1`, `bams_command_duration_seconds_count{result="failed",tool="rsync"}`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("no %s in the metrics:\n%s", want, body)
		}
	}
	// and on the socket
	sock := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", b.Socket)
	}}}
	if resp, err := sock.Get("http://bamsd/metrics"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics on the socket as root: %v %v", resp, err)
	} else {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), `bams_backup_last_run_success{host="alert1"} 0`) {
			t.Errorf("the socket's /metrics lacks the host:\n%s", body)
		}
	}
	if resp, err := http.Get("http://" + metricsAddr + "/api/v1/alerts"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the TCP endpoint serves more than /metrics: %v %v", resp, err)
	}
}
