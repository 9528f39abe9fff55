package baculasvc

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"bams/backend/api"
)

func TestNormalizePool(t *testing.T) {
	no := false
	for _, tc := range []struct {
		name  string
		in    api.BaculaPoolCreate
		field string // "" = valid
	}{
		{"defaults", api.BaculaPoolCreate{Name: "Weekly"}, ""},
		{"all set", api.BaculaPoolCreate{Name: "w.1", Type: "Archive", MaximumVolumes: 10, MaximumVolumeBytes: 1 << 30,
			VolumeRetentionSeconds: 3600, Recycle: &no, LabelFormat: "W-", Storage: "File"}, ""},
		{"leading dash", api.BaculaPoolCreate{Name: "-x"}, "name"},
		{"space", api.BaculaPoolCreate{Name: "a b"}, "name"},
		{"equals", api.BaculaPoolCreate{Name: "a=b"}, "name"},
		{"quote", api.BaculaPoolCreate{Name: `a"b`}, "name"},
		{"empty", api.BaculaPoolCreate{}, "name"},
		{"bad type", api.BaculaPoolCreate{Name: "p", Type: "backup"}, "type"},
		{"negative volumes", api.BaculaPoolCreate{Name: "p", MaximumVolumes: -1}, "maximum_volumes"},
		{"negative bytes", api.BaculaPoolCreate{Name: "p", MaximumVolumeBytes: -1}, "maximum_volume_bytes"},
		{"retention too long", api.BaculaPoolCreate{Name: "p", VolumeRetentionSeconds: maxRetentionSeconds + 1}, "volume_retention_seconds"},
		{"label format with variable", api.BaculaPoolCreate{Name: "p", LabelFormat: "${Year}"}, "label_format"},
		{"storage option", api.BaculaPoolCreate{Name: "p", Storage: "-File"}, "storage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.in
			err := normalizePool(&p)
			checkField(t, err, tc.field)
			if err == nil && (p.Type == "" || p.VolumeRetentionSeconds == 0 || p.Recycle == nil || p.AutoPrune == nil) {
				t.Fatalf("defaults not filled: %+v", p)
			}
		})
	}
}

// checkField: err is nil when field is "", else a bad-request naming field.
func checkField(t *testing.T, err error, field string) {
	t.Helper()
	var ae *api.Error
	switch {
	case field == "" && err != nil:
		t.Fatalf("unexpected error %v", err)
	case field != "" && (!errors.As(err, &ae) || ae.Kind != api.KindBadRequest || ae.Field != field):
		t.Fatalf("error %v, want bad-request naming %q", err, field)
	}
}

func TestPoolResource(t *testing.T) {
	p := api.BaculaPoolCreate{Name: "Weekly", MaximumVolumeBytes: 5 << 30, LabelFormat: "W-"}
	if err := normalizePool(&p); err != nil {
		t.Fatal(err)
	}
	got := poolResource(p)
	for _, want := range []string{"Pool {\n", `  Name = "Weekly"`, "  Pool Type = Backup\n", "  Recycle = yes\n", "  AutoPrune = yes\n",
		"  Volume Retention = 31536000\n", "  Maximum Volume Bytes = 5368709120\n", `  Label Format = "W-"`, "}\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("resource lacks %q:\n%s", want, got)
		}
	}
	for _, absent := range []string{"Maximum Volumes", "Storage"} {
		if strings.Contains(got, absent) {
			t.Errorf("resource has %q though it was not asked for:\n%s", absent, got)
		}
	}
}

func TestJobsUsingPool(t *testing.T) {
	// the sample package bacula's parser is tested on
	raw, err := os.ReadFile("../bacula/testdata/show_jobs_pools.txt")
	if err != nil {
		t.Fatal(err)
	}
	show := string(raw)
	for pool, want := range map[string][]string{
		"FilePool": {"BackupData", "Weekly"}, "Other": {"Weekly"}, "FilePool2": {"RestoreFiles"}, "File": nil, "nosuch": nil,
	} {
		if got := jobsUsingPool(show, pool); !slices.Equal(got, want) {
			t.Errorf("jobsUsingPool(%s) = %v, want %v", pool, got, want)
		}
	}
}
