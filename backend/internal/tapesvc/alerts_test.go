package tapesvc

import (
	"reflect"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/mtx"
	"bams/backend/internal/sglogs"
)

func TestConditions(t *testing.T) {
	flags := func(ns ...int) sglogs.TapeAlert {
		var ta sglogs.TapeAlert
		for _, n := range ns {
			ta.Active = append(ta.Active, sglogs.Flag{Number: n})
		}
		return ta
	}
	twoDrives := func(d0, d1 mtx.Drive) *mtx.Status {
		d0.Number, d1.Number = 0, 1
		return &mtx.Status{Drives: []mtx.Drive{d0, d1}}
	}
	for _, tc := range []struct {
		name     string
		libs     []libraryCheck
		cleaning []api.TapeMedium
		want     []api.AlertCondition
	}{
		{"all well", []libraryCheck{{name: "lib1", status: twoDrives(mtx.Drive{Full: true, Source: 3, Tag: "A1"}, mtx.Drive{}),
			alerts: map[int]sglogs.TapeAlert{0: flags(), 1: flags()}}},
			[]api.TapeMedium{{Barcode: "CLN001L1", Cleaning: true, CleaningUses: 3, Location: api.TapeInSlot}}, []api.AlertCondition{}},
		{"clean now and periodic", []libraryCheck{{name: "lib1", status: twoDrives(mtx.Drive{}, mtx.Drive{}),
			alerts: map[int]sglogs.TapeAlert{0: flags(sglogs.CleanNow), 1: flags(sglogs.CleanPeriodic)}}}, nil,
			[]api.AlertCondition{
				{Class: AlertDriveNeedsCleaning, Subject: "tape-drive/lib1/0", Level: api.AlertError, Text: "drive 0 of lib1 must be cleaned now (TapeAlert 20)"},
				{Class: AlertDriveNeedsCleaning, Subject: "tape-drive/lib1/1", Level: api.AlertWarning, Text: "drive 1 of lib1 is due for its periodic cleaning (TapeAlert 21)"}}},
		{"unknown source", []libraryCheck{{name: "lib2", status: twoDrives(mtx.Drive{Full: true, Tag: "A7"}, mtx.Drive{})}}, nil,
			[]api.AlertCondition{{Class: AlertDriveUnknownSource, Subject: "tape-drive/lib2/0", Level: api.AlertWarning,
				Text: "drive 0 of lib2 holds A7 and the library does not know which slot it came from (a power cycle?): unload it into a free slot you name"}}},
		{"used up by count; outside ones are not", nil, []api.TapeMedium{
			{Barcode: "CLN002L1", Cleaning: true, CleaningUses: 50, Location: api.TapeInSlot},
			{Barcode: "CLN003L1", Cleaning: true, CleaningUses: 60, Location: api.TapeOutside}},
			[]api.AlertCondition{{Class: AlertCleaningUsedUp, Subject: "tape-cartridge/CLN002L1", Level: api.AlertWarning,
				Text: "cleaning cartridge CLN002L1 has been used 50 times (of 50): replace it"}}},
		{"expired by the drive's word", []libraryCheck{{name: "lib1", status: twoDrives(mtx.Drive{Full: true, Source: 4, Tag: "CLN001L1"}, mtx.Drive{}),
			alerts: map[int]sglogs.TapeAlert{0: flags(sglogs.ExpiredCleaningMedia)}}}, nil,
			[]api.AlertCondition{{Class: AlertCleaningUsedUp, Subject: "tape-cartridge/CLN001L1", Level: api.AlertWarning,
				Text: "drive 0 of lib1 reports cleaning cartridge CLN001L1 expired (TapeAlert 22): replace it"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := conditions(tc.libs, tc.cleaning, 50, "CLN")
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
