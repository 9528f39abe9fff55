package baculasvc

import (
	"os"
	"path/filepath"
	"testing"

	"bams/backend/api"
)

func TestValidFileDevices(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		devs  []api.BaculaFileDevice
		field string
	}{
		{"none", []api.BaculaFileDevice{}, ""},
		{"left out", nil, "devices"},
		{"two", []api.BaculaFileDevice{{Name: "D1", Directory: dir}, {Name: "D2", Directory: other, MediaType: "M2"}}, ""},
		{"relative", []api.BaculaFileDevice{{Name: "D1", Directory: "srv"}}, "devices[0].directory"},
		{"unclean", []api.BaculaFileDevice{{Name: "D1", Directory: dir + "/../x"}}, "devices[0].directory"},
		{"root", []api.BaculaFileDevice{{Name: "D1", Directory: "/"}}, "devices[0].directory"},
		{"quote", []api.BaculaFileDevice{{Name: "D1", Directory: dir + `/"x`}}, "devices[0].directory"},
		{"space", []api.BaculaFileDevice{{Name: "D1", Directory: dir + "/a b"}}, "devices[0].directory"},
		{"missing", []api.BaculaFileDevice{{Name: "D1", Directory: dir + "/nosuch"}}, "devices[0].directory"},
		{"a file", []api.BaculaFileDevice{{Name: "D1", Directory: file}}, "devices[0].directory"},
		{"name as option", []api.BaculaFileDevice{{Name: "-D", Directory: dir}}, "devices[0].name"},
		{"same name", []api.BaculaFileDevice{{Name: "D", Directory: dir}, {Name: "D", Directory: other}}, "devices[1].name"},
		{"same folder", []api.BaculaFileDevice{{Name: "D1", Directory: dir}, {Name: "D2", Directory: dir}}, "devices[1].directory"},
		{"bad media type", []api.BaculaFileDevice{{Name: "D1", Directory: dir, MediaType: "a b"}}, "devices[0].media_type"},
	} {
		t.Run(tc.name, func(t *testing.T) { checkField(t, validFileDevices(tc.devs), tc.field) })
	}
}

func TestLocation(t *testing.T) {
	for _, tc := range []struct {
		v    api.BaculaVolume
		want string
	}{
		{api.BaculaVolume{Storage: "File"}, "storage File"},
		{api.BaculaVolume{Storage: "Tape", InChanger: true, Slot: 3}, "slot 3 of Tape"},
		{api.BaculaVolume{InChanger: true, Slot: 7}, "slot 7"},
		{api.BaculaVolume{}, "offline"},
	} {
		if got := location(tc.v); got != tc.want {
			t.Errorf("location(%+v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
