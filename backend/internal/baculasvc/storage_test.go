package baculasvc

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bams/backend/api"
)

func TestRedactPasswords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`  Password = "test-sd-pass"`, `  Password = "[redacted]"`},
		{`  password="a b c"`, `  password="[redacted]"`},
		{`  Password = bare-word`, `  Password = "[redacted]"`},
		{`  Pass Word = "x"`, `  Pass Word = "[redacted]"`},
		{`  PASSWORD = "with \"escaped\" quotes"`, `  PASSWORD = "[redacted]"`},
		{`Director { Name = d; Password = "s1" }`, `Director { Name = d; Password = "[redacted]" }`},
		{`  Password = "s1"; Name = "x"`, `  Password = "[redacted]"; Name = "x"`},
		{`# old: Password = "s0"`, `# old: Password = "[redacted]"`},
		{`  Name = "Password"`, `  Name = "Password"`},
		{`  Archive Device = "/srv/passwords"`, `  Archive Device = "/srv/passwords"`},
	} {
		if got := redactPasswords(tc.in); got != tc.want {
			t.Errorf("redactPasswords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// A whole recorded configuration keeps no password.
	conf := "Storage {\n  Name = test-sd\n}\nDirector {\n  Name = test-dir\n  Password = \"test-sd-pass\"\n}\nDirector {\n  Name = mon\n  Password = \"mon-pass\"\n  Monitor = yes\n}\n"
	if got := redactPasswords(conf); strings.Contains(got, "test-sd-pass") || strings.Contains(got, "mon-pass") || !strings.Contains(got, "Name = test-dir") {
		t.Fatalf("redacted:\n%s", got)
	}
}

func TestFileDevicesRoundTrip(t *testing.T) {
	devs := []api.BaculaFileDevice{{Name: "Disk1", Directory: "/srv/bacula/disk1"}, {Name: "Disk2", Directory: "/srv/d2", MediaType: "File2"}}
	text := fileDevices(devs)
	for _, want := range []string{`Name = "Disk1"`, `Media Type = "Disk1"`, `Archive Device = "/srv/bacula/disk1"`,
		"Device Type = File", "LabelMedia = yes", `Media Type = "File2"`} {
		if !strings.Contains(text, want) {
			t.Errorf("generated devices lack %q:\n%s", want, text)
		}
	}
	want := []api.BaculaFileDevice{{Name: "Disk1", Directory: "/srv/bacula/disk1", MediaType: "Disk1"},
		{Name: "Disk2", Directory: "/srv/d2", MediaType: "File2"}}
	if got := parseFileDevices(text); !slices.Equal(got, want) {
		t.Fatalf("parsed %+v, want %+v", got, want)
	}
	if got := parseFileDevices(fileDevices(nil)); len(got) != 0 {
		t.Fatalf("no devices parsed as %+v", got)
	}
}

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

func TestSDIdentityAndIncludes(t *testing.T) {
	conf := `# the SD
Storage {                     # its own resource
  Name = test-sd
  SD Port = 19103
  SDAddress = 127.0.0.1
}
Director {
  Name = test-dir
  Password = "x"
}
@/etc/bacula/bams-sd.conf
`
	if name, port := sdIdentity(conf); name != "test-sd" || port != 19103 {
		t.Fatalf("sdIdentity = %q %d", name, port)
	}
	if name, port := sdIdentity("Storage {\n  Name = \"sd\"\n}\n"); name != "sd" || port != defaultSDPort {
		t.Fatalf("default port: %q %d", name, port)
	}
	for file, want := range map[string]bool{"/etc/bacula/bams-sd.conf": true, "/etc/bacula/bams-sd": false, "/etc/bacula/other.conf": false} {
		if got := includes(conf, file); got != want {
			t.Errorf("includes(%s) = %v", file, got)
		}
	}
	if !includes(`@"/etc/bacula/bams-sd.conf"`, "/etc/bacula/bams-sd.conf") {
		t.Error("a quoted include is not recognised")
	}
}

func TestParseShowStorages(t *testing.T) {
	// Recorded `show storages` (Bacula 9.6.7), plus a second, changer storage.
	show := `Storage: name=File address=127.0.0.1 SDport=19103 MaxJobs=10 NumJobs=0
      DeviceName=FileDev MediaType=File StorageId=1 Autochanger=0
Storage: name=Tape address=sd2.example SDport=9103 MaxJobs=1 NumJobs=0
      DeviceName=Changer MediaType=LTO-8 StorageId=2 Autochanger=1
`
	want := []storageResource{
		{Name: "File", Address: "127.0.0.1", Port: 19103, Device: "FileDev", MediaType: "File"},
		{Name: "Tape", Address: "sd2.example", Port: 9103, Device: "Changer", MediaType: "LTO-8", Autochanger: true},
	}
	if got := parseShowStorages(show); !slices.Equal(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
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
