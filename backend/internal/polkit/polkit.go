// Package polkit asks polkit (org.freedesktop.PolicyKit1 on a D-Bus) whether
// a process may perform an action. It keeps one bus connection, reconnects
// after the bus restarts, and caches answers briefly per process.
//
// When polkit cannot be asked, Check returns ErrUnavailable and the caller
// must deny: authorization fails closed.
package polkit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// ErrUnavailable means polkit could not be asked (no bus, no polkitd).
var ErrUnavailable = errors.New("polkit is unavailable")

// Subject is the process asking, from SO_PEERCRED and /proc. StartTime
// pins the pid to one process, so a recycled pid is never mistaken for it.
type Subject struct {
	PID       int32
	StartTime uint64
	UID       uint32
}

// Authority answers authorization questions. Safe for concurrent use.
type Authority struct {
	address string // "" = the system bus
	ttl     time.Duration

	mu   sync.Mutex // guards conn
	conn *dbus.Conn

	cacheMu  sync.Mutex
	cache    map[cacheKey]cacheEntry
	inflight map[cacheKey]*call // one question on the bus per key at a time
}

// call is a question being asked; others with the same key wait for it.
type call struct {
	done    chan struct{}
	allowed bool
	err     error
}

type cacheKey struct {
	subject Subject
	action  string
}

type cacheEntry struct {
	allowed bool
	expires time.Time
}

// maxCache bounds the cache; past it, it is emptied (answers are cheap to ask again).
const maxCache = 4096

// New returns an Authority for the bus at address ("" = system bus). It
// connects lazily, so bamsd starts even while the bus is down.
func New(address string, ttl time.Duration) *Authority {
	return &Authority{address: address, ttl: ttl, cache: map[cacheKey]cacheEntry{}, inflight: map[cacheKey]*call{}}
}

// Check reports whether subject may perform action. "Challenge" answers
// (authentication needed) are no: bamsd has no agent to answer them.
func (a *Authority) Check(ctx context.Context, subject Subject, action string) (bool, error) {
	key := cacheKey{subject, action}
	a.cacheMu.Lock()
	if e, ok := a.cache[key]; ok && time.Now().Before(e.expires) {
		a.cacheMu.Unlock()
		return e.allowed, nil
	}
	// Many requests of one client arrive together when its answer expires:
	// ask polkit once for all of them.
	if c, ok := a.inflight[key]; ok {
		a.cacheMu.Unlock()
		select {
		case <-c.done:
			return c.allowed, c.err
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	c := &call{done: make(chan struct{})}
	a.inflight[key] = c
	a.cacheMu.Unlock()

	// Not the first caller's ctx: others share this answer, and a caller
	// that hangs up must not look like a broken bus.
	c.allowed, c.err = a.ask(context.WithoutCancel(ctx), subject, action)

	a.cacheMu.Lock()
	delete(a.inflight, key)
	if c.err == nil && a.ttl > 0 {
		if len(a.cache) >= maxCache {
			a.cache = map[cacheKey]cacheEntry{}
		}
		a.cache[key] = cacheEntry{c.allowed, time.Now().Add(a.ttl)}
	}
	a.cacheMu.Unlock()
	close(c.done)
	return c.allowed, c.err
}

// Close drops the bus connection.
func (a *Authority) Close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.conn != nil {
		a.conn.Close()
		a.conn = nil
	}
}

func (a *Authority) ask(ctx context.Context, s Subject, action string) (bool, error) {
	conn, err := a.connection()
	if err != nil {
		return false, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	subject := struct {
		Kind    string
		Details map[string]dbus.Variant
	}{"unix-process", map[string]dbus.Variant{
		"pid":        dbus.MakeVariant(uint32(s.PID)),
		"start-time": dbus.MakeVariant(s.StartTime),
		"uid":        dbus.MakeVariant(int32(s.UID)),
	}}
	var res struct {
		Authorized, Challenge bool
		Details               map[string]string
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err = conn.Object("org.freedesktop.PolicyKit1", "/org/freedesktop/PolicyKit1/Authority").CallWithContext(ctx,
		"org.freedesktop.PolicyKit1.Authority.CheckAuthorization", 0,
		subject, action, map[string]string{}, uint32(0), "").Store(&res)
	if err == nil {
		return res.Authorized, nil
	}
	var derr dbus.Error
	if errors.As(err, &derr) {
		switch derr.Name {
		case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
			"org.freedesktop.DBus.Error.NoReply", "org.freedesktop.DBus.Error.Disconnected":
			return false, fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		// polkit answered with an error about this subject (a replaced
		// process, an unknown action): that is a no, not an outage.
		return false, nil
	}
	// The connection itself failed (bus restarted): reconnect next time.
	a.drop(conn)
	return false, fmt.Errorf("%w: %v", ErrUnavailable, err)
}

func (a *Authority) connection() (*dbus.Conn, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.conn != nil && a.conn.Connected() {
		return a.conn, nil
	}
	addr := a.address
	if addr == "" {
		addr = os.Getenv("DBUS_SYSTEM_BUS_ADDRESS")
	}
	if addr == "" {
		addr = "unix:path=/run/dbus/system_bus_socket"
	}
	conn, err := dbus.Connect(addr)
	if err != nil {
		return nil, err
	}
	a.conn = conn
	return conn, nil
}

func (a *Authority) drop(c *dbus.Conn) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.conn == c {
		a.conn.Close()
		a.conn = nil
	}
}
