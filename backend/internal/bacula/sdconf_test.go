package bacula

import (
	"slices"
	"strings"
	"testing"
)

func TestRedactPasswords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// configuration files
		{`  Password = "test-sd-pass"`, `  Password = "[redacted]"`},
		{`  password="a b c"`, `  password="[redacted]"`},
		{`  Password = bare-word`, `  Password = "[redacted]"`},
		{`  Pass Word = "x"`, `  Pass Word = "[redacted]"`},
		{`  PASSWORD = "with \"escaped\" quotes"`, `  PASSWORD = "[redacted]"`},
		{`Director { Name = d; Password = "s1" }`, `Director { Name = d; Password = "[redacted]" }`},
		{`  Password = "s1"; Name = "x"`, `  Password = "[redacted]"; Name = "x"`},
		{`# old: Password = "s0"`, `# old: Password = "[redacted]"`},
		{`  FD Password = s#1}`, `  FD Password = "[redacted]"`},
		{`  Name = "Password"`, `  Name = "Password"`},
		{`  Archive Device = "/srv/passwords"`, `  Archive Device = "/srv/passwords"`},
		// console output
		{"  password=abc123 Address=x", `  password="[redacted]" Address=x`},
		{"Director: name=d Password: x", `Director: name=d Password: "[redacted]"`},
		{"FD2Password=x", `FD2Password="[redacted]"`},
		{"no secrets here", "no secrets here"},
	} {
		if got := RedactPasswords(tc.in); got != tc.want {
			t.Errorf("RedactPasswords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// A whole configuration keeps no password.
	conf := "Storage {\n  Name = test-sd\n}\nDirector {\n  Name = test-dir\n  Password = \"test-sd-pass\"\n}\nDirector {\n  Name = mon\n  Password = \"mon-pass\"\n  Monitor = yes\n}\n"
	if got := RedactPasswords(conf); strings.Contains(got, "test-sd-pass") || strings.Contains(got, "mon-pass") || !strings.Contains(got, "Name = test-dir") {
		t.Fatalf("redacted:\n%s", got)
	}
}

func TestStorageDaemonAndIncludes(t *testing.T) {
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
	if name, port := StorageDaemon(conf); name != "test-sd" || port != 19103 {
		t.Fatalf("StorageDaemon = %q %d", name, port)
	}
	if name, port := StorageDaemon("Storage {\n  Name = \"sd\"\n}\n"); name != "sd" || port != DefaultSDPort {
		t.Fatalf("default port: %q %d", name, port)
	}
	for file, want := range map[string]bool{"/etc/bacula/bams-sd.conf": true, "/etc/bacula/bams-sd": false, "/etc/bacula/other.conf": false} {
		if got := Includes(conf, file); got != want {
			t.Errorf("Includes(%s) = %v", file, got)
		}
	}
	if !Includes(`@"/etc/bacula/bams-sd.conf"`, "/etc/bacula/bams-sd.conf") {
		t.Error("a quoted include is not recognised")
	}
}

func TestFileDevicesRoundTrip(t *testing.T) {
	devs := []FileDevice{{Name: "Disk1", Directory: "/srv/bacula/disk1"}, {Name: "Disk2", Directory: "/srv/d2", MediaType: "File2"}}
	text := FileDevices("# header\n", devs)
	for _, want := range []string{"# header\nDevice {\n", `Name = "Disk1"`, `Media Type = "Disk1"`, `Archive Device = "/srv/bacula/disk1"`,
		"Device Type = File", "LabelMedia = yes", `Media Type = "File2"`} {
		if !strings.Contains(text, want) {
			t.Errorf("generated devices lack %q:\n%s", want, text)
		}
	}
	want := []FileDevice{{Name: "Disk1", Directory: "/srv/bacula/disk1", MediaType: "Disk1"},
		{Name: "Disk2", Directory: "/srv/d2", MediaType: "File2"}}
	if got := ParseFileDevices(text); !slices.Equal(got, want) {
		t.Fatalf("parsed %+v, want %+v", got, want)
	}
	if got := ParseFileDevices(FileDevices("", nil)); len(got) != 0 {
		t.Fatalf("no devices parsed as %+v", got)
	}
}
