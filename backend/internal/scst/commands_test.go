package scst

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
	"bams/backend/internal/testutil/fakescst"
)

// The recorded refusal of the confirmation prompt exits 0 and still is
// an error, whichever command met it.
func TestRecordedPromptAbortedIsAnError(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Replay("scstadmin", "testdata/scstadmin-clear_config-prompt-aborted.scst-test.txt", 0)
	r := &execx.Runner{Path: d.Path, Timeout: 5 * time.Second, Log: slog.New(slog.DiscardHandler)}
	_, err := ApplyConfig(context.Background(), r, "/etc/scst.conf", true)
	if !IsKind(err, Aborted) || !strings.Contains(err.Error(), "Aborting action") {
		t.Fatalf("%v", err)
	}
	if got := d.Calls("scstadmin"); !reflect.DeepEqual(got, [][]string{{"-config", "/etc/scst.conf", "-noprompt", "-force"}}) {
		t.Errorf("%q", got)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	exit1 := &execx.ExitError{Tool: "scstadmin", Code: 1}
	cases := []struct {
		out  string
		err  error
		kind Kind
		msg  string
	}{
		{"\nCollecting current configuration: done.\n\n-> Checking configuration file '/x' for errors.\n\t-> FATAL: Initiator 'i' belongs to more than one group.\n\t-> Done, 1 errors found.\n\n\nFATAL: Received the following error:\n\n\tConfiguration has errors, aborting.\n\n",
			exit1, BadConfig, "Configuration has errors, aborting."},
		{"\nCollecting current configuration: done.\n\n\n\nFATAL: Received the following error:\n\n\tFailed to open device disk0: No such file\n\n", exit1, Fatal, "Failed to open device disk0: No such file"},
		{"\nCollecting current configuration: done.\n\n-> WARNING: Configuration is empty or unreadable, aborting.\n\n", nil, Empty, "empty"},
		{"This program must run as root.\n", exit1, NotRoot, "root"},
		{"\nCollecting current configuration: done.\n\nWARNING: Received the following error:\n\n\tsomething\n\n\nAll done.\n", exit1, Failed, "something"},
	}
	for _, c := range cases {
		res := execx.Result{Stdout: []byte(c.out)}
		err := classify(context.Background(), []string{"-config", "/x"}, res, c.err)
		if !IsKind(err, c.kind) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: %v (want %s)", c.out, err, c.kind)
		}
	}
	if err := classify(context.Background(), nil, execx.Result{Stdout: []byte("\nAll done.\n")}, nil); err != nil {
		t.Error(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := classify(ctx, nil, execx.Result{}, exit1); !IsKind(err, Cancelled) {
		t.Error(err)
	}
	// A missing scstadmin is execx's typed error, untouched.
	_, err := ApplyConfig(context.Background(), &execx.Runner{Path: t.TempDir(), Log: slog.New(slog.DiscardHandler)}, "/etc/scst.conf", false)
	if _, ok := err.(*execx.MissingError); !ok {
		t.Errorf("%T %v", err, err)
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	e := &Error{Kind: Fatal, Messages: []string{"set 'joe s3cret-value-1'"}, Output: "x s3cret-value-1 y",
		Err: &execx.ExitError{Tool: "scstadmin", Code: 1, Stderr: "s3cret-value-1"}}
	r := e.Redact([]string{"s3cret-value-1"})
	if strings.Contains(r.Error()+r.Output+r.Err.Error(), "s3cret") || !strings.Contains(e.Output, "s3cret") {
		t.Errorf("%v %q %v", r, r.Output, r.Err)
	}
}

func TestCheckParse(t *testing.T) {
	t.Parallel()
	c := ParseCheck("-> Checking configuration file 'x' for errors.\n\t-> WARNING: No LUN 0 defined for driver/target 'iscsi/t'. Many initiators require a LUN 0 to be defined.\n\n" +
		"\t-> WARNING: Device 'd' associated with driver/target 'iscsi/t' at LUN 1 is not defined within configuration, removing it.\n\n\t-> Done, 2 warnings found.\n")
	if len(c.Warnings) != 1 || len(c.Dropped) != 1 || c.Errors != nil {
		t.Errorf("%+v", c)
	}
}

// The listings, against the fake's state, in the recorded formats.
func TestListCommands(t *testing.T) {
	t.Parallel()
	g := newRig(t, fakescst.State{Running: string(Render(exampleConfig()))})
	ctx := context.Background()
	refs, warns, err := ListTargets(ctx, g.r)
	if err != nil || warns != nil || !reflect.DeepEqual(refs, []TargetRef{{"copy_manager", "copy_manager_tgt"},
		{ISCSI, "eui.02004567A425678D"}, {ISCSI, "iqn.2026-01.org.example.bams:backup"}}) {
		t.Errorf("%+v %v %v", refs, warns, err)
	}
	as, warns, err := ListGroups(ctx, g.r)
	if err != nil || warns != nil || len(as) != 3 || as[2].Groups[0].Name != "allowed" || len(as[2].Groups[0].Initiators) != 2 {
		t.Errorf("%+v %v %v", as, warns, err)
	}
	hs, warns, err := ListDevices(ctx, g.r)
	if err != nil || warns != nil || !reflect.DeepEqual(hs, []HandlerDevices{{BlockIO, []string{"vol1"}}, {FileIO, []string{"file1"}}, {"vdisk_nullio", nil}}) {
		t.Errorf("%+v %v %v", hs, warns, err)
	}
	ds, _, err := ListDrivers(ctx, g.r)
	if err != nil || !reflect.DeepEqual(ds, []string{"copy_manager", "iscsi", "scst_local"}) {
		t.Errorf("%v %v", ds, err)
	}
	if hn, _, err := ListHandlers(ctx, g.r); err != nil || len(hn) != 3 {
		t.Errorf("%v %v", hn, err)
	}
	if _, _, err := ListAttributes(ctx, g.r, AttrsOf{Flag: "-list_tgt_attr", Name: "-x"}); err == nil {
		t.Error("a name starting with - reached argv")
	}
	if _, err := CheckConfig(ctx, g.r, "relative.conf"); err == nil {
		t.Error("a relative path reached argv")
	}
}

func TestAtomicWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "scst.conf")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := AtomicWrite(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	entries, _ := os.ReadDir(dir)
	if string(b) != "new" || st.Mode().Perm() != 0o600 || len(entries) != 1 {
		t.Errorf("%q %v %v", b, st.Mode(), entries)
	}
	if err := AtomicWrite(filepath.Join(dir, "nope", "x"), nil, 0o600); err == nil {
		t.Error("missing folder")
	}
}
