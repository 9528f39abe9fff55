package integration

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

// File names are bytes, not text: a name that is not valid UTF-8 (an old
// Latin-1 file, say) is listed with its exact bytes, can be browsed into,
// paged past, downloaded and restored by name, through the API and the CLI.
func TestNamesThatAreNotUTF8(t *testing.T) {
	m := testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	ctx := context.Background()
	const latin1, dir = "caf\xe9.txt", "d\xff"
	h := addHost(t, b, "web1", "127.0.0.2", nil)
	h.write(t, "a.txt", "a")
	h.write(t, latin1, "café in Latin-1")
	h.write(t, dir+"/inner.txt", "inner")
	h.write(t, "z.txt", "z")
	if task := backup(t, b, h.name); task.State != api.TaskSucceeded {
		t.Fatalf("backup: %+v\n%s", task, logText(task))
	}
	snaps, _ := b.Client().Snapshots(ctx, h.name, client.SnapshotQuery{})
	snap := snaps.Snapshots[0].Name

	// listed one per page: the cursor survives a name JSON can't carry
	var names []string
	for cursor := ""; ; {
		page, err := b.Client().Files(ctx, h.name, snap, h.src, 1, cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Entries {
			name := e.Name
			if e.NameBase64 != nil {
				name = string(e.NameBase64)
			}
			names = append(names, name)
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if want := []string{"a.txt", latin1, dir, "z.txt"}; !slices.Equal(names, want) {
		t.Errorf("listed %q, want %q", names, want)
	}
	// browsing into the folder: its path comes back as bytes too
	inside, err := b.Client().Files(ctx, h.name, snap, h.src+"/"+dir, 0, "")
	if err != nil || string(inside.PathBase64) != h.src+"/"+dir || len(inside.Entries) != 1 || inside.Entries[0].Name != "inner.txt" {
		t.Errorf("inside %q: %+v %v", dir, inside, err)
	}

	// download by the exact name
	var buf bytes.Buffer
	if err := b.Client().Download(ctx, h.name, snap, h.src+"/"+latin1, &buf); err != nil {
		t.Fatal(err)
	}
	gz, err := gzip.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	hdr, err := tr.Next()
	content, _ := io.ReadAll(tr)
	if err != nil || hdr.Name != latin1 || string(content) != "café in Latin-1" {
		t.Errorf("archive entry %+v %q %v", hdr, content, err)
	}

	// the CLI shows the name ready to paste, and restores by it
	out := testenv.RunAs(t, m.Admin, b.Socket, "files", h.name, snap, h.src)
	if out.Code != 0 || !strings.Contains(out.Stdout, `$'caf\xe9.txt'`) {
		t.Errorf("bamsctl files: %+v", out)
	}
	out = testenv.RunAs(t, m.Admin, b.Socket, "restore", h.name, snap, h.src+"/"+latin1, h.src+"/"+dir, "--to", "local:names", "--wait")
	if out.Code != 0 {
		t.Fatalf("bamsctl restore: %+v", out)
	}
	restored := filepath.Join(b.Dir, "restore", "names", h.src)
	for rel, want := range map[string]string{latin1: "café in Latin-1", dir + "/inner.txt": "inner"} {
		if got, err := os.ReadFile(filepath.Join(restored, rel)); err != nil || string(got) != want {
			t.Errorf("restored %q: %q %v", rel, got, err)
		}
	}
	if _, err := os.Stat(filepath.Join(restored, "a.txt")); err == nil {
		t.Error("a path not asked for was restored")
	}
}
