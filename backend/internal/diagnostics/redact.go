package diagnostics

import (
	"regexp"
	"slices"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/bacula"
)

// Rules that hide secrets by their shape, every one writing api.Redacted:
// passwords (Bacula's own rule), key=value secrets, CHAP user
// lines of scst.conf (IncomingUser "name secret"), and private keys.
var (
	secretValue = regexp.MustCompile(`(?i)\b((?:[a-z_]*secret|chap[a-z_]*|token|passwd)"?\s*[=:]\s*)("(?:[^"\\]|\\.)*"|\S+)`)
	chapUser    = regexp.MustCompile(`(?im)^(\s*(?:Incoming|Outgoing)User\s+).*$`)
	privateKey  = regexp.MustCompile(`(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|\z)`)
	// quotedPassword finds Bacula password values to scrub literally
	// wherever else they show up (a log line quoting one without its key).
	quotedPassword = regexp.MustCompile(`(?i)pass\s*word\s*[=:]\s*"((?:[^"\\]|\\.)+)"`)
)

// redactor hides secrets in everything that goes into a bundle: by shape
// (the rules above) and, belt and braces, every known secret value
// (SMTP passwords, webhook secrets, CHAP secrets, Bacula passwords, the
// lines of bamsd's private key) wherever it appears verbatim.
type redactor struct{ known []string }

// learn adds secret values to scrub literally. Short values are skipped:
// scrubbing "a" would garble the bundle and protects nothing.
func (r *redactor) learn(values ...string) {
	for _, v := range values {
		if len(v) >= 4 && !slices.Contains(r.known, v) {
			r.known = append(r.known, v)
		}
	}
	// longest first, so a secret holding another is hidden whole
	slices.SortFunc(r.known, func(a, b string) int { return len(b) - len(a) })
}

// learnBaculaPasswords reads the password values of a Bacula configuration.
func (r *redactor) learnBaculaPasswords(conf string) {
	for _, m := range quotedPassword.FindAllStringSubmatch(conf, -1) {
		r.learn(m[1])
	}
}

// learnKey adds a private key file's body lines.
func (r *redactor) learnKey(pem string) {
	for _, l := range strings.Split(pem, "\n") {
		if l = strings.TrimSpace(l); len(l) >= 16 && !strings.HasPrefix(l, "-----") {
			r.learn(l)
		}
	}
}

func (r *redactor) text(s string) string {
	s = privateKey.ReplaceAllString(s, api.Redacted)
	s = bacula.RedactPasswords(s)
	s = secretValue.ReplaceAllString(s, "${1}"+api.Redacted)
	s = chapUser.ReplaceAllString(s, "${1}"+api.Redacted)
	for _, v := range r.known {
		s = strings.ReplaceAll(s, v, api.Redacted)
	}
	return s
}
