package lvm

import (
	"os"
	"reflect"
	"testing"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRecordedReports(t *testing.T) {
	t.Parallel()
	pvs, err := ParsePVs(fixture(t, "pvs.json"))
	want := []PV{{Name: "/dev/loop0", VG: "bamsvg", UUID: "08At0c-14fl-tnVS-59lg-k3Xo-IrtR-QC84dX", Format: "lvm2", Attr: "a--",
		Size: 2143289344, Free: 1774190592, Used: 369098752, DevSize: 2147483648}}
	if err != nil || !reflect.DeepEqual(pvs, want) {
		t.Errorf("pvs %+v %v", pvs, err)
	}
	vgs, err := ParseVGs(fixture(t, "vgs.json"))
	if err != nil || len(vgs) != 1 || vgs[0].Name != "bamsvg" || vgs[0].Size != 2143289344 || vgs[0].ExtentSize != 4194304 ||
		vgs[0].FreeCount != 423 || vgs[0].LVCount != 3 || vgs[0].PVCount != 1 || vgs[0].Tags != nil {
		t.Errorf("vgs %+v %v", vgs, err)
	}
	lvs, err := ParseLVs(fixture(t, "lvs.json"))
	if err != nil || len(lvs) != 3 {
		t.Fatalf("lvs %+v %v", lvs, err)
	}
	plain := lvs[1]
	if plain.Name != "plain" || plain.Size != 159383552 || plain.Path != "/dev/bamsvg/plain" || plain.Active != "unknown" ||
		!reflect.DeepEqual(plain.Tags, []string{"bams:job=42"}) || plain.Kind() != "linear" || plain.Open() || plain.DataPercent != -1 ||
		plain.Time != "2026-11-21 23:42:55 +0000" {
		t.Errorf("%+v", plain)
	}
	def, err := ParseLVs(fixture(t, "lvs-default-columns.json"))
	if err != nil || len(def) != 3 || def[0].Name != "cfgoff2" || def[0].UUID != "" {
		t.Errorf("default columns %+v %v", def, err)
	}
	// lvm fullreport holds vg, pv and lv lists in one report.
	full := fixture(t, "fullreport.json")
	fpv, err1 := ParsePVs(full)
	flv, err2 := ParseLVs(full)
	if err1 != nil || err2 != nil || len(fpv) != 2 || fpv[1].Name != "/dev/loop1" || len(flv) != 2 || flv[0].Name != "rest" || flv[0].Size != 591396864 {
		t.Errorf("fullreport %+v %+v %v %v", fpv, flv, err1, err2)
	}
}

// The stderr of lvs.json's run must never be needed to read it; mixed
// into the JSON it breaks it (the transcript shows such a mix).
func TestStdoutOnly(t *testing.T) {
	t.Parallel()
	mixed := append(fixture(t, "lvs.json.stderr"), fixture(t, "lvs.json")...)
	if _, err := ParseLVs(mixed); err == nil {
		t.Error("stderr mixed into the report must not parse")
	}
	for _, bad := range []string{`{"report":[]}`, `{"report":[{"lv":[{"lv_name":"x","lv_size":"10M"}]}]}`, `nope`} {
		if _, err := ParseLVs([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
