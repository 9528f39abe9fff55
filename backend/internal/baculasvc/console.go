package baculasvc

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/bacula"
)

// The raw console (POST /api/v1/backup/console/execute) runs one command
// from an allow-list of read-only commands, in a one-shot bconsole of its
// own: never the shared session, whose state (a prompt, `.api` mode) a raw
// command could disturb. Everything else is refused before bconsole runs.
var (
	consoleLists = []string{"jobs", "jobid", "joblog", "jobmedia", "jobtotals", "files", "volumes", "pools", "clients", "media"}
	consoleShows = []string{"jobs", "pools", "clients", "storages", "filesets", "schedules"}
	// show's singular forms name one resource: "show job=X".
	consoleShowOne = []string{"job", "pool", "client", "storage", "fileset", "schedule"}
	consoleDots    = []string{".jobs", ".clients", ".pools", ".storage", ".filesets", ".schedule"}
	// consoleListArgs are the selectors list/llist may add.
	consoleListArgs = []string{"jobid", "job", "ujobid", "client", "pool", "volume", "storage", "limit", "order",
		"jobstatus", "jobtype", "level", "days", "hours", "mediatype"}
)

// AllowConsole says why command may not run in the console, or nil. It is
// pure: the allow-list is the whole rule.
func AllowConsole(command string) error {
	refuse := func(format string, a ...any) error {
		return &api.Error{Kind: api.KindBadRequest, Field: "command", Message: fmt.Sprintf(format, a...)}
	}
	if strings.ContainsAny(command, "\r\n") {
		return refuse("one command per request: the console does not accept more than one line")
	}
	// bconsole's director splits words on ASCII white space and compares
	// keywords with strcasecmp (ASCII only): a check that splits or folds
	// differently (strings.Fields on U+00A0, U+2028; ToLower of U+0130)
	// could read a command unlike the director. So only printable ASCII is
	// accepted, and words are split on the one white space left, ' '.
	if i := strings.IndexFunc(command, func(r rune) bool { return r < ' ' || r > '~' }); i >= 0 {
		return refuse("only printable ASCII is allowed: no control characters, tabs or non-ASCII (at byte %d)", i)
	}
	f := words(command)
	if len(f) == 0 {
		return refuse("command is empty")
	}
	verb := strings.ToLower(f[0])
	args := f[1:]
	keyword := func(a string) (string, string) {
		k, v, _ := strings.Cut(a, "=")
		return strings.ToLower(k), v
	}
	switch {
	case strings.HasPrefix(verb, "@"):
		return refuse("bconsole's @-commands are not allowed")
	case verb == "list" || verb == "llist":
		if len(args) == 0 {
			return refuse("%s needs one of: %s", verb, strings.Join(consoleLists, ", "))
		}
		what, v := keyword(args[0])
		if !slices.Contains(consoleLists, what) || (what == "jobid") != (v != "") {
			return refuse("%s may list only: %s", verb, strings.Join(consoleLists, ", "))
		}
		if what == "jobid" && !bacula.ValidName(v) {
			return refuse("%s jobid=N needs a job id", verb)
		}
		for _, a := range args[1:] {
			k, v := keyword(a)
			if !slices.Contains(consoleListArgs, k) || !bacula.ValidName(v) {
				return refuse("%s takes only NAME=VALUE selectors (%s), not %q", verb, strings.Join(consoleListArgs, ", "), a)
			}
		}
		return nil
	case verb == "show":
		if len(args) == 1 {
			k, v := keyword(args[0])
			if v == "" && slices.Contains(consoleShows, k) || slices.Contains(consoleShowOne, k) && bacula.ValidName(v) {
				return nil
			}
		}
		return refuse("show may show only: %s (or one of them as job=NAME ...)", strings.Join(consoleShows, ", "))
	case verb == "status":
		if len(args) == 1 {
			k, v := keyword(args[0])
			if (k == "dir" || k == "schedule") && !strings.Contains(args[0], "=") || (k == "client" || k == "storage") && bacula.ValidName(v) {
				return nil
			}
		}
		return refuse("status needs exactly one of: dir, client=NAME, storage=NAME, schedule")
	case verb == "version":
		if len(args) == 0 {
			return nil
		}
		return refuse("version takes no arguments")
	case slices.Contains(consoleDots, verb):
		if len(args) == 0 {
			return nil
		}
		return refuse("%s takes no arguments here", verb)
	}
	return refuse("%q is not in the console's allow-list (list/llist, show, status dir|client=|storage=|schedule, version, %s)",
		f[0], strings.Join(consoleDots, ", "))
}

// words splits a printable-ASCII command on runs of ' ', as bconsole does.
func words(command string) []string {
	return slices.DeleteFunc(strings.Split(command, " "), func(w string) bool { return w == "" })
}

// Console runs one allow-listed command in its own one-shot bconsole and
// returns what the director printed, passwords redacted. A reply the
// director meant as an error (an unknown job) is still the console's
// answer; only a console that could not talk to the director fails.
func (s *Service) Console(ctx context.Context, command string) (api.BaculaConsoleReply, error) {
	if err := AllowConsole(command); err != nil {
		return api.BaculaConsoleReply{}, err
	}
	command = strings.Trim(command, " ")
	// A missing bconsole is tool-missing, whatever the director's state.
	if _, err := s.runner.LookPath(cmp.Or(s.console.Bconsole, "bconsole")); err != nil {
		return api.BaculaConsoleReply{}, err
	}
	replies, err := bacula.Run(ctx, s.runner, s.console, command)
	var be *bacula.Error
	if err != nil && !(errors.As(err, &be) && len(replies) == 1 && consoleAnswer(be.Kind)) {
		return api.BaculaConsoleReply{}, err
	}
	return api.BaculaConsoleReply{Command: command, Output: bacula.RedactPasswords(replies[0])}, nil
}

// consoleAnswer: kinds that are the director's reply, not a failure to get one.
func consoleAnswer(k bacula.Kind) bool {
	return k == bacula.NotFound || k == bacula.BadArgument || k == bacula.UnknownCommand || k == bacula.NotRunning
}
