package server

import (
	"strings"
	"testing"
)

func TestClipKeepsThePrefixAndTheLength(t *testing.T) {
	long := strings.Repeat("é", 1000) // 2000 bytes: cuts must fall between characters
	got := clip(long, 100)
	if len(got) > 100 || !strings.HasSuffix(got, "…[2000 bytes]") || !strings.HasPrefix(got, "éé") || !strings.Contains(got, "é…") {
		t.Fatalf("clip: %q", got)
	}
	if clip(got, 100) != got || clip("short", 100) != "short" {
		t.Fatal("clip must change nothing the second time, or on a short string")
	}
	msg := shortMessage(`host name "` + strings.Repeat("a", 100000) + `" must be 1-63 lowercase letters, not "ok"`)
	if len(msg) > 200 || !strings.Contains(msg, `[100000 bytes]"`) || !strings.HasSuffix(msg, `not "ok"`) {
		t.Fatalf("shortMessage: %q", msg)
	}
}
