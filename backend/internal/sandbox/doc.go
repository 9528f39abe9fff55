// Package sandbox confines a tool bamsd runs with Landlock, the kernel's
// unprivileged access control by folder (Linux 5.13 and later; bamsd
// needs ABI 2, Linux 5.19, for control over hard links and renames).
//
// Go cannot run code between fork and exec, so a confined tool is started
// through a helper: bamsd re-executes itself as
//
//	bamsd landlock-exec [--write DIR]... [--read PATH]... [--exec DIR]... [--device PATH]... -- PROGRAM ARG...
//
// and Main, on that thread, restricts itself to Rules and then executes
// PROGRAM, which (with every process it starts) keeps the restriction for
// the rest of its life. Nothing is executed when the rules cannot be put
// in place. execx builds that command line (execx.Cmd.Sandbox).
//
// What Landlock does not cover, and so this package does not promise:
// stat, chmod, chown and utimes of paths outside the rules (they need no
// Landlock right), connecting to Unix sockets by path, and the network.
package sandbox
