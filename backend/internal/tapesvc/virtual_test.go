package tapesvc

import (
	"errors"
	"strings"
	"testing"

	"bams/backend/api"
)

func TestVirtualPlan(t *testing.T) {
	p, err := VirtualPlan(api.TapeVirtualSpec{Drives: 2, Slots: 8, MailSlots: 2, BarcodePrefix: "BAM", Cartridges: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) != 0 || len(p.Steps) == 0 || p.Note == "" {
		t.Fatalf("plan %+v", p)
	}
	lc := p.Files["library_contents.10"]
	for _, want := range []string{"Slot 1: BAM001L8", "Slot 3: BAM003L8", "Drive 2:", "MAP 2:"} {
		if !strings.Contains(lc, want) {
			t.Errorf("library_contents.10 lacks %q:\n%s", want, lc)
		}
	}
	if !strings.Contains(p.Files["device.conf"], "Library: 10 CHANNEL:") {
		t.Errorf("device.conf:\n%s", p.Files["device.conf"])
	}
	for _, tc := range []struct {
		spec  api.TapeVirtualSpec
		field string
	}{
		{api.TapeVirtualSpec{Drives: 0, Slots: 8}, "drives"},
		{api.TapeVirtualSpec{Drives: 1, Slots: 8, Model: "DLT"}, "model"},
		{api.TapeVirtualSpec{Drives: 1, Slots: 2, BarcodePrefix: "BAM", Cartridges: 3}, "cartridges"},
		{api.TapeVirtualSpec{Drives: 1, Slots: 2, Barcodes: []string{"bad"}}, "barcodes"},
	} {
		_, err := VirtualPlan(tc.spec)
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Kind != api.KindBadRequest || ae.Field != tc.field {
			t.Errorf("%+v: %v, want a 400 on %s", tc.spec, err, tc.field)
		}
	}
}
