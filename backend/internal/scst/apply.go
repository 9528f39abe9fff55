package scst

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Admin is the part of scstadmin a Transaction needs. Tool implements it
// with the real program; tests may use Tool on the fake.
type Admin interface {
	CheckConfig(ctx context.Context, file string) (CheckResult, error)
	WriteConfig(ctx context.Context, file string) error
	ApplyConfig(ctx context.Context, file string, force bool) (ApplyResult, error)
}

// Step names where an apply stopped.
type Step string

const (
	StepValidate Step = "validate"
	StepCheck    Step = "check"   // -check_config of the rendered file
	StepSave     Step = "save"    // -write_config of the running configuration
	StepConfirm  Step = "confirm" // the caller refused the plan
	StepApply    Step = "apply"   // -config
	StepVerify   Step = "verify"  // -write_config again, compared with the desired configuration
)

// ApplyError says what failed, and whether the running configuration was
// put back. Nothing in it holds a CHAP secret.
type ApplyError struct {
	Step Step
	Err  error
	Plan Plan // what was being applied
	// Remaining: at StepVerify, what still differs from the desired
	// configuration after scstadmin said it was done.
	Remaining Plan
	// RolledBack: the saved running configuration was applied again and
	// verified. When it was not, RollbackErr says why, and SCST runs a
	// configuration that is neither the old one nor the new one.
	RolledBack  bool
	RollbackErr error
}

func (e *ApplyError) Error() string {
	msg := fmt.Sprintf("scst apply failed at %s: %v", e.Step, e.Err)
	switch {
	case e.RollbackErr != nil:
		msg += fmt.Sprintf("; restoring the previous configuration failed too: %v", e.RollbackErr)
	case e.RolledBack:
		msg += "; the previous configuration was restored"
	}
	return msg
}

func (e *ApplyError) Unwrap() error { return e.Err }

// Applied is a successful apply.
type Applied struct {
	Plan  Plan
	Check CheckResult
	Apply ApplyResult
	// Config is the rendered desired configuration. Only now may the
	// caller make it /etc/scst.conf (AtomicWrite), so a failed apply never
	// leaves a file that the next boot would load.
	Config []byte
}

// Transaction applies a desired configuration as one step that either
// happens whole or is undone.
type Transaction struct {
	Admin Admin
	// Dir is a private folder (mode 0700, owned by bamsd) for the files
	// scstadmin reads and writes: they hold CHAP secrets, and scstadmin
	// creates its -write_config file with its own umask. Each apply uses a
	// fresh folder inside it and removes it.
	Dir string
	// Confirm, when set, sees the plan before anything changes and may
	// refuse it: the service refuses to drop LUNs or targets that have
	// sessions unless the admin said so.
	Confirm func(Plan) error
}

// Apply renders desired, checks it (-check_config), saves the running
// configuration (-write_config), plans, applies (-config -noprompt, with
// -force only when the plan removes something), and verifies by writing
// the running configuration again and requiring that it means desired.
// On a failure after the save, the saved configuration is applied again
// (with -force) and verified. An empty plan applies nothing.
func (t Transaction) Apply(ctx context.Context, desired Config) (Applied, error) {
	if err := desired.Validate(); err != nil {
		return Applied{}, &ApplyError{Step: StepValidate, Err: err}
	}
	secrets := desired.Secrets()
	dir, err := t.workDir()
	if err != nil {
		return Applied{}, &ApplyError{Step: StepCheck, Err: err}
	}
	defer os.RemoveAll(dir)

	rendered := Render(desired)
	desiredFile := filepath.Join(dir, "desired.conf")
	if err := os.WriteFile(desiredFile, rendered, 0o600); err != nil {
		return Applied{}, &ApplyError{Step: StepCheck, Err: err}
	}
	check, err := t.Admin.CheckConfig(ctx, desiredFile)
	if err != nil {
		return Applied{}, &ApplyError{Step: StepCheck, Err: redactErr(err, secrets)}
	}

	savedFile := filepath.Join(dir, "running.conf")
	running, err := t.read(ctx, savedFile)
	if err != nil {
		return Applied{}, &ApplyError{Step: StepSave, Err: redactErr(err, secrets)}
	}
	secrets = append(secrets, running.Secrets()...)
	plan := Diff(running, desired)
	if t.Confirm != nil {
		if err := t.Confirm(plan); err != nil {
			return Applied{}, &ApplyError{Step: StepConfirm, Err: err, Plan: plan}
		}
	}
	done := Applied{Plan: plan, Check: check, Config: rendered}
	if plan.Empty() {
		return done, nil
	}

	fail := func(step Step, err error, remaining Plan) error {
		e := &ApplyError{Step: step, Err: redactErr(err, secrets), Plan: plan, Remaining: remaining}
		// The restore runs even when ctx was cancelled: stopping half-way
		// is exactly what it is for. The Runner's timeout still bounds it.
		e.RollbackErr = redactErr(t.restore(context.WithoutCancel(ctx), dir, savedFile, running), secrets)
		e.RolledBack = e.RollbackErr == nil
		return e
	}
	done.Apply, err = t.Admin.ApplyConfig(ctx, desiredFile, plan.RemovesSomething())
	if err != nil {
		return Applied{}, fail(StepApply, err, Plan{})
	}
	now, err := t.read(ctx, filepath.Join(dir, "verify.conf"))
	if err != nil {
		return Applied{}, fail(StepVerify, err, Plan{})
	}
	if rest := Diff(now, desired); !rest.Empty() {
		return Applied{}, fail(StepVerify, &MismatchError{Plan: rest, Skipped: done.Apply.Skipped}, rest)
	}
	return done, nil
}

// MismatchError: after apply, the running configuration still differs
// from the desired one.
type MismatchError struct {
	Plan    Plan     // from what runs to what was asked
	Skipped []string // what scstadmin said it left out, if anything
}

func (e *MismatchError) Error() string {
	var parts []string
	for i, c := range e.Plan.Changes {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(e.Plan.Changes)-3))
			break
		}
		parts = append(parts, c.String())
	}
	return "the running configuration does not match after apply: still to " + strings.Join(parts, "; ")
}

// restore applies the saved configuration again, with -force (it must
// take back whatever the failed apply added), and verifies it.
func (t Transaction) restore(ctx context.Context, dir, savedFile string, saved Config) error {
	if _, err := t.Admin.ApplyConfig(ctx, savedFile, true); err != nil {
		return err
	}
	now, err := t.read(ctx, filepath.Join(dir, "restored.conf"))
	if err != nil {
		return err
	}
	if rest := Diff(now, saved); !rest.Empty() {
		return &MismatchError{Plan: rest}
	}
	return nil
}

// Running reads SCST's running configuration (-write_config into a
// private file, parsed, the file removed).
func (t Transaction) Running(ctx context.Context) (Config, []Warning, error) {
	dir, err := t.workDir()
	if err != nil {
		return Config{}, nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "running.conf")
	if err := t.Admin.WriteConfig(ctx, file); err != nil {
		return Config{}, nil, err
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return Config{}, nil, err
	}
	c, warns := Parse(string(b))
	return c, warns, nil
}

// Drift compares the running configuration with desired: an empty plan
// means none. The plan says what apply would do to remove the drift.
func (t Transaction) Drift(ctx context.Context, desired Config) (Plan, error) {
	running, _, err := t.Running(ctx)
	if err != nil {
		return Plan{}, redactErr(err, desired.Secrets())
	}
	return Diff(running, desired), nil
}

func (t Transaction) read(ctx context.Context, file string) (Config, error) {
	if err := t.Admin.WriteConfig(ctx, file); err != nil {
		return Config{}, err
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return Config{}, err
	}
	c, _ := Parse(string(b))
	return c, nil
}

func (t Transaction) workDir() (string, error) {
	if t.Dir == "" {
		return "", fmt.Errorf("scst: no private folder for configuration files")
	}
	// MkdirTemp creates it 0700.
	return os.MkdirTemp(t.Dir, "apply-")
}
