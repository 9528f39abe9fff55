package pullbackup

import (
	"os"
	"path/filepath"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/snapstore"
)

// snapshotTree makes a snapshot-like folder: /srv/www with files, links
// that stay inside and links that leave, and the metadata file.
func snapshotTree(t *testing.T, dir string) {
	t.Helper()
	for _, d := range []string{"srv/www/sub", "etc"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range map[string]string{"srv/www/index.html": "<h1>hi</h1>", "srv/www/sub/a.txt": "a",
		"etc/hostname": "web1", snapstore.MetadataFile: "{}"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range map[string]string{"srv/www/current": "sub", "srv/www/out": "../../../..",
		"srv/www/abs": "/etc", "srv/www/passwd": "/etc/passwd"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	snapshotTree(t, dir)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	tests := []struct {
		path, rel string
		kind      api.ErrorKind // "" when it resolves
		typ       string
	}{
		{"", "", "", api.FileDir},
		{"/", "", "", api.FileDir},
		{"/srv/www", "srv/www", "", api.FileDir},
		{"srv/www/", "srv/www", "", api.FileDir},
		{"//srv/./www//index.html", "srv/www/index.html", "", api.FileRegular},
		// a leading "/" is the snapshot's top, never the appliance's root
		{"/etc/hostname", "etc/hostname", "", api.FileRegular},
		{"/etc/passwd", "", api.KindNotFound, ""},
		{"/bin/sh", "", api.KindNotFound, ""},
		// ".." never resolves, even when it would stay inside
		{"/srv/www/../www/index.html", "", api.KindBadRequest, ""},
		{"../../../etc/passwd", "", api.KindBadRequest, ""},
		{"..", "", api.KindBadRequest, ""},
		{"srv/www/index.html\x00", "", api.KindBadRequest, ""},
		// a symlink as the last component is the link itself
		{"/srv/www/out", "srv/www/out", "", api.FileSymlink},
		{"/srv/www/abs", "srv/www/abs", "", api.FileSymlink},
		// through a symlink: refused, wherever it points
		{"/srv/www/out/etc/passwd", "", api.KindBadRequest, ""},
		{"/srv/www/abs/passwd", "", api.KindBadRequest, ""},
		{"/srv/www/current/a.txt", "", api.KindBadRequest, ""},
		{"/srv/www/passwd/x", "", api.KindBadRequest, ""},
		// through a file, missing, and the metadata file
		{"/srv/www/index.html/x", "", api.KindNotFound, ""},
		{"/srv/nothing", "", api.KindNotFound, ""},
		{"/" + snapstore.MetadataFile, "", api.KindNotFound, ""},
	}
	for _, tt := range tests {
		rel, fi, err := resolve(root, "path", tt.path)
		if kindOf(err) != tt.kind || (tt.kind == "" && err != nil) {
			t.Errorf("%q: error %v, want kind %q", tt.path, err, tt.kind)
			continue
		}
		if tt.kind != "" {
			continue
		}
		if rel != tt.rel || fileType(fi.Mode()) != tt.typ {
			t.Errorf("%q: %q %s, want %q %s", tt.path, rel, fileType(fi.Mode()), tt.rel, tt.typ)
		}
	}
}

func TestLocalTarget(t *testing.T) {
	base := t.TempDir()
	restore := filepath.Join(base, "restore")
	backups := filepath.Join(base, "backups")
	for _, d := range []string{restore + "/existing", backups, base + "/elsewhere", restore + "/file-parent"} {
		os.MkdirAll(d, 0o700)
	}
	os.WriteFile(restore+"/a-file", nil, 0o600)
	os.Symlink(base+"/elsewhere", restore+"/link")
	os.Symlink(backups, restore+"/to-backups")
	tests := []struct {
		dir, want string
		ok        bool
	}{
		{restore + "/existing", restore + "/existing", true},
		{restore + "/new/deeper", restore + "/new/deeper", true},
		{"relative/name", restore + "/relative/name", true},
		{restore, restore, true},
		{"", "", false},
		{base + "/elsewhere", "", false},                         // outside the restore root
		{restore + "/../elsewhere", "", false},                   // .. out of it
		{"../elsewhere", "", false},                              // relative .. out of it
		{restore + "/link/x", "", false},                         // through a symlink
		{restore + "/link", "", false},                           // a symlink itself
		{restore + "/to-backups/host", "", false},                // into the backup root through a link
		{restore + "/a-file/x", "", false},                       // through a file
		{restore + "/with space", restore + "/with space", true}, // no shell ever sees it
		{restore + "/tab\there", "", false},                      // a control character
		{restore + "/existing/", "", false},                      // not clean
	}
	for _, tt := range tests {
		got, err := localTarget(restore, backups, tt.dir)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("%q: %q, %v; want %q ok=%v", tt.dir, got, err, tt.want, tt.ok)
		}
		if err != nil && kindOf(err) != api.KindBadRequest {
			t.Errorf("%q: %v is not a bad request", tt.dir, err)
		}
	}
	// a restore root that holds the backup root: no target may hold it
	if _, err := localTarget(base, backups, base); err == nil {
		t.Error("a target holding the backup root was accepted")
	}
	if _, err := localTarget(base, backups, backups+"/x"); err == nil {
		t.Error("a target inside the backup root was accepted")
	}
}
