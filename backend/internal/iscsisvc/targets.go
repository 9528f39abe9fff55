package iscsisvc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/store"
)

// Targets lists the desired targets, secrets left out.
func (s *Service) Targets() ([]api.ISCSITarget, error) {
	ts, err := s.o.Store.ListISCSITargets()
	for i := range ts {
		ts[i] = public(ts[i])
	}
	return ts, err
}

// Target returns one desired target, secrets left out.
func (s *Service) Target(name string) (api.ISCSITarget, error) {
	t, err := s.stored(name)
	return public(t), err
}

func (s *Service) stored(name string) (api.ISCSITarget, error) {
	if err := ValidName(name); err != nil {
		return api.ISCSITarget{}, err
	}
	t, err := s.o.Store.GetISCSITarget(name)
	if errors.Is(err, store.ErrNotFound) {
		return t, &api.Error{Kind: api.KindNotFound, Message: "no iSCSI target " + name}
	}
	return t, err
}

// CreateTarget stores a new target in the desired state (nothing changes
// in SCST until an apply).
func (s *Service) CreateTarget(ctx context.Context, t api.ISCSITarget) (api.ISCSITarget, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.save(ctx, normalize(t, api.ISCSITarget{}), true)
}

// save checks and stores t, and answers it as the API shows it.
func (s *Service) save(ctx context.Context, t api.ISCSITarget, create bool) (api.ISCSITarget, error) {
	if err := s.check(ctx, t); err != nil {
		return api.ISCSITarget{}, err
	}
	if err := s.o.Store.PutISCSITarget(t, create); errors.Is(err, store.ErrExists) {
		return api.ISCSITarget{}, &api.Error{Kind: api.KindConflict, Field: "name", Message: "an iSCSI target " + t.Name + " exists already"}
	} else if err != nil {
		return api.ISCSITarget{}, err
	}
	return public(t), nil
}

// UpdateTarget replaces a target's desired state. CHAP users named
// without a secret keep theirs; LUNs are changed through AddLUN and
// RemoveLUN, so the LUNs t carries are ignored.
func (s *Service) UpdateTarget(ctx context.Context, name string, t api.ISCSITarget) (api.ISCSITarget, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.stored(name)
	if err != nil {
		return api.ISCSITarget{}, err
	}
	if t.Name != name {
		return api.ISCSITarget{}, bad("name", "cannot change (%q): create the new target and remove this one", t.Name)
	}
	t.LUNs = old.LUNs
	return s.save(ctx, normalize(t, old), false)
}

// DeleteTarget removes a target from the desired state, its name typed to
// confirm. SCST keeps running it until the next apply, whose plan shows
// its removal and the sessions that drop.
func (s *Service) DeleteTarget(name, confirm string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.stored(name)
	if err != nil {
		return err
	}
	if confirm != name {
		return bad("confirm", "must be the target's name, %s: removing it removes its %d LUNs from the desired state", name, len(t.LUNs))
	}
	return s.o.Store.DeleteISCSITarget(name)
}

// AddLUN adds a LUN to a target's desired state.
func (s *Service) AddLUN(ctx context.Context, name string, l api.ISCSILUN) (api.ISCSITarget, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.stored(name)
	if err != nil {
		return api.ISCSITarget{}, err
	}
	if slices.ContainsFunc(t.LUNs, func(x api.ISCSILUN) bool { return x.LUN == l.LUN }) {
		return api.ISCSITarget{}, &api.Error{Kind: api.KindConflict, Field: "lun", Message: fmt.Sprintf("%s has a LUN %d already", name, l.LUN)}
	}
	if err := validateLUN("", l); err != nil {
		return api.ISCSITarget{}, err
	}
	t.LUNs = append(t.LUNs, l)
	return s.save(ctx, normalize(t, t), false)
}

// RemoveLUN removes a LUN from a target's desired state, its number typed
// to confirm.
func (s *Service) RemoveLUN(name string, lun uint32, confirm string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.stored(name)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(t.LUNs, func(x api.ISCSILUN) bool { return x.LUN == lun })
	if i < 0 {
		return &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("%s has no LUN %d", name, lun)}
	}
	if confirm != strconv.FormatUint(uint64(lun), 10) {
		return bad("confirm", "must be the LUN's number, %d: initiators lose what it holds (%s) at the next apply", lun, backingText(t.LUNs[i]))
	}
	t.LUNs = slices.Delete(t.LUNs, i, i+1)
	return s.o.Store.PutISCSITarget(t, false)
}

// check validates t and, for a LUN on a repository, that its file exists
// inside the repository.
func (s *Service) check(ctx context.Context, t api.ISCSITarget) error {
	if err := validate(t); err != nil {
		return err
	}
	for i, l := range t.LUNs {
		if l.Repository != "" {
			if _, err := s.repositoryFile(ctx, l); err != nil {
				return bad("luns["+strconv.Itoa(i)+"].file", "%v", err)
			}
		}
	}
	return nil
}

// repositoryFile resolves a file-backed LUN: the file must be a regular
// file, and no symlink may lead it out of the repository.
func (s *Service) repositoryFile(ctx context.Context, l api.ISCSILUN) (string, error) {
	if s.o.Repositories == nil {
		return "", errors.New("repositories are not available in this bamsd")
	}
	mnt, err := s.o.Repositories.Mountpoint(ctx, l.Repository)
	if err != nil {
		return "", fmt.Errorf("repository %s: %w", l.Repository, err)
	}
	mnt = filepath.Clean(mnt)
	p := filepath.Join(mnt, filepath.FromSlash(l.File))
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", fmt.Errorf("%s is not on repository %s: %w", l.File, l.Repository, err)
	}
	realMnt, err := filepath.EvalSymlinks(mnt)
	if err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(realMnt, real); err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return "", fmt.Errorf("%s leads out of repository %s", l.File, l.Repository)
	}
	if fi, err := os.Stat(real); err != nil || !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s on repository %s is not a regular file", l.File, l.Repository)
	}
	return real, nil
}

// normalize sorts t's lists, fills defaults and device names, and keeps
// the secrets of CHAP users that old has and t names without one.
func normalize(t, old api.ISCSITarget) api.ISCSITarget {
	for i := range t.Portals {
		if t.Portals[i].Port == 0 {
			t.Portals[i].Port = 3260
		}
	}
	slices.SortFunc(t.Portals, func(a, b api.ISCSIPortal) int { return strings.Compare(a.Address, b.Address) })
	slices.Sort(t.Initiators)
	keep := func(u api.ISCSICHAPUser, was *api.ISCSICHAPUser) api.ISCSICHAPUser {
		if u.Secret == "" && was != nil && was.User == u.User {
			u.Secret = was.Secret
		}
		u.SecretSet = u.Secret != ""
		return u
	}
	for i, u := range t.CHAP.Incoming {
		j := slices.IndexFunc(old.CHAP.Incoming, func(x api.ISCSICHAPUser) bool { return x.User == u.User })
		var was *api.ISCSICHAPUser
		if j >= 0 {
			was = &old.CHAP.Incoming[j]
		}
		t.CHAP.Incoming[i] = keep(u, was)
	}
	slices.SortFunc(t.CHAP.Incoming, func(a, b api.ISCSICHAPUser) int { return strings.Compare(a.User, b.User) })
	if t.CHAP.Outgoing != nil {
		o := keep(*t.CHAP.Outgoing, old.CHAP.Outgoing)
		t.CHAP.Outgoing = &o
	}
	for i := range t.LUNs {
		t.LUNs[i].Device = deviceName(t.Name, t.LUNs[i].LUN)
	}
	slices.SortFunc(t.LUNs, func(a, b api.ISCSILUN) int { return int(a.LUN) - int(b.LUN) })
	if t.Portals == nil {
		t.Portals = []api.ISCSIPortal{}
	}
	if t.Initiators == nil {
		t.Initiators = []string{}
	}
	if t.CHAP.Incoming == nil {
		t.CHAP.Incoming = []api.ISCSICHAPUser{}
	}
	if t.LUNs == nil {
		t.LUNs = []api.ISCSILUN{}
	}
	return t
}

// public is t as answers show it: whether each secret is set, never the
// secret. Every target leaving this package goes through it.
func public(t api.ISCSITarget) api.ISCSITarget {
	t.CHAP.Incoming = slices.Clone(t.CHAP.Incoming)
	for i := range t.CHAP.Incoming {
		t.CHAP.Incoming[i].SecretSet = t.CHAP.Incoming[i].Secret != ""
		t.CHAP.Incoming[i].Secret = ""
	}
	if t.CHAP.Outgoing != nil {
		o := *t.CHAP.Outgoing
		o.SecretSet, o.Secret = o.Secret != "", ""
		t.CHAP.Outgoing = &o
	}
	return t
}

// deviceName is the SCST device of a target's LUN: stable, unique, and
// within SCST's name rules whatever the target's name is.
func deviceName(target string, lun uint32) string {
	h := sha256.Sum256([]byte(target))
	return "bams_" + hex.EncodeToString(h[:5]) + "_" + strconv.FormatUint(uint64(lun), 10)
}

func backingText(l api.ISCSILUN) string {
	if l.Object != nil {
		return l.Object.Kind + " " + l.Object.Name
	}
	return "file " + l.File + " on repository " + l.Repository
}
