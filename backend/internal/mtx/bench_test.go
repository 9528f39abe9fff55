package mtx

import (
	"fmt"
	"strings"
	"testing"
)

// statusOf1000Slots is `mtx status` of a library with 4 drives and 1 000
// slots (the last 20 import/export), in mtx 1.3.12's format: full slots
// with barcodes padded as some libraries send them, every 7th slot empty.
func statusOf1000Slots() string {
	var b strings.Builder
	fmt.Fprintf(&b, "  Storage Changer /dev/sg25:4 Drives, 1000 Slots ( 20 Import/Export )\n")
	fmt.Fprintf(&b, "Data Transfer Element 0:Full (Storage Element 7 Loaded):VolumeTag = A00007L9\n")
	fmt.Fprintf(&b, "Data Transfer Element 1:Full (Unknown Storage Element Loaded):VolumeTag = A00014L9\n")
	fmt.Fprintf(&b, "Data Transfer Element 2:Empty\nData Transfer Element 3:Empty\n")
	for i := 1; i <= 1000; i++ {
		ie := ""
		if i > 980 {
			ie = " IMPORT/EXPORT"
		}
		if i%7 == 0 {
			fmt.Fprintf(&b, "      Storage Element %d%s:Empty\n", i, ie)
		} else {
			fmt.Fprintf(&b, "      Storage Element %d%s:Full :VolumeTag=%-32s\n", i, ie, fmt.Sprintf("A%05dL9", i))
		}
	}
	return b.String()
}

func BenchmarkParseStatus1000Slots(b *testing.B) {
	out := statusOf1000Slots()
	b.SetBytes(int64(len(out)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st := ParseStatus(out)
		if len(st.Slots) != 1000 || st.Warnings != nil {
			b.Fatal(len(st.Slots), st.Warnings)
		}
	}
}

func TestParseStatus1000Slots(t *testing.T) {
	t.Parallel()
	st := ParseStatus(statusOf1000Slots())
	if len(st.Slots) != 1000 || len(st.Drives) != 4 || st.Warnings != nil {
		t.Fatalf("%d %d %v", len(st.Slots), len(st.Drives), st.Warnings)
	}
	if s, _ := st.Slot(999); !s.MailSlot || s.Tag != "A00999L9" {
		t.Errorf("%+v", s)
	}
	if s, _ := st.Slot(700); s.Full {
		t.Errorf("%+v", s)
	}
}
