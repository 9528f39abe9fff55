package pullbackup

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/ssh"
)

// sshOptions is how bamsd reaches h: its own key and known_hosts, the
// host's name as the key alias.
func (s *Service) sshOptions(h api.Host) ssh.Options {
	return ssh.Options{Host: h.Name, Address: h.Address, Port: h.Port, User: h.User,
		KeyFile: s.sshKey, KnownHostsFile: s.knownHosts()}
}

// PublicKey returns bamsd's SSH public key, generating the pair on first use.
func (s *Service) PublicKey(ctx context.Context) (api.SSHKey, error) {
	pub, err := ssh.EnsureKey(ctx, s.runner, s.sshKey)
	if err != nil {
		return api.SSHKey{}, err
	}
	return api.SSHKey{PublicKey: pub, Fingerprint: fingerprint(pub)}, nil
}

// fingerprint is OpenSSH's SHA256 fingerprint of an authorized_keys line.
func fingerprint(pub string) string {
	f := strings.Fields(pub)
	if len(f) < 2 {
		return ""
	}
	blob, err := base64.StdEncoding.DecodeString(f[1])
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(blob)
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// TestHost scans the host's keys and, when one is accepted, tries to log
// in with bamsd's key, so an admin sees both what to accept and whether
// the public key is installed.
func (s *Service) TestHost(ctx context.Context, name string) (api.HostKeyScan, error) {
	h, err := s.Host(name)
	if err != nil {
		return api.HostKeyScan{}, err
	}
	res := api.HostKeyScan{Keys: []api.HostKey{}, Accepted: h.HostKey}
	keys, err := ssh.Scan(ctx, s.runner, h.Name, h.Address, h.Port)
	if err != nil {
		res.Error = err.Error()
		res.Login = "not tried: the host's keys could not be read"
		return res, nil
	}
	for _, k := range keys {
		res.Keys = append(res.Keys, api.HostKey{Type: k.Type, Fingerprint: k.Fingerprint})
		res.Matches = res.Matches || k.Fingerprint == h.HostKey
	}
	switch {
	case h.HostKey == "":
		res.Login = "not tried: accept the host key first"
	case !res.Matches:
		res.Login = "not tried: the host no longer offers the accepted key"
	default:
		if _, err := s.PublicKey(ctx); err != nil {
			return res, err
		}
		if _, err := ssh.Run(ctx, s.runner, s.sshOptions(h), "true"); err != nil {
			res.Login = err.Error()
		} else {
			res.Login = "ok"
		}
	}
	return res, nil
}

// AcceptHostKey trusts the key with the fingerprint an admin was shown,
// after scanning the host again: a key is never accepted on the strength
// of an old answer.
func (s *Service) AcceptHostKey(ctx context.Context, name, fp string) (api.Host, error) {
	h, err := s.Host(name)
	if err != nil {
		return api.Host{}, err
	}
	lock, err := s.locks.acquire(name, "accepting its host key")
	if err != nil {
		return api.Host{}, err
	}
	defer lock.release()
	key, err := ssh.Accept(ctx, s.runner, s.sshOptions(h), fp)
	var mismatch *ssh.FingerprintMismatchError
	var invalidFP *ssh.ValidationError
	switch {
	case errors.As(err, &mismatch):
		return api.Host{}, &api.Error{Kind: api.KindConflict, Field: "fingerprint", Message: mismatch.Error()}
	case errors.As(err, &invalidFP):
		return api.Host{}, &api.Error{Kind: api.KindBadRequest, Field: invalidFP.Field, Message: invalidFP.Error()}
	case err != nil:
		return api.Host{}, fmt.Errorf("accepting the host key of %s: %w", name, err)
	}
	h.HostKey = key.Fingerprint
	return h, s.store.UpdateHost(h)
}
