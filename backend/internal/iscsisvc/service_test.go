package iscsisvc

import (
	"os"
	"path/filepath"
	"testing"
)

// What a crash left in the work folder (files holding secrets) is removed
// when the service starts.
func TestNewRemovesLeftovers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	left := filepath.Join(dir, "apply-123")
	if err := os.MkdirAll(left, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(left, "running.conf"), []byte(secretIn), 0o600); err != nil {
		t.Fatal(err)
	}
	New(Options{WorkDir: dir})
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("the leftover is still there: %v", err)
	}
}
