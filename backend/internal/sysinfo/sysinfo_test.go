package sysinfo

import (
	"testing"
)

func TestParsers(t *testing.T) {
	if got := ParseOSRelease("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"); got != "Debian GNU/Linux 12 (bookworm)" {
		t.Errorf("os-release: %q", got)
	}
	if got := ParseOSRelease("NAME=Fedora\n"); got != "Fedora" {
		t.Errorf("os-release without PRETTY_NAME: %q", got)
	}
	if got := ParseUptime("12345.67 2345.00\n"); got != 12345 {
		t.Errorf("uptime %d", got)
	}
	if got := ParseLoadavg("0.52 0.58 0.59 1/189 12345\n"); got != [3]float64{0.52, 0.58, 0.59} {
		t.Errorf("load %v", got)
	}
	m := ParseMeminfo("MemTotal:       24580128 kB\nMemFree:        20000000 kB\nMemAvailable:   22000000 kB\n")
	if m.Total != 24580128*1024 || m.Available != 22000000*1024 {
		t.Errorf("meminfo %+v", m)
	}
}

func TestUsageWalksUpToAnExistingFolder(t *testing.T) {
	u := Usage(t.TempDir() + "/not/yet/created")
	if u.Error != "" || u.Total == 0 || u.Used > u.Total {
		t.Fatalf("%+v", u)
	}
}

func TestReadOnThisHost(t *testing.T) {
	f := Read()
	if f.Hostname == "" || f.Kernel == "" || f.Memory.Total == 0 {
		t.Fatalf("%+v", f)
	}
}
