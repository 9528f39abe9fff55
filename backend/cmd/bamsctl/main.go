// bamsctl is the command-line client of bamsd: the same API as the web
// console, over the same socket, authorized the same way.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"bams/backend/api"
	"bams/backend/client"
)

func main() {
	os.Exit(execute(os.Args[1:], os.Stdout, os.Stderr, time.Local))
}

// execute runs one command line, printing to stdout and stderr with times
// in local (the tests' fixed zone), and returns the exit status.
func execute(args []string, stdout, stderr io.Writer, local *time.Location) int {
	root := newRoot(stdout, stderr, local)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		if !errors.Is(err, errSilent) {
			fmt.Fprintln(terminalSafe(stderr), "bamsctl:", explain(err))
		}
		return 1
	}
	return 0
}

// errSilent fails the command after it already printed why.
var errSilent = errors.New("failed")

// explain turns API errors into what an operator needs to read: for a
// denial, the action and the group that grants it.
func explain(err error) string {
	var ae *api.Error
	var nr *client.NotRunningError
	switch {
	case errors.As(err, &nr):
		return nr.Error()
	case errors.As(err, &ae) && ae.Kind == api.KindPermissionDenied && ae.Action != "":
		return fmt.Sprintf("permission denied: this needs %s, which members of the group %s have (an admin can run: usermod -aG %s %s)",
			ae.Action, ae.Group, ae.Group, currentUser())
	case errors.As(err, &ae) && ae.Kind == api.KindPolkitUnavailable:
		return "polkit cannot be asked, so bamsd allows only root right now: " + ae.Message
	case errors.As(err, &ae) && ae.Field != "":
		return fmt.Sprintf("%s (%s): %s", ae.Kind, ae.Field, ae.Message)
	case errors.As(err, &ae):
		return fmt.Sprintf("%s: %s", ae.Kind, ae.Message)
	}
	return err.Error()
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "USER"
}
