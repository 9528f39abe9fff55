package iscsisvc

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/scst"
)

// StorageUses reports what each LUN of the desired state stands on: its
// ZFS volume or LV, or its repository. Storage refuses to delete any of
// them while the LUN exists.
func (s *Service) StorageUses(ctx context.Context) ([]api.StorageUse, error) {
	targets, err := s.o.Store.ListISCSITargets()
	if err != nil {
		return nil, err
	}
	uses := []api.StorageUse{}
	for _, t := range targets {
		for _, l := range t.LUNs {
			u := api.StorageUse{User: api.StorageUser{Kind: api.UserISCSILUN, ID: t.Name + "/" + strconv.FormatUint(uint64(l.LUN), 10),
				Name: fmt.Sprintf("LUN %d of iSCSI target %s", l.LUN, t.Name)}}
			if l.Object != nil {
				o := *l.Object
				u.Object = &o
			} else {
				u.Repository = l.Repository
			}
			uses = append(uses, u)
		}
	}
	return uses, nil
}

// Drift alert classes.
const (
	ClassDrift = "iscsi-drift" // SCST runs something else than the desired state
)

// maxNamed changes are named in a drift alert's text; the plan lists all.
const maxNamed = 3

// AlertConditions compares what SCST runs with the desired state: one
// condition per target that differs (subject iscsi-target/<name>), and
// one for differences outside any desired target (subject scst/running),
// each naming the differences. Nothing is checked while no target is
// desired.
func (s *Service) AlertConditions(ctx context.Context) ([]api.AlertCondition, error) {
	s.mu.Lock()
	targets, err := s.o.Store.ListISCSITargets()
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if len(targets) == 0 {
		s.mu.Unlock()
		return []api.AlertCondition{}, nil
	}
	desired, err := s.desired(ctx, targets)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	tx, err := s.transaction()
	if err != nil {
		return nil, err
	}
	p, err := tx.Drift(ctx, desired)
	if err != nil {
		return nil, err
	}
	return driftConditions(p, desired), nil
}

// driftConditions groups a drift plan by the desired target each change
// belongs to (its path, or the device of one of its LUNs).
func driftConditions(p scst.Plan, desired scst.Config) []api.AlertCondition {
	owner := map[string]string{} // device → target
	for _, d := range desired.Drivers {
		for _, t := range d.Targets {
			for _, dev := range devicesOf(t) {
				owner[dev] = t.Name
			}
		}
	}
	var order []string
	byTarget := map[string][]scst.Change{}
	for _, c := range p.Changes {
		subject := "scst/running"
		if t := targetOf(c, owner); t != "" {
			subject = "iscsi-target/" + t
		}
		if _, ok := byTarget[subject]; !ok {
			order = append(order, subject)
		}
		byTarget[subject] = append(byTarget[subject], c)
	}
	out := []api.AlertCondition{}
	for _, subject := range order {
		cs := byTarget[subject]
		var named []string
		for i, c := range cs {
			if i == maxNamed {
				named = append(named, fmt.Sprintf("and %d more", len(cs)-maxNamed))
				break
			}
			named = append(named, c.String())
		}
		what := "SCST's running configuration"
		if t, ok := strings.CutPrefix(subject, "iscsi-target/"); ok {
			what = "iSCSI target " + t
		}
		out = append(out, api.AlertCondition{Class: ClassDrift, Subject: subject, Level: api.AlertWarning,
			Text: what + " differs from the desired state (an apply would " + strings.Join(named, "; ") + ")"})
	}
	return out
}

// targetOf is the iSCSI target a change is about, "" when none.
func targetOf(c scst.Change, owner map[string]string) string {
	if c.Path == scst.ISCSI && c.Object == "target" {
		return c.Name
	}
	if rest, ok := strings.CutPrefix(c.Path, scst.ISCSI+"/"); ok {
		t, _, _ := strings.Cut(rest, "/")
		return t
	}
	if c.Object == "device" {
		return owner[c.Name]
	}
	// A device attribute: its path is handler/device.
	if _, dev, ok := strings.Cut(c.Path, "/"); ok {
		return owner[dev]
	}
	return ""
}

// Maintain checks for drift every DriftInterval until ctx ends, and logs
// when it appears and when it is gone; the alert engine raises the alerts
// from AlertConditions.
func (s *Service) Maintain(ctx context.Context) {
	tick := time.NewTicker(s.o.DriftInterval)
	defer tick.Stop()
	drifting := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		conds, err := s.AlertConditions(ctx)
		switch {
		case err != nil:
			s.o.Log.Debug("iscsi drift check", "err", err)
		case len(conds) > 0 && !drifting:
			for _, c := range conds {
				s.o.Log.Warn("iscsi drift", "subject", c.Subject, "text", c.Text)
			}
		case len(conds) == 0 && drifting:
			s.o.Log.Info("iscsi drift gone: SCST runs the desired state")
		}
		if err == nil {
			drifting = len(conds) > 0
		}
	}
}
