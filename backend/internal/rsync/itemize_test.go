package rsync

import (
	"os"
	"reflect"
	"testing"
)

// Recorded dry runs (testdata/README.md) read into changes, and their
// --stats block still reaches ParseStats.
func TestItemizeWriterRecorded(t *testing.T) {
	tests := []struct {
		file    string
		want    []Change
		deleted int64
	}{
		{"itemize-dry-run-delete.txt", []Change{
			{Op: ChangeDelete, Path: "srv/www/olddir/o.txt"},
			{Op: ChangeDelete, Path: "srv/www/olddir"},
			{Op: ChangeDelete, Path: "srv/www/extra.txt"},
			{Op: ChangeUpdate, Type: "file", Path: "srv/www/index.html", What: "st"},
			{Op: ChangeCreate, Type: "symlink", Path: "srv/www/link", Target: "index.html"},
			{Op: ChangeCreate, Type: "file", Path: "srv/www/new.txt"},
			{Op: ChangeAttrs, Type: "file", Path: "srv/www/same.txt", What: "p"},
			{Op: ChangeCreate, Type: "file", Path: "srv/www/with space.txt"},
		}, 3},
		{"itemize-dry-run-special.txt", []Change{
			{Op: ChangeAttrs, Type: "dir", Path: "srv/www", What: "t"},
			{Op: ChangeCreate, Type: "file", Path: "srv/www/bad\nname"},
			{Op: ChangeCreate, Type: "fifo", Path: "srv/www/fifo"},
			{Op: ChangeUpdate, Type: "file", Path: "srv/www/index.html", What: "st"},
			{Op: ChangeCreate, Type: "symlink", Path: "srv/www/link", Target: "index.html"},
			{Op: ChangeCreate, Type: "file", Path: "srv/www/new.txt"},
			{Op: ChangeLink, Type: "file", Path: "srv/www/hard.txt", Target: "srv/www/new.txt"},
			{Op: ChangeAttrs, Type: "file", Path: "srv/www/same.txt", What: "p"},
			{Op: ChangeCreate, Type: "file", Path: "srv/www/with space.txt"},
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			w := NewItemizeWriter(NewProgressWriter(nil), 100)
			w.Write(b)
			w.Close()
			if !reflect.DeepEqual(w.Changes(), tt.want) {
				t.Errorf("changes:\n got %+v\nwant %+v", w.Changes(), tt.want)
			}
			if w.Total() != len(tt.want) {
				t.Errorf("total %d, want %d", w.Total(), len(tt.want))
			}
			s, err := ParseStats(w.Text())
			if err != nil || s.DeletedFiles != tt.deleted {
				t.Errorf("stats %+v, %v", s, err)
			}
		})
	}
}

// Only the first max changes are kept; all are counted.
func TestItemizeWriterBounded(t *testing.T) {
	b, err := os.ReadFile("testdata/itemize-dry-run-empty-target.txt")
	if err != nil {
		t.Fatal(err)
	}
	w := NewItemizeWriter(NewProgressWriter(nil), 2)
	// split mid-line: records may arrive in any pieces
	w.Write(b[:20])
	w.Write(b[20:])
	w.Close()
	if len(w.Changes()) != 2 || w.Total() != 9 || w.Changes()[0] != (Change{Op: ChangeCreate, Type: "dir", Path: "srv"}) {
		t.Fatalf("%d changes %+v, total %d", len(w.Changes()), w.Changes(), w.Total())
	}
}

func TestParseItemRejects(t *testing.T) {
	for _, line := range []string{"", "created directory /x", "Number of files: 9 (reg: 5)", ">f+++++++++", "?f+++++++++ x", ">q+++++++++ x"} {
		if c, ok := parseItem(line); ok {
			t.Errorf("%q parsed as %+v", line, c)
		}
	}
}
