package zfs

import (
	"fmt"
	"strings"
	"testing"
)

// zfs list -H -p -o name,used,referenced,creation,bams:owner,userrefs,clones
// -t snapshot of 100 000 snapshots (10 datasets × 10 000), about 8 MB:
// every fourth made by hand (owner "-"), every hundredth held.
func snapshotListing(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		owner := "snaptask:hourly"
		if i%4 == 0 {
			owner = "-"
		}
		fmt.Fprintf(&b, "tank/backups/host%d@bams-2026-%05d\t%d\t%d\t%d\t%s\t%d\t\n", i%10, i, 81920+i, 21118976+i, 1795304818+i, owner, btoi(i%100 == 0))
	}
	return b.String()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
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
	if len(ds) != 100000 || warns != nil || ds[99999].Referenced != 21118976+99999 || ds[99999].Creation.Unix() != 1795304818+99999 ||
		ds[99999].Owner != "snaptask:hourly" || ds[0].Owner != "" || ds[0].UserRefs != 1 || ds[1].UserRefs != 0 || ds[0].Clones != nil {
		t.Fatalf("%d %v %+v", len(ds), warns, ds[len(ds)-1])
	}
}
