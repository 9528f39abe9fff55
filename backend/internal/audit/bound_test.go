package audit

import (
	"strings"
	"testing"
)

func TestClipKeepsThePrefixAndTheLength(t *testing.T) {
	long := strings.Repeat("é", 1000) // 2000 bytes: cuts must fall between characters
	got := Clip(long, 100)
	if len(got) > 100 || !strings.HasSuffix(got, "…[2000 bytes]") || !strings.HasPrefix(got, "éé") || !strings.Contains(got, "é…") {
		t.Fatalf("clip: %q", got)
	}
	if Clip(got, 100) != got || Clip("short", 100) != "short" {
		t.Fatal("clip must change nothing the second time, or on a short string")
	}
}
