package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestEmptyFileIsDefaults(t *testing.T) {
	cfg, err := Parse(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, Default()) {
		t.Fatalf("empty config differs from defaults:\n%+v\n%+v", cfg, Default())
	}
}

// The shipped example must spell out exactly the defaults, so bamsd behaves
// the same with it as with no file.
func TestExampleEqualsDefaults(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "configs", "config.yaml.example"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, Default()) {
		t.Fatalf("config.yaml.example differs from defaults:\n%+v\n%+v", cfg, Default())
	}
	// every key present: each struct field's yaml key appears in the file
	for _, key := range yamlKeys(reflect.TypeOf(Config{}), "") {
		last := key[strings.LastIndex(key, ".")+1:]
		if !strings.Contains(string(b), "\n"+indentFor(key)+last+":") && !strings.HasPrefix(string(b), last+":") {
			t.Errorf("config.yaml.example lacks key %s", key)
		}
	}
}

func indentFor(key string) string { return strings.Repeat("  ", strings.Count(key, ".")) }

func yamlKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := prefix + f.Tag.Get("yaml")
		if f.Type.Kind() == reflect.Struct {
			keys = append(keys, yamlKeys(f.Type, name+".")...)
			continue
		}
		keys = append(keys, name)
	}
	return keys
}

func TestOverrides(t *testing.T) {
	cfg, err := Parse([]byte("socket: /tmp/x/bams.sock\npolkit:\n  cache_ttl: 1s\ntasks:\n  history: 48h\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Socket != "/tmp/x/bams.sock" || cfg.Polkit.CacheTTL.D() != time.Second || cfg.Tasks.History.D() != 48*time.Hour {
		t.Fatalf("overrides not applied: %+v", cfg)
	}
	if cfg.Database != Default().Database {
		t.Fatal("an absent key must keep its default")
	}
}

func TestBadInputNamesTheKey(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"sockt: /run/x.sock\n", "sockt: unknown key"},
		{"polkit:\n  cache_tl: 1s\n", "polkit.cache_tl: unknown key"},
		{"polkit:\n  cache_ttl: soon\n", "polkit.cache_ttl"},
		{"limits:\n  connections_per_uid: lots\n", "limits.connections_per_uid"},
		{"limits:\n  connections_per_uid: 0\n", "limits.connections_per_uid"},
		{"retention:\n  max_delete_share: 0\n", "retention.max_delete_share"},
		{"retention:\n  max_delete_share: 1.5\n", "retention.max_delete_share"},
		{"database: relative/bams.db\n", "database"},
		{"time_zone: Mars/Olympus\n", "time_zone"},
		{"log_level: loud\n", "log_level"},
		{"polkit:\n  cache_ttl: 1h\n", "polkit.cache_ttl"},
		{"audit:\n  max_age: 1h\n", "audit.max_age"},
		{"audit:\n  max_bytes: 1000\n", "audit.max_bytes"},
		{"audit:\n  denial_window: 0s\n", "audit.denial_window"},
		{"alerts:\n  raise_after: 0\n", "alerts.raise_after"},
		{"alerts:\n  check_every: 100ms\n", "alerts.check_every"},
		{"notifications:\n  rate_per_hour: 0\n", "notifications.rate_per_hour"},
		{"logs:\n  journal: maybe\n", "logs.journal"},
		{"logs:\n  iscsi:\n    file: var/log/x\n", "logs.iscsi.file"},
		{"logs:\n  bamsd:\n    unit: \"-x.service\"\n", "logs.bamsd.unit"},
		{"metrics:\n  listen: 0.0.0.0:9469\n", "metrics.listen"},
		{"metrics:\n  listen: localhost:9469\n", "metrics.listen"},
	} {
		_, err := Parse([]byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error naming %q", tc.yaml, err, tc.want)
		}
	}
}

func TestLoadMissing(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nope.yaml")); err == nil {
		t.Fatal("an explicitly named missing file must be an error")
	}
}
