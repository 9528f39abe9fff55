package tasks

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// groupHasLiveMember scans /proc for a non-zombie process in group pgid.
func groupHasLiveMember(pgid int) bool {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		b, err := os.ReadFile(d + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 2 && f[2] == strconv.Itoa(pgid) && f[0] != "Z" && f[0] != "X" { // a zombie has exited
			return true
		}
	}
	return false
}
