package zfs

import (
	"fmt"
	"strings"
	"testing"
)

// zfs list -H -p -o name,used,referenced,creation -t snapshot of 100 000
// snapshots (10 datasets × 10 000), about 7 MB.
func snapshotListing(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "tank/backups/host%d@bams-2026-%05d\t%d\t%d\t%d\n", i%10, i, 81920+i, 21118976+i, 1795304818+i)
	}
	return b.String()
}

func BenchmarkParseList100kSnapshots(b *testing.B) {
	out := snapshotListing(100000)
	b.SetBytes(int64(len(out)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ds, warns := ParseList(out, SnapshotColumns)
		if len(ds) != 100000 || warns != nil {
			b.Fatal(len(ds), warns)
		}
	}
}

func TestParseList100kSnapshots(t *testing.T) {
	t.Parallel()
	ds, warns := ParseList(snapshotListing(100000), SnapshotColumns)
	if len(ds) != 100000 || warns != nil || ds[99999].Referenced != 21118976+99999 || ds[99999].Creation.Unix() != 1795304818+99999 {
		t.Fatalf("%d %v %+v", len(ds), warns, ds[len(ds)-1])
	}
}
