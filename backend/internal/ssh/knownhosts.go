package ssh

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// KnownHostsFile is bamsd's own known_hosts. Its lines are
// "<host name> <type> <base64>": keyed by the BAMS host name, which ssh
// looks up through HostKeyAlias. Changes are atomic (a temporary file
// renamed over it) and serialized by an flock on "<file>.lock", so two
// accepts for different hosts never lose each other's lines.
type KnownHostsFile string

// Keys returns the keys accepted for host (Type and Key; Bits and
// Fingerprint are left empty: they need ssh-keygen).
func (f KnownHostsFile) Keys(host string) ([]HostKey, error) {
	if err := ValidHostName("host", host); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(string(f))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var keys []HostKey
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) >= 3 && fields[0] == host {
			keys = append(keys, HostKey{Type: fields[1], Key: fields[2]})
		}
	}
	return keys, sc.Err()
}

// Set replaces every line of host with keys.
func (f KnownHostsFile) Set(host string, keys []HostKey) error {
	if err := ValidHostName("host", host); err != nil {
		return err
	}
	var add strings.Builder
	for _, k := range keys {
		if keygenTypeName(k.Type) == "" || strings.ContainsAny(k.Key, " \t\r\n") || k.Key == "" {
			return fmt.Errorf("known_hosts: refusing a %q key for %s", k.Type, host)
		}
		fmt.Fprintf(&add, "%s %s %s\n", host, k.Type, k.Key)
	}
	return f.rewrite(host, add.String())
}

// Remove drops every line of host (a deleted host, or a key to forget).
func (f KnownHostsFile) Remove(host string) error {
	if err := ValidHostName("host", host); err != nil {
		return err
	}
	return f.rewrite(host, "")
}

// rewrite keeps every line not of host, appends add, and renames the
// result over the file.
func (f KnownHostsFile) rewrite(host, add string) error {
	path := string(f)
	if err := validFile("known_hosts_file", path); err != nil {
		return err
	}
	unlock, err := lockFile(path + ".lock")
	if err != nil {
		return err
	}
	defer unlock()

	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var out bytes.Buffer
	for _, line := range strings.SplitAfter(string(old), "\n") {
		if fields := strings.Fields(line); len(fields) > 0 && fields[0] == host {
			continue
		}
		out.WriteString(line)
	}
	if out.Len() > 0 && !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
		out.WriteByte('\n')
	}
	out.WriteString(add)
	return writeAtomic(path, out.Bytes())
}

// writeAtomic writes data beside path, syncs it, and renames it over path,
// so ssh reads either the old file or the new one, never half of one.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// lockFile takes an exclusive flock on path (created if needed). flock
// locks belong to the open file, so goroutines that each open it exclude
// one another as processes do.
func lockFile(path string) (func(), error) {
	l, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(l.Fd()), syscall.LOCK_EX); err != nil {
		l.Close()
		return nil, err
	}
	return func() { l.Close() }, nil
}
