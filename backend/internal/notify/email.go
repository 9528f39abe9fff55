package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"os"
	"strings"
	"time"

	"bams/backend/api"
)

// sendEmail delivers n through the relay: STARTTLS (unless TLS is
// "none"), AUTH PLAIN when a user is set (net/smtp refuses it over a
// plain connection to anything but localhost), one message to every
// recipient.
func sendEmail(ctx context.Context, e api.EmailTarget, hostname string, n api.Notification) error {
	host, _, err := net.SplitHostPort(e.Relay)
	if err != nil {
		return fmt.Errorf("relay %q: %w", e.Relay, err)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", e.Relay)
	if err != nil {
		return fmt.Errorf("connecting to the relay %s: %w", e.Relay, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("relay %s: %w", e.Relay, err)
	}
	defer c.Close()
	if err := c.Hello(hostname); err != nil {
		return fmt.Errorf("relay %s: EHLO: %w", e.Relay, err)
	}
	if e.TLS != "none" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fmt.Errorf("relay %s offers no STARTTLS (set tls to none only for a relay on this machine)", e.Relay)
		}
		cfg := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
		if e.CAFile != "" {
			pem, err := os.ReadFile(e.CAFile)
			if err != nil {
				return fmt.Errorf("ca_file: %w", err)
			}
			cfg.RootCAs = x509.NewCertPool()
			if !cfg.RootCAs.AppendCertsFromPEM(pem) {
				return fmt.Errorf("ca_file %s holds no PEM certificate", e.CAFile)
			}
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("relay %s: STARTTLS: %w", e.Relay, err)
		}
	}
	if e.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", e.Username, e.Password, host)); err != nil {
			return fmt.Errorf("relay %s: login as %s: %w", e.Relay, e.Username, err)
		}
	}
	if err := c.Mail(e.From); err != nil {
		return fmt.Errorf("relay %s: MAIL FROM: %w", e.Relay, err)
	}
	for _, to := range e.To {
		if err := c.Rcpt(to); err != nil {
			return fmt.Errorf("relay %s: RCPT TO %s: %w", e.Relay, to, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("relay %s: DATA: %w", e.Relay, err)
	}
	if _, err := w.Write(message(e, hostname, n)); err != nil {
		return fmt.Errorf("relay %s: writing the message: %w", e.Relay, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("relay %s: the message was refused: %w", e.Relay, err)
	}
	return c.Quit()
}

// oneLine keeps what a source wrote from adding header lines: control
// characters become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// message is the whole mail: headers (the subject MIME-encoded, every
// value on one line) and a plain-text body with CRLF line ends.
func message(e api.EmailTarget, hostname string, n api.Notification) []byte {
	a := n.Alert
	tag := string(a.Level)
	switch n.Event {
	case api.AlertEnded:
		tag = "cleared"
	case api.NotifyTest:
		tag = "test"
	}
	subject := fmt.Sprintf("[BAMS %s] %s", tag, oneLine(a.Text))
	var b strings.Builder
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", e.From)
	header("To", strings.Join(e.To, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", subject))
	header("Date", n.Created.Format(time.RFC1123Z))
	header("Message-ID", fmt.Sprintf("<bams-%s-%s-%d@%s>", a.ID, n.Event, n.Created.UnixNano(), oneLine(hostname)))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "8bit")
	header("X-BAMS-Event", string(n.Event))
	b.WriteString("\r\n")
	line := func(k, v string) { fmt.Fprintf(&b, "%-9s %s\r\n", k+":", oneLine(v)) }
	b.WriteString(oneLine(a.Text) + "\r\n\r\n")
	line("Event", string(n.Event))
	line("Level", string(a.Level))
	line("State", string(a.State))
	line("Subject", a.Subject)
	line("Class", a.Class+" (source "+a.Source+")")
	line("Raised", a.Raised.UTC().Format(time.RFC3339))
	if a.Cleared != nil {
		line("Cleared", a.Cleared.UTC().Format(time.RFC3339))
	}
	line("Alert", "#"+a.ID+" on "+hostname)
	return []byte(b.String())
}
