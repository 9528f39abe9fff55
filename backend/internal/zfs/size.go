package zfs

import (
	"fmt"
	"strconv"
	"strings"
)

// parseHumanSize reads zfs's human sizes ("20.8M", "451M", "1.03T",
// "0B", "120K"), powers of 1024, as printed without -p (zfs-fuse and
// `zpool status` scan lines, which have no -p). Plain integers are bytes.
func parseHumanSize(s string) (uint64, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "B")
	if s == "" {
		return 0, nil // "0B" lost both
	}
	if n, err := strconv.ParseUint(s, 10, 64); err == nil {
		return n, nil
	}
	mult := map[byte]float64{'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30, 'T': 1 << 40, 'P': 1 << 50, 'E': 1 << 60}[s[len(s)-1]]
	if mult == 0 {
		return 0, fmt.Errorf("not a size: %q", s)
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s[:len(s)-1], ",", "."), 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("not a size: %q", s)
	}
	return uint64(f*mult + 0.5), nil
}

// parseSizeOrDash is parseHumanSize with "-" (no value) as 0, false.
func parseSizeOrDash(s string) (uint64, bool, error) {
	if s == "-" || s == "" {
		return 0, false, nil
	}
	n, err := parseHumanSize(s)
	return n, err == nil, err
}

// parsePercent reads "42", "42%", "-" (unknown: -1).
func parsePercent(s string) (float64, error) {
	s = strings.TrimSuffix(s, "%")
	if s == "-" || s == "" {
		return -1, nil
	}
	return strconv.ParseFloat(s, 64)
}

// parseRatio reads "1.00" or "1.00x".
func parseRatio(s string) (float64, error) {
	s = strings.TrimSuffix(s, "x")
	if s == "-" || s == "" {
		return 0, nil
	}
	return strconv.ParseFloat(s, 64)
}
