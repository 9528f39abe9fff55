package zfs

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ArcStatsPath is where the ZFS module publishes the ARC counters.
const ArcStatsPath = "/proc/spl/kstat/zfs/arcstats"

// Arc is the ARC (ZFS's read cache in RAM) as a dashboard shows it.
type Arc struct {
	Size   uint64 // bytes in the ARC now
	Target uint64 // "c": the size the ARC is steering to
	Min    uint64 // c_min
	Max    uint64 // c_max
	Hits   uint64 // since the module loaded
	Misses uint64
	// Raw keeps every counter, for the diagnostics bundle.
	Raw map[string]uint64
}

// HitRatio is hits / (hits + misses) since the module loaded, 0 with no
// reads yet.
func (a Arc) HitRatio() float64 {
	if a.Hits+a.Misses == 0 {
		return 0
	}
	return float64(a.Hits) / float64(a.Hits+a.Misses)
}

// ParseArcstats reads the kstat file: a header line, a "name type data"
// line, then one counter per line.
func ParseArcstats(text string) (Arc, error) {
	a := Arc{Raw: map[string]uint64{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if line <= 2 || len(f) != 3 {
			continue
		}
		n, err := strconv.ParseUint(f[2], 10, 64)
		if err != nil {
			// type 3 counters are signed (memory_available_bytes can be negative)
			if _, serr := strconv.ParseInt(f[2], 10, 64); serr == nil {
				continue
			}
			return Arc{}, fmt.Errorf("arcstats line %d: %q", line, sc.Text())
		}
		a.Raw[f[0]] = n
	}
	for _, k := range []string{"size", "c", "hits", "misses"} {
		if _, ok := a.Raw[k]; !ok {
			return Arc{}, fmt.Errorf("arcstats: no %q counter", k)
		}
	}
	a.Size, a.Target, a.Min, a.Max = a.Raw["size"], a.Raw["c"], a.Raw["c_min"], a.Raw["c_max"]
	a.Hits, a.Misses = a.Raw["hits"], a.Raw["misses"]
	return a, sc.Err()
}

// ReadArc reads path (ArcStatsPath on a real system). No file means the
// ZFS module is not loaded: *os.PathError, for "ZFS is not running".
func ReadArc(path string) (Arc, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Arc{}, err
	}
	return ParseArcstats(string(b))
}
