package rsync

import (
	"os"
	"testing"
)

func readStats(t *testing.T, file string) Stats {
	t.Helper()
	b, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseStats(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStatsRecorded(t *testing.T) {
	t.Parallel()
	first := readStats(t, "stats-first-run.txt")
	want := Stats{Files: 60, RegularFiles: 44, Dirs: 14, Links: 1, Specials: 1, CreatedFiles: 60, TransferredFiles: 44,
		TotalSize: 50824552, TransferredSize: 50824537, LiteralData: 50824537, FileListSize: 1633,
		BytesSent: 944, BytesReceived: 50840502}
	if first != want {
		t.Errorf("first run\n got %+v\nwant %+v", first, want)
	}
	// Second run with --link-dest: 4 files changed or new; most of the big
	// file came from the base (matched), but it is a whole new file.
	second := readStats(t, "stats-itemize-second-run-link-dest.txt")
	if second.CreatedFiles != 1 || second.TransferredFiles != 4 || second.NewBytes() != 50348849 ||
		second.LiteralData != 1056134 || second.MatchedData != 49292715 || second.TotalSize != 50824551 {
		t.Errorf("second run %+v", second)
	}
	unchanged := readStats(t, "stats-link-dest-24k-files-unchanged.txt")
	if unchanged.Files != 23980 || unchanged.Links != 2591 || unchanged.NewBytes() != 0 || unchanged.FileListSize != 960063 {
		t.Errorf("unchanged %+v", unchanged)
	}
}

func TestStatsAfterProgress(t *testing.T) {
	t.Parallel()
	_, text := feed(t, "progress2-no-inc-recursive-stats-raw.out")
	s, err := ParseStats(text)
	if err != nil || s.Files != 60 || s.TransferredSize != 50331648 || s.BytesReceived != 50345577 {
		t.Fatalf("%+v, %v", s, err)
	}
}

func TestStatsMissing(t *testing.T) {
	t.Parallel()
	if _, err := ParseStats("sent 1 bytes  received 2 bytes\n"); err == nil {
		t.Fatal("output without --stats must be an error")
	}
	if _, err := ParseStats("Number of files: x\n"); err == nil {
		t.Fatal("a bad number must be an error")
	}
}
