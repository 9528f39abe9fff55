package ssh

import (
	"context"
	"errors"
	"strings"

	"bams/backend/internal/execx"
)

// maxCommandLength bounds a remote command (an admin types it in a form).
const maxCommandLength = 4096

// Run runs remoteCommand on the host, as the host's before/after backup
// commands. ssh hands that one string to the remote user's login shell:
// that is inherent to ssh, and why such commands are admin configuration
// (org.bams.manage only), never user input. Everything else on the command
// line is validated and passed as separate arguments, the destination
// after "--".
//
// A failure to connect is an *Error; a command that ran and failed is a
// *CommandError (exit 255 that no pattern explains is reported as the
// command's own code: ssh and the command share that number).
func Run(ctx context.Context, r *execx.Runner, o Options, remoteCommand string) (execx.Result, error) {
	if strings.TrimSpace(remoteCommand) == "" || len(remoteCommand) > maxCommandLength || strings.ContainsRune(remoteCommand, 0) {
		return execx.Result{}, &ValidationError{"command", remoteCommand, "must be 1 to 4096 characters"}
	}
	args, err := o.Args()
	if err != nil {
		return execx.Result{}, err
	}
	args = append(args, "-l", o.User, "--", o.Address, remoteCommand)
	res, err := r.Run(ctx, execx.Cmd{Name: "ssh", Args: args})
	var ee *execx.ExitError
	if err == nil || !errors.As(err, &ee) || ee.TimedOut || ctx.Err() != nil {
		return res, err
	}
	if ee.Code == 255 {
		if se := Classify(o.Host, string(res.Stderr)); se != nil {
			return res, se
		}
	}
	return res, &CommandError{Host: o.Host, Code: ee.Code, Stderr: ee.Stderr}
}
