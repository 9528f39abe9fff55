package mtx

import (
	"errors"
	"strings"
	"testing"
)

func refusal(t *testing.T, err error) *RefusedError {
	t.Helper()
	var r *RefusedError
	if !errors.As(err, &r) {
		t.Fatalf("want a refusal, got %v", err)
	}
	return r
}

func TestCheckMoveEmptyLibrary(t *testing.T) {
	t.Parallel()
	st := ParseStatus(readFixture(t, "mtx-status-2drives-24slots-4ie.proxmox-backup-test.txt"))
	busy := map[int]string{1: "the Bacula SD has volume test9 mounted on Device LTO-1"}
	ok := []Move{
		{Kind: Load, From: 2, Drive: 0},
		{Kind: Clean, From: 1, Drive: 0},  // CLN002CU
		{Kind: Clean, From: 4, Drive: 0},  // CLN001CU
		{Kind: Transfer, From: 5, To: 6},  // test1 to an empty slot
		{Kind: Export, From: 2, To: 21},   // into an empty mail slot
		{Kind: Transfer, From: 1, To: 20}, // moving a cleaning cartridge is fine
	}
	for _, m := range ok {
		if got, err := CheckMove(&st, m, busy, ""); err != nil || got != m {
			t.Errorf("%v: %v %v", m, got, err)
		}
	}
	refused := []struct {
		m      Move
		reason Reason
		says   string
	}{
		{Move{Kind: Load, From: 6, Drive: 0}, SlotEmpty, "slot 6 is empty"},
		{Move{Kind: Load, From: 1, Drive: 0}, CleaningAsData, "CLN002CU in slot 1 is a cleaning cartridge"},
		{Move{Kind: Clean, From: 2, Drive: 0}, NotCleaning, "test22L1 in slot 2 is not a cleaning cartridge"},
		{Move{Kind: Load, From: 2, Drive: 1}, DriveBusy, "drive 1 is in use: the Bacula SD has volume test9 mounted"},
		{Move{Kind: Load, From: 2, Drive: 2}, NoSuchDrive, "no drive 2"},
		{Move{Kind: Load, From: 25, Drive: 0}, NoSuchSlot, "no slot 25"},
		{Move{Kind: Unload, Drive: 0}, DriveEmpty, "drive 0 is empty"},
		{Move{Kind: Transfer, From: 2, To: 3}, SlotFull, "slot 3 already holds test23L1"},
		{Move{Kind: Transfer, From: 6, To: 7}, SlotEmpty, "slot 6 is empty"},
		{Move{Kind: Transfer, From: 2, To: 21}, WrongSlotKind, "slot 21 is an import/export slot: use import or export"},
		{Move{Kind: Import, From: 21, To: 6}, SlotEmpty, "slot 21 is empty"},
		{Move{Kind: Import, From: 2, To: 6}, WrongSlotKind, "slot 2 is not an import/export slot"},
		{Move{Kind: Export, From: 2, To: 6}, WrongSlotKind, "slot 6 is not an import/export slot"},
		{Move{Kind: Load, From: 0, Drive: 0}, BadMove, "slot \"0\""},
	}
	for _, c := range refused {
		_, err := CheckMove(&st, c.m, busy, "")
		r := refusal(t, err)
		if r.Reason != c.reason || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%v: %s %q", c.m, r.Reason, err)
		}
	}
	// A configured prefix replaces CLN.
	if _, err := CheckMove(&st, Move{Kind: Load, From: 1, Drive: 0}, nil, "CU"); err != nil {
		t.Errorf("prefix CU: CLN002CU is data now: %v", err)
	}
	if _, err := CheckMove(&st, Move{Kind: Load, From: 2, Drive: 0}, nil, "test"); refusal(t, err).Reason != CleaningAsData {
		t.Error("prefix test")
	}
}

// The recorded HERA library: both drives full and both claiming slot 8
// (which is empty), the only mail slot full, a cleaning cartridge in 12.
func TestCheckMoveFullLibrary(t *testing.T) {
	t.Parallel()
	st := ParseStatus(readFixture(t, "mtx-status-hera-lto9-2drives-both-full-ie-full.txt"))
	_, err := CheckMove(&st, Move{Kind: Unload, Drive: 0}, nil, "")
	if r := refusal(t, err); r.Reason != SourceAmbiguous || !strings.Contains(err.Error(), "drives 0 and 1 both report slot 8") {
		t.Errorf("%v", err)
	}
	if m, err := CheckMove(&st, Move{Kind: Unload, Drive: 0, To: 8}, nil, ""); err != nil || m.To != 8 {
		t.Errorf("explicit: %v %v", m, err)
	}
	_, err = CheckMove(&st, Move{Kind: Unload, Drive: 1, To: 9}, nil, "")
	if r := refusal(t, err); r.Reason != SlotFull || !strings.Contains(err.Error(), "slot 9 already holds HER004L9") {
		t.Errorf("%v", err)
	}
	_, err = CheckMove(&st, Move{Kind: Load, From: 1, Drive: 0}, nil, "")
	if r := refusal(t, err); r.Reason != DriveFull || !strings.Contains(err.Error(), "drive 0 already holds 042142L9 (from slot 8)") {
		t.Errorf("%v", err)
	}
	if _, err := CheckMove(&st, Move{Kind: Export, From: 1, To: 24}, nil, ""); refusal(t, err).Reason != SlotFull {
		t.Error("export into the full mail slot")
	}
	if m, err := CheckMove(&st, Move{Kind: Import, From: 24, To: 8}, nil, ""); err != nil || m.To != 8 {
		t.Errorf("import: %v", err)
	}
}

// After a power cycle the library may not know where a tape came from:
// an unload then needs its destination named.
func TestCheckMoveUnknownSource(t *testing.T) {
	t.Parallel()
	st := ParseStatus("  Storage Changer /dev/sg3:2 Drives, 3 Slots ( 0 Import/Export )\n" +
		"Data Transfer Element 0:Full (Unknown Storage Element Loaded):VolumeTag = A00001L8\n" +
		"Data Transfer Element 1:Full (Storage Element 3 Loaded):VolumeTag = A00003L8\n" +
		"      Storage Element 1:Empty\n      Storage Element 2:Empty\n      Storage Element 3:Empty\n")
	_, err := CheckMove(&st, Move{Kind: Unload, Drive: 0}, nil, "")
	if r := refusal(t, err); r.Reason != SourceUnknown || !strings.Contains(err.Error(), "does not know which slot A00001L8 in drive 0 came from: name a destination slot") {
		t.Errorf("%v", err)
	}
	if m, err := CheckMove(&st, Move{Kind: Unload, Drive: 0, To: 2}, nil, ""); err != nil || m.To != 2 {
		t.Errorf("%v %v", m, err)
	}
	if m, err := CheckMove(&st, Move{Kind: Unload, Drive: 1}, nil, ""); err != nil || m.To != 3 {
		t.Errorf("known source: %v %v", m, err)
	}
	if _, err := CheckMove(&st, Move{Kind: Unload, Drive: 1}, map[int]string{1: "a job is writing"}, ""); refusal(t, err).Reason != DriveBusy {
		t.Error("busy unload")
	}
}

func TestIsCleaning(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		tag, prefix string
		want        bool
	}{{"CLN001L1", "", true}, {"cln001l1", "", true}, {"CLN003L1", "CLN", true}, {"A00001L8", "", false}, {"", "", false}, {"XCLN01", "", false}, {"CU0001", "CU", true}} {
		if got := IsCleaning(c.tag, c.prefix); got != c.want {
			t.Errorf("%q %q: %v", c.tag, c.prefix, got)
		}
	}
}
