package iscsisvc

import (
	"context"
	"fmt"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/scst"
)

// BenchmarkPlan: rendering a large desired state (100 targets of 16 LUNs,
// 8 initiators each), parsing it back as a running configuration would
// be, and planning one changed LUN: the work of a plan besides scstadmin.
func BenchmarkPlan(b *testing.B) {
	svc := New(Options{})
	var targets []api.ISCSITarget
	for i := 0; i < 100; i++ {
		t := api.ISCSITarget{Name: fmt.Sprintf("iqn.2026-01.org.example:t%d", i), Enabled: true}
		for j := 0; j < 8; j++ {
			t.Initiators = append(t.Initiators, fmt.Sprintf("iqn.2026-01.org.example:h%d-%d", i, j))
		}
		for l := uint32(0); l < 16; l++ {
			t.LUNs = append(t.LUNs, zvol(l, fmt.Sprintf("tank/t%d-l%d", i, l)))
		}
		targets = append(targets, normalize(t, api.ISCSITarget{}))
	}
	ctx := context.Background()
	desired, err := svc.desired(ctx, targets)
	if err != nil {
		b.Fatal(err)
	}
	text := string(scst.Render(desired))
	targets[50].LUNs[3].Object.Name = "tank/changed"
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		running, _ := scst.Parse(text)
		want, err := svc.desired(ctx, targets)
		if err != nil {
			b.Fatal(err)
		}
		if p := scst.Diff(running, want); len(p.Changes) != 1 {
			b.Fatalf("%d changes", len(p.Changes))
		}
	}
}
