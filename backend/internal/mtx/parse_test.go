package mtx

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// summary is a compact view of a status: drives then slots.
func summary(st Status) string {
	var b strings.Builder
	for _, d := range st.Drives {
		b.WriteString("D")
		b.WriteString(itoa(d.Number))
		if d.Full {
			b.WriteString("=" + d.Tag)
			if d.AltTag != "" {
				b.WriteString("/" + d.AltTag)
			}
			b.WriteString("<" + itoa(d.Source))
		}
		b.WriteString(" ")
	}
	for _, s := range st.Slots {
		b.WriteString(itoa(s.Number))
		if s.MailSlot {
			b.WriteString("m")
		}
		if s.Full {
			b.WriteString("=" + s.Tag)
		}
		b.WriteString(" ")
	}
	return strings.TrimSpace(b.String())
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestParseStatusRecorded(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file                string
		device              string
		drives, slots, mail int
		want                string
		sense               int
	}{
		{"mtx-status-2drives-24slots-4ie.proxmox-backup-test.txt", "/dev/tape/by-id/scsi-387408F60F0000", 2, 24, 4,
			"D0 D1 1=CLN002CU 2=test22L1 3=test23L1 4=CLN001CU 5=test1 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21m 22m 23m 24m", 0},
		{"mtx-status-hera-lto9-2drives-both-full-ie-full.txt", "/dev/sg25", 2, 24, 1,
			"D0=042142L9<8 D1=HER002L9<8 1=HER006L9 2=HER009L9 3=HER012L9 4=HER001L9 5=HER005L9 6=HER008L9 7=HER011L9 8 9=HER004L9 10=HER007L9 11=HER010L9 12=CLN003L1 13=HER021L9 14=HER018L9 15=HER015L9 16=HER023L9 17=HER020L9 18=HER017L9 19=HER014L9 20=HER022L9 21=HER019L9 22=HER016L9 23=HER013L9 24m=HER003L9", 0},
		{"mtx-status-1drive-7slots-unit-attention-combined.tandberg-storageloader.txt", "/dev/sg5", 1, 7, 0,
			"D0 1=000711L4 2=A00008L5 3=A00034L5 4=A00014L5 5=A00036L5 6=A00025L5 7=000218L5", 13},
		{"mtx-status-4drives-37slots-4ie.mhvtl-install.txt", "/dev/sg6", 4, 37, 4,
			"D0 D1 D2 D3 1=SDLT01S3 2=SDLT02S3 3=SDLT03S3 4=SDLT04S3 5=SDLT05S3 6=SDLT06S3 7=SDLT07S3 8=SDLT08S3 9=SDLT09S3 10 11=ULT001L1 12=ULT002L2 13=ULT003L3 14=ULT004L4 15=ULT005L1 16=ULT006L2 17=ULT007L3 18=ULT008L4 19=ULT009L1 20 21=8MM001X4 22=8MM002X4 23=8MM003X4 24=8MM004X4 25 26 27 28 29 30 31=CLN001L1 32=CLN002L1 33=CLN003L1 34m 35m 36m 37m", 0},
	}
	for _, c := range cases {
		st := ParseStatus(readFixture(t, c.file))
		if len(st.Warnings) != 0 {
			t.Errorf("%s: warnings %v", c.file, st.Warnings)
		}
		if st.Device != c.device || st.HeaderDrives != c.drives || st.HeaderSlots != c.slots || st.HeaderMailSlots != c.mail {
			t.Errorf("%s: header %q %d %d %d", c.file, st.Device, st.HeaderDrives, st.HeaderSlots, st.HeaderMailSlots)
		}
		if got := summary(st); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.file, got, c.want)
		}
		if len(st.Sense) != c.sense {
			t.Errorf("%s: %d sense lines %q", c.file, len(st.Sense), st.Sense)
		}
	}
}

// Every form mtx 1.3.12's Status() can print, including those no
// recording shows (an alternate tag, an unknown source, a full slot with
// no barcode reader, a tag on an empty slot, CRLF), and lines it cannot
// read, which are kept as warnings while the rest still parses.
func TestParseStatusForms(t *testing.T) {
	t.Parallel()
	out := "  Storage Changer /dev/tape/by-path/pci-0000:03:00.0-sas-0x5000:3 Drives, 5 Slots ( 1 Import/Export )\r\n" +
		"Data Transfer Element 0:Full (Unknown Storage Element Loaded):VolumeTag = A00001L8                        \n" +
		"Data Transfer Element 1:Full (Storage Element 2 Loaded):VolumeTag = A00002L8:AlternateVolumeTag = ALT2\n" +
		"Data Transfer Element 2:Full (Storage Element 3 Loaded)\n" +
		"      Storage Element 1:Full \n" +
		"      Storage Element 2:Empty\n" +
		"      Storage Element 3:Empty:VolumeTag=\n" +
		"      Storage Element 4:Full :VolumeTag=A00004L8:AlternateVolumeTag=X4\n" +
		"      Storage Element 5 IMPORT/EXPORT:Full :VolumeTag=CLN001L1   \n" +
		"      Storage Element six:Full\n" +
		"some banner a wrapper printed\n" +
		"Data Transfer Element 3:Half\n"
	st := ParseStatus(out)
	if st.Device != "/dev/tape/by-path/pci-0000:03:00.0-sas-0x5000" {
		t.Errorf("device %q", st.Device)
	}
	if got := summary(st); got != "D0=A00001L8<0 D1=A00002L8/ALT2<2 D2=<3 1= 2 3 4=A00004L8 5m=CLN001L1" {
		t.Errorf("got %s", got)
	}
	if s, _ := st.Slot(4); s.AltTag != "X4" {
		t.Errorf("slot 4 %+v", s)
	}
	var lines []int
	for _, w := range st.Warnings {
		lines = append(lines, w.Line)
	}
	if !reflect.DeepEqual(lines, []int{10, 11, 12}) {
		t.Errorf("warnings %v", st.Warnings)
	}
}

// A capture cut short is not a whole library: the counts disagree with
// the header, said as a warning.
func TestParseStatusTruncated(t *testing.T) {
	t.Parallel()
	full := readFixture(t, "mtx-status-hera-lto9-2drives-both-full-ie-full.txt")
	st := ParseStatus(full[:strings.Index(full, "      Storage Element 9:")])
	if len(st.Slots) != 8 || len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0].Reason, "header declares 2 drives, 24 slots") {
		t.Errorf("%d %v", len(st.Slots), st.Warnings)
	}
	if st := ParseStatus(""); len(st.Warnings) != 0 || st.HeaderDrives != -1 {
		t.Errorf("empty: %+v", st)
	}
	if st := ParseStatus("Data Transfer Element 0:Empty\n"); len(st.Warnings) != 1 {
		t.Errorf("no header: %v", st.Warnings)
	}
}

func TestParseInquiry(t *testing.T) {
	t.Parallel()
	q := ParseInquiry(readFixture(t, "mtx-inquiry-tape-drive-hp-ultrium5.txt"))
	want := Inquiry{ProductType: "Tape Drive", Vendor: "HP", Product: "Ultrium 5-SCSI", Revision: "Z51U"}
	if !reflect.DeepEqual(q, want) || q.IsChanger() {
		t.Errorf("%+v", q)
	}
	q = ParseInquiry("Product Type: Medium Changer\nVendor ID: 'STK     '\nProduct ID: 'L700            '\nRevision: '0108'\nSerial Number: 'XYZZY_A'\nAttached Changer API: No\nFuture Field: 1\ngarbage\n")
	if !q.IsChanger() || q.Serial != "XYZZY_A" || q.Other["Future Field"] != "1" || len(q.Warnings) != 1 {
		t.Errorf("%+v", q)
	}
}
