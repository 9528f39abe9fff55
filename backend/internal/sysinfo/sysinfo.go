// Package sysinfo reads the host facts the dashboard shows, from /proc,
// /etc/os-release and statfs. Parsers are pure and take the file contents.
package sysinfo

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"

	"bams/backend/api"
)

// Facts are the host's system card.
type Facts struct {
	Hostname string
	OS       string
	Kernel   string
	Uptime   int64
	Load     [3]float64
	Memory   api.Memory
}

// Read gathers Facts; a file that cannot be read leaves its fields zero.
func Read() Facts {
	var f Facts
	f.Hostname, _ = os.Hostname()
	f.OS = ParseOSRelease(readString("/etc/os-release"))
	f.Kernel = strings.TrimSpace(readString("/proc/sys/kernel/osrelease"))
	f.Uptime = ParseUptime(readString("/proc/uptime"))
	f.Load = ParseLoadavg(readString("/proc/loadavg"))
	f.Memory = ParseMeminfo(readString("/proc/meminfo"))
	return f
}

func readString(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// ParseOSRelease returns PRETTY_NAME (or NAME) from os-release.
func ParseOSRelease(s string) string {
	vals := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if ok {
			vals[k] = strings.Trim(v, `"'`)
		}
	}
	if v := vals["PRETTY_NAME"]; v != "" {
		return v
	}
	return vals["NAME"]
}

// ParseUptime returns whole seconds from /proc/uptime.
func ParseUptime(s string) int64 {
	f := strings.Fields(s)
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return int64(v)
}

// ParseLoadavg returns the 1, 5 and 15 minute load averages.
func ParseLoadavg(s string) [3]float64 {
	var l [3]float64
	f := strings.Fields(s)
	for i := 0; i < 3 && i < len(f); i++ {
		l[i], _ = strconv.ParseFloat(f[i], 64)
	}
	return l
}

// ParseMeminfo returns MemTotal and MemAvailable in bytes.
func ParseMeminfo(s string) api.Memory {
	var m api.Memory
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseUint(f[1], 10, 64)
		switch f[0] {
		case "MemTotal:":
			m.Total = kb * 1024
		case "MemAvailable:":
			m.Available = kb * 1024
		}
	}
	return m
}

// Usage reports the filesystem holding path, walking up to the nearest
// existing folder (the backup root may not exist before the first backup).
func Usage(path string) api.DiskUsage {
	u := api.DiskUsage{Path: path}
	p := path
	var st syscall.Statfs_t
	for {
		err := syscall.Statfs(p, &st)
		if err == nil {
			break
		}
		if p == "/" || p == "." {
			u.Error = err.Error()
			return u
		}
		p = parent(p)
	}
	bs := uint64(st.Bsize)
	u.Total, u.Free = st.Blocks*bs, st.Bavail*bs
	u.Used = (st.Blocks - st.Bfree) * bs
	return u
}

func parent(p string) string {
	i := strings.LastIndexByte(strings.TrimRight(p, "/"), '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

// TimeZone names the system's time zone: $TZ, /etc/timezone, or the
// zoneinfo file /etc/localtime links to; "UTC" when none says.
func TimeZone() string {
	if tz := strings.TrimPrefix(os.Getenv("TZ"), ":"); tz != "" {
		return tz
	}
	if tz := strings.TrimSpace(readString("/etc/timezone")); tz != "" {
		return tz
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			return target[i+len("zoneinfo/"):]
		}
	}
	return "UTC"
}
