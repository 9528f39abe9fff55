package btrfs

import (
	"context"
	"reflect"
	"testing"

	"bams/backend/internal/execx"
)

func TestStreamArgv(t *testing.T) {
	t.Parallel()
	snap, parent := "/srv/data/.bams-snapshots/replication:t1/s2", "/srv/data/.bams-snapshots/replication:t1/s1"
	for _, c := range []struct {
		got  func() ([]string, error)
		want []string
	}{
		{func() ([]string, error) { return SendArgv(snap, "", false) }, []string{"btrfs", "send", "-q", snap}},
		{func() ([]string, error) { return SendArgv(snap, parent, true) }, []string{"btrfs", "send", "-q", "--no-data", "-p", parent, snap}},
		{func() ([]string, error) { return ReceiveArgv("/backup/repl t1") }, []string{"btrfs", "receive", "-e", "-C", "/backup/repl t1"}},
		{func() ([]string, error) { return ListBelowArgv("/backup/t1", true) }, []string{"btrfs", "subvolume", "list", "-o", "-r", "-p", "-u", "-q", "-R", "/backup/t1"}},
		{func() ([]string, error) { return DeleteArgv("/backup/t1/s1", "/backup/t1/s2") }, []string{"btrfs", "subvolume", "delete", "--commit-after", "/backup/t1/s1", "/backup/t1/s2"}},
		{func() ([]string, error) { return LocateArgv("/backup/t1") }, []string{"findmnt", "--json", "-o", "TARGET,FSROOT,FSTYPE", "-T", "/backup/t1"}},
	} {
		if got, err := c.got(); err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q %v, want %q", got, err, c.want)
		}
	}
	// Refused before anything runs.
	for _, bad := range []func() ([]string, error){
		func() ([]string, error) { return SendArgv("relative/s1", "", false) },
		func() ([]string, error) { return SendArgv(snap, "/a/../b", false) },
		func() ([]string, error) { return ReceiveArgv("/backup/t1/") },
		func() ([]string, error) { return DeleteArgv() },
		func() ([]string, error) { return DeleteArgv("/backup/t1/-rf") },
		func() ([]string, error) { return DeleteArgv("/backup/t1/..") },
	} {
		if got, err := bad(); err == nil {
			t.Errorf("accepted: %q", got)
		}
	}
}

// Stderr of each failure, quoted from testdata/transcript-send-receive.txt
// and transcript-replication.here.txt.
func TestStreamError(t *testing.T) {
	t.Parallel()
	for stderr, want := range map[string]Kind{
		"ERROR: subvolume /tmp/bams/mnt/src/data is not read-only\nERROR: empty stream is not considered valid":                      NotReadOnly,
		"At subvol /tmp/bams/mnt/src/.snapshots/data@2026-01-02T00:00:00Z\nERROR: cannot find parent subvolume":                      NoParent,
		"Chroot to /tmp/rec/dst/repl/t1\nERROR: writing to big3 failed: No space left on device":                                     NoSpace,
		"Chroot to /tmp/rec/dst/repl/t1\nAt subvol s1\nERROR: short read from stream: expected 49176 read 18081":                     ShortStream,
		"Chroot to /tmp/rec/dst/repl/t1\nAt subvol s2\nERROR: creating subvolume s2 failed: File exists":                             Exists,
		"Chroot to /tmp/rec/dst/repl/t1\nERROR: creating snapshot repl/t1/s1 -> s2 failed: File exists":                              Exists,
		"ERROR: realpath(/tmp/rec/dst/repl/nosuch) failed: No such file or directory":                                                NotFound,
		"ERROR: unable to resolve /tmp/rec/src/data/.bams-snapshots/replication:t1/s9":                                               Failed,
		"ERROR: send ioctl failed with -32: Broken pipe":                                                                             Failed,
		"Chroot to /tmp/rec/dst/repl/t1\nAt subvol s1\nERROR: short read from stream: expected 49176 read 18081\nNo space left (no)": ShortStream,
	} {
		argv := []string{"btrfs", "receive", "-e", "-C", "/tmp/rec/dst/repl/t1"}
		err := StreamError(context.Background(), argv, execx.Result{Stderr: []byte(stderr)}, &execx.ExitError{Tool: "btrfs", Code: 1, Stderr: stderr})
		if !IsKind(err, want) {
			t.Errorf("%q: %v, want %s", stderr, err, want)
		}
	}
	if err := StreamError(context.Background(), []string{"btrfs", "send"}, execx.Result{}, nil); err != nil {
		t.Errorf("success: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := StreamError(ctx, []string{"btrfs", "send"}, execx.Result{}, &execx.ExitError{Tool: "btrfs", Code: -1}); !IsKind(err, Cancelled) {
		t.Errorf("cancelled: %v", err)
	}
}

// findmnt's answers, recorded in testdata/transcript-replication.here.txt
// (top level mounted) and on a mount of the subvolume "vol" (subvol=vol).
func TestParseLocate(t *testing.T) {
	t.Parallel()
	top := `{
   "filesystems": [
      {
         "target": "/tmp/rec/dst",
         "fsroot": "/",
         "fstype": "btrfs"
      }
   ]
}
`
	vol := `{"filesystems": [{"target": "/tmp/rec/m2", "fsroot": "/vol", "fstype": "btrfs"}]}`
	for _, c := range []struct{ out, dir, want string }{
		{top, "/tmp/rec/dst/repl/t1", "repl/t1"},
		{top, "/tmp/rec/dst", ""},
		{vol, "/tmp/rec/m2/dir", "vol/dir"},
		{vol, "/tmp/rec/m2", "vol"},
	} {
		if got, err := ParseLocate(c.out, c.dir); err != nil || got != c.want {
			t.Errorf("%s in %s: %q %v, want %q", c.dir, c.out, got, err, c.want)
		}
	}
	ext4 := `{"filesystems": [{"target": "/", "fsroot": "/", "fstype": "ext4"}]}`
	if _, err := ParseLocate(ext4, "/tmp"); err == nil || err.(*PathError).Field != "target_dir" {
		t.Errorf("ext4: %v", err)
	}
	for _, bad := range []string{"", "{}", `{"filesystems": []}`} {
		if _, err := ParseLocate(bad, "/tmp/rec/dst"); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := ParseLocate(top, "/elsewhere"); err == nil {
		t.Error("a folder outside the mount accepted")
	}
}

// The dumps of testdata: an incremental stream with data (41 writes of
// 49152 bytes in its first 60 lines) and the --no-data one of
// transcript-replication.here.txt, whose real stream was 8394904 bytes:
// 524 bytes of metadata stream plus the 8388608 it announces.
func TestDumpSize(t *testing.T) {
	t.Parallel()
	for file, want := range map[string]int64{
		"receive-dump-incremental-head60.txt":      41 * 49152,
		"receive-dump-nodata-incremental.here.txt": 8388608,
	} {
		text := fixture(t, file)
		for _, chunk := range []int{1, 7, 4096, len(text)} {
			var d DumpSize
			for i := 0; i < len(text); i += chunk {
				if _, err := d.Write([]byte(text[i:min(i+chunk, len(text))])); err != nil {
					t.Fatal(err)
				}
			}
			if d.Data != want {
				t.Errorf("%s in %d-byte writes: %d, want %d", file, chunk, d.Data, want)
			}
		}
	}
	for line, want := range map[string]int64{
		`write           ./s/a\ len=7                   offset=0 len=5`:                              5,
		`update_extent   ./s/b                          offset=4096 len=0`:                           0,
		`clone           ./s/c                          offset=0 len=4096 from=./s/d clone_offset=0`: 0,
		`write           ./s/e                          offset=0 len=x`:                              0,
		`truncate        ./s/f                          size=99`:                                     0,
	} {
		if got := dumpDataLen(line); got != want {
			t.Errorf("%q: %d, want %d", line, got, want)
		}
	}
}
