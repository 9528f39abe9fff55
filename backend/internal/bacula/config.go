// Package bacula drives Bacula's bconsole: a long-lived Session for BAMS's
// own queries, a one-shot Run for `.api 2` status calls, typed errors read
// from the director's text, and pure parsers for what the commands print
// (list/llist jobs, volumes, pools, clients, jobtotals, files, joblog, the
// dot-commands, `.api 2` status, version), tested on recorded Bacula 9.6.7
// output in testdata/ and tolerant of Bareos's lower-case column names.
//
// What the recipe (shared/recipes/bacula) found, and this package honours:
// bconsole exits 0 whatever the director says, so errors come from the
// text; a command may stop at a sub-prompt, which is answered with "."; in
// `.api 2` mode replies arrive one command late, so `.api 2` is only sent
// in a fresh one-shot process; `bconsole -u` drops commands silently, so
// timeouts are ours; `messages` empties the director's queue, so nothing
// here sends it; and a director that cannot be reached makes bconsole retry
// for 15 s without a word, so a local director's port is checked first.
package bacula

import (
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config says which bconsole to run and how long to wait for it. bamsd
// fills it from its own configuration; the zero value means the defaults.
type Config struct {
	// Bconsole is a name looked up in the execx.Runner's Path, or an
	// absolute path. Default "bconsole".
	Bconsole string
	// ConfigFile is the bconsole.conf naming the director and its
	// console password. Default /etc/bacula/bconsole.conf.
	ConfigFile string
	// CommandTimeout bounds one command (default 30 s). On expiry the
	// session is killed, since the director may still be answering, and
	// the next command starts a new one.
	CommandTimeout time.Duration
	// ConnectTimeout bounds the wait for the director's greeting (default
	// 10 s). bconsole itself retries for 15 s before giving up silently.
	ConnectTimeout time.Duration
	// MaxReply bounds one reply kept in memory (default 16 MiB); the rest
	// is read and dropped, and the command fails with OutputTooLarge.
	MaxReply int
}

const (
	defaultBconsole       = "bconsole"
	defaultConfigFile     = "/etc/bacula/bconsole.conf"
	defaultCommandTimeout = 30 * time.Second
	defaultConnectTimeout = 10 * time.Second
	defaultMaxReply       = 16 << 20
	defaultDirectorPort   = 9101
)

func (c Config) withDefaults() Config {
	if c.Bconsole == "" {
		c.Bconsole = defaultBconsole
	}
	if c.ConfigFile == "" {
		c.ConfigFile = defaultConfigFile
	}
	if c.CommandTimeout <= 0 {
		c.CommandTimeout = defaultCommandTimeout
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = defaultConnectTimeout
	}
	if c.MaxReply <= 0 {
		c.MaxReply = defaultMaxReply
	}
	return c
}

// directorAddress reads the first Director resource of a bconsole.conf:
// its Address and DIRport (default 9101).
func directorAddress(conf string) (host string, port int) {
	port = defaultDirectorPort
	d := FirstResource(conf, "Director")
	if p, err := strconv.Atoi(d["dirport"]); err == nil {
		port = p
	}
	return d["address"], port
}

// localDirectorDown says why a director on this machine cannot answer, or
// "" when it may (it listens, it is remote, or the config is unreadable:
// then bconsole's own connect decides). It looks at /proc/net/tcp rather
// than connecting: a bare TCP connect makes the director log a
// "UA Hello ... is invalid" security alert into the console messages
// (recipe gotcha G6).
func localDirectorDown(configFile string) string {
	b, err := os.ReadFile(configFile)
	if err != nil {
		return ""
	}
	host, port := directorAddress(string(b))
	if !isLoopback(host) {
		return ""
	}
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		t, err := os.ReadFile(f)
		if err == nil && listeningPorts(string(t))[port] {
			return ""
		}
	}
	return "nothing listens on " + net.JoinHostPort(host, strconv.Itoa(port)) + " (is bacula-dir running?)"
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// listeningPorts reads /proc/net/tcp or tcp6: the local ports of sockets in
// state LISTEN (0A).
func listeningPorts(procNetTCP string) map[int]bool {
	ports := map[int]bool{}
	for _, line := range strings.Split(procNetTCP, "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || f[3] != "0A" {
			continue
		}
		_, hexPort, ok := strings.Cut(f[1], ":")
		if !ok {
			continue
		}
		if p, err := strconv.ParseUint(hexPort, 16, 16); err == nil {
			ports[int(p)] = true
		}
	}
	return ports
}
