package zfs

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"bams/backend/internal/execx"
)

// Pool is one line of `zpool list`.
type Pool struct {
	Name          string
	GUID          string // from JSON only
	Size          uint64 // bytes
	Allocated     uint64
	Free          uint64
	Fragmentation float64 // percent, -1 when unknown (a faulted pool, an old pool version)
	Capacity      float64 // percent used, -1 when unknown
	Dedup         float64 // ratio, 0 when unknown
	Health        string  // ONLINE, DEGRADED, FAULTED, OFFLINE, UNAVAIL, REMOVED, SUSPENDED
	Altroot       string
	// Exact says the sizes are exact bytes (-p or --json-int), not
	// rounded human figures (zfs-fuse's CLI, or JSON without --json-int).
	Exact bool
}

// PoolColumns are the columns Pools asks for with -o.
var poolColumns = []string{"name", "size", "allocated", "free", "fragmentation", "capacity", "dedupratio", "health", "altroot"}

// The older CLI's -o set (zfs-fuse, pool v23): no fragmentation.
var poolColumnsOld = []string{"name", "size", "allocated", "free", "capacity", "dedupratio", "health", "altroot"}

// ParsePoolList reads `zpool list -H [-p] -o cols` (TAB-separated, no
// header). Column names are -o's (name, size, allocated or alloc, ...).
func ParsePoolList(out string, cols []string) ([]Pool, []Warning) {
	var pools []Pool
	var warns []Warning
	for i, line := range strings.Split(out, "\n") {
		if line == "" || line == "no pools available" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != len(cols) {
			warns = append(warns, Warning{i + 1, line, fmt.Sprintf("%d columns, want %d", len(f), len(cols))})
			continue
		}
		p := Pool{Fragmentation: -1, Capacity: -1, Exact: true}
		var err error
		for j, c := range cols {
			v := f[j]
			switch c {
			case "name":
				p.Name = v
			case "size", "allocated", "alloc", "free":
				var n uint64
				var ok bool
				if n, ok, err = parseSizeOrDash(v); ok {
					if _, intErr := strconv.ParseUint(v, 10, 64); intErr != nil {
						p.Exact = false
					}
				}
				switch c {
				case "size":
					p.Size = n
				case "free":
					p.Free = n
				default:
					p.Allocated = n
				}
			case "fragmentation", "frag":
				p.Fragmentation, err = parsePercent(v)
			case "capacity", "cap":
				p.Capacity, err = parsePercent(v)
			case "dedupratio", "dedup":
				p.Dedup, err = parseRatio(v)
			case "health":
				p.Health = v
			case "altroot":
				if v != "-" {
					p.Altroot = v
				}
			case "guid":
				p.GUID = v
			}
			if err != nil {
				break
			}
		}
		if err != nil || p.Name == "" {
			warns = append(warns, Warning{i + 1, line, fmt.Sprint("unreadable value: ", err)})
			continue
		}
		pools = append(pools, p)
	}
	return pools, warns
}

// jsonValue is a JSON property value: a string ("111G", "27%", "-") or,
// with --json-int, a number.
type jsonValue struct {
	Value json.RawMessage `json:"value"`
}

func (v jsonValue) text() string {
	var s string
	if json.Unmarshal(v.Value, &s) == nil {
		return s
	}
	return string(v.Value)
}

// ParsePoolListJSON reads `zpool list -j [--json-int]` (OpenZFS 2.3+).
// The man page's example keys the GUID "guid"; 2.3 itself prints
// "pool_guid": both are read.
func ParsePoolListJSON(out []byte) ([]Pool, []Warning, error) {
	var doc struct {
		Pools map[string]struct {
			Name       string               `json:"name"`
			State      string               `json:"state"`
			GUID       string               `json:"guid"`
			PoolGUID   json.RawMessage      `json:"pool_guid"`
			Properties map[string]jsonValue `json:"properties"`
		} `json:"pools"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, nil, fmt.Errorf("zpool list -j: %w", err)
	}
	var pools []Pool
	var warns []Warning
	for key, jp := range doc.Pools {
		p := Pool{Name: jp.Name, GUID: jp.GUID, Health: jp.State, Fragmentation: -1, Capacity: -1, Exact: true}
		if p.Name == "" {
			p.Name = key
		}
		if p.GUID == "" && len(jp.PoolGUID) > 0 {
			p.GUID = strings.Trim(string(jp.PoolGUID), `"`)
		}
		var err error
		for name, v := range jp.Properties {
			t := v.text()
			switch name {
			case "size", "allocated", "free":
				var n uint64
				n, _, err = parseSizeOrDash(t)
				if _, intErr := strconv.ParseUint(t, 10, 64); intErr != nil && t != "-" {
					p.Exact = false
				}
				switch name {
				case "size":
					p.Size = n
				case "allocated":
					p.Allocated = n
				case "free":
					p.Free = n
				}
			case "fragmentation":
				p.Fragmentation, err = parsePercent(t)
			case "capacity":
				p.Capacity, err = parsePercent(t)
			case "dedupratio":
				p.Dedup, err = parseRatio(t)
			case "health":
				p.Health = t
			case "altroot":
				if t != "-" {
					p.Altroot = t
				}
			}
			if err != nil {
				warns = append(warns, Warning{0, p.Name + "." + name + "=" + t, "unreadable value"})
				err = nil
			}
		}
		pools = append(pools, p)
	}
	sort.Slice(pools, func(i, j int) bool { return pools[i].Name < pools[j].Name })
	return pools, warns, nil
}

// Pools lists the imported pools: JSON where zpool has it (2.3+), else
// `-H -p`, else the oldest CLI's human figures. Each older form is tried
// only when the newer one was refused as an invalid option.
func Pools(ctx context.Context, r *execx.Runner) ([]Pool, []Warning, error) {
	res, err := run(ctx, r, "zpool", "list", "-j", "--json-int", "-o", strings.Join(poolColumns[1:], ","))
	if err == nil {
		return ParsePoolListJSON(res.Stdout)
	}
	if !IsKind(err, BadOption) {
		return nil, nil, err
	}
	res, err = run(ctx, r, "zpool", "list", "-H", "-p", "-o", strings.Join(poolColumns, ","))
	if err == nil {
		pools, warns := ParsePoolList(string(res.Stdout), poolColumns)
		return pools, warns, nil
	}
	if !IsKind(err, BadOption) {
		return nil, nil, err
	}
	res, err = run(ctx, r, "zpool", "list", "-H", "-o", strings.Join(poolColumnsOld, ","))
	if err != nil {
		return nil, nil, err
	}
	pools, warns := ParsePoolList(string(res.Stdout), poolColumnsOld)
	return pools, warns, nil
}
