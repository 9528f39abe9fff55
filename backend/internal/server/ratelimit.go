package server

import (
	"sync"
	"time"
)

// A uid denied more than denialBurst times is answered 429 before polkit
// is asked, regaining one request per denialRefill: the connection cap
// bounds how many requests a local user has in flight, not how fast they
// come, and each new process of theirs would cost polkit a question.
const (
	denialBurst  = 20
	denialRefill = time.Second
)

// denialLimit is a token bucket per uid that only denials drain.
type denialLimit struct {
	mu      sync.Mutex
	buckets map[uint32]*tokens
}

type tokens struct {
	n  float64
	at time.Time
}

func (b *tokens) refill(now time.Time) {
	b.n = min(denialBurst, b.n+float64(now.Sub(b.at))/float64(denialRefill))
	b.at = now
}

// blocked: uid has no request left until it refills.
func (l *denialLimit) blocked(uid uint32, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[uid]
	if b == nil {
		return false
	}
	if b.refill(now); b.n >= denialBurst {
		delete(l.buckets, uid) // full again: nothing to remember
	}
	return b.n < 1
}

// spend takes one request from uid for a denial.
func (l *denialLimit) spend(uid uint32, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[uint32]*tokens{}
	}
	b := l.buckets[uid]
	if b == nil {
		b = &tokens{n: denialBurst, at: now}
		l.buckets[uid] = b
	}
	b.refill(now)
	b.n = max(b.n-1, 0)
}
