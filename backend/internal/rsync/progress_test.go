package rsync

import (
	"bytes"
	"os"
	"testing"
	"time"
)

// feed writes a recorded stream in odd-sized pieces, as a pipe delivers it.
func feed(t *testing.T, file string) ([]Progress, string) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	var got []Progress
	w := NewProgressWriter(func(p Progress) { got = append(got, p) })
	for len(b) > 0 {
		n := min(len(b), 37)
		w.Write(b[:n])
		b = b[n:]
	}
	w.Close()
	return got, w.Text()
}

func TestProgressRecorded(t *testing.T) {
	t.Parallel()
	got, text := feed(t, "progress2-raw.out")
	if len(got) != 18 {
		t.Fatalf("%d records, want 18", len(got))
	}
	if text != "" {
		t.Errorf("non-progress text %q", text)
	}
	first, mid, last := got[0], got[1], got[len(got)-1]
	if first.Bytes != 0 || first.ETA != 0 || first.Total != 0 {
		t.Errorf("first %+v", first)
	}
	if mid.Bytes != 18350080 || mid.Percent != 36 || mid.RateBytesPerSec != 17.50*(1<<20) || mid.ETA != time.Second {
		t.Errorf("second %+v", mid)
	}
	// The record ending a file shows the time it took, not the time left:
	// the ETA stays the last estimate.
	if got[3].ETA != 0 || got[3].Transferred != 1 || got[3].ToCheck != 58 || got[3].Total != 60 {
		t.Errorf("fourth %+v", got[3])
	}
	if last.Bytes != 50331648 || last.Percent != 99 || last.ToCheck != 0 || last.Total != 60 || last.Scanning {
		t.Errorf("last %+v", last)
	}
}

func TestProgressIncrementalRecursion(t *testing.T) {
	t.Parallel()
	got, text := feed(t, "progress2-incremental-recursion-24k-files-trimmed-raw.out")
	if !got[0].Scanning || got[0].Total != 18653 || got[0].ToCheck != 18616 {
		t.Errorf("first %+v", got[0])
	}
	// A record without counts keeps the last ones seen.
	if got[1].Total != 18653 || !got[1].Scanning {
		t.Errorf("second %+v", got[1])
	}
	last := got[len(got)-1]
	if last.Scanning || last.Total != 23980 || last.Transferred != 21277 || last.Bytes != 36900527 || last.RateBytesPerSec != 23.43*(1<<20) {
		t.Errorf("last %+v", last)
	}
	s, err := ParseStats(text)
	if err != nil || s.Files != 23980 || s.TransferredFiles != 21277 {
		t.Fatalf("stats after progress: %+v, %v", s, err)
	}
}

func TestProgressHumanReadable(t *testing.T) {
	t.Parallel()
	got, text := feed(t, "progress2-human-readable-raw.out")
	if got[1].Bytes != 16910000 || got[len(got)-1].Bytes != 50330000 {
		t.Errorf("bytes %d, %d", got[1].Bytes, got[len(got)-1].Bytes)
	}
	s, err := ParseStats(text)
	if err != nil || s.TotalSize != 50820000 || s.FileListSize != 1670 || s.MatchedData != 0 {
		t.Fatalf("%+v, %v", s, err)
	}
}

func TestParseProgressOddities(t *testing.T) {
	t.Parallel()
	p, counts, ok := parseProgress("  1,234,567,890 100%    1.50GB/s    0:00:00 (xfr#3, to-chk=0/9)")
	if !ok || !counts || p.Bytes != 1234567890 || p.RateBytesPerSec != 1.5*(1<<30) || p.Percent != 100 {
		t.Errorf("%+v %v %v", p, counts, ok)
	}
	if p, _, ok := parseProgress("        491,520  32%  476.66kB/s  ??:??:??  "); !ok || p.ETA != -1 {
		t.Errorf("unknown ETA: %+v %v", p, ok)
	}
	if p, _, ok := parseProgress("  10 5%  1.00kB/s  123:04:05"); !ok || p.ETA != 123*time.Hour+4*time.Minute+5*time.Second {
		t.Errorf("long ETA: %+v %v", p, ok)
	}
	for _, s := range []string{"Number of files: 60", "sent 944 bytes  received 50,840,502 bytes  33,894,297.33 bytes/sec", "created directory /x"} {
		if _, _, ok := parseProgress(s); ok {
			t.Errorf("%q parsed as progress", s)
		}
	}
}

// BenchmarkProgressWriter: bamsd reads every record rsync prints; a full
// pull prints about two per file transferred.
func BenchmarkProgressWriter(b *testing.B) {
	raw, err := os.ReadFile("testdata/progress2-incremental-recursion-24k-files-trimmed-raw.out")
	if err != nil {
		b.Fatal(err)
	}
	records := bytes.Count(raw, []byte("\r")) + bytes.Count(raw, []byte("\n"))
	b.SetBytes(int64(len(raw)))
	b.ResetTimer()
	for range b.N {
		w := NewProgressWriter(func(Progress) {})
		w.Write(raw)
		w.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*records), "ns/record")
}
