package lsscsi

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func changers(l Listing) string {
	var s []string
	for _, c := range l.Changers {
		s = append(s, c.HCTL+" "+c.Vendor+"/"+c.Model+"/"+c.Revision+" "+c.Node+" "+c.Generic)
	}
	return strings.Join(s, "; ")
}

func drives(l Listing) string {
	var s []string
	for _, d := range l.Drives {
		s = append(s, d.Vendor+"/"+d.Model+" "+d.Node+" "+d.NonRewinding+" "+d.Generic)
	}
	return strings.Join(s, "; ")
}

func TestParseRecorded(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file, changers, drives string
		others                 int
	}{
		{"lsscsi-generic-tandberg-hp-ultrium5.birdie1-tapebackup.txt",
			"0:0:0:1 TANDBERG/StorageLoader/0495 /dev/sch0 /dev/sg5",
			"HP/Ultrium 5-SCSI /dev/st0 /dev/nst0 /dev/sg4", 4},
		{"lsscsi-g-spectra-python-4drives.mhvtl-install.txt",
			"5:0:0:0 SPECTRA/PYTHON/5500 /dev/sch0 /dev/sg6",
			"QUANTUM/SDLT600 /dev/st0 /dev/nst0 /dev/sg2; QUANTUM/SDLT600 /dev/st1 /dev/nst1 /dev/sg3; IBM/ULT3580-TD4 /dev/st2 /dev/nst2 /dev/sg4; IBM/ULT3580-TD4 /dev/st3 /dev/nst3 /dev/sg5", 2},
		{"lsscsi-g-no-sch-process-devices.mhvtl-doc.txt",
			"2:0:2:0 ATL/1500/6.0  /dev/sg4; 3:0:0:0 STK/L700/vx_0  /dev/sg8",
			"QUANTUM/SuperDLT1 /dev/st0 /dev/nst0 /dev/sg5; QUANTUM/SuperDLT1 /dev/st1 /dev/nst1 /dev/sg6; IBM/ULT3580-TD3 /dev/st2 /dev/nst2 /dev/sg9; IBM/ULT3580-TD3 /dev/st3 /dev/nst3 /dev/sg10; IBM/ULT3580-TD3 /dev/st4 /dev/nst4 /dev/sg11; IBM/ULT3580-TD3 /dev/st5 /dev/nst5 /dev/sg12; QUANTUM/SDLT600 /dev/st6 /dev/nst6 /dev/sg13; QUANTUM/SDLT600 /dev/st7 /dev/nst7 /dev/sg14; QUANTUM/SDLT600 /dev/st8 /dev/nst8 /dev/sg15; QUANTUM/SDLT600 /dev/st9 /dev/nst9 /dev/sg16", 5},
		{"lsscsi-g-no-device-nodes.mhvtl-docker.txt",
			"0:0:0:0 STK/L700/0108  ; 0:0:8:0 STK/L80/0108  ",
			"IBM/ULT3580-TD8   ; IBM/ULT3580-TD8   ; IBM/ULT3580-TD6   ; IBM/ULT3580-TD6   ; STK/T10000B   ; STK/T10000B   ; STK/T10000B   ; STK/T10000B   ", 0},
		{"lsscsi-g-nvme-only.mhvtl-docker.txt", "", "", 1},
	}
	for _, c := range cases {
		l := Parse(read(t, c.file))
		if l.Warnings != nil {
			t.Errorf("%s: %v", c.file, l.Warnings)
		}
		if got := changers(l); got != c.changers {
			t.Errorf("%s changers:\n got %s\nwant %s", c.file, got, c.changers)
		}
		if got := drives(l); got != c.drives {
			t.Errorf("%s drives:\n got %s\nwant %s", c.file, got, c.drives)
		}
		if len(l.Others) != c.others {
			t.Errorf("%s: %d others", c.file, len(l.Others))
		}
	}
	l := Parse(read(t, "lsscsi-generic-tandberg-hp-ultrium5.birdie1-tapebackup.txt"))
	if o := l.Others[3]; o.Model != "Samsung SSD 840" || o.Vendor != "ATA" || o.Node != "/dev/sdd" || o.Host != 5 {
		t.Errorf("%+v", o)
	}
	nv := Parse(read(t, "lsscsi-g-nvme-only.mhvtl-docker.txt")).Others[0]
	if nv.Host != -1 || nv.Node != "/dev/nvme0n1" || nv.Generic != "" || nv.Type != "disk" {
		t.Errorf("%+v", nv)
	}
}

func TestParseOdd(t *testing.T) {
	t.Parallel()
	l := Parse("[33:0:10:0]  tape    IBM      ULT3580-TD5      0106  /dev/st10  /dev/sg11\n" +
		"[1:0:0:0] mediumx STK L80 0104 - /dev/sg10\n" +
		"not a device\n[1:0:0]    disk    ATA      X                1.0   /dev/sda   /dev/sg0\n[a:b:c:d]  disk x y z /dev/sda /dev/sg0\n")
	if got := drives(l); got != "IBM/ULT3580-TD5 /dev/st10 /dev/nst10 /dev/sg11" {
		t.Errorf("%s", got)
	}
	if got := changers(l); got != "1:0:0:0 STK/L80/0104  /dev/sg10" {
		t.Errorf("%s", got)
	}
	if len(l.Warnings) != 3 {
		t.Errorf("%v", l.Warnings)
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Replay("lsscsi", filepath.Join("testdata", "lsscsi-g-spectra-python-4drives.mhvtl-install.txt"), 0)
	l, err := List(context.Background(), &execx.Runner{Path: d.Path})
	if err != nil || len(l.Changers) != 1 || len(l.Drives) != 4 {
		t.Fatal(l, err)
	}
	if c := d.Calls("lsscsi"); len(c) != 1 || strings.Join(c[0], " ") != "-g" {
		t.Errorf("%v", c)
	}
	// No SCSI devices: lsscsi prints nothing and exits 0 (recorded).
	d.Script("lsscsi", "exit 0")
	if l, err := List(context.Background(), &execx.Runner{Path: d.Path}); err != nil || len(l.Changers)+len(l.Drives)+len(l.Others) != 0 {
		t.Error(l, err)
	}
}
