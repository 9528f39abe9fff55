package rsync

import (
	"strconv"
	"strings"
	"time"
)

// PullArgs is rsync's argv (without the program name) for a pull of
// o.Source on the host into o.Dest: a folder or file /srv/www lands at
// Dest/www, so the caller passes the parent of where it belongs. The
// flags and why:
//
//	--archive (-rlptgoD): the tree as it is: links, modes, times, owners,
//	  devices and specials (the backup root is 0700 for that reason).
//	--hard-links: hard links on the host stay hard links, not copies.
//	--numeric-ids: owners by number; mapping names through the
//	  appliance's own users would give files to the wrong people on restore.
//	--partial: a file cut off by an interruption stays in the staging
//	  folder; the next run names that folder first in --link-dest, and
//	  rsync reads it as the delta basis (never writing to it). There is
//	  no --inplace or --append: files in a staging folder can be hard
//	  links into snapshots, so rsync must only ever write new files.
//	--secluded-args (-s): source paths reach the remote rsync over its
//	  protocol, not through the remote shell. Paths are also validated to
//	  need no quoting, so this is the second of two guards.
//	--timeout: a host that stops answering fails the run (exit 30).
//	--info=progress2, --stats: whole-run progress on stdout, then totals.
//	--link-dest, in the given order: unchanged files are hard links into
//	  the bases. There is no --delete: Dest is a fresh staging folder.
//	--confine-root (ConfineTo): rsync resolves a base's path for each file
//	  and follows root-owned symlinks on the way, and a base holds the
//	  host's own symlinks: a host that turns a symlinked folder into a real
//	  one with files matching some file on this appliance (size, time,
//	  mode, owner) would otherwise get that appliance file hard-linked into
//	  its backup, and back on a restore. Confined, rsync refuses the path
//	  (exit 23, BaseSymlinkRefused) and sends the host's file.
//
// No --sparse: it made rsync rebuild changed large files about 15% slower
// (measured here on 500 MB of changed files), for space saved only on
// sparse files such as VM images, whose holes are then stored as zeros.
//
// No --relative: the caller pulls each source into its own parent folder
// instead (one rsync per source). --relative kept that
// layout in one run but cost about 40% more CPU on the receiving side over
// 50 000 files (measured by the backup benchmark), the whole gap between
// bams and a bare rsync --link-dest.
//
// Incremental recursion stays on (no --no-inc-recursive): a full file list
// up front would give exact totals from the start, but costs memory on
// the host being backed up (about 100 bytes a file, on both sides), for
// the whole run; progress says Scanning while the list still grows.
//
// Include patterns come before excludes, and rsync takes the first rule
// that matches, so an include re-admits what a broader exclude would drop.
// Reserved names (Source "/" only) come before both, and protected ones
// before everything.
func PullArgs(o Options) ([]string, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	shell, err := o.SSH.RsyncShell()
	if err != nil {
		return nil, err
	}
	timeout := o.IOTimeout
	if timeout == 0 {
		timeout = DefaultIOTimeout
	}
	// --modify-window=-1: compare times to the nanosecond (rsync's default
	// is whole seconds), so a file rewritten at its old size within the
	// second of the last run is not taken as unchanged, and a folder
	// created in the second of its source's last change still gets its
	// time. The receiver, this rsync, needs 3.1.3 or later.
	args := []string{"--archive", "--hard-links", "--numeric-ids", "--partial", "--modify-window=-1",
		"--secluded-args", "--timeout=" + strconv.Itoa(int(timeout/time.Second)), "--info=progress2", "--stats"}
	if o.ACLs {
		args = append(args, "--acls")
	}
	if o.Xattrs {
		args = append(args, "--xattrs")
	}
	if o.OneFileSystem {
		args = append(args, "--one-file-system")
	}
	if o.BandwidthKBps > 0 {
		args = append(args, "--bwlimit="+strconv.Itoa(o.BandwidthKBps))
	}
	for _, name := range o.Protect {
		// P: the receiver never deletes it (explicitly receiver-side, so
		// --delete-excluded leaves it be); H: the sender never sends it.
		args = append(args, "--filter=P /"+name, "--filter=H /"+name)
	}
	if o.Source == "/" {
		for _, name := range o.Reserved {
			args = append(args, "--exclude=/"+name)
		}
	}
	for _, p := range o.Include {
		args = append(args, "--include="+p)
	}
	for _, p := range o.Exclude {
		args = append(args, "--exclude="+p)
	}
	for _, d := range o.LinkDest {
		args = append(args, "--link-dest="+d)
	}
	if o.InPlace {
		// The working copy mirrors the host: deleted and newly excluded
		// files go, as they are absent from a fresh tree.
		args = append(args, "--inplace", "--delete", "--delete-excluded")
	}
	if o.ConfineTo != "" {
		args = append(args, "--confine-root="+o.ConfineTo)
	}
	args = append(args, "-e", shell, "--")
	host := o.SSH.Address
	if strings.Contains(host, ":") { // IPv6: rsync reads "[addr]:path"
		host = "[" + host + "]"
	}
	return append(args, o.SSH.User+"@"+host+":"+o.Source, o.Dest+"/"), nil
}
