package scst

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func changeStrings(p Plan) []string {
	var out []string
	for _, c := range p.Changes {
		s := c.String()
		if c.NeedsForce {
			s += " [force]"
		}
		out = append(out, s)
	}
	return out
}

func TestDiffTable(t *testing.T) {
	t.Parallel()
	const tgt = "iscsi/iqn.2026-01.org.example.bams:backup"
	const grp = tgt + "/allowed"
	cases := []struct {
		name    string
		edit    func(*Config)
		want    []string
		force   bool
		targets []TargetRef
		luns    []LUNRef
	}{
		{name: "same", edit: func(*Config) {}},
		{name: "add LUN", edit: func(c *Config) {
			c.Drivers[0].Targets[0].Groups[0].LUNs = append(c.Drivers[0].Targets[0].Groups[0].LUNs, LUN{Number: 2, Device: "vol1"})
		}, want: []string{`add lun 2 in ` + grp + `: "vol1"`}},
		{name: "remove LUN", edit: func(c *Config) {
			c.Drivers[0].Targets[0].Groups[0].LUNs = c.Drivers[0].Targets[0].Groups[0].LUNs[:1]
		}, want: []string{`remove lun 1 in ` + grp + ` (was "file1") [force]`},
			force: true, luns: []LUNRef{{ISCSI, "iqn.2026-01.org.example.bams:backup", "allowed", 1, "file1"}}},
		{name: "LUN attribute", edit: func(c *Config) {
			c.Drivers[0].Targets[0].Groups[0].LUNs[1].Attrs = nil
		}, want: []string{`remove attribute read_only in ` + grp + `/1 (was "1") [force]`},
			force: true, luns: []LUNRef{{ISCSI, "iqn.2026-01.org.example.bams:backup", "allowed", 1, "file1"}}},
		{name: "remove target", edit: func(c *Config) { c.Drivers[0].Targets = c.Drivers[0].Targets[1:] },
			force:   true,
			targets: []TargetRef{{ISCSI, "iqn.2026-01.org.example.bams:backup"}},
			luns: []LUNRef{{ISCSI, "iqn.2026-01.org.example.bams:backup", "allowed", 0, "vol1"},
				{ISCSI, "iqn.2026-01.org.example.bams:backup", "allowed", 1, "file1"}}},
		{name: "add target", edit: func(c *Config) {
			c.Drivers[0].Targets = append(c.Drivers[0].Targets, Target{Name: "iqn.2026-01.org.example.bams:new", LUNs: []LUN{{Number: 0, Device: "vol1"}}})
		}, want: []string{"add target iqn.2026-01.org.example.bams:new in iscsi", `add lun 0 in iscsi/iqn.2026-01.org.example.bams:new: "vol1"`}},
		{name: "initiators", edit: func(c *Config) {
			g := &c.Drivers[0].Targets[0].Groups[0]
			g.Initiators = []Initiator{{Name: "iqn.1993-08.org.debian:01:abcdef"}, {Name: "iqn.2000-01.org.example:new"}}
		}, want: []string{"remove initiator iqn.1991-05.com.microsoft:host2 in " + grp + " [force]", "add initiator iqn.2000-01.org.example:new in " + grp}, force: true},
		{name: "chap secret changed", edit: func(c *Config) {
			c.Drivers[0].Targets[0].CHAP.Incoming[0].Secret = NewSecret("new-secret-0003")
		}, want: []string{"change incoming-user backupsrv in " + tgt}},
		{name: "chap unset", edit: func(c *Config) { c.Drivers[0].Targets[0].CHAP = CHAP{} },
			want: []string{"remove incoming-user backupsrv in " + tgt + " [force]", "remove outgoing-user bams in " + tgt + " [force]"}, force: true},
		{name: "mutual user renamed", edit: func(c *Config) {
			c.Drivers[0].Targets[0].CHAP.Outgoing = &CHAPUser{"bams2", NewSecret("out-secret-0002")}
		}, want: []string{"remove outgoing-user bams in " + tgt + " [force]", "add outgoing-user bams2 in " + tgt}, force: true},
		{name: "portal", edit: func(c *Config) {
			c.Drivers[0].Targets[0].Portals = []Portal{{netip.MustParseAddr("2001:db8::1"), DefaultPort}}
		}, want: []string{"remove portal 192.0.2.10 in " + tgt + " [force]", "add portal 2001:db8::1 in " + tgt}, force: true},
		{name: "device re-opened", edit: func(c *Config) { c.Handlers[1].Devices[0].Filename = "/srv/repo2/file1.img" },
			want:  []string{`change attribute filename in vdisk_fileio/file1: "/srv/repo1/luns/file1.img" -> "/srv/repo2/file1.img" [force]`},
			force: true,
			luns: []LUNRef{{ISCSI, "eui.02004567A425678D", "", 0, "file1"},
				{ISCSI, "iqn.2026-01.org.example.bams:backup", "allowed", 1, "file1"}}},
		{name: "device moves handler", edit: func(c *Config) {
			c.Handlers[0].Devices = append(c.Handlers[0].Devices, Device{Name: "file1", Filename: "/dev/zvol/tank/f"})
			c.Handlers[1].Devices = nil
		}, want: []string{`add device file1 in vdisk_blockio: "/dev/zvol/tank/f"`, `remove device file1 in vdisk_fileio (was "/srv/repo1/luns/file1.img") [force]`},
			force: true,
			luns: []LUNRef{{ISCSI, "eui.02004567A425678D", "", 0, "file1"},
				{ISCSI, "iqn.2026-01.org.example.bams:backup", "allowed", 1, "file1"}}},
		{name: "disable target", edit: func(c *Config) { c.Drivers[0].Targets[0].Enabled = false },
			want: []string{`change enabled enabled in ` + tgt + `: "1" -> "0" [force]`}, force: true,
			targets: []TargetRef{{ISCSI, "iqn.2026-01.org.example.bams:backup"}}},
		{name: "enable target", edit: func(c *Config) { c.Drivers[0].Targets[1].Enabled = true },
			want: []string{`change enabled enabled in iscsi/eui.02004567A425678D: "0" -> "1"`}},
		{name: "alias and attribute", edit: func(c *Config) {
			c.Drivers[0].Targets[0].Alias = "Other"
			c.Drivers[0].Targets[0].Attrs = []Attr{{"QueuedCommands", "64"}}
		}, want: []string{`change alias alias in ` + tgt + `: "Backup LUNs" -> "Other"`, `add attribute QueuedCommands in ` + tgt + `: "64"`}},
	}
	for _, tc := range cases {
		desired := exampleConfig()
		tc.edit(&desired)
		p := Diff(exampleConfig(), desired)
		got := changeStrings(p)
		if tc.name == "remove target" {
			// The whole target's contents go with it; check the head and the flags.
			if len(got) == 0 || got[0] != "remove target iqn.2026-01.org.example.bams:backup in iscsi [force]" {
				t.Errorf("%s: %q", tc.name, got)
			}
		} else if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
		if p.RemovesSomething() != tc.force || p.Empty() != (tc.want == nil && tc.name != "remove target") {
			t.Errorf("%s: force %v empty %v", tc.name, p.RemovesSomething(), p.Empty())
		}
		if !reflect.DeepEqual(p.RemovedTargets, tc.targets) || !reflect.DeepEqual(p.RemovedLUNs, tc.luns) {
			t.Errorf("%s: removed %+v %+v", tc.name, p.RemovedTargets, p.RemovedLUNs)
		}
		for _, s := range []string{"in-secret-0001", "out-secret-0002", "new-secret-0003"} {
			if strings.Contains(strings.Join(got, "\n"), s) {
				t.Errorf("%s: a secret is in the plan", tc.name)
			}
		}
	}
}

// What SCST writes back differs in form, not meaning: "enabled 0" spelled
// out, copy_manager's automatic LUNs, an empty handler section, order.
func TestDiffSemanticEquality(t *testing.T) {
	t.Parallel()
	desired := exampleConfig()
	running, warns := Parse(`# Automatically generated by SCST Configurator v3.10.0.

HANDLER vdisk_nullio {
}

HANDLER vdisk_fileio {
	DEVICE file1 {
		nv_cache 1
		filename /srv/repo1/luns/file1.img
	}
}
HANDLER vdisk_blockio {
	DEVICE vol1 {
		filename /dev/zvol/tank/iscsi/vol1
	}
}

TARGET_DRIVER copy_manager {
	TARGET copy_manager_tgt {
		LUN 0 file1
		LUN 1 vol1
	}
}

TARGET_DRIVER iscsi {
	enabled 1
	TARGET iqn.2026-01.org.example.bams:backup {
		enabled 1
		allowed_portal 192.0.2.10
		alias "Backup LUNs"
		OutgoingUser "bams out-secret-0002"
		IncomingUser "backupsrv in-secret-0001"
		GROUP allowed {
			INITIATOR iqn.1993-08.org.debian:01:abcdef
			INITIATOR iqn.1991-05.com.microsoft:host2
			LUN 1 file1 {
				read_only 1
			}
			LUN 0 vol1
		}
	}
	TARGET eui.02004567A425678D {
		enabled 0
		LUN 0 file1
	}
}
`)
	if warns != nil {
		t.Fatal(warns)
	}
	if p := Diff(running, desired); !p.Empty() {
		t.Errorf("%q", changeStrings(p))
	}
	// The order of changes does not depend on which side is which.
	a := Diff(Config{}, desired)
	b := Diff(Config{}, desired)
	if !reflect.DeepEqual(a, b) || a.RemovesSomething() {
		t.Error("not deterministic, or adding removes")
	}
	if r := Diff(desired, Config{}); !r.RemovesSomething() || len(r.RemovedTargets) != 2 {
		t.Errorf("%+v", r.RemovedTargets)
	}
}

// Every fixture means what its own render means.
func TestDiffFixtureAgainstRender(t *testing.T) {
	t.Parallel()
	for _, f := range confFixtures {
		c, _ := Parse(fixture(t, f))
		again, _ := Parse(string(Render(c)))
		if p := Diff(c, again); !p.Empty() {
			t.Errorf("%s: %q", f, changeStrings(p))
		}
	}
}
