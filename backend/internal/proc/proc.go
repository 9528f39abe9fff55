// Package proc reads what bamsd needs to know of processes from /proc:
// a process's state and start time (so a recorded pid that was recycled
// is never taken for the process bamsd started), the boot id, and killing
// a whole process group.
package proc

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// State is the one-letter state of pid from /proc/PID/stat.
func State(pid int) (string, error) {
	f, err := statFields(pid)
	if err != nil {
		return "", err
	}
	return f[0], nil
}

// StartTime is field 22 of /proc/PID/stat (clock ticks since boot):
// with the pid it names one process for good, as polkit's unix-process
// subject and crash recovery need.
func StartTime(pid int) (uint64, error) {
	f, err := statFields(pid)
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(f[22-3], 10, 64)
}

// statFields returns /proc/PID/stat from field 3 on. The command name
// (field 2) may hold spaces and ')', so split after the last ')'.
func statFields(pid int) ([]string, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil, err
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return nil, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	return f, nil
}

// BootID names this boot; a recorded pid means nothing across boots.
func BootID() string {
	b, _ := os.ReadFile("/proc/sys/kernel/random/boot_id")
	return strings.TrimSpace(string(b))
}

// KillGroup sends SIGKILL to a process group, and reports whether any
// member was there to receive it.
func KillGroup(pgid int) bool {
	if pgid <= 1 {
		return false
	}
	err := syscall.Kill(-pgid, syscall.SIGKILL)
	return !errors.Is(err, syscall.ESRCH)
}
