package storagesvc

import (
	"errors"
	"reflect"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/lvm"
	"bams/backend/internal/zfs"
)

func TestAlertConditions(t *testing.T) {
	cond := func(class, subject string, level api.AlertLevel, text string) api.AlertCondition {
		return api.AlertCondition{Class: class, Subject: subject, Level: level, Text: text}
	}
	for _, tc := range []struct {
		name string
		st   storageState
		want []api.AlertCondition
	}{
		{"all well", storageState{
			pools:    []zfs.Pool{{Name: "tank", Health: "ONLINE", Capacity: 79}},
			statuses: []zfs.PoolStatus{{Name: "tank", Errors: "No known data errors", Scan: zfs.Scan{Func: zfs.Scrub, State: zfs.ScanFinished}}},
			vgs:      []lvm.VG{{Name: "vg0", Size: 100, Free: 21}},
			btrfs:    []btrfsState{{fs: btrfs.Filesystem{UUID: "u1", Label: "b"}, usage: &btrfs.Usage{DeviceSize: 100, Used: 10}, scrub: &btrfs.Scrub{Errors: "no errors found"}}},
		}, nil},
		{"degraded, and a warning's worth full", storageState{
			pools: []zfs.Pool{{Name: "tank", Health: "DEGRADED", Capacity: 80}},
		}, []api.AlertCondition{
			cond(ClassPoolHealth, "pool/tank", api.AlertError, "pool tank is DEGRADED"),
			cond(ClassPoolUsage, "pool/tank", api.AlertWarning, "pool tank is 80% full")}},
		{"faulted, critically full", storageState{
			pools: []zfs.Pool{{Name: "tank", Health: "FAULTED", Capacity: 95}},
		}, []api.AlertCondition{
			cond(ClassPoolHealth, "pool/tank", api.AlertCritical, "pool tank is FAULTED"),
			cond(ClassPoolUsage, "pool/tank", api.AlertCritical, "pool tank is 95% full")}},
		{"usage unknown is no alert", storageState{pools: []zfs.Pool{{Name: "old", Health: "ONLINE", Capacity: -1}}}, nil},
		{"a scrub found errors", storageState{
			statuses: []zfs.PoolStatus{{Name: "tank", Errors: "No known data errors", Scan: zfs.Scan{Func: zfs.Scrub, State: zfs.ScanFinished, Errors: 3}}},
		}, []api.AlertCondition{cond(ClassPoolErrors, "pool/tank", api.AlertError, "the last scrub of pool tank found 3 errors")}},
		{"data errors without a scrub", storageState{
			statuses: []zfs.PoolStatus{{Name: "tank", Errors: "2 data errors, use '-v' for a list", Scan: zfs.Scan{State: zfs.ScanNone}}},
		}, []api.AlertCondition{cond(ClassPoolErrors, "pool/tank", api.AlertError, "pool tank: 2 data errors, use '-v' for a list")}},
		{"a resilver's errors are not a scrub's", storageState{
			statuses: []zfs.PoolStatus{{Name: "tank", Errors: "No known data errors", Scan: zfs.Scan{Func: zfs.Resilver, State: zfs.ScanFinished, Errors: 1}}},
		}, nil},
		{"a full VG, a btrfs short of a device and with scrub errors", storageState{
			vgs: []lvm.VG{{Name: "vg0", Size: 100, Free: 5}},
			btrfs: []btrfsState{{fs: btrfs.Filesystem{UUID: "u1", Missing: true}, usage: &btrfs.Usage{DeviceSize: 200, Used: 170},
				scrub: &btrfs.Scrub{Errors: "csum=2"}}},
		}, []api.AlertCondition{
			cond(ClassVGUsage, "vg/vg0", api.AlertCritical, "volume group vg0 is 95% full"),
			cond(ClassBtrfsDevices, "btrfs/u1", api.AlertCritical, "btrfs filesystem u1 has devices missing"),
			cond(ClassBtrfsUsage, "btrfs/u1", api.AlertWarning, "btrfs filesystem u1 is 85% full"),
			cond(ClassBtrfsScrub, "btrfs/u1", api.AlertError, "the last scrub of btrfs filesystem u1: csum=2")}},
		{"an unmounted btrfs has no usage to judge", storageState{btrfs: []btrfsState{{fs: btrfs.Filesystem{UUID: "u2"}}}}, nil},
		{"a tool that failed", storageState{failed: map[string]error{"vgs": errors.New("exit 5")}},
			[]api.AlertCondition{cond(ClassStorageToolErr, "tool/vgs", api.AlertWarning, "vgs did not answer, so its part of the storage check did not run: exit 5")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := conditions(tc.st, 80, 90)
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

// The thresholds come from the options.
func TestAlertThresholdsFromOptions(t *testing.T) {
	s := New(Options{UsageWarning: 50, UsageCritical: 60})
	got := conditions(storageState{pools: []zfs.Pool{{Name: "p", Health: "ONLINE", Capacity: 55}}}, s.o.UsageWarning, s.o.UsageCritical)
	if len(got) != 1 || got[0].Level != api.AlertWarning {
		t.Errorf("%+v", got)
	}
	if d := New(Options{}); d.o.UsageWarning != 80 || d.o.UsageCritical != 90 {
		t.Errorf("defaults %v %v", d.o.UsageWarning, d.o.UsageCritical)
	}
}
