package ssh

import (
	"fmt"
	"regexp"
	"strings"
)

// Kind names why ssh could not connect; the API passes it on as is.
type Kind string

// What ssh's stderr can say. Each kind has its named patterns below.
const (
	HostKeyChanged    Kind = "host-key-changed"
	HostKeyUnknown    Kind = "host-key-unknown"
	ConnectionRefused Kind = "connection-refused"
	Timeout           Kind = "timeout"
	PermissionDenied  Kind = "permission-denied"
	NoRoute           Kind = "no-route"
	UnknownHostName   Kind = "unknown-host-name"
	ConnectionClosed  Kind = "connection-closed"
	// NoHostKey: ssh-keyscan got no key, and it never says why.
	NoHostKey Kind = "no-host-key"
)

// stderrPatterns maps ssh's messages (OpenSSH 9.2, recorded in
// testdata/) to a kind, first match wins: the host-key banners come before
// the generic "Host key verification failed." that follows both. A
// pattern's first group, when it has one, is the detail shown to the admin.
// Never modified.
var stderrPatterns = []struct {
	kind Kind
	re   *regexp.Regexp
}{
	{HostKeyChanged, regexp.MustCompile(`(?m)^Host key for (\S+) has changed and you have requested strict checking`)},
	{HostKeyChanged, regexp.MustCompile(`REMOTE HOST IDENTIFICATION HAS CHANGED`)},
	{HostKeyUnknown, regexp.MustCompile(`(?m)^No (\S+) host key is known for \S+ and you have requested strict checking`)},
	{HostKeyUnknown, regexp.MustCompile(`(?m)^Host key verification failed\.`)},
	{ConnectionRefused, regexp.MustCompile(`(?m)^ssh: connect to host (\S+ port \d+): Connection refused`)},
	{Timeout, regexp.MustCompile(`(?m)^ssh: connect to host (\S+ port \d+): Connection timed out`)},
	{Timeout, regexp.MustCompile(`(?m)^Connection to (\S+ port \d+) timed out`)},
	{Timeout, regexp.MustCompile(`(?m)^Connection timed out during banner exchange`)},
	{NoRoute, regexp.MustCompile(`(?m)^ssh: connect to host (\S+ port \d+): (?:No route to host|Network is unreachable)`)},
	{UnknownHostName, regexp.MustCompile(`(?m)^ssh: Could not resolve hostname ([^:\s]+):`)},
	{UnknownHostName, regexp.MustCompile(`(?m)^getaddrinfo ([^:\s]+): `)},
	{PermissionDenied, regexp.MustCompile(`(?m)^(\S+): Permission denied \(publickey[^)]*\)`)},
	{ConnectionClosed, regexp.MustCompile(`(?m)^(?:kex_exchange_identification: .*|Connection closed by .*|Connection reset by .*|ssh_exchange_identification: .*)$`)},
}

// changedFingerprint is the key the host offers when its key changed
// (ssh ends its lines with "\r\n" there).
var changedFingerprint = regexp.MustCompile(`(?m)^(SHA256:[A-Za-z0-9+/]{43})\.?\r?$`)

// Error is an ssh connection failure, classified from stderr.
type Error struct {
	Kind   Kind
	Host   string // BAMS host name
	Detail string // what the pattern picked out: "127.0.0.2 port 22", "root@web1", a key type
	// Fingerprint is the key the host offers now (HostKeyChanged only):
	// the admin compares it with what the host's owner says before
	// accepting it.
	Fingerprint string
	Stderr      string
}

func (e *Error) Error() string {
	switch e.Kind {
	case HostKeyChanged:
		msg := "host key of " + e.Host + " changed"
		if e.Fingerprint != "" {
			msg += " (it now offers " + e.Fingerprint + ")"
		}
		return msg + ": if the host was reinstalled, accept its new key; otherwise someone may be intercepting the connection"
	case HostKeyUnknown:
		return "host key of " + e.Host + " is not accepted yet: test the host and accept the fingerprint it shows"
	case ConnectionRefused:
		return e.Host + " refused the SSH connection (" + e.Detail + "): is sshd running there?"
	case Timeout:
		return "SSH connection to " + e.Host + " timed out"
	case NoRoute:
		return "no network route to " + e.Host + " (" + e.Detail + ")"
	case UnknownHostName:
		return "address of " + e.Host + " (" + e.Detail + ") does not resolve"
	case PermissionDenied:
		return e.Host + " did not accept bamsd's SSH key for " + e.Detail + ": add bamsd's public key to that user's authorized_keys"
	case ConnectionClosed:
		return e.Host + " closed the SSH connection: " + e.Detail
	case NoHostKey:
		return e.Host + " offered no SSH host key (" + e.Detail + "): it is down, unreachable, or no sshd answers there"
	}
	return fmt.Sprintf("ssh to %s failed: %s", e.Host, firstLine(e.Stderr))
}

// Classify reads ssh's stderr (also as it appears inside rsync's) for a
// connection to host. It returns nil when no pattern matches: the failure
// is not ssh's, or not one it names.
func Classify(host, stderr string) *Error {
	for _, p := range stderrPatterns {
		m := p.re.FindStringSubmatch(stderr)
		if m == nil {
			continue
		}
		e := &Error{Kind: p.kind, Host: host, Stderr: stderr}
		if len(m) > 1 {
			e.Detail = m[1]
		} else {
			e.Detail = strings.TrimSpace(m[0])
		}
		if p.kind == HostKeyChanged {
			if fp := changedFingerprint.FindStringSubmatch(stderr); fp != nil {
				e.Fingerprint = fp[1]
			}
		}
		return e
	}
	return nil
}

// CommandError: the remote command ran and exited non-zero.
type CommandError struct {
	Host   string
	Code   int
	Stderr string
}

func (e *CommandError) Error() string {
	msg := fmt.Sprintf("command on %s exited with code %d", e.Host, e.Code)
	if e.Stderr != "" {
		msg += ": " + firstLine(e.Stderr)
	}
	return msg
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	line, _, _ := strings.Cut(s, "\n")
	return line
}
