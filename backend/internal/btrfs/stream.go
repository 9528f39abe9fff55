package btrfs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"bams/backend/internal/execx"
)

// Replication: the argv of btrfs send and btrfs receive (the receiving
// side runs on another machine, so these build command lines and parse
// output; the caller runs them), the errors they print, and what a
// metadata-only stream says of the size of the real one. Recorded in
// testdata/transcript-send-receive.txt and transcript-replication.here.txt.

// Kinds of a failed send or receive, beside the general ones (Exists for
// "creating subvolume s2 failed: File exists", NotFound for a missing
// folder).
const (
	NotReadOnly Kind = "not-read-only" // send: "ERROR: subvolume … is not read-only"
	NoParent    Kind = "no-parent"     // receive: "ERROR: cannot find parent subvolume"
	NoSpace     Kind = "no-space"      // receive: "ERROR: writing to big3 failed: No space left on device"
	// ShortStream: the stream stopped midway (the sender died or was
	// killed): "ERROR: short read from stream: expected 49176 read 18081".
	ShortStream Kind = "short-stream"
)

var streamPatterns = []execx.Pattern[Kind]{
	{Kind: NotReadOnly, RE: regexp.MustCompile(`is not read-only`)},
	{Kind: NoParent, RE: regexp.MustCompile(`cannot find parent subvolume`)},
	{Kind: NoSpace, RE: regexp.MustCompile(`No space left on device`)},
	{Kind: ShortStream, RE: regexp.MustCompile(`short read from stream|unexpected end of stream`)},
}

// StreamError is what a finished command of these (argv) gave, as an
// *Error whose kind says what an admin can do about it (nil on success):
// btrfs's general kinds and the stream kinds above.
func StreamError(ctx context.Context, argv []string, res execx.Result, err error) error {
	err = classify(ctx, argv[0], argv[1:], res, err)
	var e *Error
	if errors.As(err, &e) && e.Kind != Cancelled {
		e.Kind = execx.FirstMatch(e.Stderr, streamPatterns, e.Kind)
	}
	return err
}

// SendArgv is `btrfs send -q [-p parent] snapshot`, and with noData the
// same stream without file data (`--no-data`: what SizeOfDump reads, at
// the cost of walking metadata only). -q keeps "At subvol" off stderr, so
// stderr holds only errors. The stream is btrfs's default protocol 1:
// protocol 2 (--compressed-data) needs btrfs-progs 5.19 on the receiver
// and saved 0.05% on the recorded data.
func SendArgv(snapshot, parent string, noData bool) ([]string, error) {
	argv := []string{"btrfs", "send", "-q"}
	if noData {
		argv = append(argv, "--no-data")
	}
	if parent != "" {
		if err := checkPath(parent); err != nil {
			return nil, err
		}
		argv = append(argv, "-p", parent)
	}
	if err := checkPath(snapshot); err != nil {
		return nil, err
	}
	return append(argv, snapshot), nil
}

// ReceiveArgv is `btrfs receive -e -C dir`:
//
//	-e: stop at the stream's end marker. One run sends one snapshot;
//	  whatever might follow it is never received as a second subvolume
//	  into dir, and receive does not wait for ssh to pass on the end of
//	  its input.
//	-C: chroot into dir, so no stream (a corrupt or crafted one: see the
//	  man page's BUGS) can create or write anything outside it. The parent
//	  of an incremental stream is found by received UUID all the same.
//
// --max-errors stays at its default, 1: the first error stops the
// receive, and what it left is a partial subvolume the next run deletes.
func ReceiveArgv(dir string) ([]string, error) {
	if err := checkPath(dir); err != nil {
		return nil, err
	}
	return []string{"btrfs", "receive", "-e", "-C", dir}, nil
}

// DumpArgv is `btrfs receive --dump`: the stream on stdin, one line per
// command, nothing written.
func DumpArgv() []string { return []string{"btrfs", "receive", "--dump"} }

// ListBelowArgv is `btrfs subvolume list -o [-r] -p -u -q -R dir`: the
// subvolumes directly in the subvolume holding dir (readOnly: only the
// read-only ones), their paths from the filesystem's top level, whatever
// subvolume is mounted (recorded on a subvol= mount).
func ListBelowArgv(dir string, readOnly bool) ([]string, error) {
	if err := checkPath(dir); err != nil {
		return nil, err
	}
	argv := []string{"btrfs", "subvolume", "list", "-o"}
	if readOnly {
		argv = append(argv, "-r")
	}
	return append(argv, "-p", "-u", "-q", "-R", dir), nil
}

// DeleteArgv is `btrfs subvolume delete --commit-after path...`.
func DeleteArgv(paths ...string) ([]string, error) {
	if len(paths) == 0 {
		return nil, &PathError{"subvolume", "", "no subvolume to delete"}
	}
	for _, p := range paths {
		if err := checkSubvolPath(p); err != nil {
			return nil, err
		}
	}
	return append([]string{"btrfs", "subvolume", "delete", "--commit-after"}, paths...), nil
}

// LocateArgv is `findmnt --json -o TARGET,FSROOT,FSTYPE -T dir`: the mount
// holding dir, which ParseLocate turns into dir's path from the
// filesystem's top level, the form `subvolume list` prints paths in.
func LocateArgv(dir string) ([]string, error) {
	if err := checkPath(dir); err != nil {
		return nil, err
	}
	return []string{"findmnt", "--json", "-o", "TARGET,FSROOT,FSTYPE", "-T", dir}, nil
}

// ParseLocate reads LocateArgv's output for dir: its path from the top
// level of its btrfs filesystem ("" for the top level itself). A folder on
// another filesystem is a *PathError. For btrfs, FSROOT is the mounted
// subvolume's path ("/" or "/@backups").
func ParseLocate(out, dir string) (string, error) {
	var doc struct {
		Filesystems []struct{ Target, Fsroot, Fstype string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Filesystems) != 1 {
		return "", fmt.Errorf("findmnt: %q", out)
	}
	fs := doc.Filesystems[0]
	if fs.Fstype != "btrfs" {
		return "", &PathError{"target_dir", dir, "is on " + fs.Fstype + ", not btrfs"}
	}
	rel, err := filepath.Rel(fs.Target, dir)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("findmnt: %s is not below the mount %s", dir, fs.Target)
	}
	return strings.Trim(path.Join("/", fs.Fsroot, rel), "/"), nil
}

// DumpSize adds up, as `btrfs receive --dump` prints a stream, the file
// data it carries: len= of every write, and of every update_extent (what a
// --no-data stream has instead of a write). It is an io.Writer for the
// dump's stdout; partial lines wait for the rest.
type DumpSize struct {
	Data int64
	rest []byte
}

func (d *DumpSize) Write(p []byte) (int, error) {
	buf := append(d.rest, p...)
	for {
		line, more, ok := bytes.Cut(buf, []byte("\n"))
		if !ok {
			break
		}
		d.Data += dumpDataLen(string(line))
		buf = more
	}
	d.rest = append(d.rest[:0], buf...)
	return len(p), nil
}

// dumpDataLen is the data length one dump line announces: "write ./p
// offset=0 len=49152", "update_extent ./p offset=0 len=8388608". The
// length is the last field (paths escape their spaces).
func dumpDataLen(line string) int64 {
	op, _, _ := strings.Cut(line, " ")
	if op != "write" && op != "update_extent" {
		return 0
	}
	f := strings.Fields(line)
	n, err := strconv.ParseInt(strings.TrimPrefix(f[len(f)-1], "len="), 10, 64)
	if err != nil || n < 0 || !strings.HasPrefix(f[len(f)-1], "len=") {
		return 0
	}
	return n
}
