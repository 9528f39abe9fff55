package pullbackup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/snapstore"
)

const testSnap = "2026-11-20T02-15-00Z"

// snapshotService is a service with host web1 and one complete snapshot
// holding snapshotTree.
func snapshotService(t *testing.T) *Service {
	t.Helper()
	s := newService(t)
	if _, err := s.CreateHost(validHost()); err != nil {
		t.Fatal(err)
	}
	snapshotTree(t, filepath.Join(hostDirOf(t, s, "web1"), testSnap))
	if err := s.store.PutSnapshot(api.Snapshot{Host: "web1", Name: testSnap, State: api.SnapshotComplete}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFiles(t *testing.T) { eachLayout(t, testFiles) }

func testFiles(t *testing.T, s *Service) {
	top, err := s.Files("web1", testSnap, "/", 100, "")
	if err != nil {
		t.Fatal(err)
	}
	if names := entryNames(top.Entries); !slices.Equal(names, []string{"etc", "srv"}) {
		t.Errorf("top: %v (the metadata file must not show)", names)
	}
	www, err := s.Files("web1", testSnap, "/srv/www", 100, "")
	if err != nil {
		t.Fatal(err)
	}
	if names := entryNames(www.Entries); !slices.Equal(names, []string{"abs", "current", "index.html", "out", "passwd", "sub"}) {
		t.Fatalf("www: %v", names)
	}
	out := www.Entries[3]
	if out.Type != api.FileSymlink || out.Target != "../../../.." {
		t.Errorf("a symlink is shown with its text: %+v", out)
	}
	index := www.Entries[2]
	if index.Type != api.FileRegular || index.Size != 11 || index.Mode != "0640" || index.MTime.IsZero() {
		t.Errorf("index.html: %+v", index)
	}
	// pages
	page, _ := s.Files("web1", testSnap, "/srv/www", 2, "")
	next, _ := s.Files("web1", testSnap, "/srv/www", 10, page.Next)
	if page.Next != base64.RawURLEncoding.EncodeToString([]byte("current")) || !slices.Equal(entryNames(next.Entries), []string{"index.html", "out", "passwd", "sub"}) || next.Next != "" {
		t.Errorf("pages: %+v then %+v", page, next)
	}
	// a file is its one entry
	f, err := s.Files("web1", testSnap, "/etc/hostname", 100, "")
	if err != nil || f.Type != api.FileRegular || len(f.Entries) != 1 || f.Entries[0].Name != "hostname" {
		t.Errorf("file: %+v %v", f, err)
	}
	for _, bad := range []struct {
		host, snap, path string
		kind             api.ErrorKind
	}{
		{"web1", testSnap, "/srv/www/out/etc", api.KindBadRequest},
		{"web1", testSnap, "/srv/../etc", api.KindBadRequest},
		{"web1", "2026-11-21T02-15-00Z", "/", api.KindNotFound},
		{"web1", "../web1", "/", api.KindBadRequest},
		{"nohost", testSnap, "/", api.KindNotFound},
	} {
		if _, err := s.Files(bad.host, bad.snap, bad.path, 100, ""); kindOf(err) != bad.kind {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}

func entryNames(es []api.FileEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name)
	}
	return out
}

// readArchive lists a .tar.gz: name → type and content (or link text).
func readArchive(t *testing.T, b []byte) map[string]string {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	out := map[string]string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		content, _ := io.ReadAll(tr)
		out[h.Name] = string(h.Typeflag) + ":" + string(content) + h.Linkname
	}
}

func TestDownload(t *testing.T) { eachLayout(t, testDownload) }

func testDownload(t *testing.T, s *Service) {
	d, err := s.OpenDownload("web1", testSnap, "/srv/www/sub")
	if err != nil {
		t.Fatal(err)
	}
	if d.Filename != "web1-"+testSnap+"-sub.tar.gz" {
		t.Errorf("filename %q", d.Filename)
	}
	var buf bytes.Buffer
	if err := d.Stream(&buf); err != nil {
		t.Fatal(err)
	}
	got := readArchive(t, buf.Bytes())
	want := map[string]string{"sub/": "5:", "sub/a.txt": "0:a"}
	if len(got) != len(want) || got["sub/"] != want["sub/"] || got["sub/a.txt"] != want["sub/a.txt"] {
		t.Errorf("archive %v, want %v", got, want)
	}
	// a symlink is stored as one, never followed
	d, _ = s.OpenDownload("web1", testSnap, "/srv/www/abs")
	buf.Reset()
	d.Stream(&buf)
	if got := readArchive(t, buf.Bytes()); len(got) != 1 || got["abs"] != "2:/etc" {
		t.Errorf("symlink archive %v", got)
	}
	// the whole snapshot, without its metadata file
	d, _ = s.OpenDownload("web1", testSnap, "")
	buf.Reset()
	d.Stream(&buf)
	got = readArchive(t, buf.Bytes())
	if _, ok := got[snapstore.MetadataFile]; ok || got["etc/hostname"] != "0:web1" || got["srv/www/out"] != "2:../../../.." {
		t.Errorf("whole snapshot %v", got)
	}
	for _, bad := range []string{"/srv/www/abs/passwd", "../x", "/" + snapstore.MetadataFile} {
		if _, err := s.OpenDownload("web1", testSnap, bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

// Restore requests are checked before any task runs.
func TestPlanRestoreRejects(t *testing.T) { eachLayout(t, testPlanRestoreRejects) }

func testPlanRestoreRejects(t *testing.T, s *Service) {
	s.restoreRoot = filepath.Join(t.TempDir(), "restore")
	os.MkdirAll(s.restoreRoot, 0o700)
	for name, req := range map[string]api.RestoreRequest{
		"dotdot":           {Snapshot: testSnap, Paths: []string{"/srv/../etc"}, To: "host"},
		"through symlink":  {Snapshot: testSnap, Paths: []string{"/srv/www/abs/passwd"}, To: "host"},
		"top":              {Snapshot: testSnap, Paths: []string{"/"}, To: "host"},
		"metadata":         {Snapshot: testSnap, Paths: []string{"/" + snapstore.MetadataFile}, To: "host"},
		"bad to":           {Snapshot: testSnap, To: "elsewhere"},
		"relative host to": {Snapshot: testSnap, To: "host:tmp"},
		"option host to":   {Snapshot: testSnap, To: "host:-e"},
		"local outside":    {Snapshot: testSnap, To: "local:/etc"},
		"local backups":    {Snapshot: testSnap, To: "local:" + s.backupRoot},
		"no snapshot":      {Snapshot: "2026-11-21T02-15-00Z", To: "host"},
		"key not accepted": {Snapshot: testSnap, To: "host"},
	} {
		if _, err := s.StartRestore("web1", req, api.Caller{}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// no paths: the host's source paths that the snapshot holds
	plan, err := s.planRestore("web1", api.RestoreRequest{Snapshot: testSnap, To: "local:x"})
	if err != nil || !slices.Equal(plan.rels, []string{"srv/www", "etc"}) || plan.dest != s.restoreRoot+"/x" {
		t.Errorf("whole snapshot: %+v %v", plan, err)
	}
}
