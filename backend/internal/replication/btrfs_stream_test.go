package replication

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
)

func sshOptions() ssh.Options {
	return ssh.Options{Host: "backup2", Address: "127.0.0.1", User: "root", KeyFile: "/var/lib/bams/ssh/id_ed25519", KnownHostsFile: "/var/lib/bams/ssh/known_hosts"}
}

// The copy loop holds a stream to its bandwidth limit, counts every byte
// and reports progress a few times a second, not per write.
func TestMeter(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	calls := 0
	m := &meter{w: &out, ctx: context.Background(), limit: 4 << 20, estimate: 2 << 20,
		progress: func(sent, estimate int64) { calls++ }}
	start := time.Now()
	chunk := make([]byte, 64<<10)
	for range 32 {
		if _, err := m.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	took := time.Since(start)
	// 2 MiB at 4 MiB/s: half a second (the first write goes at once)
	if took < 450*time.Millisecond || took > 2*time.Second {
		t.Errorf("2 MiB at 4 MiB/s took %v", took)
	}
	if m.sent != 2<<20 || out.Len() != 2<<20 {
		t.Errorf("sent %d, wrote %d", m.sent, out.Len())
	}
	if calls < 2 || calls > 4 {
		t.Errorf("%d progress calls in %v", calls, took)
	}

	// A cancel ends the wait at once.
	ctx, cancel := context.WithCancel(context.Background())
	slow := &meter{w: io.Discard, ctx: ctx, limit: 1024}
	time.AfterFunc(50*time.Millisecond, cancel)
	start = time.Now()
	if _, err := slow.Write(chunk); !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Errorf("cancelled wait: %v after %v", err, time.Since(start))
	}

	// The receiver went away: the write fails with its error.
	gone := &meter{w: failingWriter{}, ctx: context.Background()}
	if _, err := gone.Write(chunk); err == nil {
		t.Error("a failed write passed")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestCause(t *testing.T) {
	t.Parallel()
	notRO := &btrfs.Error{Kind: btrfs.NotReadOnly, Tool: "btrfs", Stderr: "ERROR: subvolume /srv/data is not read-only"}
	empty := &btrfs.Error{Kind: btrfs.Failed, Tool: "btrfs", Stderr: "ERROR: empty stream is not considered valid"}
	broken := &btrfs.Error{Kind: btrfs.Failed, Tool: "btrfs", Stderr: "ERROR: send ioctl failed with -32: Broken pipe"}
	killed := &btrfs.Error{Kind: btrfs.Failed, Tool: "btrfs"}
	missing := &execx.MissingError{Tool: "btrfs"}
	writeFailed := errors.New("write |1: broken pipe")
	noParent := fmt.Errorf("on backup2: %w", &btrfs.Error{Kind: btrfs.NoParent, Tool: "btrfs", Stderr: "ERROR: cannot find parent subvolume"})
	for _, c := range []struct {
		send, recv error
		side       string
		want       error
	}{
		{nil, nil, "", nil},
		{notRO, empty, "send", notRO},
		{broken, noParent, "receive", noParent},
		{killed, noParent, "receive", noParent},
		{killed, nil, "send", killed},
		{nil, noParent, "receive", noParent},
		{missing, empty, "send", missing},
		{writeFailed, noParent, "receive", noParent},
	} {
		if side, err := cause(c.send, c.recv); side != c.side || err != c.want {
			t.Errorf("%v / %v: %s %v", c.send, c.recv, side, err)
		}
	}
}

func TestBtrfsStreamError(t *testing.T) {
	t.Parallel()
	e := func(k btrfs.Kind) *BtrfsStreamError {
		return &BtrfsStreamError{Side: "receive", Host: "backup2", TargetDir: "/backup/t1", Snapshot: "s2", Parent: "s1",
			Err: fmt.Errorf("on backup2: %w", &btrfs.Error{Kind: k, Tool: "btrfs", Stderr: "ERROR: x"})}
	}
	for kind, want := range map[btrfs.Kind]struct {
		kind api.ErrorKind
		text string
	}{
		btrfs.NoParent:    {api.KindConflict, "backup2 has no subvolume received from s1 any more"},
		btrfs.Exists:      {api.KindConflict, "backup2 already holds s2 in /backup/t1"},
		btrfs.NoSpace:     {api.KindConflict, "the filesystem of /backup/t1 on backup2 is full"},
		btrfs.NotReadOnly: {api.KindConflict, "s2 is not read-only"},
		btrfs.NotFound:    {api.KindNotFound, "backup2 has no folder /backup/t1"},
		btrfs.ShortStream: {api.KindToolFailed, "stopped midway"},
		btrfs.Failed:      {api.KindToolFailed, "btrfs receive of s2 (backup2): on backup2: btrfs: x"},
	} {
		if err := e(kind); err.APIKind() != want.kind || !strings.Contains(err.Error(), want.text) || !btrfs.IsKind(err, kind) {
			t.Errorf("%s: %s %q", kind, err.APIKind(), err.Error())
		}
	}
	conn := &BtrfsStreamError{Side: "receive", Host: "backup2", Snapshot: "s2", Err: &ssh.Error{Kind: ssh.ConnectionRefused, Host: "backup2", Detail: "127.0.0.1 port 22"}}
	if !strings.Contains(conn.Error(), "refused the SSH connection") || conn.APIKind() != api.KindToolFailed {
		t.Errorf("%s %q", conn.APIKind(), conn.Error())
	}
}
