package scst

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"bams/backend/internal/execx"
)

// Program is scstadmin's name in the Runner's Path.
const Program = "scstadmin"

// run runs scstadmin with args and classifies the outcome. stdin is
// empty, so a prompt that -noprompt did not prevent is refused, never
// waited on.
func run(ctx context.Context, r *execx.Runner, args ...string) (execx.Result, error) {
	res, err := r.Run(ctx, execx.Cmd{Name: Program, Args: args, Stdin: strings.NewReader("")})
	return res, classify(ctx, args, res, err)
}

func checkFile(file string) error {
	if !filepath.IsAbs(file) || filepath.Clean(file) != file || strings.ContainsAny(file, "\n\x00") {
		return &ValidationError{"file", file, "must be an absolute, clean path"}
	}
	return nil
}

// CheckResult is what -check_config said about a file.
type CheckResult struct {
	Warnings []string // "-> WARNING:" lines that change nothing (no LUN 0, a driver without targets, ...)
	Dropped  []string // warnings that mean part of the file is not applied ("... removing it.", "... ignoring.", a driver not loaded)
	Errors   []string // "-> FATAL:" lines
}

var (
	checkLineRE = regexp.MustCompile(`(?m)^\s*-> (WARNING|FATAL): (.+)$`)
	droppedRE   = regexp.MustCompile(`removing it\.|ignoring\.|is not loaded or available|does not exist`)
)

// ParseCheck reads -check_config's report.
func ParseCheck(out string) CheckResult {
	var c CheckResult
	for _, m := range checkLineRE.FindAllStringSubmatch(out, -1) {
		msg := strings.TrimSpace(m[2])
		switch {
		case m[1] == "FATAL":
			c.Errors = append(c.Errors, msg)
		case droppedRE.MatchString(msg):
			c.Dropped = append(c.Dropped, msg)
		default:
			c.Warnings = append(c.Warnings, msg)
		}
	}
	return c
}

// CheckConfig runs `scstadmin -check_config FILE`. A file with errors, or
// with a warning that drops part of it, is a BadConfig error: scstadmin
// itself exits 0 for the latter and would apply the rest.
func CheckConfig(ctx context.Context, r *execx.Runner, file string) (CheckResult, error) {
	if err := checkFile(file); err != nil {
		return CheckResult{}, err
	}
	args := []string{"-check_config", file}
	res, err := run(ctx, r, args...)
	check := ParseCheck(string(res.Stdout))
	if err != nil {
		var e *Error
		if asError(err, &e) && e.Kind == Failed && len(check.Errors) > 0 {
			e.Kind, e.Messages = BadConfig, check.Errors
		}
		return check, err
	}
	if len(check.Errors) > 0 || len(check.Dropped) > 0 {
		return check, &Error{Kind: BadConfig, Args: args, Messages: append(check.Errors, check.Dropped...), Output: string(res.Stdout)}
	}
	return check, nil
}

// WriteConfig runs `scstadmin -write_config FILE`: SCST's running
// configuration, key attributes only (what -config takes back), CHAP
// secrets included. scstadmin creates FILE with its own umask: put it in
// a private folder.
func WriteConfig(ctx context.Context, r *execx.Runner, file string) error {
	if err := checkFile(file); err != nil {
		return err
	}
	_, err := run(ctx, r, "-write_config", file)
	return err
}

// ApplyResult is what -config reported.
type ApplyResult struct {
	Changes int      // "-> Done, N change(s) made."
	Skipped []string // "... Use -force to ...": changes scstadmin left out
}

var (
	changesRE = regexp.MustCompile(`(?m)-> Done, ([0-9]+) change\(s\) made\.`)
	skippedRE = regexp.MustCompile(`(?m)^\s*(?:-> )?(.*Use -force to .*)$`)
)

// ApplyConfig runs `scstadmin -config FILE -noprompt`, with -force only
// when asked: without it scstadmin applies additions and changes but
// skips removals, re-opens and disables (and says so in Skipped).
func ApplyConfig(ctx context.Context, r *execx.Runner, file string, force bool) (ApplyResult, error) {
	if err := checkFile(file); err != nil {
		return ApplyResult{}, err
	}
	args := []string{"-config", file, "-noprompt"}
	if force {
		args = append(args, "-force")
	}
	res, err := run(ctx, r, args...)
	var a ApplyResult
	out := string(res.Stdout)
	if m := changesRE.FindStringSubmatch(out); m != nil {
		a.Changes, _ = strconv.Atoi(m[1])
	}
	for _, m := range skippedRE.FindAllStringSubmatch(out, -1) {
		a.Skipped = append(a.Skipped, strings.TrimSpace(m[1]))
	}
	return a, err
}

func list(ctx context.Context, r *execx.Runner, args ...string) (string, error) {
	res, err := run(ctx, r, args...)
	return string(res.Stdout), err
}

// ListTargets runs `scstadmin -list_target`.
func ListTargets(ctx context.Context, r *execx.Runner) ([]TargetRef, []Warning, error) {
	out, err := list(ctx, r, "-list_target")
	if err != nil {
		return nil, nil, err
	}
	refs, warns := ParseListTargets(out)
	return refs, warns, nil
}

// ListGroups runs `scstadmin -list_group`.
func ListGroups(ctx context.Context, r *execx.Runner) ([]Assignment, []Warning, error) {
	out, err := list(ctx, r, "-list_group")
	if err != nil {
		return nil, nil, err
	}
	as, warns := ParseListGroups(out)
	return as, warns, nil
}

// ListDevices runs `scstadmin -list_device`.
func ListDevices(ctx context.Context, r *execx.Runner) ([]HandlerDevices, []Warning, error) {
	out, err := list(ctx, r, "-list_device")
	if err != nil {
		return nil, nil, err
	}
	hs, warns := ParseListDevices(out)
	return hs, warns, nil
}

// ListDrivers runs `scstadmin -list_driver`.
func ListDrivers(ctx context.Context, r *execx.Runner) ([]string, []Warning, error) {
	return listNames(ctx, r, ParseListDrivers, "-list_driver")
}

// ListHandlers runs `scstadmin -list_handler`.
func ListHandlers(ctx context.Context, r *execx.Runner) ([]string, []Warning, error) {
	return listNames(ctx, r, ParseListHandlers, "-list_handler")
}

// ListDeviceGroups runs `scstadmin -list_dgrp`.
func ListDeviceGroups(ctx context.Context, r *execx.Runner) ([]string, []Warning, error) {
	return listNames(ctx, r, ParseListDeviceGroups, "-list_dgrp")
}

func listNames(ctx context.Context, r *execx.Runner, parse func(string) ([]string, []Warning), args ...string) ([]string, []Warning, error) {
	out, err := list(ctx, r, args...)
	if err != nil {
		return nil, nil, err
	}
	names, warns := parse(out)
	return names, warns, nil
}

// AttrsOf names what ListAttributes lists.
type AttrsOf struct {
	Flag   string // -list_device, -list_hnd_attr, -list_drv_attr, -list_tgt_attr, -list_tgrp_attr
	Name   string
	Driver string // -list_tgt_attr: the target's driver
	Group  string // -list_tgrp_attr: the device group (-dev_group)
}

// ListAttributes runs one of the attribute listings
// (`scstadmin -list_tgt_attr local -driver scst_local`, ...).
func ListAttributes(ctx context.Context, r *execx.Runner, of AttrsOf) (Attributes, []Warning, error) {
	switch of.Flag {
	case "-list_device", "-list_hnd_attr", "-list_drv_attr", "-list_tgt_attr", "-list_tgrp_attr":
	default:
		return Attributes{}, nil, &ValidationError{"flag", of.Flag, "is not an attribute listing"}
	}
	args := []string{of.Flag}
	for _, x := range []struct{ field, flag, v string }{{"name", "", of.Name}, {"driver", "-driver", of.Driver}, {"group", "-dev_group", of.Group}} {
		if x.v == "" {
			continue
		}
		if strings.HasPrefix(x.v, "-") || strings.ContainsAny(x.v, " \n\x00") {
			return Attributes{}, nil, &ValidationError{x.field, x.v, "must not start with '-' or hold blanks"}
		}
		if x.flag != "" {
			args = append(args, x.flag)
		}
		args = append(args, x.v)
	}
	out, err := list(ctx, r, args...)
	if err != nil {
		return Attributes{}, nil, err
	}
	a, warns := ParseAttributes(out)
	return a, warns, nil
}

// Tool is scstadmin through a Runner: the Admin a Transaction uses in
// production.
type Tool struct{ Runner *execx.Runner }

func (t Tool) CheckConfig(ctx context.Context, file string) (CheckResult, error) {
	return CheckConfig(ctx, t.Runner, file)
}

func (t Tool) WriteConfig(ctx context.Context, file string) error {
	return WriteConfig(ctx, t.Runner, file)
}

func (t Tool) ApplyConfig(ctx context.Context, file string, force bool) (ApplyResult, error) {
	return ApplyConfig(ctx, t.Runner, file, force)
}
