package mtx

import "testing"

func TestCheckDevice(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"/dev/sg5", "/dev/changer", "/dev/tape/by-id/scsi-387408F60F0000", "/dev/tape/by-path/pci-0000:03:00.0-sas-0x500:0-lun-1"} {
		if err := CheckDevice(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "-f", "sg5", "/dev/", "/dev/-x", "/dev/../etc/shadow", "/dev/sg5/..", "/dev//sg5", "/dev/./sg5", "/dev/sg 5", "/dev/sg5\n", "/tmp/sg5"} {
		if err := CheckDevice(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// Nothing that starts with "-" reaches argv: numbers are range-checked
// and printed by strconv.
func TestMoveArgs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		m    Move
		want string
	}{
		{Move{Kind: Load, From: 3, Drive: 0}, "load 3 0"},
		{Move{Kind: Clean, From: 12, Drive: 1}, "load 12 1"},
		{Move{Kind: Unload, Drive: 1, To: 8}, "unload 8 1"},
		{Move{Kind: Transfer, From: 1, To: 2}, "transfer 1 2"},
		{Move{Kind: Import, From: 24, To: 8}, "transfer 24 8"},
		{Move{Kind: Export, From: 8, To: 24}, "transfer 8 24"},
	}
	for _, c := range cases {
		args, err := MoveArgs(c.m)
		if err != nil || joinArgs(args) != c.want {
			t.Errorf("%v: %v %v", c.m, args, err)
		}
	}
	for _, bad := range []Move{
		{Kind: Load, From: 0}, {Kind: Load, From: -1}, {Kind: Load, From: 1, Drive: -1}, {Kind: Load, From: 70000},
		{Kind: Unload, Drive: 0}, {Kind: Unload, Drive: 0, To: -3}, {Kind: Transfer, From: 2, To: 2},
		{Kind: Transfer, From: 2, To: -2}, {Kind: "exchange", From: 1, To: 2},
	} {
		if args, err := MoveArgs(bad); err == nil {
			t.Errorf("%+v accepted: %v", bad, args)
		}
	}
}

func joinArgs(a []string) string {
	s := ""
	for i, x := range a {
		if i > 0 {
			s += " "
		}
		s += x
	}
	return s
}
