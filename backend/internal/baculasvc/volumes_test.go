package baculasvc

import (
	"slices"
	"testing"

	"bams/backend/api"
)

func TestValidName(t *testing.T) {
	for name, ok := range map[string]bool{
		"Vol-0001": true, "test-fd": true, "a.b:c_d": true, "A": true,
		"": false, "-v": false, ".v": false, "a b": false, "a=b": false, `a"b`: false, "a'b": false, "a\nb": false,
		"a;b": false, "a/b": false,
	} {
		if err := validName("name", name); (err == nil) != ok {
			t.Errorf("validName(%q) = %v, want ok=%v", name, err, ok)
		}
	}
}

func TestVolumeUpdateArgs(t *testing.T) {
	yes, zero, day, neg := true, int64(0), int64(86400), int64(-1)
	for _, tc := range []struct {
		name  string
		in    api.BaculaVolumeUpdate
		want  []string
		field string
	}{
		{"everything", api.BaculaVolumeUpdate{Status: "Read-Only", Pool: "P2", Recycle: &yes, RetentionSeconds: &day, MaximumBytes: &zero},
			[]string{"volstatus=Read-Only", "pool=P2", "recycle=yes", "volretention=86400", "maxvolbytes=0"}, ""},
		{"status only", api.BaculaVolumeUpdate{Status: "Append"}, []string{"volstatus=Append"}, ""},
		{"nothing", api.BaculaVolumeUpdate{}, nil, ""},
		{"director's status", api.BaculaVolumeUpdate{Status: "Purged"}, nil, "status"},
		{"lower case status", api.BaculaVolumeUpdate{Status: "append"}, nil, "status"},
		{"pool with a space", api.BaculaVolumeUpdate{Pool: "P 2"}, nil, "pool"},
		{"pool as an option", api.BaculaVolumeUpdate{Pool: "-P"}, nil, "pool"},
		{"negative retention", api.BaculaVolumeUpdate{RetentionSeconds: &neg}, nil, "retention_seconds"},
		{"negative size", api.BaculaVolumeUpdate{MaximumBytes: &neg}, nil, "maximum_bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := volumeUpdateArgs(tc.in)
			if tc.want == nil && tc.field == "" {
				if err == nil {
					t.Fatalf("an empty update was accepted: %v", got)
				}
				return
			}
			checkField(t, err, tc.field)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("args %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseJobMedia(t *testing.T) {
	// Recorded `list jobmedia` (Bacula 9.6.7) with a job spanning two
	// volumes, followed by the volume table 9.6 prints after it.
	reply := `Automatically selected Catalog: TestCatalog
Using Catalog "TestCatalog"
+-------+------------+------------+-----------+
| JobId | VolumeName | FirstIndex | LastIndex |
+-------+------------+------------+-----------+
| 1     | Vol-0001   | 1          | 9         |
| 3     | Vol-0001   | 1          | 4         |
| 3     | Vol-0002   | 4          | 9         |
| 3     | Vol-0002   | 9          | 12        |
+-------+------------+------------+-----------+
+---------+------------+-----------+---------+
| MediaId | VolumeName | VolStatus | Enabled |
+---------+------------+-----------+---------+
| 4       | Vol-0004   | Append    | 1       |
+---------+------------+-----------+---------+
`
	got := parseJobMedia(reply)
	if !slices.Equal(got["Vol-0001"], []int64{1, 3}) || !slices.Equal(got["Vol-0002"], []int64{3}) || len(got) != 2 {
		t.Fatalf("got %v", got)
	}
	if got := parseJobMedia("No results to list.\n"); len(got) != 0 {
		t.Fatalf("empty catalog: %v", got)
	}
}
