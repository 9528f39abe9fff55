// Package ssh runs OpenSSH for bamsd: the one way bamsd connects to a host
// (for rsync's -e and for a host's before/after commands), bamsd's own key
// pair, host-key scanning and fingerprints, bamsd's own known_hosts file
// keyed by the BAMS host name, and ssh's stderr turned into typed errors
// ("host key of web1 changed") instead of a dump.
//
// It knows OpenSSH and the exec wrapper only; the tools come in as an
// *execx.Runner.
package ssh

import (
	"strconv"
	"strings"
	"time"
)

// Defaults for a zero Options field.
const (
	DefaultPort = 22
	// DefaultConnectTimeout bounds the TCP connect and the banner exchange;
	// a dead host fails in seconds instead of the kernel's two minutes.
	DefaultConnectTimeout = 10 * time.Second
)

// Options is how bamsd reaches one host.
type Options struct {
	Host           string // BAMS host name: the HostKeyAlias, so known_hosts is keyed by it, not by the address
	Address        string // DNS name or IP address to connect to
	Port           int    // 0: DefaultPort
	User           string // remote login
	KeyFile        string // bamsd's private key, or with Agent its public key
	KnownHostsFile string // bamsd's own known_hosts
	// Agent, when set, is the socket of bamsd's Agent: ssh signs through
	// it, and KeyFile names the public key whose private half to use, so
	// a confined ssh never needs to read the private key.
	Agent          string
	ConnectTimeout time.Duration // 0: DefaultConnectTimeout
}

// Validate checks every field that reaches a command line; the error is a
// *ValidationError naming the field.
func (o Options) Validate() error {
	if err := ValidHostName("host", o.Host); err != nil {
		return err
	}
	if err := ValidAddress("address", o.Address); err != nil {
		return err
	}
	if err := ValidPort("port", o.port()); err != nil {
		return err
	}
	if err := ValidUser("user", o.User); err != nil {
		return err
	}
	if err := validFile("key_file", o.KeyFile); err != nil {
		return err
	}
	if err := validFile("known_hosts_file", o.KnownHostsFile); err != nil {
		return err
	}
	if o.Agent != "" {
		if err := validFile("agent", o.Agent); err != nil {
			return err
		}
	}
	if o.ConnectTimeout < 0 || (o.ConnectTimeout > 0 && o.ConnectTimeout < time.Second) {
		return &ValidationError{"connect_timeout", o.ConnectTimeout.String(), "must be at least one second"}
	}
	return nil
}

func (o Options) port() int {
	if o.Port == 0 {
		return DefaultPort
	}
	return o.Port
}

// Args is ssh's options, without the program name and the destination:
//
//	-F /dev/null: no system or user ssh_config can change what bamsd does;
//	BatchMode=yes: never prompt (there is no one to answer);
//	UserKnownHostsFile, GlobalKnownHostsFile=/dev/null: only host keys an
//	  admin accepted in BAMS count, not /etc/ssh/ssh_known_hosts;
//	StrictHostKeyChecking=yes: an unknown or changed key fails the
//	  connection, it is never added silently;
//	HostKeyAlias=<host>: keys are looked up by the BAMS host name, so a
//	  changed address keeps its accepted key, and known_hosts needs no port;
//	IdentitiesOnly=yes with -i: bamsd's key only, never another agent's
//	  (IdentityAgent=none, or bamsd's own Agent for a confined ssh);
//	ConnectTimeout: a dead host fails fast.
func (o Options) Args() ([]string, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	timeout := o.ConnectTimeout
	if timeout == 0 {
		timeout = DefaultConnectTimeout
	}
	agentSocket := "none"
	if o.Agent != "" {
		agentSocket = o.Agent
	}
	return []string{
		"-F", "/dev/null",
		"-o", "BatchMode=yes",
		"-o", "UserKnownHostsFile=" + o.KnownHostsFile,
		"-o", "GlobalKnownHostsFile=/dev/null",
		"-o", "StrictHostKeyChecking=yes",
		"-o", "HostKeyAlias=" + o.Host,
		"-o", "IdentitiesOnly=yes",
		"-o", "IdentityAgent=" + agentSocket,
		"-o", "ConnectTimeout=" + strconv.Itoa(int(timeout/time.Second)),
		"-i", o.KeyFile,
		"-p", strconv.Itoa(o.port()),
	}, nil
}

// RsyncShell is the same command as one string for rsync's -e. rsync
// splits it on whitespace itself (no shell runs it); Validate guarantees no
// element holds whitespace, quotes or backslashes, so the split gives back
// exactly Args.
func (o Options) RsyncShell() (string, error) {
	args, err := o.Args()
	if err != nil {
		return "", err
	}
	return "ssh " + strings.Join(args, " "), nil
}
