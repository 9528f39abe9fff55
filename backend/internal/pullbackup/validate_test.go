package pullbackup

import (
	"errors"
	"strings"
	"testing"

	"bams/backend/api"
)

func validHost() api.Host {
	return api.Host{Name: "web1", Address: "127.0.0.2", Paths: []string{"/srv/www", "/etc"}}
}

func TestNormalizeFillsDefaults(t *testing.T) {
	h := validHost()
	if err := normalize(&h); err != nil {
		t.Fatal(err)
	}
	if h.Port != 22 || h.User != "root" || h.IOTimeoutSeconds != 600 {
		t.Fatalf("defaults: %+v", h)
	}
}

// Nothing a user types may become an option or leave its place.
func TestNormalizeRejects(t *testing.T) {
	for _, tc := range []struct {
		field string
		edit  func(h *api.Host)
	}{
		{"name", func(h *api.Host) { h.Name = "-oProxyCommand=x" }},
		{"name", func(h *api.Host) { h.Name = ".." }},
		{"name", func(h *api.Host) { h.Name = "Web1" }},
		{"name", func(h *api.Host) { h.Name = "web/1" }},
		{"address", func(h *api.Host) { h.Address = "-oProxyCommand=sh" }},
		{"address", func(h *api.Host) { h.Address = "web 1" }},
		{"address", func(h *api.Host) { h.Address = "" }},
		{"port", func(h *api.Host) { h.Port = 70000 }},
		{"user", func(h *api.Host) { h.User = "-l" }},
		{"user", func(h *api.Host) { h.User = "root@evil" }},
		{"paths", func(h *api.Host) { h.Paths = nil }},
		{"paths", func(h *api.Host) { h.Paths = []string{"relative/path"} }},
		{"paths", func(h *api.Host) { h.Paths = []string{"/srv/../etc"} }},
		{"paths", func(h *api.Host) { h.Paths = []string{"/srv\n--delete"} }},
		{"paths", func(h *api.Host) { h.Paths = []string{"/srv/\x1b[2Jx"} }},
		{"paths", func(h *api.Host) { h.Paths = []string{"/srv/a\x00b"} }},
		{"paths", func(h *api.Host) { h.Paths = []string{"/srv/" + strings.Repeat("a", 4096)} }},
		{"paths", func(h *api.Host) { h.Paths = []string{"/srv/a/.."} }},
		{"paths", func(h *api.Host) { h.Paths = []string{"/srv", "/etc", "/srv/www"} }},
		{"paths", func(h *api.Host) { h.Paths = []string{"/etc", "/etc"} }},
		{"paths", func(h *api.Host) { h.Paths = []string{"/", "/etc"} }},
		{"exclude", func(h *api.Host) { h.Exclude = []string{"--delete"} }},
		{"include", func(h *api.Host) { h.Include = []string{"+ /etc"} }},
		{"exclude", func(h *api.Host) { h.Exclude = []string{"a\nb"} }},
		{"bandwidth_kbps", func(h *api.Host) { h.BandwidthKBps = -1 }},
		{"io_timeout_seconds", func(h *api.Host) { h.IOTimeoutSeconds = -5 }},
		{"pre_backup", func(h *api.Host) { h.PreBackup = "a\x00b" }},
	} {
		h := validHost()
		tc.edit(&h)
		err := normalize(&h)
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Kind != api.KindBadRequest || ae.Field != tc.field {
			t.Errorf("%+v: got %v, want bad-request on %s", h, err, tc.field)
		}
	}
}

// Paths people have are kept byte for byte, and a trailing "/" (or a "//"
// or "/./") is dropped rather than refused.
func TestNormalizeKeepsPathsPeopleHave(t *testing.T) {
	for in, want := range map[string]string{
		"/srv/Shared Docs": "/srv/Shared Docs", "/home/o'brien": "/home/o'brien", "/srv/été": "/srv/été",
		"/srv; rm -rf /": "/srv; rm -rf ", "/srv/www/": "/srv/www", "/srv//www": "/srv/www", "/srv/./www": "/srv/www", "/": "/",
	} {
		h := validHost()
		h.Paths = []string{in}
		if err := normalize(&h); err != nil || h.Paths[0] != want {
			t.Errorf("%q: stored as %q, %v; want %q", in, h.Paths, err, want)
		}
	}
}

func TestNormalizeAccepts(t *testing.T) {
	for _, edit := range []func(h *api.Host){
		func(h *api.Host) { h.Address = "::1" },
		func(h *api.Host) { h.Address = "db-1.example.org" },
		func(h *api.Host) { h.Paths = []string{"/"} },
		func(h *api.Host) { h.Paths = []string{"/srv", "/srv2", "/etc/ssh"} },
		func(h *api.Host) { h.Exclude = []string{"*.tmp", "/var/cache/**"} },
		func(h *api.Host) { h.PreBackup = "pg_dump -Fc app > /var/backups/app.dump" },
	} {
		h := validHost()
		edit(&h)
		if err := normalize(&h); err != nil {
			t.Errorf("%+v: %v", h, err)
		}
	}
}
