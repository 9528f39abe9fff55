package ssh

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
)

// The real ssh-keygen (openssh-client, which bamsd depends on).
func TestEnsureKeyReal(t *testing.T) {
	t.Parallel()
	r := &execx.Runner{Path: "/usr/bin:/bin", Timeout: 30 * time.Second}
	if _, err := r.LookPath("ssh-keygen"); err != nil {
		t.Skip("ssh-keygen not installed (openssh-client)")
	}
	keyFile := filepath.Join(t.TempDir(), "ssh", "id_ed25519")
	pub, err := EnsureKey(context.Background(), r, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	if !strings.HasPrefix(pub, "ssh-ed25519 AAAA") || !strings.HasSuffix(pub, " bams@"+host) {
		t.Fatalf("public key %q", pub)
	}
	for p, mode := range map[string]os.FileMode{filepath.Dir(keyFile): 0o700, keyFile: 0o600} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: %v %v, want %v", p, st.Mode(), err, mode)
		}
	}
	again, err := EnsureKey(context.Background(), r, keyFile)
	if err != nil || again != pub {
		t.Fatalf("second call made a new key: %q, %v", again, err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(keyFile), ".keygen-*")); len(left) != 0 {
		t.Fatalf("left behind %v", left)
	}
	if _, err := EnsureKey(context.Background(), r, "key"); err == nil {
		t.Fatal("a relative key path must be refused")
	}
}
