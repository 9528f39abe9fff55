package scst

import (
	"net/netip"
)

// exampleConfig is the configuration BAMS would build for two targets:
// a ZFS volume and a file, CHAP one-way and mutual, a group of allowed
// initiators, a portal.
func exampleConfig() Config {
	return Config{
		Handlers: []Handler{
			{Name: BlockIO, Devices: []Device{{Name: "vol1", Filename: "/dev/zvol/tank/iscsi/vol1"}}},
			{Name: FileIO, Devices: []Device{{Name: "file1", Filename: "/srv/repo1/luns/file1.img", Attrs: []Attr{{"nv_cache", "1"}}}}},
		},
		Drivers: []Driver{{
			Name: ISCSI, Enabled: true,
			Targets: []Target{
				{
					Name: "iqn.2026-01.org.example.bams:backup", Enabled: true, Alias: "Backup LUNs",
					CHAP: CHAP{
						Incoming: []CHAPUser{{"backupsrv", NewSecret("in-secret-0001")}},
						Outgoing: &CHAPUser{"bams", NewSecret("out-secret-0002")},
					},
					Portals: []Portal{{netip.MustParseAddr("192.0.2.10"), DefaultPort}},
					Groups: []Group{{
						Name:       "allowed",
						LUNs:       []LUN{{Number: 0, Device: "vol1"}, {Number: 1, Device: "file1", Attrs: []Attr{{"read_only", "1"}}}},
						Initiators: []Initiator{{Name: "iqn.1993-08.org.debian:01:abcdef"}, {Name: "iqn.1991-05.com.microsoft:host2"}},
					}},
				},
				{
					Name: "eui.02004567A425678D", Enabled: false,
					LUNs: []LUN{{Number: 0, Device: "file1"}},
				},
			},
		}},
	}
}
