package scst

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestListTargets(t *testing.T) {
	t.Parallel()
	refs, warns := ParseListTargets(fixture(t, "scstadmin-list_target.scst-test.txt"))
	want := []TargetRef{{"copy_manager", "copy_manager_tgt"}, {"scst_local", "local"}}
	if !reflect.DeepEqual(refs, want) || warns != nil {
		t.Errorf("%+v %v", refs, warns)
	}
	// Real output keeps the dashed rule the test normalised away, and a
	// driver with two targets leaves its column blank on the second row.
	refs, warns = ParseListTargets("\nCollecting current configuration: done.\n\n\tDriver  Target\n\t---------------\n\tiscsi   iqn.2026-01.org.example:a\n\t        iqn.2026-01.org.example:b\n\nAll done.\n")
	if len(refs) != 2 || refs[1] != (TargetRef{"iscsi", "iqn.2026-01.org.example:b"}) || warns != nil {
		t.Errorf("%+v %v", refs, warns)
	}
}

func TestListDevices(t *testing.T) {
	t.Parallel()
	hs, warns := ParseListDevices(fixture(t, "scstadmin-list_device.scst-test.txt"))
	want := []HandlerDevices{{"vcdrom", nil}, {"vdisk_blockio", nil}, {"vdisk_fileio", []string{"disk0", "disk1"}}, {"vdisk_nullio", []string{"nodev"}}}
	if !reflect.DeepEqual(hs, want) || warns != nil {
		t.Errorf("%+v %v", hs, warns)
	}
}

func TestListNames(t *testing.T) {
	t.Parallel()
	d, w1 := ParseListDrivers(fixture(t, "scstadmin-list_driver.scst-test.txt"))
	h, w2 := ParseListHandlers(fixture(t, "scstadmin-list_handler.scst-test.txt"))
	g, w3 := ParseListDeviceGroups(fixture(t, "scstadmin-list_dgrp.scst-test.txt"))
	if !reflect.DeepEqual(d, []string{"copy_manager", "ib_srpt", "iscsi", "scst_local"}) ||
		!reflect.DeepEqual(h, []string{"vcdrom", "vdisk_blockio", "vdisk_fileio", "vdisk_nullio"}) ||
		!reflect.DeepEqual(g, []string{"dgroup1", "dgroup2"}) || w1 != nil || w2 != nil || w3 != nil {
		t.Errorf("%v %v %v %v %v %v", d, h, g, w1, w2, w3)
	}
}

func TestListGroups(t *testing.T) {
	t.Parallel()
	as, warns := ParseListGroups(fixture(t, "scstadmin-list_group.scst-test.txt"))
	want := []Assignment{
		{Driver: "copy_manager", Target: "copy_manager_tgt", LUNs: []LUNRow{{10, "disk1"}, {8, "nodev"}, {9, "disk0"}}},
		{Driver: "scst_local", Target: "local", LUNs: []LUNRow{{0, "nodev"}}, Groups: []GroupRows{{
			Name: "ig", LUNs: []LUNRow{{0, "disk0"}, {1, "disk1"}}, Initiators: []string{"ini1", "ini2"},
		}}},
	}
	if !reflect.DeepEqual(as, want) || warns != nil {
		t.Errorf("%+v %v", as, warns)
	}
}

func TestListAttributes(t *testing.T) {
	t.Parallel()
	a, warns := ParseAttributes(fixture(t, "scstadmin-list_device-disk0-attributes.scst-test.txt"))
	want := []AttrValue{{"filename", "/dev/scstadmin-regression-test-vdisk", true, true}, {"read_only", "1", false, true}, {"size", "1048576", false, true}}
	if !reflect.DeepEqual(a.Values, want) || a.Available != nil || warns != nil {
		t.Errorf("%+v %v", a, warns)
	}
	a, warns = ParseAttributes(fixture(t, "scstadmin-list_drv_attr-iscsi.scst-readme.txt"))
	if !reflect.DeepEqual(a.Values, []AttrValue{{"iSNSServer", "192.168.1.16 AccessControl", true, true}}) ||
		!reflect.DeepEqual(a.Available, map[string][]string{"Dynamic": {"OutgoingUser", "IncomingUser"}}) || warns != nil {
		t.Errorf("%+v %v", a, warns)
	}
	a, warns = ParseAttributes(fixture(t, "scstadmin-list_hnd_attr-vdisk_fileio.scst-test.txt"))
	if a.Values != nil || len(a.Available["Device CREATE"]) != 19 || a.Available["Device CREATE"][8] != "filename" || warns != nil {
		t.Errorf("%+v %v", a, warns)
	}
	a, _ = ParseAttributes(fixture(t, "scstadmin-list_tgt_attr-scst_local.scst-test.txt"))
	if !reflect.DeepEqual(a.Available, map[string][]string{"LUN CREATE": {"read_only"}}) {
		t.Errorf("%+v", a)
	}
	a, _ = ParseAttributes(fixture(t, "scstadmin-list_tgrp_attr.scst-test.txt"))
	if !reflect.DeepEqual(a.Values, []AttrValue{{"group_id", "256", true, true}, {"state", "active", true, true}}) {
		t.Errorf("%+v", a)
	}
}

// Lines a listing does not have are warnings; the rest still parses.
func TestListUnknownLines(t *testing.T) {
	t.Parallel()
	names, warns := ParseListDrivers("\tDriver\n\t----\n\tiscsi\nsomething new\n")
	if !reflect.DeepEqual(names, []string{"iscsi"}) || len(warns) != 1 || warns[0].Line != 4 {
		t.Errorf("%v %v", names, warns)
	}
	_, warns = ParseListGroups("Driver: iscsi\nTarget: t\nAssigned LUNs:\n\tx disk\n")
	if len(warns) != 1 {
		t.Errorf("%v", warns)
	}
}

var wantSessions = []Session{
	{Driver: "iscsi", Target: "iqn.2006-10.net.vlnb:tgt", Initiator: "iqn.2005-03.org.open-iscsi:cacdcd2520",
		LUNs: []LUNRow{{0, "disk1"}, {1, "cdrom"}}, Connections: []string{"10.170.75.2"}},
	{Driver: "iscsi", Target: "iqn.2006-10.net.vlnb:tgt1", Initiator: "iqn.2005-03.org.open-iscsi:cacdcd2520", Group: "special_ini",
		LUNs: []LUNRow{{0, "blockio"}}, Connections: []string{"10.170.75.2"}},
}

func TestSysfsTreeSessions(t *testing.T) {
	t.Parallel()
	entries, warns := ParseSysfsTree(fixture(t, "sysfs-scst_tgt-tree.iscsi-scst-readme.txt"))
	if warns != nil || len(entries) < 200 {
		t.Fatalf("%d entries, %v", len(entries), warns)
	}
	if got := Sessions(entries); !reflect.DeepEqual(got, wantSessions) {
		t.Errorf("\n got %+v\nwant %+v", got, wantSessions)
	}
}

// The same tree made real on disk (folders, files, links) reads the same.
func TestReadSysfs(t *testing.T) {
	t.Parallel()
	entries, _ := ParseSysfsTree(fixture(t, "sysfs-scst_tgt-tree.iscsi-scst-readme.txt"))
	root := t.TempDir()
	for _, e := range entries {
		p := filepath.Join(root, e.Path)
		var err error
		switch {
		case e.Link != "":
			err = os.Symlink(e.Link, p)
		case e.Dir:
			err = os.MkdirAll(p, 0o755)
		default:
			err = os.WriteFile(p, nil, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	read, err := ReadSysfs(root)
	if err != nil {
		t.Fatal(err)
	}
	if got := Sessions(read); !reflect.DeepEqual(got, wantSessions) {
		t.Errorf("\n got %+v\nwant %+v", got, wantSessions)
	}
	if _, err := ReadSysfs(filepath.Join(root, "nope")); err == nil {
		t.Error("a missing tree (SCST not loaded) must be an error")
	}
}

func TestSysfsTreeWarnings(t *testing.T) {
	t.Parallel()
	_, warns := ParseSysfsTree("/sys/kernel/scst_tgt\n|-- targets\nnot a tree line\n|       `-- too deep\n")
	if len(warns) != 2 {
		t.Errorf("%v", warns)
	}
}
