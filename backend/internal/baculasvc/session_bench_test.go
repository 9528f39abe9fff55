package baculasvc

import (
	"context"
	"testing"

	"bams/backend/internal/bacula"
)

// BenchmarkConsoleLatency: one command on the long-lived session against a
// one-shot bconsole, on a real director.
func BenchmarkConsoleLatency(b *testing.B) {
	_, s := realServiceTB(b)
	ctx := context.Background()
	for _, cmd := range []string{"version", ".jobs", "llist jobs order=desc limit=100"} {
		b.Run("session/"+cmd, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.command(ctx, cmd); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("oneshot/"+cmd, func(b *testing.B) {
			for b.Loop() {
				if _, err := bacula.Run(ctx, s.runner, s.console, cmd); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
