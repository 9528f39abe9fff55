package integration

import (
	"testing"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// With no polkit on bamsd's bus, non-root callers are denied with
// polkit-unavailable (fail closed) while root still works; once polkit is
// there they are allowed again; after the bus restarts bamsd reconnects.
func TestPolkitUnavailableFailsClosedAndRecovers(t *testing.T) {
	m := testenv.RequireMachine(t)
	bus := testenv.StartBus(t)
	b := testenv.StartBamsd(t, "polkit:\n  bus_address: "+bus.Address+"\n  cache_ttl: 0s\n")

	e := callAs(t, m.Admin, b.Socket, "GET", "/api/v1/dashboard", nil)
	if e == nil || e.Kind != api.KindPolkitUnavailable || e.Action != api.ActionRead {
		t.Fatalf("admin with no polkit: %+v, want polkit-unavailable", e)
	}
	var me api.Me
	if e := callAs(t, m.Admin, b.Socket, "GET", "/api/v1/me", &me); e != nil || me.Unavailable == "" || me.Actions[api.ActionRead] {
		t.Fatalf("/me with no polkit must say so and grant nothing: %v %+v", e, me)
	}
	if _, err := b.Client().Dashboard(t.Context()); err != nil {
		t.Fatalf("root needs no polkit: %v", err)
	}

	bus.StartPolkit()
	if e := callAs(t, m.Admin, b.Socket, "GET", "/api/v1/dashboard", nil); e != nil {
		t.Fatalf("admin once polkit is back: %v", e)
	}
	if e := callAs(t, m.Viewer, b.Socket, "POST", "/api/v1/system/selfcheck", nil); e == nil || e.Kind != api.KindPermissionDenied {
		t.Fatalf("viewer must still be denied operate: %+v", e)
	}

	// the bus goes away: fail closed; it comes back: bamsd reconnects
	bus.StopPolkit()
	bus.Stop()
	if e := callAs(t, m.Admin, b.Socket, "GET", "/api/v1/dashboard", nil); e == nil || e.Kind != api.KindPolkitUnavailable {
		t.Fatalf("admin with the bus down: %+v", e)
	}
	bus.Start()
	bus.StartPolkit()
	if e := callAs(t, m.Admin, b.Socket, "GET", "/api/v1/dashboard", nil); e != nil {
		t.Fatalf("admin after the bus restarted: %v", e)
	}
}
