package pullbackup

import (
	"fmt"
	"net"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"bams/backend/api"
	"bams/backend/internal/rsync"
	"bams/backend/internal/ssh"
)

// Host names and users are checked by package ssh, the one definition of
// what may reach an ssh command line; the messages here speak the API's
// fields. Addresses stay checked with net.ParseIP: ssh's check also
// accepts zoned IPv6 addresses (fe80::1%eth0), untested with rsync here.
var dnsNamePattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$`)

// Limits on a host's settings.
const (
	maxPaths         = 64
	maxPatterns      = 256
	maxPatternLength = 512
	maxCommandLength = 4096
	maxIOTimeout     = 24 * 60 * 60
	defaultSSHPort   = 22
	defaultSSHUser   = "root"
	defaultIOTimeout = 600
)

// invalid is a validation error naming the field.
func invalid(field, format string, args ...any) error {
	return &api.Error{Kind: api.KindBadRequest, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ValidName checks a host name (it is also a folder and a HostKeyAlias).
func ValidName(name string) error {
	if ssh.ValidHostName("name", name) != nil {
		return invalid("name", "host name %q must be 1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	return nil
}

// normalize fills defaults and validates h; it returns the first problem
// as a bad-request error naming the field.
func normalize(h *api.Host) error {
	if err := ValidName(h.Name); err != nil {
		return err
	}
	if ip := net.ParseIP(h.Address); ip == nil && !dnsNamePattern.MatchString(h.Address) {
		return invalid("address", "address %q must be a DNS name or an IP address", h.Address)
	}
	if h.Port == 0 {
		h.Port = defaultSSHPort
	}
	if h.Port < 1 || h.Port > 65535 {
		return invalid("port", "port must be from 1 to 65535")
	}
	if h.User == "" {
		h.User = defaultSSHUser
	}
	if h.Repository == "" {
		h.Repository = api.DefaultRepo
	}
	if ssh.ValidUser("user", h.User) != nil {
		return invalid("user", "user %q is not a valid user name", h.User)
	}
	if len(h.Paths) == 0 || len(h.Paths) > maxPaths {
		return invalid("paths", "give 1 to %d source paths", maxPaths)
	}
	for i := range h.Paths {
		p := cleanSourcePath(h.Paths[i])
		if reason := rsync.CheckPath(p); reason != "" {
			return invalid("paths", "source path %s %s", short(p), reason)
		}
		h.Paths[i] = p
		// Each path is pulled on its own into <snapshot>/<path>: one inside
		// another would be pulled twice into the same place.
		for _, q := range h.Paths[:i] {
			if within(p, q) || within(q, p) {
				return invalid("paths", "source paths %s and %s overlap: give only the outer one", q, p)
			}
		}
	}
	for field, patterns := range map[string][]string{"include": h.Include, "exclude": h.Exclude} {
		if len(patterns) > maxPatterns {
			return invalid(field, "at most %d patterns", maxPatterns)
		}
		for _, p := range patterns {
			if p == "" || len(p) > maxPatternLength || strings.HasPrefix(p, "-") || strings.HasPrefix(p, "+") || hasControl(p) {
				return invalid(field, "pattern %s must be 1-%d printable characters, not starting with - or +", short(p), maxPatternLength)
			}
		}
	}
	if h.BandwidthKBps < 0 {
		return invalid("bandwidth_kbps", "bandwidth limit cannot be negative")
	}
	if h.IOTimeoutSeconds == 0 {
		h.IOTimeoutSeconds = defaultIOTimeout
	}
	if h.IOTimeoutSeconds < 1 || h.IOTimeoutSeconds > maxIOTimeout {
		return invalid("io_timeout_seconds", "I/O timeout must be from 1 to %d seconds", maxIOTimeout)
	}
	for field, cmd := range map[string]string{"pre_backup": h.PreBackup, "post_backup": h.PostBackup,
		"pre_restore": h.PreRestore, "post_restore": h.PostRestore} {
		if len(cmd) > maxCommandLength || strings.ContainsRune(cmd, 0) {
			return invalid(field, "command must be at most %d characters", maxCommandLength)
		}
	}
	return nil
}

// cleanSourcePath stores "/srv/www/" (and "/srv//www", "/srv/./www") as
// "/srv/www": the same folder, said as rsync and restores expect it. A path
// with ".." is left as typed, for CheckPath to refuse: on the host, ".."
// after a symlink is not what it looks like here.
func cleanSourcePath(p string) string {
	if !strings.HasPrefix(p, "/") || slices.Contains(strings.Split(p, "/"), "..") {
		return p
	}
	return path.Clean(p)
}

// short quotes a value for an error message, only its start when it is
// long: the caller recognises it, and a huge value never comes back whole.
func short(s string) string {
	if len(s) > 64 {
		return strconv.Quote(s[:64]) + "…"
	}
	return strconv.Quote(s)
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}
