package ssh

import (
	"context"
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
// *CommandError (see RemoteError).
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
	if ctx.Err() != nil {
		return res, err
	}
	return res, RemoteError(o, res, err)
}
