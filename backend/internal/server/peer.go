package server

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/user"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"bams/backend/api"
	"bams/backend/internal/polkit"
	"bams/backend/internal/proc"
)

// Peer is the process on the other end of a connection, read once from
// SO_PEERCRED when the connection is accepted.
type Peer struct {
	UID       uint32
	GID       uint32
	PID       int32
	StartTime uint64  // /proc/PID/stat field 22: pins the pid for polkit
	LoginUID  *uint32 // the human behind it (audit), unset if unknown

	userOnce sync.Once
	user     string
}

// User is the caller's user name (the uid as text if it has none).
func (p *Peer) User() string {
	p.userOnce.Do(func() {
		p.user = strconv.FormatUint(uint64(p.UID), 10)
		if u, err := user.LookupId(p.user); err == nil {
			p.user = u.Username
		}
	})
	return p.user
}

// Caller is the peer as recorded in tasks and audit records.
func (p *Peer) Caller() api.Caller {
	return api.Caller{UID: p.UID, User: p.User(), LoginUID: p.LoginUID, PID: p.PID}
}

func (p *Peer) subject() polkit.Subject {
	return polkit.Subject{PID: p.PID, StartTime: p.StartTime, UID: p.UID}
}

func readPeer(c net.Conn) (*Peer, error) {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return nil, fmt.Errorf("not a unix socket connection")
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return nil, err
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return nil, err
	}
	if credErr != nil {
		return nil, credErr
	}
	p := &Peer{UID: cred.Uid, GID: cred.Gid, PID: cred.Pid}
	p.StartTime, _ = proc.StartTime(int(cred.Pid))
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/loginuid", cred.Pid)); err == nil {
		// 4294967295 means "not set" (no login session)
		if n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 32); err == nil && n != 4294967295 {
			lu := uint32(n)
			p.LoginUID = &lu
		}
	}
	return p, nil
}

// peerListener reads each connection's peer and caps open connections per
// uid, so one local user cannot starve the others.
type peerListener struct {
	net.Listener
	max int

	mu     sync.Mutex
	counts map[uint32]int
}

func newPeerListener(l net.Listener, maxPerUID int) *peerListener {
	return &peerListener{Listener: l, max: maxPerUID, counts: map[uint32]int{}}
}

func (l *peerListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		p, err := readPeer(c)
		if err != nil {
			c.Close()
			continue
		}
		l.mu.Lock()
		full := l.counts[p.UID] >= l.max
		if !full {
			l.counts[p.UID]++
		}
		l.mu.Unlock()
		if full {
			go refuse(c, p.UID, l.max)
			continue
		}
		return &peerConn{Conn: c, peer: p, l: l}, nil
	}
}

func (l *peerListener) release(uid uint32) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.counts[uid]--; l.counts[uid] <= 0 {
		delete(l.counts, uid)
	}
}

// refuse answers a connection over the cap with a 503 and closes it. It
// reads the request's head first (briefly, and bounded): an HTTP client
// that gets an answer before it has sent its request takes the connection
// for broken instead of reading the answer.
func refuse(c net.Conn, uid uint32, max int) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	head := make([]byte, 0, 1024)
	buf := make([]byte, 512)
	for len(head) < 8192 && !bytes.Contains(head, []byte("\r\n\r\n")) {
		n, err := c.Read(buf)
		head = append(head, buf[:n]...)
		if err != nil {
			break
		}
	}
	body := fmt.Sprintf(`{"error":{"kind":%q,"message":"uid %d already has %d open connections"}}`+"\n",
		api.KindTooManyConnections, uid, max)
	fmt.Fprintf(c, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}

type peerConn struct {
	net.Conn
	peer *Peer
	l    *peerListener
	once sync.Once
}

func (c *peerConn) Close() error {
	c.once.Do(func() { c.l.release(c.peer.UID) })
	return c.Conn.Close()
}

type peerKey struct{}

func connContext(ctx context.Context, c net.Conn) context.Context {
	if pc, ok := c.(*peerConn); ok {
		return context.WithValue(ctx, peerKey{}, pc.peer)
	}
	return ctx
}

func peerFrom(ctx context.Context) *Peer {
	p, _ := ctx.Value(peerKey{}).(*Peer)
	return p
}
