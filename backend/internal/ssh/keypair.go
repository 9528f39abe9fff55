package ssh

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"bams/backend/internal/execx"
)

// EnsureKey makes bamsd's ed25519 key pair at keyFile on first use and
// returns the public key line (for the hosts' authorized_keys). The folder
// is made 0700 and the private key 0600. The pair is generated in a
// temporary folder beside it and renamed into place public key first, so
// a private key that exists always has its .pub, even after a crash.
func EnsureKey(ctx context.Context, r *execx.Runner, keyFile string) (string, error) {
	if err := validFile("key_file", keyFile); err != nil {
		return "", err
	}
	dir := filepath.Dir(keyFile)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", err
	}
	if _, err := os.Stat(keyFile); err == nil {
		if err := os.Chmod(keyFile, 0o600); err != nil {
			return "", err
		}
		return PublicKey(keyFile)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}

	tmp, err := os.MkdirTemp(dir, ".keygen-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	gen := filepath.Join(tmp, "key")
	if _, err := r.Run(ctx, execx.Cmd{Name: "ssh-keygen", Args: []string{
		"-t", "ed25519", "-N", "", "-C", "bams@" + host, "-f", gen, "-q"}}); err != nil {
		return "", fmt.Errorf("generating bamsd's SSH key: %w", err)
	}
	if err := os.Rename(gen+".pub", keyFile+".pub"); err != nil {
		return "", err
	}
	if err := os.Chmod(gen, 0o600); err != nil {
		return "", err
	}
	if err := os.Rename(gen, keyFile); err != nil {
		return "", err
	}
	return PublicKey(keyFile)
}

// PublicKey reads the public half of keyFile ("ssh-ed25519 AAAA… bams@host").
func PublicKey(keyFile string) (string, error) {
	b, err := os.ReadFile(keyFile + ".pub")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}
