package ssh

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync"

	xssh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/sys/unix"
)

// Agent lends bamsd's private key to ssh processes that must not be able
// to read the key file: a backup's rsync runs confined to its host's
// folder (package sandbox), and any file it can read is a file a host's
// symlink in a base snapshot could get copied into that host's backup.
// The ssh that rsync starts asks the agent to sign; the key stays in
// bamsd's memory. The agent answers root only and refuses to add, remove
// or lock keys.
type Agent struct {
	ln    net.Listener
	keys  agent.Agent
	mu    sync.Mutex
	conns map[net.Conn]struct{}
	done  sync.WaitGroup
}

// StartAgent serves keyFile's private key on a new Unix socket at socket,
// which must lie in a folder only root can enter.
func StartAgent(keyFile, socket string) (*Agent, error) {
	pem, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, err
	}
	key, err := xssh.ParseRawPrivateKey(pem)
	if err != nil {
		return nil, fmt.Errorf("reading bamsd's key %s: %w", keyFile, err)
	}
	keys := agent.NewKeyring()
	if err := keys.Add(agent.AddedKey{PrivateKey: key}); err != nil {
		return nil, err
	}
	ln, err := net.Listen("unix", socket)
	if err != nil {
		return nil, err
	}
	a := &Agent{ln: ln, keys: readOnly{keys}, conns: map[net.Conn]struct{}{}}
	a.done.Add(1)
	go a.serve()
	return a, nil
}

func (a *Agent) serve() {
	defer a.done.Done()
	for {
		c, err := a.ln.Accept()
		if err != nil {
			return // closed
		}
		if !fromRoot(c) {
			c.Close()
			continue
		}
		a.mu.Lock()
		a.conns[c] = struct{}{}
		a.mu.Unlock()
		a.done.Add(1)
		go func() {
			defer a.done.Done()
			_ = agent.ServeAgent(a.keys, c)
			a.mu.Lock()
			delete(a.conns, c)
			a.mu.Unlock()
			c.Close()
		}()
	}
}

// Close stops listening, drops every connection and removes the socket.
func (a *Agent) Close() error {
	err := a.ln.Close()
	a.mu.Lock()
	for c := range a.conns {
		c.Close()
	}
	a.mu.Unlock()
	a.done.Wait()
	return err
}

func fromRoot(c net.Conn) bool {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return false
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return false
	}
	var cred *unix.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = unix.GetsockoptUcred(int(fd), unix.SOL_SOCKET, unix.SO_PEERCRED)
	}); err != nil || credErr != nil {
		return false
	}
	return cred.Uid == 0
}

// errReadOnly: ssh never needs to change the agent's keys.
var errReadOnly = errors.New("bamsd's agent lends one key and changes nothing")

// readOnly is an agent that lists and signs only.
type readOnly struct{ agent.Agent }

func (readOnly) Add(agent.AddedKey) error    { return errReadOnly }
func (readOnly) Remove(xssh.PublicKey) error { return errReadOnly }
func (readOnly) RemoveAll() error            { return errReadOnly }
func (readOnly) Lock([]byte) error           { return errReadOnly }
func (readOnly) Unlock([]byte) error         { return errReadOnly }
