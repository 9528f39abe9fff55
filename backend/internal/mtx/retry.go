package mtx

import (
	"context"
	"time"
)

// Retry is the back-off for "becoming ready" failures only: a library
// that has just closed its door or powered on, or a drive still
// threading, refuses commands for a while without executing them.
type Retry struct {
	Attempts int           // runs in all; 0: 5. 1 turns retrying off
	Wait     time.Duration // before the first retry; 0: 10 s
	MaxWait  time.Duration // the wait doubles up to this; 0: 2 min
}

func (r Retry) norm() Retry {
	if r.Attempts <= 0 {
		r.Attempts = 5
	}
	if r.Wait <= 0 {
		r.Wait = 10 * time.Second
	}
	if r.MaxWait <= 0 {
		r.MaxWait = 2 * time.Minute
	}
	return r
}

// Waits lists the pauses between attempts (pure, for tests and the log).
func (r Retry) Waits() []time.Duration {
	r = r.norm()
	var out []time.Duration
	w := r.Wait
	for i := 1; i < r.Attempts; i++ {
		out = append(out, w)
		if w *= 2; w > r.MaxWait {
			w = r.MaxWait
		}
	}
	return out
}

// do calls try until it says not to retry, the attempts are used up or
// ctx ends (a task's cancel must not wait out a back-off).
func (r Retry) do(ctx context.Context, try func() (again bool)) {
	waits := r.Waits()
	for i := 0; ; i++ {
		if !try() || i >= len(waits) {
			return
		}
		t := time.NewTimer(waits[i])
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}
