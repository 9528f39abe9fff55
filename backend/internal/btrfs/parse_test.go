package btrfs

import (
	"os"
	"reflect"
	"testing"
	"time"
)

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseShow(t *testing.T) {
	t.Parallel()
	fss, err := ParseFilesystemShow(fixture(t, "filesystem-show-raw.txt"))
	want := []Filesystem{{Label: "bamssrc", UUID: "3a8ca616-163d-44a6-9f60-da6dd90d4e6f", TotalDevices: 1, Used: 318238720,
		Devices: []Device{{ID: 1, Size: 1073741824, Used: 602275840, Path: "/dev/loop0"}}}}
	if err != nil || !reflect.DeepEqual(fss, want) {
		t.Errorf("%+v %v", fss, err)
	}
}

func TestParseUsage(t *testing.T) {
	t.Parallel()
	u, err := ParseUsage(fixture(t, "filesystem-usage-b.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if u.DeviceSize != 1073741824 || u.Allocated != 602275840 || u.Unallocated != 471465984 || u.Used != 328167424 ||
		u.FreeEstimated != 641339392 || u.FreeMin != 405606400 || u.DataRatio != 1 || u.MetadataRatio != 2 ||
		u.GlobalReserve != 5767168 || u.GlobalReserveUsed != 16384 {
		t.Errorf("%+v", u)
	}
	want := []Profile{
		{Type: "Data", Profile: "single", Size: 478150656, Used: 308277248, Devices: map[string]uint64{"/dev/loop0": 478150656}},
		{Type: "Metadata", Profile: "DUP", Size: 53673984, Used: 9928704, Devices: map[string]uint64{"/dev/loop0": 107347968}},
		{Type: "System", Profile: "DUP", Size: 8388608, Used: 16384, Devices: map[string]uint64{"/dev/loop0": 16777216}},
	}
	if !reflect.DeepEqual(u.Profiles, want) {
		t.Errorf("profiles %+v", u.Profiles)
	}
	if _, err := ParseUsage(fixture(t, "filesystem-df-b.txt")); err == nil {
		t.Error("filesystem df is not usage")
	}
}

func TestParseSubvolumeList(t *testing.T) {
	t.Parallel()
	subs, err := ParseSubvolumeList(fixture(t, "subvolume-list-o-p-u-q.txt"))
	if err != nil || len(subs) != 4 {
		t.Fatalf("%+v %v", subs, err)
	}
	snap := subs[2]
	if snap.ID != 259 || snap.Gen != 8 || snap.Parent != 5 || snap.TopLevel != 5 || snap.ParentUUID != "1b53d9d9-5ef1-8743-99af-e362f922f55c" ||
		snap.UUID != "0a4d99d3-c8f4-3047-9544-bcb189bab3ac" || snap.Path != ".snapshots/data@2026-01-01T00:00:00Z" || subs[0].ParentUUID != "" {
		t.Errorf("%+v", snap)
	}
	recv, err := ParseSubvolumeList(fixture(t, "subvolume-list-p-u-q-R-received.txt"))
	if err != nil || len(recv) != 2 || recv[1].ReceivedUUID != "92a2fef0-52fe-bf4d-9665-c90c3e62cc67" || recv[1].Path != "round2/data@2026-01-02T00:00:00Z" {
		t.Errorf("%+v %v", recv, err)
	}
	// The -t table is for people: refused, not misread.
	if _, err := ParseSubvolumeList(fixture(t, "subvolume-list-table-t.txt")); err == nil {
		t.Error("table accepted")
	}
}

func TestParseSubvolumeShow(t *testing.T) {
	t.Parallel()
	s, err := ParseSubvolumeShow(fixture(t, "subvolume-show-with-snapshots.txt"))
	if err != nil || s.Name != "data" || s.ID != 256 || s.ReadOnly || s.Qgroup != "0/256" || s.Created != "2026-11-21 23:43:25 +0000" ||
		!reflect.DeepEqual(s.Snapshots, []string{".snapshots/data@2026-01-01T00:00:00Z", ".snapshots/data@2026-01-02T00:00:00Z"}) {
		t.Errorf("%+v %v", s, err)
	}
	ro, err := ParseSubvolumeShow(fixture(t, "subvolume-show-readonly-snapshot.txt"))
	if err != nil || !ro.ReadOnly || ro.ParentUUID != "1b53d9d9-5ef1-8743-99af-e362f922f55c" || ro.Snapshots != nil || ro.Path != ".snapshots/data@2026-01-02T00:00:00Z" {
		t.Errorf("%+v %v", ro, err)
	}
	rc, err := ParseSubvolumeShow(fixture(t, "subvolume-show-received.txt"))
	if err != nil || rc.ReceivedUUID != "92a2fef0-52fe-bf4d-9665-c90c3e62cc67" || rc.Gen != 20 {
		t.Errorf("%+v %v", rc, err)
	}
}

func TestParseQgroups(t *testing.T) {
	t.Parallel()
	q, err := ParseQgroupShow(fixture(t, "qgroup-show-pcre-raw.txt"))
	if err != nil || len(q.Groups) != 7 || q.Inconsistent {
		t.Fatalf("%+v %v", q, err)
	}
	if g := q.Groups[2]; g.ID != "0/257" || g.Path != "vm-images" || g.MaxRef != 104857600 || g.Referenced != 104841216 {
		t.Errorf("%+v", g)
	}
	if g := q.Groups[6]; g.ID != "1/100" || g.MaxExcl != 52428800 || !reflect.DeepEqual(g.Children, []string{"0/259", "0/260"}) || g.Path != "<0 member qgroups>" {
		t.Errorf("%+v", g)
	}
	if g := q.Groups[4]; !reflect.DeepEqual(g.Parents, []string{"1/100"}) || g.Exclusive != 266240 {
		t.Errorf("%+v", g)
	}
	one, err := ParseQgroupShow(fixture(t, "qgroup-show-reF-raw.txt"))
	if err != nil || len(one.Groups) != 1 || one.Groups[0].Exclusive != 4063232 || one.Groups[0].Parents != nil {
		t.Errorf("%+v %v", one, err)
	}
	if _, err := ParseQgroupShow(fixture(t, "qgroup-show-pcre-human.txt")); err == nil {
		t.Error("human sizes accepted")
	}
	stale, err := ParseQgroupShow("WARNING: qgroup data inconsistent, rescan recommended\n" + fixture(t, "qgroup-show-reF-raw.txt"))
	if err != nil || !stale.Inconsistent {
		t.Errorf("%+v", stale)
	}
}

// Scrub outputs recorded for this package (testdata/transcript-scrub-errors.here.txt).
func TestParseScrubStatus(t *testing.T) {
	t.Parallel()
	never := ParseScrubStatus("UUID:             df48d0c7-26af-45c6-8cc3-1f9d16706749\n\tno stats available\nTotal to scrub:   64.44MiB\nRate:             0.00B/s\nError summary:    no errors found\n")
	if !never.NoStats || never.Status != "" || never.Total != 67570237 || never.Errors != "no errors found" {
		t.Errorf("%+v", never)
	}
	running := ParseScrubStatus("UUID:             df48d0c7-26af-45c6-8cc3-1f9d16706749\n\tno stats available\nTime left:        0:00:00\nETA:              Wed Dec  2 00:51:32 2026\nTotal to scrub:   64.45MiB\nBytes scrubbed:   0.00B  (0.00%)\nRate:             0.00B/s\nError summary:    no errors found\n")
	if running.Status != "running" || running.Percent != 0 || running.ETA != "Wed Dec  2 00:51:32 2026" {
		t.Errorf("%+v", running)
	}
	done := ParseScrubStatus("scrub done for df48d0c7-26af-45c6-8cc3-1f9d16706749\nScrub started:    Wed Dec  2 00:51:32 2026\nStatus:           finished\nDuration:         0:00:00\nTotal to scrub:   152.00MiB\nRate:             0.00B/s\nError summary:    no errors found\n")
	if done.Status != "finished" || done.Total != 152<<20 || done.Duration != 0 || done.Started != "Wed Dec  2 00:51:32 2026" {
		t.Errorf("%+v", done)
	}
	if clock("12:03:04") != 12*time.Hour+3*time.Minute+4*time.Second {
		t.Error("clock")
	}
}

func TestMkfsArgs(t *testing.T) {
	t.Parallel()
	args, err := MkfsArgs(MkfsOptions{Devices: []string{"/dev/sdb", "/dev/sdc"}, Label: "backup", Data: "raid1", Metadata: "raid1c3"})
	if err == nil {
		t.Errorf("raid1c3 on 2 devices accepted: %q", args)
	}
	args, err = MkfsArgs(MkfsOptions{Devices: []string{"/dev/sdb", "/dev/sdc"}, Label: "backup", Data: "raid1", Metadata: "raid1"})
	if err != nil || reflect.DeepEqual(args, []string{"-L", "backup", "-d", "raid1", "-m", "raid1", "/dev/sdb", "/dev/sdc"}) == false {
		t.Errorf("%q %v", args, err)
	}
	for _, bad := range []MkfsOptions{{}, {Devices: []string{"-f"}}, {Devices: []string{"/dev/sdb", "/dev/sdb"}}, {Devices: []string{"/dev/sdb"}, Label: "-x"},
		{Devices: []string{"/dev/sdb"}, Data: "raid7"}} {
		if _, err := MkfsArgs(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	for _, bad := range []string{"rel/path", "/a/../b", "/mnt/-x", "/mnt/.hidden", "/mnt/a b"} {
		if checkSubvolPath(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
