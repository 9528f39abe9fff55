package ssh

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	xssh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"bams/backend/internal/execx"
)

// The agent lends the key file's key: it lists it and signs with it, and
// refuses every change to what it holds.
func TestAgentSignsWithTheKeyAndChangesNothing(t *testing.T) {
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Skip("ssh-keygen is not installed")
	}
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "id_ed25519")
	r := &execx.Runner{Path: "/usr/bin:/bin", Timeout: 10 * time.Second}
	pubLine, err := EnsureKey(context.Background(), r, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	pub, _, _, _, err := xssh.ParseAuthorizedKey([]byte(pubLine))
	if err != nil {
		t.Fatal(err)
	}
	a, err := StartAgent(keyFile, filepath.Join(dir, "agent"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	c, err := net.Dial("unix", filepath.Join(dir, "agent"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	client := agent.NewClient(c)
	keys, err := client.List()
	if err != nil || len(keys) != 1 || string(keys[0].Marshal()) != string(pub.Marshal()) {
		t.Fatalf("keys %v %v, want bamsd's", keys, err)
	}
	data := []byte("session to sign")
	sig, err := client.Sign(pub, data)
	if err != nil {
		t.Fatal(err)
	}
	if err := pub.Verify(data, sig); err != nil {
		t.Fatalf("the signature does not verify: %v", err)
	}
	if err := client.RemoveAll(); err == nil {
		t.Error("RemoveAll was allowed")
	}
	if err := client.Lock([]byte("x")); err == nil {
		t.Error("Lock was allowed")
	}
	_, other, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Add(agent.AddedKey{PrivateKey: other}); err == nil {
		t.Error("Add was allowed")
	}
	if keys, _ := client.List(); len(keys) != 1 {
		t.Errorf("the agent holds %d keys after the refused changes", len(keys))
	}
}
