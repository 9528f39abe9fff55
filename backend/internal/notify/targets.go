package notify

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/store"
)

var (
	namePattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)
	classPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)
)

const (
	maxRecipients = 20
	maxClasses    = 50
	maxSecret     = 1024
)

func invalid(field, format string, args ...any) error {
	return &api.Error{Kind: api.KindBadRequest, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Targets lists every target, secrets left out.
func (s *Service) Targets() ([]api.NotifyTarget, error) {
	list, err := s.o.Store.ListNotifyTargets()
	for i := range list {
		list[i] = redacted(list[i])
	}
	return list, err
}

// redacted is a target as the API answers it: *_set instead of secrets.
func redacted(t api.NotifyTarget) api.NotifyTarget {
	if t.Email != nil {
		e := *t.Email
		e.PasswordSet, e.Password = e.Password != "", ""
		t.Email = &e
	}
	if t.Webhook != nil {
		w := *t.Webhook
		w.SecretSet, w.Secret = w.Secret != "", ""
		t.Webhook = &w
	}
	return t
}

// CreateTarget validates and stores a new target.
func (s *Service) CreateTarget(t api.NotifyTarget) (api.NotifyTarget, error) {
	if !namePattern.MatchString(t.Name) {
		return api.NotifyTarget{}, invalid("name", "a target name is 1-63 lower-case letters, digits, - and _, starting with a letter or digit")
	}
	if _, err := s.o.Store.GetNotifyTarget(t.Name); err == nil {
		return api.NotifyTarget{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf("notification target %q exists", t.Name)}
	}
	if err := validate(&t); err != nil {
		return api.NotifyTarget{}, err
	}
	t.Created = s.o.Now().UTC()
	t.Updated = t.Created
	if err := s.o.Store.PutNotifyTarget(t); err != nil {
		return api.NotifyTarget{}, err
	}
	return redacted(t), nil
}

// UpdateTarget replaces a target's settings. A secret left out keeps the
// stored one (the API never shows it, so a form cannot send it back).
func (s *Service) UpdateTarget(name string, t api.NotifyTarget) (api.NotifyTarget, error) {
	old, err := s.target(name)
	if err != nil {
		return api.NotifyTarget{}, err
	}
	if t.Name != "" && t.Name != name {
		return api.NotifyTarget{}, invalid("name", "a target cannot be renamed; create a new one")
	}
	t.Name = name
	if t.Email != nil && t.Email.Password == "" && old.Email != nil {
		t.Email.Password = old.Email.Password
	}
	if t.Webhook != nil && t.Webhook.Secret == "" && old.Webhook != nil {
		t.Webhook.Secret = old.Webhook.Secret
	}
	if err := validate(&t); err != nil {
		return api.NotifyTarget{}, err
	}
	t.Created, t.Updated = old.Created, s.o.Now().UTC()
	if err := s.o.Store.PutNotifyTarget(t); err != nil {
		return api.NotifyTarget{}, err
	}
	return redacted(t), nil
}

// DeleteTarget removes a target with its queued notifications.
func (s *Service) DeleteTarget(name string) error {
	err := s.o.Store.DeleteNotifyTarget(name)
	if errors.Is(err, store.ErrNotFound) {
		return &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("no notification target %q", name)}
	}
	return err
}

func noControl(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// validate checks a target and fills in defaults.
func validate(t *api.NotifyTarget) error {
	if t.MinLevel == "" {
		t.MinLevel = api.AlertInfo
	}
	if t.MinLevel.Rank() == 0 {
		return invalid("min_level", "min_level must be info, warning, error or critical")
	}
	if len(t.Classes) > maxClasses {
		return invalid("classes", "at most %d classes", maxClasses)
	}
	for i, c := range t.Classes {
		if !classPattern.MatchString(c) {
			return invalid(fmt.Sprintf("classes[%d]", i), "%q is not an alert class like backup-failed", c)
		}
	}
	switch t.Kind {
	case api.NotifyEmail:
		if t.Email == nil || t.Webhook != nil {
			return invalid("email", "an email target has email settings and no webhook")
		}
		return validEmail(t.Email)
	case api.NotifyWebhook:
		if t.Webhook == nil || t.Email != nil {
			return invalid("webhook", "a webhook target has webhook settings and no email")
		}
		return validWebhook(t.Webhook)
	}
	return invalid("kind", "kind must be email or webhook")
}

func validEmail(e *api.EmailTarget) error {
	host, port, err := net.SplitHostPort(e.Relay)
	if err != nil || host == "" || port == "" || !noControl(e.Relay) || strings.HasPrefix(host, "-") {
		return invalid("email.relay", "relay must be host:port, e.g. smtp.example.com:587")
	}
	switch e.TLS {
	case "":
		e.TLS = "starttls"
	case "starttls", "none":
	default:
		return invalid("email.tls", "tls must be starttls or none")
	}
	if e.CAFile != "" && (!filepath.IsAbs(e.CAFile) || filepath.Clean(e.CAFile) != e.CAFile) {
		return invalid("email.ca_file", "ca_file must be a clean absolute path")
	}
	if a, err := mail.ParseAddress(e.From); err != nil || a.Name != "" || !noControl(e.From) {
		return invalid("email.from", "from must be one bare address like bams@example.com")
	}
	if len(e.To) == 0 || len(e.To) > maxRecipients {
		return invalid("email.to", "to needs 1 to %d addresses", maxRecipients)
	}
	for i, to := range e.To {
		if a, err := mail.ParseAddress(to); err != nil || a.Name != "" || !noControl(to) {
			return invalid(fmt.Sprintf("email.to[%d]", i), "%q is not a bare address like ops@example.com", to)
		}
	}
	if !noControl(e.Username) || len(e.Username) > 256 {
		return invalid("email.username", "username must be one line of at most 256 bytes")
	}
	if e.Username != "" && e.Password == "" {
		return invalid("email.password", "a username needs a password")
	}
	if len(e.Password) > maxSecret {
		return invalid("email.password", "password is at most %d bytes", maxSecret)
	}
	e.PasswordSet = false
	return nil
}

func validWebhook(w *api.WebhookTarget) error {
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || !noControl(w.URL) || len(w.URL) > 2048 {
		return invalid("webhook.url", "url must be an http:// or https:// address without user:password@, at most 2048 bytes")
	}
	if len(w.Secret) > maxSecret {
		return invalid("webhook.secret", "secret is at most %d bytes", maxSecret)
	}
	w.SecretSet = false
	return nil
}
