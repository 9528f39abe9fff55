package zfs

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Every message zfs receive (or the send feeding it) is known to print
// has a fixture in testdata/receive and a kind here; a fixture without a
// row, or without its .source, fails.
func TestClassifyReceiveEveryRecordedMessage(t *testing.T) {
	want := map[string]ReceiveKind{
		"target-exists":         RecvExists,
		"target-exists-restore": RecvExists,
		"target-has-snapshots":  RecvHasSnapshots,
		"target-modified":       RecvModified,
		"base-mismatch":         RecvMismatch,
		"target-missing":        RecvNoTarget,
		"no-space":              RecvNoSpace,
		"quota-exceeded":        RecvNoSpace,
		"resume-corrupt":        RecvResumeInvalid,
		"resume-stale":          RecvResumeInvalid,
		"resume-changed":        RecvResumeInvalid,
		"resume-mismatch":       RecvResumeInvalid,
		"resume-exists":         RecvResumeInvalid,
		"partial-state":         RecvPartial,
		"checksum-mismatch":     RecvInterrupted,
		"incomplete-stream":     RecvInterrupted,
		"failed-to-read":        RecvInterrupted,
		"permission":            RecvPermission,
		"busy":                  RecvBusy,
		"key-not-loaded":        RecvEncryption,
		"raw-on-unencrypted":    RecvEncryption,
		"pool-upgrade":          RecvUnsupported,
		"unknown":               RecvFailed,
	}
	files, _ := filepath.Glob("testdata/receive/*.txt")
	if len(files) != len(want) {
		t.Errorf("%d fixtures, %d rows", len(files), len(want))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(f + ".source"); err != nil {
			t.Errorf("%s has no .source", f)
		}
		k, ok := want[name]
		if !ok {
			t.Errorf("%s: no row", name)
			continue
		}
		if got := ClassifyReceive(string(b)); got != k {
			t.Errorf("%s: kind %s, want %s", name, got, k)
		}
		e := &ReceiveError{Kind: k, Stderr: string(b)}
		if k != RecvFailed && receiveHints[k] == "" {
			t.Errorf("%s: kind %s has no hint", name, k)
		}
		if strings.Contains(e.Error(), "\n") {
			t.Errorf("%s: message spans lines: %q", name, e.Error())
		}
	}
}

func TestParseSendEstimate(t *testing.T) {
	for file, want := range map[string]int64{"send-nvP-incremental.txt": 42179808, "send-nvP-full.txt": 1048712} {
		b, _ := os.ReadFile("testdata/" + file)
		got, err := ParseSendEstimate(string(b))
		if err != nil || got != want {
			t.Errorf("%s: %d %v, want %d", file, got, err, want)
		}
	}
	if _, err := ParseSendEstimate("full\ttank/a@b\t12\n"); err == nil {
		t.Error("no size line was accepted")
	}
	if _, err := ParseSendEstimate("size\tlots\n"); err == nil {
		t.Error("a size that is no number was accepted")
	}
}

func TestSendAndReceiveArgs(t *testing.T) {
	cases := []struct {
		o    SendOptions
		want string
	}{
		{SendOptions{Snapshot: "tank/web@b"}, "zfs send -w tank/web@b"},
		{SendOptions{Snapshot: "tank/web@c", From: "a"}, "zfs send -w -I tank/web@a tank/web@c"},
		{SendOptions{Snapshot: "tank/web@c", From: "a", Recursive: true, DryRun: true}, "zfs send -n -v -P -w -R -I tank/web@a tank/web@c"},
	}
	for _, c := range cases {
		argv, err := SendArgs(c.o)
		if err != nil || strings.Join(argv, " ") != c.want {
			t.Errorf("%+v: %q %v, want %q", c.o, argv, err, c.want)
		}
	}
	if _, err := SendArgs(SendOptions{Snapshot: "tank/web"}); err == nil {
		t.Error("a dataset was sent as a snapshot")
	}
	argv, _ := ReceiveArgs("backup/web")
	if strings.Join(argv, " ") != "zfs receive -s -u -x mountpoint backup/web" {
		t.Errorf("receive argv %q", argv)
	}
	for _, a := range argv {
		if a == "-F" {
			t.Fatal("receive must never force (-F rolls back and destroys)")
		}
	}
	if _, err := ResumeSendArgs("1-abc def", false); err == nil {
		t.Error("a token with a space was accepted")
	}
	if ParseResumeToken("b/w\treceive_resume_token\t-\t-\n", "b/w") != "" || ParseResumeToken("b/w\treceive_resume_token\t1-abc\t-\n", "b/w") != "1-abc" {
		t.Error("resume token parse")
	}
}

func TestParseSnapshotGUIDsKeepsTheDatasetsOwn(t *testing.T) {
	out := "tank/web@a\t111\t1795304818\n" +
		"tank/web/child@a\t222\t1795304818\n" +
		"tank/web@hand\t333\t1795304900\n" +
		"tank/web@broken\n"
	// what zfs get -s local printed: tank/web@hand has no owner of its own
	owners := ParseLocalOwners("tank/web@a\treplication:off\ntank/web/child@a\treplication:off\n")
	snaps, warns := ParseSnapshotGUIDs(out, "tank/web", owners)
	want := []SnapshotGUID{{"a", "111", 1795304818, "replication:off"}, {"hand", "333", 1795304900, ""}}
	if !reflect.DeepEqual(snaps, want) {
		t.Errorf("got %+v", snaps)
	}
	if len(warns) != 1 {
		t.Errorf("warnings %+v", warns)
	}
}
