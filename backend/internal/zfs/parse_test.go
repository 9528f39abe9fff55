package zfs

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPoolListHp(t *testing.T) {
	t.Parallel()
	cols := []string{"name", "health", "size", "alloc", "free", "fragmentation", "capacity", "dedupratio"}
	pools, warns := ParsePoolList(fixture(t, "zpool-list-Hp-o-name-health-size-alloc-free-frag-cap-dedup.telegraf-freebsd14.txt"), cols)
	want := []Pool{{Name: "zroot", Health: "ONLINE", Size: 67108864000, Allocated: 11959578624, Free: 55149285376,
		Fragmentation: 4, Capacity: 17, Dedup: 1, Exact: true}}
	if !reflect.DeepEqual(pools, want) || warns != nil {
		t.Errorf("%+v %v", pools, warns)
	}
}

// zfs-fuse has no -p: its human sizes are read, and marked inexact.
func TestPoolListHumanZfsFuse(t *testing.T) {
	t.Parallel()
	pools, warns := ParsePoolList(fixture(t, "zpool-list-H.zfs-fuse-here.txt"), poolColumnsOld)
	if len(pools) != 1 || warns != nil {
		t.Fatalf("%+v %v", pools, warns)
	}
	p := pools[0]
	if p.Name != "tank" || p.Size != 504<<20 || p.Free != 483<<20 || p.Capacity != 4 || p.Dedup != 1 || p.Health != "ONLINE" ||
		p.Exact || p.Fragmentation != -1 || p.Altroot != "" {
		t.Errorf("%+v", p)
	}
}

// The header-and-spaces tables are what a person sees, not what BAMS
// runs: the -H parser reads none of their lines as a pool, and says so.
func TestPoolListTablesAreNotPools(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"zpool-list.openzfs-man.txt", "zpool-list-v.openzfs-man.txt", "zpool-list-p.netdata-testdata.txt",
		"zpool-list-p-v-L-mirror.netdata-testdata.txt"} {
		pools, warns := ParsePoolList(fixture(t, f), poolColumns)
		if len(pools) != 0 || len(warns) == 0 {
			t.Errorf("%s: %d pools, %d warnings", f, len(pools), len(warns))
		}
	}
}

func TestPoolListJSONManPage(t *testing.T) {
	t.Parallel()
	pools, warns, err := ParsePoolListJSON([]byte(fixture(t, "zpool-list-j.openzfs-man.json")))
	if err != nil || len(warns) != 0 || len(pools) != 1 {
		t.Fatalf("%+v %v %v", pools, warns, err)
	}
	p := pools[0]
	if p.Name != "tank" || p.GUID != "15220353080205405147" || p.Size != 111<<30 || p.Capacity != 27 || p.Fragmentation != 0 ||
		p.Health != "ONLINE" || p.Exact || p.Dedup != 1 {
		t.Errorf("%+v", p)
	}
	// 2.3 itself names the GUID pool_guid, and --json-int prints numbers.
	pools, _, err = ParsePoolListJSON([]byte(`{"pools":{"tank":{"name":"tank","state":"DEGRADED","pool_guid":"42",
		"properties":{"size":{"value":1024},"free":{"value":512},"capacity":{"value":50},"fragmentation":{"value":"-"}}}}}`))
	if err != nil || pools[0].GUID != "42" || pools[0].Size != 1024 || !pools[0].Exact || pools[0].Fragmentation != -1 || pools[0].Health != "DEGRADED" {
		t.Errorf("2.3 keys: %+v %v", pools, err)
	}
}

func vdevNames(vs []Vdev) string {
	var parts []string
	for _, v := range vs {
		s := v.Name
		if len(v.Children) > 0 {
			s += "(" + vdevNames(v.Children) + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func onePool(t *testing.T, file string) PoolStatus {
	t.Helper()
	st := ParseStatus(fixture(t, file))
	if len(st) != 1 {
		t.Fatalf("%s: %d pools", file, len(st))
	}
	if len(st[0].Warnings) != 0 {
		t.Errorf("%s: warnings %v", file, st[0].Warnings)
	}
	return st[0]
}

func TestStatusTabLayoutOldScrub(t *testing.T) {
	t.Parallel()
	p := onePool(t, "zpool-status-degraded-offline.zfs-fuse-here.txt")
	if p.Name != "tank" || p.State != "DEGRADED" || !strings.HasPrefix(p.Status, "One or more devices has been taken offline by the administrator. Sufficient replicas") ||
		p.Action != "Online the device using 'zpool online' or replace the device with 'zpool replace'." || p.Errors != "No known data errors" {
		t.Errorf("%+v", p)
	}
	if got := vdevNames(p.Config); got != "tank(mirror-0(/tmp/bamsfx/zfsfuse/vdev0.img /tmp/bamsfx/zfsfuse/vdev1.img))" {
		t.Errorf("tree %s", got)
	}
	if off := p.Config[0].Children[0].Children[1]; off.State != "OFFLINE" {
		t.Errorf("%+v", off)
	}
	if p.Scan.State != ScanNone {
		t.Errorf("scan %+v", p.Scan)
	}
	if ok := onePool(t, "zpool-status-mirror-online.zfs-fuse-here.txt"); ok.State != "ONLINE" || len(ok.Config[0].Children[0].Children) != 2 {
		t.Errorf("%+v", ok)
	}
	done := onePool(t, "zpool-status-scrub-completed.zfs-fuse-here.txt")
	if s := done.Scan; s.Func != Scrub || s.State != ScanFinished || s.Errors != 0 || s.Took != 0 || s.When != "Sat Nov 21 23:46:58 2026" || s.Percent != 100 {
		t.Errorf("scan %+v", s)
	}
}

func TestStatusSpaceLayoutGroups(t *testing.T) {
	t.Parallel()
	p := onePool(t, "zpool-status-mirrors-with-logs.openzfs-man.txt")
	if got := vdevNames(p.Config); got != "tank(mirror-0(sda sdb) mirror-1(sdc sdd)) logs(mirror-2(sde sdf))" {
		t.Errorf("tree %s", got)
	}
	if p.Config[1].State != "" {
		t.Errorf("a group row has no state: %+v", p.Config[1])
	}
	bad := onePool(t, "zpool-status-x-degraded-cannot-open.ZFS-8000-2Q.txt")
	sdb := bad.Config[0].Children[0].Children[1]
	if sdb.Name != "sdb" || sdb.State != "FAULTED" || sdb.Note != "cannot open" || bad.See != "https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-2Q" {
		t.Errorf("%+v / %+v", sdb, bad)
	}
	perm := onePool(t, "zpool-status-xv-permanent-errors.ZFS-8000-8A.txt")
	if perm.Config[0].Checksum != 2 || perm.Config[0].Children[0].Checksum != 2 ||
		perm.Errors != "Permanent errors have been detected in the following files:" || !reflect.DeepEqual(perm.ErrorFiles, []string{"/export/example/foo"}) {
		t.Errorf("%+v", perm)
	}
}

func TestStatusResilverProgress(t *testing.T) {
	t.Parallel()
	old := onePool(t, "zpool-status-resilver-0.7-scanned-out-of.blog.txt")
	s := old.Scan
	if s.Func != Resilver || s.State != ScanInProgress || s.When != "Sat Jan 12 11:29:36 2019" || s.Percent != 0.01 ||
		s.ETA.String() != "123h32m0s" || s.Rate != hs("2.42", 20) || s.Total != hs("1.03", 40) {
		t.Errorf("0.7 scan %+v", s)
	}
	repl := old.Config[0].Children[0].Children[0]
	if repl.Name != "replacing-0" || repl.Children[0].Note != "was /dev/disk/by-id/ata-TOSHIBA_DT01ACA300_365XDT3KS" || repl.Children[1].Note != "(resilvering)" {
		t.Errorf("%+v", repl)
	}
	st := ParseStatus(fixture(t, "zpool-status-resilver-2.x-issued.notes.txt"))[0]
	s = st.Scan
	if s.Percent != 0.08 || s.ETA.String() != "16h23m57s" || s.Issued != hs("1.80", 30) || s.Scanned != 820<<30 ||
		s.Rate != hs("37.6", 20) || s.Repaired != hs("1.80", 30) {
		t.Errorf("2.x scan %+v", s)
	}
	// The author shortened the device names, breaking the alignment; the
	// tree still comes out, and the count "1.32K" is read.
	if got := vdevNames(st.Config); got != "data(mirror-0(wwn-0x5000c500e ata-ST8000DM004-F))" {
		t.Errorf("tree %s", got)
	}
	if c := st.Config[0].Children[0].Children[1].Checksum; c != 1320 {
		t.Errorf("cksum %d", c)
	}
	noETA := ParseStatus(fixture(t, "zpool-status-resilver-no-eta.blog-excerpt.txt"))[0].Scan
	if noETA.ETA != -1 || noETA.Percent != 0 || noETA.Issued != 324<<10 {
		t.Errorf("no ETA %+v", noETA)
	}
}

// Lines that fit nowhere become warnings; the pool is still read.
func TestStatusTotal(t *testing.T) {
	t.Parallel()
	in := fixture(t, "zpool-status-mirror-online.zfs-fuse-here.txt") + "  pool: second\n state: ONLINE\nwhatever: 1\nconfig:\n\n\tNAME STATE READ WRITE CKSUM\n\tsecond ONLINE 0 0 x\n"
	st := ParseStatus(in)
	if len(st) != 2 || len(st[0].Warnings) != 0 || len(st[1].Warnings) != 2 || st[1].State != "ONLINE" {
		t.Fatalf("%+v", st)
	}
	for _, s := range []string{"all pools are healthy\n", "no pools available\n", ""} {
		if st := ParseStatus(s); len(st) != 0 {
			t.Errorf("%q: %+v", s, st)
		}
	}
}

// Finished and stopped scans of OpenZFS 0.8+ (lines written here from
// zpool_main.c's formats: no recording of them was found).
func TestScanLinesFinished(t *testing.T) {
	t.Parallel()
	for line, want := range map[string]Scan{
		"scrub repaired 0B in 00:12:34 with 0 errors on Tue Sep  1 03:12:34 2026": {Func: Scrub, State: ScanFinished, Took: 754e9, Percent: 100, When: "Tue Sep  1 03:12:34 2026"},
		"resilvered 745G in 1 days 04:12:33 with 2 errors on Fri Sep 18 06:01:44 2026": {Func: Resilver, State: ScanFinished, Repaired: 745 << 30,
			Took: (86400 + 4*3600 + 12*60 + 33) * 1e9, Errors: 2, Percent: 100, When: "Fri Sep 18 06:01:44 2026"},
		"scrub canceled on Mon Jun  2 00:00:00 2026":     {Func: Scrub, State: ScanCanceled, Percent: -1, When: "Mon Jun  2 00:00:00 2026"},
		"scrub paused since Mon Jun  2 00:00:00 2026":    {Func: Scrub, State: ScanPaused, Percent: -1, When: "Mon Jun  2 00:00:00 2026"},
		"scrub repaired 0 in 0h12m with 0 errors on Tue": {Func: Scrub, State: ScanFinished, Took: 720e9, Percent: 100, When: "Tue"},
	} {
		got := parseScan(line)
		want.Raw, want.ETA = line, -1
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %+v\nwant %+v", line, got, want)
		}
	}
}

func TestImportListing(t *testing.T) {
	t.Parallel()
	p := onePool(t, "zpool-import-list.openzfs-man.txt")
	if p.Name != "tank" || p.ID != "15451357997522795478" || p.State != "ONLINE" ||
		p.Action != "The pool can be imported using its name or numeric identifier." || vdevNames(p.Config) != "tank(mirror(sda sdb))" {
		t.Errorf("%+v %s", p, vdevNames(p.Config))
	}
}

func TestZfsListHp(t *testing.T) {
	t.Parallel()
	ds, warns := ParseList(fixture(t, "zfs-list-Hp-o-name-avail-used-usedsnap-usedds.telegraf.txt"), []string{"name", "avail", "used", "usedsnap", "usedds"})
	if len(ds) != 4 || warns != nil {
		t.Fatalf("%+v %v", ds, warns)
	}
	if d := ds[3]; d.Name != "zata/storage" || d.Available != 10741741326336 || d.Used != 8556084379648 || d.Other["usedsnap"] != "3601138999296" {
		t.Errorf("%+v", d)
	}
	human, warns := ParseList(fixture(t, "zfs-list-H-o-all-types.zfs-fuse-here.txt"), []string{"name", "used", "avail", "refer", "mountpoint", "type"})
	if len(human) != 7 || warns != nil {
		t.Fatalf("%+v %v", human, warns)
	}
	if s := human[5]; s.Type != "snapshot" || s.Referenced != hs("20.1", 20) || s.Mountpoint != "" || s.Available != 0 {
		t.Errorf("%+v", s)
	}
	if ds, snap, ok := human[5].Snapshot(); !ok || ds != "tank/backups/host1" || snap != "2026-01-01" {
		t.Errorf("%s %s", ds, snap)
	}
	// The human table of zfs list(8) has no TABs: every line a warning.
	ds, warns = ParseList(fixture(t, "zfs-list.openzfs-man.txt"), DatasetColumns)
	if len(ds) != 0 || len(warns) != 5 {
		t.Errorf("%d rows %d warnings", len(ds), len(warns))
	}
}

// One bad line among good ones: the good ones are listed.
func TestZfsListOneBadLine(t *testing.T) {
	t.Parallel()
	in := "tank/a\t1\t2\ntank/b\tx\t2\ntank/c\t3\ntank/d\t4\t5\t6\ntank/e\t5\t6\n"
	ds, warns := ParseList(in, []string{"name", "used", "referenced"})
	if len(ds) != 2 || ds[0].Name != "tank/a" || ds[1].Name != "tank/e" || len(warns) != 3 || warns[0].Line != 2 {
		t.Errorf("%+v %v", ds, warns)
	}
}

func TestZfsGet(t *testing.T) {
	t.Parallel()
	props, warns := ParseGet(fixture(t, "zfs-get-H-p-all.zfs-fuse-here.txt"))
	p := props["tank/backups/host1"]
	if warns != nil || len(p) != 44 || p["used"].Value != "21118976" || p["compression"] != (Prop{"on", "local", ""}) ||
		p["mountpoint"] != (Prop{"/tmp/bamsfx/zfsfuse/mnt/tank/backups/host1", "inherited", "tank"}) {
		t.Errorf("%v %+v", warns, p)
	}
	// zfs get's human table (no -H) is not read as properties.
	props, warns = ParseGet(fixture(t, "zfs-get-all.openzfs-man.txt"))
	if len(props) != 0 || len(warns) != 43 {
		t.Errorf("%d datasets, %d warnings", len(props), len(warns))
	}
}

func TestZfsListJSON(t *testing.T) {
	t.Parallel()
	ds, warns, err := ParseListJSON([]byte(fixture(t, "zfs-list-j-filesystems-snapshots.openzfs-man.json")))
	if err != nil || warns != nil || len(ds) != 4 {
		t.Fatalf("%+v %v %v", ds, warns, err)
	}
	names := []string{ds[0].Name, ds[1].Name, ds[2].Name, ds[3].Name}
	if !reflect.DeepEqual(names, []string{"pool", "pool/home", "pool/home/bob", "pool/home/bob@v1"}) {
		t.Errorf("order %v", names)
	}
	if s := ds[3]; s.Type != "snapshot" || s.Referenced != 24<<10 || s.Used != 0 || s.Mountpoint != "" {
		t.Errorf("%+v", s)
	}
	if ds[1].Mountpoint != "/mnt/home" || ds[0].Available != hs("30.5", 30) {
		t.Errorf("%+v", ds[:2])
	}
}

func TestArcstats(t *testing.T) {
	t.Parallel()
	a, err := ParseArcstats(fixture(t, "arcstats.node_exporter.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Size != 1603939792 || a.Target != 1643208777 || a.Max != 8367976448 || a.Min != 33554432 || a.Hits != 8772612 || a.Misses != 604635 {
		t.Errorf("%+v", a)
	}
	if r := a.HitRatio(); r < 0.9355 || r > 0.9356 {
		t.Errorf("hit ratio %f", r)
	}
	if _, err := ParseArcstats("6 1 0x01\nname type data\nsize 4 1\n"); err == nil {
		t.Error("no hits/misses must be an error")
	}
	if _, err := ReadArc(t.TempDir() + "/arcstats"); !os.IsNotExist(err) {
		t.Errorf("no module: %v", err)
	}
}

// zpool status -j: the man page's keys and 2.3's (PR #16217), written
// here from the key names (no whole sample of either was available).
func TestStatusJSONBothKeySets(t *testing.T) {
	t.Parallel()
	man := `{"output_version":{"command":"zpool status","vers_major":0,"vers_minor":1},"pools":{"tank":{"name":"tank","state":"ONLINE","guid":"1",
	  "status":"OK","vdevs":{"tank":{"name":"tank","vdev_type":"root","state":"ONLINE","read_errors":"0","write_errors":"0","checksum_errors":"0",
	  "vdevs":{"mirror-0":{"name":"mirror-0","state":"ONLINE","vdevs":{"sdb":{"name":"sdb","path":"/dev/sdb1","state":"ONLINE","checksum_errors":"3"},
	  "sda":{"name":"sda","state":"ONLINE"}}}}}},"logs":{"sdc":{"name":"sdc","state":"ONLINE"}},"error_count":"0"}}}`
	v23 := `{"pools":{"tank":{"name":"tank","state":"DEGRADED","pool_guid":"1","status":"One or more devices could not be opened.",
	  "msgid":"ZFS-8000-2Q","moreinfo":"https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-2Q",
	  "scan_stats":{"function":"SCRUB","state":"SCANNING","start_time":1700000000,"to_examine":1000,"examined":500,"issued":250,"errors":0},
	  "vdevs":{"tank":{"name":"tank","state":"DEGRADED","vdevs":{"sda":{"name":"sda","state":"UNAVAIL","read_errors":5}}}},"error_count":2}}}`
	pm, err := ParseStatusJSON([]byte(man))
	if err != nil || len(pm) != 1 {
		t.Fatal(err)
	}
	if got := vdevNames(pm[0].Config); got != "tank(mirror-0(sdb sda)) logs(sdc)" || pm[0].Status != "" || pm[0].Errors != "No known data errors" {
		t.Errorf("man: %s %+v", got, pm[0])
	}
	if sdb := pm[0].Config[0].Children[0].Children[0]; sdb.Checksum != 3 || sdb.Note != "/dev/sdb1" {
		t.Errorf("%+v", sdb)
	}
	p3, err := ParseStatusJSON([]byte(v23))
	if err != nil {
		t.Fatal(err)
	}
	p := p3[0]
	if p.See != "https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-2Q" || p.Scan.Func != Scrub || p.Scan.State != ScanInProgress ||
		p.Scan.Percent != 25 || p.Config[0].Children[0].Read != 5 || !strings.HasPrefix(p.Errors, "2 data errors") {
		t.Errorf("2.3: %+v", p)
	}
}

// hs is the byte count zfs means by a human figure such as 2.42M.
func hs(f string, shift int) uint64 {
	n, err := parseHumanSize(f + map[int]string{10: "K", 20: "M", 30: "G", 40: "T"}[shift])
	if err != nil {
		panic(err)
	}
	return n
}
