package ssh

import (
	"fmt"
	"net/netip"
	"path"
	"regexp"
)

// Patterns for everything that reaches an ssh command line, or rsync's -e
// string (which rsync splits on whitespace itself): no value may start with
// "-" and be read as an option, and none holds whitespace, quotes or shell
// syntax. They are compiled once and never changed. These checks are the
// one definition of a host name, address, port and user: the services
// that accept them from a user call them rather than keep copies.
var (
	hostNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)
	dnsNamePattern  = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$`)
	userPattern     = regexp.MustCompile(`^[a-z_][a-z0-9_.-]{0,31}$`)
	filePattern     = regexp.MustCompile(`^/[A-Za-z0-9._+@%=:,/-]*$`)
)

// ValidationError is a bad value, named by its field, that never reached a
// command line.
type ValidationError struct {
	Field  string
	Value  string
	Reason string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

// ValidHostName checks a BAMS host name: it is the HostKeyAlias and the
// key of the host's lines in known_hosts.
func ValidHostName(field, name string) error {
	if !hostNamePattern.MatchString(name) {
		return &ValidationError{field, name, "1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"}
	}
	return nil
}

// ValidAddress checks an address to connect to: a DNS name or an IP address.
func ValidAddress(field, addr string) error {
	if _, err := netip.ParseAddr(addr); err == nil {
		return nil
	}
	if !dnsNamePattern.MatchString(addr) {
		return &ValidationError{field, addr, "must be a DNS name or an IP address"}
	}
	return nil
}

// ValidPort checks an SSH port.
func ValidPort(field string, port int) error {
	if port < 1 || port > 65535 {
		return &ValidationError{field, fmt.Sprint(port), "must be from 1 to 65535"}
	}
	return nil
}

// ValidUser checks the user to log in as on a host.
func ValidUser(field, user string) error {
	if !userPattern.MatchString(user) {
		return &ValidationError{field, user, "not a valid user name"}
	}
	return nil
}

// validFile checks one of bamsd's own files (key, known_hosts): absolute,
// clean, and made of characters that need no quoting.
func validFile(field, p string) error {
	if !filePattern.MatchString(p) || path.Clean(p) != p {
		return &ValidationError{field, p, "must be an absolute clean path of letters, digits and ._+@%=:,/-"}
	}
	return nil
}
