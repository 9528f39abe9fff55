package integration

import (
	"path/filepath"
	"strings"
	"testing"

	"bams/backend/internal/testenv"
	"bams/backend/internal/testutil/fakecmd"
)

// slowTools is a tools path whose zfs hangs (as a wedged zfs can): its
// version query starts a background child and sleeps, so a selfcheck task
// stays running with a process group until cancelled. It lives in the test
// tree only; production has no test-only task kinds. The pid of the child
// is written to <dir>/child.pid.
func slowTools(t *testing.T) string {
	t.Helper()
	dir := testenv.SharedTempDir(t)
	script := "#!/bin/sh\nPATH=/usr/bin:/bin\nsleep 600 &\necho $! >" + filepath.Join(dir, "child.pid") + "\nsleep 600\n"
	if err := fakecmd.WriteExecutable(filepath.Join(dir, "zfs"), []byte(script)); err != nil {
		t.Fatal(err)
	}
	return dir
}

func stringsContains(s, sub string) bool { return strings.Contains(s, sub) }
