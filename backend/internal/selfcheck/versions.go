package selfcheck

import (
	"regexp"
	"strings"
)

// probe says how to ask one tool its version and how to read the answer.
type probe struct {
	args []string
	// okExit lists exit codes that still mean "answered" (mtx --version exits 1).
	okExit []int
	parse  func(out string) string
}

var versionNumber = regexp.MustCompile(`\d+\.\d+(?:\.\d+)?(?:[-.~+]?[0-9A-Za-z]+)*`)

// firstMatch returns the first version-looking token on the first line
// that contains marker (or on any line when marker is "").
func firstMatch(marker string) func(string) string {
	return func(out string) string {
		for _, line := range strings.Split(out, "\n") {
			if marker != "" && !strings.Contains(line, marker) {
				continue
			}
			if v := versionNumber.FindString(line); v != "" {
				return v
			}
		}
		return ""
	}
}

// probes: the version query of every tool selfcheck knows. Pure data, so
// each parser is tested on recorded output in testdata/.
var probes = map[string]probe{
	// "zfs-2.1.11-1" (userland) then "zfs-kmod-..." (module, absent when not loaded)
	"zfs":   {args: []string{"version"}, parse: prefixed("zfs-")},
	"zpool": {args: []string{"version"}, parse: prefixed("zfs-")},
	// "  LVM version:     2.03.16(2) (2022-05-18)"
	"lvm":   {args: []string{"version"}, parse: firstMatch("LVM version")},
	"btrfs": {args: []string{"--version"}, parse: firstMatch("btrfs-progs")},
	"mtx":   {args: []string{"--version"}, okExit: []int{1}, parse: firstMatch("mtx version")},
	// scstadmin prints "scstadmin version <v>" (or "SCST ... v<v>") and exits 0
	"scstadmin": {args: []string{"-version"}, okExit: []int{1}, parse: firstMatch("ersion")},
	// bconsole has no version flag that does not connect; its usage banner
	// (-?, exit 1) carries "Version: 9.6.7 (10 December 2020)".
	"bconsole": {args: []string{"-?"}, okExit: []int{1}, parse: firstMatch("Version:")},
	"rsync":    {args: []string{"--version"}, parse: firstMatch("rsync  version")},
	// "OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL ..." on stderr
	"ssh": {args: []string{"-V"}, parse: func(out string) string {
		if i := strings.Index(out, "OpenSSH_"); i >= 0 {
			return strings.TrimRight(strings.Fields(out[i+len("OpenSSH_"):])[0], ",")
		}
		return ""
	}},
}

func prefixed(p string) func(string) string {
	return func(out string) string {
		for _, line := range strings.Split(out, "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, p) && !strings.HasPrefix(line, p+"kmod") {
				return strings.TrimPrefix(line, p)
			}
		}
		return ""
	}
}
