package integration

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

// restoreFixture is a host with a varied tree, backed up once: files of
// several modes and old times, a subfolder, and symlinks that point
// inside and out of the tree.
type restoreFixture struct {
	b      *testenv.Bamsd
	host   *backedUpHost
	snap   string
	before map[string]string // manifest of the source when backed up
}

func newRestoreFixture(t *testing.T, edit func(h *api.Host)) *restoreFixture {
	t.Helper()
	b := testenv.StartBamsd(t, "")
	h := addHost(t, b, "web1", "127.0.0.2", edit)
	h.write(t, "index.html", "<h1>version 1</h1>")
	h.write(t, "secret.key", "private")
	h.write(t, "sub/deep/a.txt", "a")
	h.write(t, "keep.txt", "kept")
	os.Chmod(filepath.Join(h.src, "secret.key"), 0o600)
	os.Chmod(filepath.Join(h.src, "sub"), 0o750)
	os.Symlink("/etc", filepath.Join(h.src, "etc-link"))
	os.Symlink("../../../../..", filepath.Join(h.src, "up"))
	os.Symlink("sub/deep", filepath.Join(h.src, "inside"))
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, p := range []string{"index.html", "secret.key", "sub/deep/a.txt", "keep.txt", "sub/deep", "sub", "."} {
		os.Chtimes(filepath.Join(h.src, p), old, old)
	}
	// links too: rsync sends a link's time in whole seconds, so a link
	// made in the second of the restore would look unchanged to it
	ts := []unix.Timespec{unix.NsecToTimespec(old.UnixNano()), unix.NsecToTimespec(old.UnixNano())}
	for _, p := range []string{"etc-link", "up", "inside"} {
		if err := unix.UtimesNanoAt(unix.AT_FDCWD, filepath.Join(h.src, p), ts, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			t.Fatal(err)
		}
	}
	before := manifest(t, h.src)
	if task := backup(t, b, h.name); task.State != api.TaskSucceeded {
		t.Fatalf("backup: %+v\n%s", task, logText(task))
	}
	snaps, err := b.Client().Snapshots(context.Background(), h.name, client.SnapshotQuery{})
	if err != nil || len(snaps.Snapshots) != 1 {
		t.Fatalf("snapshots: %+v %v", snaps, err)
	}
	return &restoreFixture{b: b, host: h, snap: snaps.Snapshots[0].Name, before: before}
}

// damage changes the host's tree: a changed file, a deleted one, a
// changed mode, and a file the snapshot does not hold.
func (f *restoreFixture) damage(t *testing.T) {
	t.Helper()
	f.host.write(t, "index.html", "defaced")
	os.Remove(filepath.Join(f.host.src, "keep.txt"))
	os.Chmod(filepath.Join(f.host.src, "secret.key"), 0o644)
	f.host.write(t, "extra.txt", "not in the snapshot")
}

// restore runs a restore to its end and returns the task and its result.
func (f *restoreFixture) restore(t *testing.T, req api.RestoreRequest) (api.Task, api.RestoreResult) {
	t.Helper()
	req.Snapshot = f.snap
	task, err := f.b.Client().Restore(context.Background(), f.host.name, req)
	if err != nil {
		t.Fatalf("restore %+v: %v", req, err)
	}
	task = waitTask(t, f.b, task.ID, done)
	var res api.RestoreResult
	if len(task.Result) > 0 {
		if err := json.Unmarshal(task.Result, &res); err != nil {
			t.Fatal(err)
		}
	}
	return task, res
}

func without(m map[string]string, keys ...string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// A restore to the original place brings back the exact bytes, modes and
// times; a file the snapshot does not hold survives unless --delete is
// given. The host's restore commands run around it.
func TestRestoreToHostOriginalPlace(t *testing.T) {
	marks := testenv.SharedTempDir(t)
	f := newRestoreFixture(t, func(h *api.Host) {
		h.PreRestore = "echo pre >> " + marks + "/commands"
		h.PostRestore = "echo post >> " + marks + "/commands"
	})
	f.damage(t)
	task, res := f.restore(t, api.RestoreRequest{Paths: []string{f.host.src}, To: "host"})
	if task.State != api.TaskSucceeded || task.Kind != "restore" || task.Action != api.ActionRestore || task.Target != "web1" {
		t.Fatalf("restore: %+v\n%s", task, logText(task))
	}
	after := manifest(t, f.host.src)
	if _, ok := after["extra.txt"]; !ok {
		t.Error("a restore without --delete deleted a file")
	}
	sameManifest(t, "restored without --delete", f.before, without(after, "extra.txt"))
	if res.To != "host:/" || res.Delete || res.ChangesTotal == 0 {
		t.Errorf("result %+v", res)
	}
	if got, _ := os.ReadFile(filepath.Join(marks, "commands")); string(got) != "pre\npost\n" {
		t.Errorf("restore commands ran as %q", got)
	}

	f.host.write(t, "index.html", "defaced again")
	task, res = f.restore(t, api.RestoreRequest{To: "host", Delete: true}) // no paths: the host's source paths
	if task.State != api.TaskSucceeded {
		t.Fatalf("restore --delete: %+v\n%s", task, logText(task))
	}
	sameManifest(t, "restored with --delete", f.before, manifest(t, f.host.src))
	deleted := false
	for _, c := range res.Changes {
		deleted = deleted || (c.Op == api.ChangeDelete && c.Path == f.host.src+"/extra.txt")
	}
	if !deleted || len(res.Paths) != 1 || res.Paths[0] != f.host.src {
		t.Errorf("result of --delete: %+v", res)
	}
	// the snapshot itself was only read
	sameManifest(t, "snapshot", f.before, manifest(t, snapshotPath(f.b, "web1", f.snap, f.host.src)))
}

// To another path on the host and to a local folder: the same tree at
// <target>/<full source path>.
func TestRestoreElsewhere(t *testing.T) {
	f := newRestoreFixture(t, nil)
	other := testenv.SharedTempDir(t)
	task, _ := f.restore(t, api.RestoreRequest{Paths: []string{f.host.src}, To: "host:" + other})
	if task.State != api.TaskSucceeded {
		t.Fatalf("%+v\n%s", task, logText(task))
	}
	sameManifest(t, "restored to another path", f.before, manifest(t, filepath.Join(other, f.host.src)))

	task, res := f.restore(t, api.RestoreRequest{Paths: []string{f.host.src + "/sub", f.host.src + "/secret.key"}, To: "local:web1/one"})
	if task.State != api.TaskSucceeded {
		t.Fatalf("%+v\n%s", task, logText(task))
	}
	local := filepath.Join(f.b.Dir, "restore", "web1", "one")
	if res.To != "local:"+local {
		t.Errorf("result %+v", res)
	}
	got := manifest(t, filepath.Join(local, f.host.src))
	for _, k := range []string{"sub", "sub/deep", "sub/deep/a.txt", "secret.key"} {
		if got[k] != f.before[k] || got[k] == "" {
			t.Errorf("local %s: %q, want %q", k, got[k], f.before[k])
		}
	}
	if _, ok := got["index.html"]; ok {
		t.Error("a path not asked for was restored")
	}
	if st, err := os.Stat(filepath.Join(f.b.Dir, "restore")); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("restore root: %v %v", st, err)
	}
}

// A dry run changes nothing and lists what would change.
func TestRestoreDryRun(t *testing.T) {
	m := testenv.RequireMachine(t)
	f := newRestoreFixture(t, nil)
	f.damage(t)
	damaged := manifest(t, f.host.src)
	task, res := f.restore(t, api.RestoreRequest{Paths: []string{f.host.src}, To: "host", Delete: true, DryRun: true})
	if task.State != api.TaskSucceeded || !res.DryRun {
		t.Fatalf("%+v\n%s", task, logText(task))
	}
	sameManifest(t, "after a dry run", damaged, manifest(t, f.host.src))
	want := map[string]string{
		f.host.src + "/index.html": api.ChangeUpdate,
		f.host.src + "/keep.txt":   api.ChangeCreate,
		f.host.src + "/secret.key": api.ChangeAttrs,
		f.host.src + "/extra.txt":  api.ChangeDelete,
	}
	got := map[string]string{}
	for _, c := range res.Changes {
		got[c.Path] = c.Op
	}
	for p, op := range want {
		if got[p] != op {
			t.Errorf("%s: %q, want %q (changes %+v)", p, got[p], op, res.Changes)
		}
	}
	// the CLI's dry run waits and lists the changes
	out := testenv.RunAs(t, m.Admin, f.b.Socket, "restore", "web1", f.snap, f.host.src, "--to", "host", "--dry-run")
	if out.Code != 0 || !strings.Contains(out.Stdout, "would change") || !strings.Contains(out.Stdout, f.host.src+"/index.html") {
		t.Errorf("bamsctl restore --dry-run: %+v", out)
	}
	sameManifest(t, "after the CLI's dry run", damaged, manifest(t, f.host.src))
}

// Browse, download and restore refuse "..", links out of the snapshot
// and local targets outside the restore root; an absolute path means the
// snapshot's top, never the appliance's root.
func TestRestoreRefusesEscapes(t *testing.T) {
	f := newRestoreFixture(t, nil)
	ctx := context.Background()
	c := f.b.Client()
	src := f.host.src
	for _, p := range []struct {
		path string
		kind api.ErrorKind
	}{
		{src + "/../../../etc", api.KindBadRequest},
		{"../../../../etc/passwd", api.KindBadRequest},
		{src + "/etc-link/passwd", api.KindBadRequest}, // through a link to /etc
		{src + "/up/etc/passwd", api.KindBadRequest},   // through a relative link out
		{src + "/inside/a.txt", api.KindBadRequest},    // through any link
		{"/etc/passwd", api.KindNotFound},              // the snapshot's /etc, which it lacks
		{"/.bams-snapshot.json", api.KindNotFound},
	} {
		if _, err := c.Files(ctx, "web1", f.snap, p.path, 0, ""); apiKind(err) != p.kind {
			t.Errorf("browse %q: %v, want %s", p.path, err, p.kind)
		}
		if err := c.Download(ctx, "web1", f.snap, p.path, io.Discard); apiKind(err) != p.kind {
			t.Errorf("download %q: %v, want %s", p.path, err, p.kind)
		}
		if _, err := c.Restore(ctx, "web1", api.RestoreRequest{Snapshot: f.snap, Paths: []string{p.path}, To: "local:x"}); apiKind(err) != p.kind {
			t.Errorf("restore %q: %v, want %s", p.path, err, p.kind)
		}
	}
	// a link as the last component is listed as a link, never followed
	l, err := c.Files(ctx, "web1", f.snap, src+"/etc-link", 0, "")
	if err != nil || l.Type != api.FileSymlink || len(l.Entries) != 1 || l.Entries[0].Target != "/etc" {
		t.Errorf("browse a link: %+v %v", l, err)
	}

	elsewhere := testenv.SharedTempDir(t)
	os.MkdirAll(filepath.Join(f.b.Dir, "restore"), 0o700)
	os.Symlink(elsewhere, filepath.Join(f.b.Dir, "restore", "link"))
	for _, to := range []string{"local:" + elsewhere, "local:../elsewhere", "local:" + filepath.Join(f.b.Dir, "backups", "x"),
		"local:link/x", "local:link", "host:relative", "host:/a/../b", "nowhere"} {
		_, err := c.Restore(ctx, "web1", api.RestoreRequest{Snapshot: f.snap, To: to})
		if apiKind(err) != api.KindBadRequest {
			t.Errorf("restore to %q: %v", to, err)
		}
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("something was written outside the restore root: %v", entries)
	}
	// a refused restore started no task
	if l, _ := c.Tasks(ctx, client.TaskQuery{Kind: "restore"}); len(l.Tasks) != 0 {
		t.Errorf("refused restores started tasks: %+v", l.Tasks)
	}
}

// The archive holds exactly the asked path, with its bytes and modes.
func TestDownloadArchive(t *testing.T) {
	f := newRestoreFixture(t, nil)
	var buf bytes.Buffer
	if err := f.b.Client().Download(context.Background(), "web1", f.snap, f.host.src+"/sub", &buf); err != nil {
		t.Fatal(err)
	}
	gz, err := gzip.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	got := map[string]string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		content, _ := io.ReadAll(tr)
		got[h.Name] = string(h.Typeflag) + " " + os.FileMode(h.Mode).String() + " " + string(content)
	}
	want := map[string]string{
		"sub/":           "5 -rwxr-x--- ",
		"sub/deep/":      "5 -rwxr-xr-x ",
		"sub/deep/a.txt": "0 -rw-r--r-- a",
	}
	if len(got) != len(want) {
		t.Errorf("archive holds %v, want %v", got, want)
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %q, want %q", name, got[name], w)
		}
	}
	// a symlink is stored as a link
	buf.Reset()
	f.b.Client().Download(context.Background(), "web1", f.snap, f.host.src+"/up", &buf)
	gz, _ = gzip.NewReader(&buf)
	h, err := tar.NewReader(gz).Next()
	if err != nil || h.Name != "up" || h.Typeflag != tar.TypeSymlink || h.Linkname != "../../../../.." {
		t.Errorf("link entry %+v %v", h, err)
	}
	// downloads leave an audit record: reading backed-up files
	recs, err := f.b.Client().Audit(context.Background(), client.AuditQuery{Action: api.ActionRestore})
	if err != nil || len(recs.Records) < 2 || recs.Records[0].Method != "GET" || !strings.HasSuffix(recs.Records[0].Path, "/download") {
		t.Errorf("audit: %+v %v", recs, err)
	}
}

// Only org.bams.restore may browse, download or restore: a viewer and an
// operator get 403 naming it; an admin may.
func TestRestorePermissions(t *testing.T) {
	m := testenv.RequireMachine(t)
	f := newRestoreFixture(t, nil)
	base := "/api/v1/hosts/web1/snapshots/" + f.snap
	q := "?path=" + url.QueryEscape(f.host.src)
	for _, user := range []string{m.Viewer, m.Operator} {
		for _, call := range [][2]string{{"GET", base + "/files" + q}, {"GET", base + "/download" + q}, {"POST", "/api/v1/hosts/web1/restore"}} {
			e := callAs(t, user, f.b.Socket, call[0], call[1], nil)
			if e == nil || e.Kind != api.KindPermissionDenied || e.Action != api.ActionRestore {
				t.Errorf("%s %s as %s: %+v, want permission-denied for %s", call[0], call[1], user, e, api.ActionRestore)
			}
		}
	}
	var l api.FileList
	if e := callAs(t, m.Admin, f.b.Socket, "GET", base+"/files"+q, &l); e != nil || len(l.Entries) == 0 {
		t.Fatalf("admin browse: %v %+v", e, l)
	}
	res := testenv.RunAs(t, m.Admin, f.b.Socket, "files", "web1", f.snap, f.host.src)
	if res.Code != 0 || !strings.Contains(res.Stdout, "etc-link -> /etc") {
		t.Errorf("bamsctl files: %+v", res)
	}
}
