package replication

import (
	"context"
	"errors"
	"fmt"

	"bams/backend/api"
	"bams/backend/internal/ssh"
)

// TestHost scans the target's keys and, once one is accepted, tries to
// log in with bamsd's key: the pull-backup hosts' flow, for a target.
func (s *Service) TestHost(ctx context.Context, name string) (api.HostKeyScan, error) {
	t, err := s.record(name)
	if err != nil {
		return api.HostKeyScan{}, err
	}
	o := s.sshOptions(t)
	res := api.HostKeyScan{Keys: []api.HostKey{}, Accepted: t.HostKey}
	keys, err := ssh.Scan(ctx, s.runner, o.Host, o.Address, o.Port)
	if err != nil {
		res.Error = err.Error()
		res.Login = "not tried: the target's keys could not be read"
		return res, nil
	}
	for _, k := range keys {
		res.Keys = append(res.Keys, api.HostKey{Type: k.Type, Fingerprint: k.Fingerprint})
		res.Matches = res.Matches || k.Fingerprint == t.HostKey
	}
	switch {
	case t.HostKey == "":
		res.Login = "not tried: accept the host key first"
	case !res.Matches:
		res.Login = "not tried: the target no longer offers the accepted key"
	default:
		if _, err := ssh.EnsureKey(ctx, s.runner, s.sshKey); err != nil {
			return res, err
		}
		if _, err := ssh.Run(ctx, s.runner, o, "true"); err != nil {
			res.Login = err.Error()
		} else {
			res.Login = "ok"
		}
	}
	return res, nil
}

// AcceptHostKey trusts the target key with the fingerprint an admin was
// shown, after scanning it again.
func (s *Service) AcceptHostKey(ctx context.Context, name, fp string) (api.ReplicationTask, error) {
	t, err := s.record(name)
	if err != nil {
		return api.ReplicationTask{}, err
	}
	key, err := ssh.Accept(ctx, s.runner, s.sshOptions(t), fp)
	var mismatch *ssh.FingerprintMismatchError
	var invalidFP *ssh.ValidationError
	switch {
	case errors.As(err, &mismatch):
		return api.ReplicationTask{}, &api.Error{Kind: api.KindConflict, Field: "fingerprint", Message: mismatch.Error()}
	case errors.As(err, &invalidFP):
		return api.ReplicationTask{}, &api.Error{Kind: api.KindBadRequest, Field: invalidFP.Field, Message: invalidFP.Error()}
	case err != nil:
		return api.ReplicationTask{}, fmt.Errorf("accepting the host key of %s's target: %w", name, err)
	}
	updated, err := s.store.UpdateReplication(name, func(rec *api.ReplicationTask) error {
		rec.HostKey = key.Fingerprint
		return nil
	})
	if err != nil {
		return api.ReplicationTask{}, err
	}
	return s.view(updated), nil
}
