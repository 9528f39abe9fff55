package store

import (
	"path/filepath"
	"testing"

	"bams/backend/api"
)

// Records changed by fn are written, the others left; a fn that changes
// nothing writes nothing; the list pages in barcode order.
func TestTapeMedia(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "bams.db"), Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	calls := 0
	add := func(m map[string]api.TapeMedium) error {
		calls++
		m["B2"] = api.TapeMedium{Barcode: "B2", Location: api.TapeInSlot, Number: 2}
		m["A1"] = api.TapeMedium{Barcode: "A1", Location: api.TapeInDrive}
		return nil
	}
	if err := s.UpdateTapeMedia(add); err != nil || calls != 2 {
		t.Fatalf("first update: %v, fn ran %d times, want 2 (read, then write)", err, calls)
	}
	calls = 0
	if err := s.UpdateTapeMedia(add); err != nil || calls != 1 {
		t.Fatalf("unchanged update: %v, fn ran %d times, want 1 (nothing to write)", err, calls)
	}
	var got []string
	s.ListTapeMedia("", func(r api.TapeMedium) bool { got = append(got, r.Barcode+"@"+r.Location); return true })
	if len(got) != 2 || got[0] != "A1@drive" || got[1] != "B2@slot" {
		t.Fatalf("list %v", got)
	}
	got = nil
	s.ListTapeMedia("A1", func(r api.TapeMedium) bool { got = append(got, r.Barcode); return true })
	if len(got) != 1 || got[0] != "B2" {
		t.Fatalf("after A1: %v", got)
	}
}
