// Package archtest checks ARCHITECTURE.md's "who may import whom" on the
// real import graph, so a forbidden arrow fails a test instead of waiting
// for a reader to notice.
package archtest

import (
	"encoding/json"
	"os/exec"
	"path"
	"strings"
	"testing"
)

const module = "bams/backend/"

// toolPackages know their tool and the exec wrapper only (and api's error
// kinds, which their typed errors name through APIKind).
var toolPackages = []string{"bacula", "btrfs", "disks", "lsscsi", "lvm", "mhvtl", "mkfs", "mtx", "rsync", "scst", "sglogs", "ssh", "zfs"}

// allowed lists, per package (relative to bams/backend/), the project
// packages it may import; "*" is any internal package but test helpers.
func allowed() map[string][]string {
	rules := map[string][]string{
		"api":                  {},
		"client":               {"api"},
		"cmd/bamsctl":          {"api", "client"},
		"cmd/bamsd":            {"internal/config", "internal/daemon", "internal/sandbox", "internal/version"},
		"internal/config":      {},
		"internal/version":     {},
		"internal/sandbox":     {},
		"internal/execx":       {"api", "internal/sandbox"},
		"internal/proc":        {},
		"internal/retention":   {}, // pure: no clock, disk, store or exec
		"internal/polkit":      {},
		"internal/store":       {"api"},
		"internal/events":      {"api"},
		"internal/sysinfo":     {"api"},
		"internal/audit":       {"api", "internal/config", "internal/events", "internal/store"},
		"internal/tasks":       {"api", "internal/events", "internal/proc", "internal/store"},
		"internal/alerts":      {"api", "internal/events", "internal/store"},
		"internal/notify":      {"api", "internal/store"},
		"internal/logs":        {"api", "internal/bacula", "internal/execx"},
		"internal/samples":     {"api", "internal/store"},
		"internal/metrics":     {"api"},
		"internal/diagnostics": {"api", "internal/bacula", "internal/config", "internal/execx", "internal/logs", "internal/lsscsi", "internal/scst", "internal/store"},
		"internal/daemon":      {"*"},
		"internal/selfcheck":   {"api", "internal/execx", "internal/tasks"},
		"internal/snapstore":   {"api", "internal/btrfs", "internal/execx", "internal/zfs"},                                                                                                       // the layout of one host's snapshots on disk
		"internal/cronslot":    {},                                                                                                                                                                // the one cron reading and catch-up rule (backups, snapshot tasks)
		"internal/snaptasks":   {"api", "internal/btrfs", "internal/cronslot", "internal/execx", "internal/pullbackup", "internal/retention", "internal/store", "internal/tasks", "internal/zfs"}, // periodic snapshot tasks
		"internal/pullbackup":  {"api", "internal/cronslot", "internal/execx", "internal/retention", "internal/rsync", "internal/sandbox", "internal/snapstore", "internal/ssh", "internal/store", "internal/tasks"},
		"internal/baculasvc":   {"api", "internal/bacula", "internal/execx", "internal/store", "internal/tasks"},
		"internal/iscsisvc":    {"api", "internal/scst", "internal/store"},
		"internal/replication": {"api", "internal/btrfs", "internal/cronslot", "internal/execx", "internal/ssh", "internal/store", "internal/tasks", "internal/zfs"},
		"internal/repos":       {"api", "internal/btrfs", "internal/disks", "internal/execx", "internal/lvm", "internal/mkfs", "internal/store", "internal/tasks", "internal/zfs"},
		"internal/tapesvc":     {"api", "internal/execx", "internal/lsscsi", "internal/mhvtl", "internal/mtx", "internal/sglogs", "internal/store", "internal/tasks"},
		"internal/rsync":       {"api", "internal/execx", "internal/sandbox", "internal/ssh"},
		"internal/storagesvc":  {"api", "internal/btrfs", "internal/disks", "internal/execx", "internal/lvm", "internal/tasks", "internal/zfs"},
		"internal/server":      {"api", "internal/alerts", "internal/audit", "internal/baculasvc", "internal/config", "internal/diagnostics", "internal/events", "internal/iscsisvc", "internal/logs", "internal/notify", "internal/polkit", "internal/proc", "internal/pullbackup", "internal/replication", "internal/repos", "internal/samples", "internal/selfcheck", "internal/snaptasks", "internal/storagesvc", "internal/sysinfo", "internal/tapesvc", "internal/tasks"},
	}
	for _, p := range toolPackages {
		if _, ok := rules["internal/"+p]; !ok {
			rules["internal/"+p] = []string{"api", "internal/execx"}
		}
	}
	return rules
}

// onlyIn: third-party packages that belong to one layer.
var onlyIn = map[string][]string{
	"github.com/go-chi/chi/v5":                       {"internal/server"},
	"github.com/godbus/dbus/v5":                      {"internal/polkit"},
	"go.etcd.io/bbolt":                               {"internal/store"},
	"github.com/prometheus/client_golang/prometheus": {"internal/metrics"},
}

type pkg struct {
	ImportPath string
	Imports    []string
}

func TestImportsFollowTheArchitecture(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	rules := allowed()
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(p.ImportPath, module)
		testOnly := strings.HasPrefix(name, "internal/testutil") || strings.HasPrefix(name, "internal/testenv") ||
			name == "internal/integration" || name == "internal/bench" || name == "internal/archtest"
		for _, imp := range p.Imports {
			if layers, ok := onlyIn[imp]; ok && !testOnly && !contains(layers, name) {
				t.Errorf("%s imports %s, which only %v may", name, imp, layers)
			}
			dep, ours := strings.CutPrefix(imp, module)
			if !ours {
				continue
			}
			if !testOnly && (strings.HasPrefix(dep, "internal/testutil") || strings.HasPrefix(dep, "internal/testenv")) {
				t.Errorf("%s imports the test helper %s", name, dep)
			}
			if testOnly {
				continue
			}
			may, ok := rules[name]
			if !ok {
				t.Errorf("%s has no rule here: add it to allowed() as ARCHITECTURE.md says", name)
				break
			}
			if !contains(may, "*") && !contains(may, dep) {
				t.Errorf("%s imports %s: not allowed (ARCHITECTURE.md, who may import whom)", name, dep)
			}
		}
		seen++
	}
	if seen < 20 {
		t.Fatalf("go list saw %d packages: the module is not where this test looks", seen)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s || (strings.HasSuffix(v, "/...") && strings.HasPrefix(s, path.Dir(v))) {
			return true
		}
	}
	return false
}
