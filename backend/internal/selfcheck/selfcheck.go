// Package selfcheck finds which external tools bamsd relies on are
// installed and their versions. It is the first task kind.
package selfcheck

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/tasks"
)

// Kind is the task kind of a selfcheck.
const Kind = "selfcheck"

// versionTimeout bounds one version query: a tool that hangs is reported,
// not waited for.
const versionTimeout = 20 * time.Second

// settingTools is the store setting holding the last result.
const settingTools = "tools"

// Settings is the part of the store selfcheck needs.
type Settings interface {
	GetSetting(name string, v any) error
	PutSetting(name string, v any) error
}

// Service runs selfchecks and remembers the last answer.
type Service struct {
	Runner   *execx.Runner
	Settings Settings
}

// Run is the task: one step per tool, then the result is stored.
func (s *Service) Run(ctx context.Context, run *tasks.Run) error {
	names := api.Tools()
	result := make([]api.ToolStatus, 0, len(names))
	for i, name := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		run.Progress(api.Progress{Percent: float64(i) * 100 / float64(len(names)),
			Step: fmt.Sprintf("checking %s (%d of %d)", name, i+1, len(names))})
		st := s.check(ctx, name, run.SetPGID)
		switch {
		case !st.Installed:
			run.Log("warn", name+" is not installed")
		case st.Error != "":
			run.Log("warn", fmt.Sprintf("%s at %s: %s", name, st.Path, st.Error))
		default:
			run.Log("info", fmt.Sprintf("%s %s at %s", name, st.Version, st.Path))
		}
		result = append(result, st)
	}
	run.Progress(api.Progress{Percent: 100, Step: "done"})
	if err := run.SetResult(result); err != nil {
		return err
	}
	return s.Settings.PutSetting(settingTools, result)
}

// check looks up one tool and asks its version; onStart receives the
// query's process group (and 0 when it ends), as every process-backed task
// records it.
func (s *Service) check(ctx context.Context, name string, onStart func(pgid int)) api.ToolStatus {
	st := api.ToolStatus{Name: name, Checked: time.Now().UTC()}
	p, known := probes[name]
	path, err := s.Runner.LookPath(name)
	if err != nil || !known {
		return st
	}
	st.Installed, st.Path = true, path
	res, err := s.Runner.Run(ctx, execx.Cmd{Name: path, Args: p.args, Timeout: versionTimeout, OnStart: onStart})
	onStart(0)
	var ee *execx.ExitError
	if err != nil && !(errors.As(err, &ee) && slices.Contains(p.okExit, ee.Code) && !ee.TimedOut) {
		st.Error = err.Error()
		return st
	}
	st.Version = p.parse(string(res.Stdout) + "\n" + string(res.Stderr))
	if st.Version == "" {
		st.Error = "could not read a version from its output"
	}
	return st
}

// Last returns the last selfcheck's result: every tool, unchecked ones
// with a zero Checked time.
func (s *Service) Last() []api.ToolStatus {
	var last []api.ToolStatus
	_ = s.Settings.GetSetting(settingTools, &last)
	out := make([]api.ToolStatus, 0, len(api.Tools()))
	for _, name := range api.Tools() {
		st := api.ToolStatus{Name: name}
		for _, l := range last {
			if l.Name == name {
				st = l
			}
		}
		out = append(out, st)
	}
	return out
}
