// Package scst manages SCST, the in-kernel SCSI target, through its
// configurator scstadmin: a typed model of scst.conf (devices on their
// handlers, target drivers with targets, LUNs, initiator groups, CHAP users
// and allowed portals, ALUA device groups), a deterministic renderer and a
// total parser of the scst.conf syntax, a semantic plan between two
// configurations, parsers for `scstadmin -list_*` tables and SCST's sysfs
// tree (sessions), the scstadmin commands, and the apply transaction:
// render, check, save the running configuration, plan, apply, verify, and
// roll back on any failure.
//
// SCST is not packaged for Debian and cannot run on the machine the tests
// run on, so every parser is tested on the public samples in testdata/
// (README.md there says where each comes from: SCST's own regression test
// expectations, its README and its example configuration), and the flows
// run against the stateful fake scstadmin of testutil/fakescst.
//
// What scstadmin's own source shows, and this package relies on:
//   - It prints everything, errors included, on stdout ("FATAL: ...",
//     "WARNING: Received the following error:"), so output is classified
//     from stdout and stderr together.
//   - A refused confirmation prompt ("Aborting action.") exits 0: it is
//     an error here (recorded in testdata). -noprompt is always passed.
//   - Without -force, -config silently skips every removal, every re-open
//     of a device whose attributes changed, every LUN re-assignment and
//     every disable ("Use -force to ..."), and still exits 0. That is why
//     a plan says when it needs -force, and why apply verifies.
//   - -check_config exits 0 on warnings, and some warnings mean that part
//     of the file is dropped ("... is not defined within configuration,
//     removing it."); those fail the check here.
//   - -write_config writes CHAP secrets in the clear: every file holding
//     a running configuration is created 0600 and removed after use.
package scst
