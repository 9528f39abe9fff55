package baculasvc

import (
	"testing"

	"bams/backend/api"
)

func TestTapeFixCommand(t *testing.T) {
	for _, tc := range []struct {
		fix  api.TapeFix
		want string
		bad  string // the field refused
	}{
		{api.TapeFix{Fix: api.TapeFixUpdateSlots, Slots: []int{3, 7}}, "update slots storage=Lib1 slots=3,7 drive=0", ""},
		{api.TapeFix{Fix: api.TapeFixLabelBarcodes, Slots: []int{4}, Pool: "Tape-Monthly"},
			"label barcodes storage=Lib1 pool=Tape-Monthly slots=4 drive=0 yes", ""},
		{api.TapeFix{Fix: api.TapeFixLabelBarcodes, Slots: []int{4}, Pool: "-x"}, "", "pool"},
		{api.TapeFix{Fix: api.TapeFixLabelBarcodes, Slots: []int{4}}, "", "pool"},
		{api.TapeFix{Fix: api.TapeFixUpdateSlots}, "", "slots"},
		{api.TapeFix{Fix: api.TapeFixUpdateSlots, Slots: []int{0}}, "", "slots"},
		{api.TapeFix{Fix: "purge", Slots: []int{1}}, "", "fix"},
	} {
		got, err := tapeFixCommand("Lib1", tc.fix)
		if tc.bad != "" {
			if e, ok := err.(*api.Error); !ok || e.Field != tc.bad {
				t.Errorf("%+v: got %q %v, want a refusal of %s", tc.fix, got, err, tc.bad)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%+v: got %q %v, want %q", tc.fix, got, err, tc.want)
		}
	}
}
