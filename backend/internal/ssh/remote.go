package ssh

import (
	"errors"
	"strings"

	"bams/backend/internal/execx"
)

// RemoteCmd is the command that runs argv on the machine o names, for
// streams (zfs receive, btrfs receive fed through stdin): the caller sets
// Stdin, Stdout, Timeout and OnStart on it and runs it with its Runner.
//
// ssh joins what follows the destination with spaces and hands it to the
// remote user's shell, so each element is quoted for a POSIX shell here:
// argv arrives as exactly these arguments, whatever they hold (a dataset
// name with a space, a "$"), and nothing in them is ever run as shell.
func RemoteCmd(o Options, argv ...string) (execx.Cmd, error) {
	if len(argv) == 0 || argv[0] == "" {
		return execx.Cmd{}, &ValidationError{"command", "", "names no program"}
	}
	args, err := o.Args()
	if err != nil {
		return execx.Cmd{}, err
	}
	quoted := make([]string, len(argv))
	for i, a := range argv {
		if strings.ContainsRune(a, 0) {
			return execx.Cmd{}, &ValidationError{"command", a, "holds a NUL byte"}
		}
		quoted[i] = shellQuote(a)
	}
	args = append(args, "-l", o.User, "--", o.Address, strings.Join(quoted, " "))
	return execx.Cmd{Name: "ssh", Args: args}, nil
}

// shellQuote wraps s in single quotes and writes each single quote of
// its own as quote, backslash, quote, quote: the one quoting a POSIX shell
// reads back verbatim.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// RemoteError turns what running a RemoteCmd (or Run's command) gave into
// ssh's typed errors: a connection failure is an *Error ("host key of X
// changed"), a command that ran and failed a *CommandError (exit 255 that
// no pattern explains is the command's own: ssh and the command share that
// number). A timeout, a cancelled context or a success pass through as
// they are.
func RemoteError(o Options, res execx.Result, err error) error {
	var ee *execx.ExitError
	if err == nil || !errors.As(err, &ee) || ee.TimedOut {
		return err
	}
	if ee.Code == 255 {
		if se := Classify(o.Host, string(res.Stderr)); se != nil {
			return se
		}
	}
	return &CommandError{Host: o.Host, Code: ee.Code, Stderr: ee.Stderr}
}
