package zfs

import (
	"os"
	"testing"
)

func TestParseReclaim(t *testing.T) {
	b, err := os.ReadFile("testdata/zfs-destroy-nvp.openzfs-source.txt")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := ParseReclaim(string(b)); err != nil || n != 1837056 {
		t.Fatalf("ParseReclaim = %d, %v", n, err)
	}
	for _, bad := range []string{"", "would reclaim 1.2G\n", "reclaim\tlots\n"} {
		if n, err := ParseReclaim(bad); err == nil {
			t.Errorf("ParseReclaim(%q) = %d, want an error", bad, n)
		}
	}
}
