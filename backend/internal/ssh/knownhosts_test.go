package ssh

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestKnownHostsSetReplaceRemove(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(path, []byte("# kept\nweb10 ssh-ed25519 AAAAkeep\nweb1 ssh-rsa AAAAold"), 0o644); err != nil {
		t.Fatal(err)
	}
	kh := KnownHostsFile(path)
	if err := kh.Set("web1", []HostKey{{Type: "ssh-ed25519", Key: "AAAAnew1"}, {Type: "ecdsa-sha2-nistp256", Key: "AAAAnew2"}}); err != nil {
		t.Fatal(err)
	}
	want := "# kept\nweb10 ssh-ed25519 AAAAkeep\nweb1 ssh-ed25519 AAAAnew1\nweb1 ecdsa-sha2-nistp256 AAAAnew2\n"
	if b, _ := os.ReadFile(path); string(b) != want {
		t.Fatalf("got %q", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}
	keys, err := kh.Keys("web1")
	if err != nil || len(keys) != 2 || keys[1].Key != "AAAAnew2" {
		t.Fatalf("keys %+v, %v", keys, err)
	}
	if err := kh.Remove("web1"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "# kept\nweb10 ssh-ed25519 AAAAkeep\n" {
		t.Fatalf("got %q", b)
	}
	if err := kh.Set("web1", []HostKey{{Type: "ssh-ed25519", Key: "AAAA x"}}); err == nil {
		t.Fatal("a key with a space must be refused")
	}
	if err := kh.Set("-web1", nil); err == nil {
		t.Fatal("a bad alias must be refused")
	}
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".known_hosts.tmp-*"))
	if len(matches) != 0 {
		t.Fatalf("temporary files left: %v", matches)
	}
}

// Accepts for different hosts at once must not lose each other's lines.
func TestKnownHostsConcurrentSets(t *testing.T) {
	t.Parallel()
	kh := KnownHostsFile(filepath.Join(t.TempDir(), "known_hosts"))
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if err := kh.Set(fmt.Sprintf("host%d", i), []HostKey{{Type: "ssh-ed25519", Key: "AAAA"}}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for i := range 20 {
		if keys, _ := kh.Keys(fmt.Sprintf("host%d", i)); len(keys) != 1 {
			t.Errorf("host%d lost", i)
		}
	}
}
