package ssh

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bams/backend/internal/execx"
)

// scanTimeout is ssh-keyscan's own per-host limit (-T); scanLimit bounds
// the whole call.
const (
	scanTimeout = 5 * time.Second
	scanLimit   = 30 * time.Second
)

// scanTypes are the key types asked for, strongest first.
const scanTypes = "ed25519,ecdsa,rsa"

// fingerprintPattern is the only form of fingerprint accepted back from an
// admin: what ssh-keygen -E sha256 prints.
var fingerprintPattern = regexp.MustCompile(`^SHA256:[A-Za-z0-9+/]{43}$`)

// HostKey is one public key a host offers.
type HostKey struct {
	Type        string // "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"
	Key         string // base64 of the key blob, as in known_hosts
	Bits        int
	Fingerprint string // "SHA256:…", what the admin is shown and sends back
}

// Scan fetches the host keys address:port offers, with their fingerprints.
// ssh-keyscan says nothing about a refused or silent port (recorded in
// testdata/keyscan-refused.txt): no key is then a NoHostKey *Error.
func Scan(ctx context.Context, r *execx.Runner, host, address string, port int) ([]HostKey, error) {
	if err := ValidHostName("host", host); err != nil {
		return nil, err
	}
	if err := ValidAddress("address", address); err != nil {
		return nil, err
	}
	if port == 0 {
		port = DefaultPort
	}
	if err := ValidPort("port", port); err != nil {
		return nil, err
	}
	res, err := r.Run(ctx, execx.Cmd{Name: "ssh-keyscan", Timeout: scanLimit, Args: []string{
		"-T", strconv.Itoa(int(scanTimeout / time.Second)), "-p", strconv.Itoa(port), "-t", scanTypes, "--", address}})
	keys, perr := parseKeyscan(string(res.Stdout))
	if len(keys) == 0 {
		var ee *execx.ExitError
		if err != nil && !errors.As(err, &ee) {
			return nil, err // missing tool, cancelled
		}
		if se := Classify(host, string(res.Stderr)); se != nil {
			return nil, se
		}
		if perr != nil {
			return nil, perr
		}
		return nil, &Error{Kind: NoHostKey, Host: host, Detail: fmt.Sprintf("%s port %d", address, port), Stderr: string(res.Stderr)}
	}
	if err := fingerprint(ctx, r, keys); err != nil {
		return nil, err
	}
	return keys, nil
}

// fingerprint fills in Bits and Fingerprint with ssh-keygen -l, fed the
// keys as known_hosts lines on stdin (one output line per key, in order).
func fingerprint(ctx context.Context, r *execx.Runner, keys []HostKey) error {
	var in strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&in, "key %s %s\n", k.Type, k.Key)
	}
	res, err := r.Run(ctx, execx.Cmd{Name: "ssh-keygen", Args: []string{"-l", "-E", "sha256", "-f", "-"},
		Stdin: strings.NewReader(in.String())})
	if err != nil {
		return fmt.Errorf("fingerprinting host keys: %w", err)
	}
	fps, err := parseFingerprints(string(res.Stdout))
	if err != nil {
		return err
	}
	if len(fps) != len(keys) {
		return fmt.Errorf("ssh-keygen printed %d fingerprints for %d keys", len(fps), len(keys))
	}
	for i := range keys {
		if want := keygenTypeName(keys[i].Type); fps[i].typ != want {
			return fmt.Errorf("ssh-keygen fingerprint %d is of a %s key, want %s", i+1, fps[i].typ, want)
		}
		keys[i].Bits, keys[i].Fingerprint = fps[i].bits, fps[i].fingerprint
	}
	return nil
}

// parseKeyscan reads ssh-keyscan's stdout: "HOST TYPE BASE64" lines (HOST
// is "[addr]:port" off port 22). Its "# addr:port SSH-2.0-…" banners go to
// stderr, but comment lines are skipped here too.
func parseKeyscan(out string) ([]HostKey, error) {
	var keys []HostKey
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 || keygenTypeName(f[1]) == "" {
			return nil, fmt.Errorf("ssh-keyscan: unexpected line %q", line)
		}
		if _, err := base64.StdEncoding.DecodeString(f[2]); err != nil {
			return nil, fmt.Errorf("ssh-keyscan: key of type %s is not base64", f[1])
		}
		keys = append(keys, HostKey{Type: f[1], Key: f[2]})
	}
	return keys, sc.Err()
}

// keygenTypeName is how ssh-keygen -l names a key type, "" for a type
// bamsd does not take.
func keygenTypeName(keyType string) string {
	switch {
	case keyType == "ssh-ed25519":
		return "ED25519"
	case strings.HasPrefix(keyType, "ecdsa-sha2-nistp"):
		return "ECDSA"
	case keyType == "ssh-rsa":
		return "RSA"
	}
	return ""
}

type fingerprintLine struct {
	bits        int
	fingerprint string
	typ         string
}

// parseFingerprints reads ssh-keygen -l -E sha256 output, one key a line:
// "256 SHA256:xxx comment with spaces (ED25519)".
func parseFingerprints(out string) ([]fingerprintLine, error) {
	var fps []fingerprintLine
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		bits, rest, ok1 := strings.Cut(line, " ")
		fp, rest, ok2 := strings.Cut(rest, " ")
		open := strings.LastIndex(rest, " (")
		n, err := strconv.Atoi(bits)
		if !ok1 || !ok2 || err != nil || !fingerprintPattern.MatchString(fp) || open < 0 || !strings.HasSuffix(rest, ")") {
			return nil, fmt.Errorf("ssh-keygen -l: unexpected line %q", line)
		}
		fps = append(fps, fingerprintLine{bits: n, fingerprint: fp, typ: rest[open+2 : len(rest)-1]})
	}
	return fps, nil
}

// FingerprintMismatchError: the key an admin accepted is not among those
// the host offers now (the key changed since it was shown, or the wrong
// fingerprint was sent back). Nothing was written.
type FingerprintMismatchError struct {
	Host    string
	Want    string
	Offered []string
}

func (e *FingerprintMismatchError) Error() string {
	return fmt.Sprintf("%s does not offer the host key %s (it offers %s): test the host again and compare", e.Host, e.Want, strings.Join(e.Offered, ", "))
}

// Accept trusts the host key an admin was shown: it scans the host again
// and writes the key whose fingerprint matches into bamsd's known_hosts as
// the only key of o.Host, so a key seen earlier but changed since is never
// trusted on the strength of an old answer.
func Accept(ctx context.Context, r *execx.Runner, o Options, fingerprint string) (HostKey, error) {
	if err := o.Validate(); err != nil {
		return HostKey{}, err
	}
	if !fingerprintPattern.MatchString(fingerprint) {
		return HostKey{}, &ValidationError{"fingerprint", fingerprint, `must be "SHA256:" and 43 base64 characters, as shown`}
	}
	keys, err := Scan(ctx, r, o.Host, o.Address, o.Port)
	if err != nil {
		return HostKey{}, err
	}
	var offered []string
	for _, k := range keys {
		if k.Fingerprint == fingerprint {
			return k, KnownHostsFile(o.KnownHostsFile).Set(o.Host, []HostKey{k})
		}
		offered = append(offered, k.Fingerprint)
	}
	return HostKey{}, &FingerprintMismatchError{Host: o.Host, Want: fingerprint, Offered: offered}
}
