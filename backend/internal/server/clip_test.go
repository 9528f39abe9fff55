package server

import (
	"strings"
	"testing"
)

func TestShortMessageQuotesOnlyAPrefix(t *testing.T) {
	msg := shortMessage(`host name "` + strings.Repeat("a", 100000) + `" must be 1-63 lowercase letters, not "ok"`)
	if len(msg) > 200 || !strings.Contains(msg, `[100000 bytes]"`) || !strings.HasSuffix(msg, `not "ok"`) {
		t.Fatalf("shortMessage: %q", msg)
	}
}
