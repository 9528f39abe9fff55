package tapesvc

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"bams/backend/internal/mtx"
	"bams/backend/internal/store"
)

// What every status read of a full 1 000-slot library costs the media
// inventory: one transaction reading every record, writing none when
// nothing moved (last-seen times are rewritten at most every 10 minutes).
func BenchmarkRecordSeen1000Slots(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), "bams.db"), store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s, _ := New(Options{Store: db})
	st := &mtx.Status{Drives: []mtx.Drive{{Number: 0}}}
	for i := 1; i <= 1000; i++ {
		st.Slots = append(st.Slots, mtx.Slot{Number: i, Full: true, Tag: fmt.Sprintf("A%05dL8", i)})
	}
	c := &changer{Changer: Changer{Name: "lib1"}}
	now := time.Now()
	if err := s.recordSeen(c, st, now); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.recordSeen(c, st, now.Add(time.Second)); err != nil {
			b.Fatal(err)
		}
	}
}
