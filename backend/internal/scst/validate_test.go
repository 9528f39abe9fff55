package scst

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestCheckIQN(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"iqn.2006-10.net.vlnb:tgt", "iqn.1993-08.org.debian:01:abcdef", "iqn.2026-01.org.example.bams",
		"iqn.1991-05.com.microsoft:host2.example.org", "iqn.2005-03.org.open-iscsi:cacdcd2520"} {
		if err := CheckIQN(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for bad, why := range map[string]string{
		"iqn.2006-10.net.vlnb:TGT":                         "lowercase",
		"iqn.2006-13.net.vlnb":                             "date",
		"iqn.06-10.net.vlnb":                               "iqn.YYYY-MM",
		"iqn.2006-10":                                      "iqn.YYYY-MM",
		"iqn.2006-10.-net.vlnb":                            "iqn.YYYY-MM",
		"iqn.2006-10.net.vlnb:a b":                         "iqn.YYYY-MM",
		"-iqn.2006-10.net.vlnb":                            "iqn.YYYY-MM",
		"iqn.2006-10.net..vlnb":                            "iqn.YYYY-MM",
		"iqn.1900-01.org.example":                          "date",
		"iqn.2006-10.net.vlnb:" + strings.Repeat("x", 220): "223",
	} {
		err := CheckIQN(bad)
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%s: %v (want %q)", bad, err, why)
		}
	}
	if CheckISCSIName("eui.02004567A425678D") != nil || CheckISCSIName("eui.02004567a425678d") != nil ||
		CheckISCSIName("eui.02004567A425678") == nil || CheckISCSIName("eui.02004567A425678DX") == nil {
		t.Error("eui")
	}
}

func TestCheckNames(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "-force", "a b", "a/b", "a#b", `a"b`, strings.Repeat("d", 65)} {
		if CheckName("device", bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if CheckName("device", "vol1_a.b-c:0") != nil {
		t.Error("good name refused")
	}
}

func TestValidateExample(t *testing.T) {
	t.Parallel()
	if err := exampleConfig().Validate(); err != nil {
		t.Fatal(err)
	}
}

// Every refusal names its field; none names a secret.
func TestValidateRefusals(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"dash target", func(c *Config) { c.Drivers[0].Targets[0].Name = "-iqn" }, "targets[-iqn].name"},
		{"other driver", func(c *Config) { c.Drivers[0].Name = "qla2x00t" }, "drivers[qla2x00t]"},
		{"other handler", func(c *Config) { c.Handlers[0].Name = "dev_disk" }, "handlers[dev_disk]"},
		{"relative filename", func(c *Config) { c.Handlers[1].Devices[0].Filename = "srv/x" }, "filename"},
		{"blockio not in /dev", func(c *Config) { c.Handlers[0].Devices[0].Filename = "/srv/x" }, "filename"},
		{"dotdot filename", func(c *Config) { c.Handlers[1].Devices[0].Filename = "/srv/../etc/shadow" }, "filename"},
		{"duplicate device", func(c *Config) { c.Handlers[1].Devices[0].Name = "vol1" }, "is defined twice"},
		{"unknown LUN device", func(c *Config) { c.Drivers[0].Targets[1].LUNs[0].Device = "nope" }, "luns[0].device"},
		{"LUN twice", func(c *Config) {
			c.Drivers[0].Targets[1].LUNs = append(c.Drivers[0].Targets[1].LUNs, LUN{Number: 0, Device: "vol1"})
		}, "used twice"},
		{"LUN too big", func(c *Config) { c.Drivers[0].Targets[1].LUNs[0].Number = 16384 }, "16383"},
		{"initiator in two groups", func(c *Config) {
			t := &c.Drivers[0].Targets[0]
			t.Groups = append(t.Groups, Group{Name: "other", Initiators: t.Groups[0].Initiators[:1]})
		}, "already in group allowed"},
		{"bad initiator", func(c *Config) { c.Drivers[0].Targets[0].Groups[0].Initiators[0].Name = "*" }, "initiators[*]"},
		{"short secret", func(c *Config) { c.Drivers[0].Targets[0].CHAP.Incoming[0].Secret = NewSecret("short") }, "secret"},
		{"secret with space", func(c *Config) {
			c.Drivers[0].Targets[0].CHAP.Incoming[0].Secret = NewSecret("has a space in it")
		}, "secret"},
		{"mutual same secret", func(c *Config) {
			c.Drivers[0].Targets[0].CHAP.Outgoing.Secret = NewSecret("in-secret-0001")
		}, "must differ"},
		{"mutual without incoming", func(c *Config) { c.Drivers[0].Targets[0].CHAP.Incoming = nil }, "incoming user too"},
		{"chap as attr", func(c *Config) {
			c.Drivers[0].Targets[0].Attrs = []Attr{{"IncomingUser1", "x in-secret-0001"}}
		}, "its own field"},
		{"portal port", func(c *Config) { c.Drivers[0].Targets[0].Portals[0].Port = 3261 }, "port"},
		{"portal zero", func(c *Config) { c.Drivers[0].Targets[0].Portals[0].Address = netip.Addr{} }, "IP address"},
		{"attr newline", func(c *Config) { c.Drivers[0].Targets[0].Attrs = []Attr{{"QueuedCommands", "32\nenabled 1"}} }, "line breaks"},
		{"alias quote", func(c *Config) { c.Drivers[0].Targets[0].Alias = `a"b` }, "alias"},
		{"alua", func(c *Config) { c.DeviceGroups = []DeviceGroup{{Name: "dg"}} }, "ALUA"},
	}
	for _, tc := range cases {
		c := exampleConfig()
		tc.edit(&c)
		err := c.Validate()
		var ve *ValidationError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: %v (want %q)", tc.name, err, tc.field)
			continue
		}
		for _, s := range append(c.Secrets(), "in-secret-0001", "out-secret-0002") {
			if strings.Contains(err.Error(), s) {
				t.Errorf("%s: the error shows a secret: %v", tc.name, err)
			}
		}
	}
}
