package disks

import (
	"os"
	"reflect"
	"testing"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func recordedLoops(t *testing.T) []Disk {
	t.Helper()
	disks, err := ParseLsblk(readFile(t, "lsblk-json-bytes-O-loops.json"))
	if err != nil {
		t.Fatal(err)
	}
	return disks
}

func TestParseLsblkLoops(t *testing.T) {
	t.Parallel()
	disks := recordedLoops(t)
	if len(disks) != 3 {
		t.Fatalf("%d devices, want 3", len(disks))
	}
	l0 := disks[0]
	if l0.Name != "loop0" || l0.Path != "/dev/loop0" || l0.Type != "loop" || l0.Size != 268435456 || !l0.Rotational || l0.Mounts != nil {
		t.Errorf("loop0 %+v", l0)
	}
	parts := l0.Partitions()
	if len(parts) != 2 || parts[0].Path != "/dev/loop0p1" || parts[0].Size != 100663296 ||
		!reflect.DeepEqual(parts[0].Mounts, []string{"/tmp/rec/mnt/ext4"}) || parts[1].Mounts != nil {
		t.Errorf("partitions %+v", parts)
	}
	// No udev here: lsblk knows no filesystem types.
	if parts[0].FSType != "" || disks[1].FSType != "" {
		t.Errorf("fstype %q %q: the recording has none", parts[0].FSType, disks[1].FSType)
	}
	if !reflect.DeepEqual(disks[1].Mounts, []string{"/tmp/rec/mnt/btrfs"}) || disks[2].Mounts != nil {
		t.Errorf("loop1 %v loop2 %v", disks[1].Mounts, disks[2].Mounts)
	}
}

func TestParseLsblkAll(t *testing.T) {
	t.Parallel()
	disks, err := ParseLsblk(readFile(t, "lsblk-json-bytes-O-all.json"))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Disk{}
	for _, d := range disks {
		byName[d.Name] = d
	}
	vda := byName["vda"]
	if vda.Type != "disk" || vda.Size != 274877906944 || !reflect.DeepEqual(vda.Mounts, []string{"/"}) ||
		vda.Model != "" || vda.Serial != "" || vda.WWN != "" || vda.Transport != "" {
		t.Errorf("vda %+v", vda)
	}
	if z := byName["zram0"]; z.Size != 0 || z.Rotational {
		t.Errorf("zram0 %+v", z)
	}
	if len(disks) != 5 {
		t.Errorf("%d devices", len(disks))
	}
}

// lsblk before 2.37 printed every column as a string and had one
// "mountpoint"; the shape below is that (hand-written, not recorded).
func TestParseLsblkOldStrings(t *testing.T) {
	t.Parallel()
	disks, err := ParseLsblk([]byte(`{"blockdevices": [{"name":"sdb","kname":"sdb","type":"disk","size":"1000204886016",
		"rota":"1","ro":"0","rm":"0","model":"WDC WD10EZEX","serial":"WD-X","wwn":"0x50014ee","tran":"sata",
		"mountpoint":null,"children":[{"name":"sdb1","kname":"sdb1","type":"part","size":"1000203837440","rota":"1","mountpoint":"/srv"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	d := disks[0]
	if d.Path != "/dev/sdb" || d.Size != 1000204886016 || !d.Rotational || d.Model != "WDC WD10EZEX" || d.WWN != "0x50014ee" ||
		d.Transport != "sata" || !reflect.DeepEqual(d.Children[0].Mounts, []string{"/srv"}) {
		t.Errorf("%+v", d)
	}
}

func TestParseLsblkBad(t *testing.T) {
	t.Parallel()
	for _, in := range []string{``, `{}`, `{"blockdevices":[{"name":"x","rota":"maybe"}]}`, `{"blockdevices":[{"name":"x","size":"1G"}]}`} {
		if _, err := ParseLsblk([]byte(in)); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestBlkidFillsWhatLsblkLacks(t *testing.T) {
	t.Parallel()
	sigs := ParseBlkid(string(readFile(t, "blkid-o-export-loops.txt")))
	if len(sigs) != 4 {
		t.Fatalf("%d signatures: %+v", len(sigs), sigs)
	}
	if sigs[0].Device != "/dev/loop0" || sigs[0].PTType != "gpt" || sigs[0].Type != "" {
		t.Errorf("%+v", sigs[0])
	}
	disks := recordedLoops(t)
	MergeBlkid(disks, sigs)
	p := disks[0].Partitions()
	if p[0].FSType != "ext4" || p[0].Label != "bamsext4" || p[0].PartLabel != "bamsdata" ||
		p[1].FSType != "LVM2_member" || p[1].UUID != "WTf2jz-fRfY-2R2t-ceom-LsVr-JAU8-zlAHfb" {
		t.Errorf("partitions %+v", p)
	}
	if disks[0].PTType != "gpt" || disks[1].FSType != "btrfs" || disks[1].Label != "bamsbtrfs" || disks[2].FSType != "" {
		t.Errorf("disks %+v", disks)
	}
}
