package iscsisvc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/scst"
)

// Plan says what an apply would change in SCST now: of every target
// (target ""), or of one. The plan of everything is also the drift.
func (s *Service) Plan(ctx context.Context, target string) (api.ISCSIPlan, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.transaction()
	if err != nil {
		return api.ISCSIPlan{}, err
	}
	running, err := s.running(ctx, tx)
	if err != nil {
		return api.ISCSIPlan{}, err
	}
	desired, err := s.desiredFor(ctx, running, target)
	if err != nil {
		return api.ISCSIPlan{}, err
	}
	return s.apiPlan(target, scst.Diff(running, desired), s.sessionsOrNil()), nil
}

// Apply makes SCST run the desired state (of every target, or of one) as
// one transaction (scst.Transaction): check the rendered file, save the
// running configuration, plan, apply (-force only when the plan removes
// something), verify, and on any failure apply the saved configuration
// again. It is refused when the plan is not the one the admin reviewed
// (req.PlanToken), or drops sessions the admin did not confirm. Only after
// success does scst.conf become the new configuration (atomic rename,
// 0600). The plan is returned with the error too, for the audit.
func (s *Service) Apply(ctx context.Context, target string, req api.ISCSIApply) (api.ISCSIApplyResult, api.ISCSIPlan, error) {
	if !s.applying.TryLock() {
		return api.ISCSIApplyResult{}, api.ISCSIPlan{}, &api.Error{Kind: api.KindBusy, Message: "another iSCSI apply is running"}
	}
	defer s.applying.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if req.PlanToken == "" {
		return api.ISCSIApplyResult{}, api.ISCSIPlan{}, bad("plan_token", "is required: apply what a plan showed (GET the plan first)")
	}
	// A client that goes away must not stop an apply half-way: the
	// transaction runs to its end or its rollback (bounded by the tool
	// timeout).
	ctx = context.WithoutCancel(ctx)
	tx, err := s.transaction()
	if err != nil {
		return api.ISCSIApplyResult{}, api.ISCSIPlan{}, err
	}
	running, err := s.running(ctx, tx)
	if err != nil {
		return api.ISCSIApplyResult{}, api.ISCSIPlan{}, err
	}
	desired, err := s.desiredFor(ctx, running, target)
	if err != nil {
		return api.ISCSIApplyResult{}, api.ISCSIPlan{}, err
	}
	var shown api.ISCSIPlan
	tx.Confirm = func(p scst.Plan) error {
		// The plan from the transaction's own save of the running
		// configuration: what is really applied.
		shown = s.apiPlan(target, p, nil)
		if shown.Token != req.PlanToken {
			return errors.New("the plan changed since it was shown (SCST or the desired state changed): review the new plan")
		}
		if len(p.RemovedTargets)+len(p.RemovedLUNs) == 0 {
			return nil
		}
		sessions, err := s.Sessions()
		if err != nil && !req.DropSessions {
			return fmt.Errorf("the plan removes LUNs or targets, and the sessions cannot be read to see whether any use them (%v): confirm with drop_sessions", err)
		}
		shown.Drops = drops(p, sessions)
		if len(shown.Drops) > 0 && !req.DropSessions {
			return fmt.Errorf("the plan ends or interrupts %d sessions (%s): confirm with drop_sessions", len(shown.Drops), sessionNames(shown.Drops))
		}
		return nil
	}
	applied, err := tx.Apply(ctx, desired)
	if err != nil {
		err = s.scrub(err, running.Secrets())
		var ae *scst.ApplyError
		if errors.As(err, &ae) && ae.Step != scst.StepValidate && ae.Step != scst.StepConfirm {
			s.o.Log.Error("iscsi apply failed", "target", target, "step", ae.Step, "rolled_back", ae.RolledBack, "err", err)
		}
		return api.ISCSIApplyResult{}, shown, err
	}
	if err := scst.AtomicWrite(s.o.ConfigFile, applied.Config, 0o600); err != nil {
		return api.ISCSIApplyResult{}, shown, fmt.Errorf("SCST runs the new configuration, but writing %s failed (the next boot loads the old one): %w", s.o.ConfigFile, err)
	}
	s.o.Log.Info("iscsi apply done", "target", target, "changes", len(shown.Changes), "force", shown.Force)
	res := api.ISCSIApplyResult{Plan: shown, Changes: applied.Apply.Changes, Warnings: applied.Check.Warnings, ConfigFile: s.o.ConfigFile}
	if res.Warnings == nil {
		res.Warnings = []string{}
	}
	return res, shown, nil
}

// desiredFor is the configuration to apply: every stored target, or
// running with one target replaced.
func (s *Service) desiredFor(ctx context.Context, running scst.Config, target string) (scst.Config, error) {
	if target == "" {
		targets, err := s.o.Store.ListISCSITargets()
		if err != nil {
			return scst.Config{}, err
		}
		return s.desired(ctx, targets)
	}
	if err := ValidName(target); err != nil {
		return scst.Config{}, err
	}
	t, err := s.stored(target)
	var ae *api.Error
	switch {
	case errors.As(err, &ae) && ae.Kind == api.KindNotFound:
		// Deleted from the desired state: the apply removes it, if SCST
		// still runs it.
		if !runs(running, target) {
			return scst.Config{}, err
		}
		return s.scoped(ctx, running, target, nil)
	case err != nil:
		return scst.Config{}, err
	}
	return s.scoped(ctx, running, target, &t)
}

// running is what SCST runs. scstadmin's words reach the API and the
// audit: any stored secret it echoed is scrubbed first.
func (s *Service) running(ctx context.Context, tx scst.Transaction) (scst.Config, error) {
	c, _, err := tx.Running(ctx)
	return c, s.scrub(err, nil)
}

// scrub removes from err every stored secret and those of running (the
// configuration read before an apply: a failed save inside the
// transaction cannot know them).
func (s *Service) scrub(err error, running []string) error {
	if err == nil {
		return nil
	}
	secrets := running
	targets, _ := s.o.Store.ListISCSITargets()
	for _, t := range targets {
		for _, u := range t.CHAP.Incoming {
			secrets = append(secrets, u.Secret)
		}
		if t.CHAP.Outgoing != nil {
			secrets = append(secrets, t.CHAP.Outgoing.Secret)
		}
	}
	return scst.RedactError(err, secrets)
}

func runs(c scst.Config, target string) bool {
	for _, d := range c.Drivers {
		if d.Name == scst.ISCSI && slices.ContainsFunc(d.Targets, func(t scst.Target) bool { return t.Name == target }) {
			return true
		}
	}
	return false
}

func (s *Service) transaction() (scst.Transaction, error) {
	if err := os.MkdirAll(s.o.WorkDir, 0o700); err != nil {
		return scst.Transaction{}, err
	}
	// MkdirAll keeps an existing folder's mode: make sure it is private.
	if err := os.Chmod(s.o.WorkDir, 0o700); err != nil {
		return scst.Transaction{}, err
	}
	return scst.Transaction{Admin: s.o.Admin, Dir: s.o.WorkDir}, nil
}

// apiPlan is p as the API shows it, with the sessions it drops and its
// token: a digest of the target and the changes, so an apply can tell
// that it applies what was shown.
func (s *Service) apiPlan(target string, p scst.Plan, sessions []api.ISCSISession) api.ISCSIPlan {
	out := api.ISCSIPlan{Target: target, Changes: []api.ISCSIChange{}, Force: p.RemovesSomething(), Drops: drops(p, sessions)}
	for _, c := range p.Changes {
		out.Changes = append(out.Changes, api.ISCSIChange{Action: string(c.Action), Object: c.Object, Path: c.Path, Name: c.Name,
			From: c.From, To: c.To, NeedsForce: c.NeedsForce, Text: c.String()})
	}
	b, _ := json.Marshal(struct {
		Target  string
		Changes []api.ISCSIChange
	}{target, out.Changes})
	sum := sha256.Sum256(b)
	out.Token = hex.EncodeToString(sum[:16])
	return out
}

// drops are the sessions on a target the plan removes or disables, or
// that see a LUN the plan removes or interrupts.
func drops(p scst.Plan, sessions []api.ISCSISession) []api.ISCSISession {
	out := []api.ISCSISession{}
	for _, se := range sessions {
		hit := slices.ContainsFunc(p.RemovedTargets, func(r scst.TargetRef) bool { return r.Driver == scst.ISCSI && r.Target == se.Target })
		hit = hit || slices.ContainsFunc(p.RemovedLUNs, func(r scst.LUNRef) bool {
			return r.Driver == scst.ISCSI && r.Target == se.Target && r.Group == se.Group && slices.Contains(se.LUNs, r.LUN)
		})
		if hit {
			out = append(out, se)
		}
	}
	return out
}

func sessionNames(ss []api.ISCSISession) string {
	var names []string
	for i, se := range ss {
		if i == 5 {
			names = append(names, fmt.Sprintf("and %d more", len(ss)-5))
			break
		}
		names = append(names, se.Initiator+" on "+se.Target)
	}
	return strings.Join(names, ", ")
}
