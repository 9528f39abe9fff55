package integration

import (
	"os"
	"testing"
)

// TestMain runs this test binary's helper mode when a test started a copy
// of it as a test user (testenv.CopyOfSelf, SelfAs), else the tests.
func TestMain(m *testing.M) {
	if socket := os.Getenv(envHammerSocket); socket != "" {
		hammer(socket)
		os.Exit(0)
	}
	os.Exit(m.Run())
}
