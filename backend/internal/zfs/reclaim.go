package zfs

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"bams/backend/internal/execx"
)

// Reclaim is what destroying the snapshots of dataset named snaps (the
// parts after @) together would free, as `zfs destroy -n -v -p
// dataset@a,b,...` says: exact for the set, which summing each
// snapshot's `used` is not (blocks two of them share count in neither).
// Nothing is destroyed (-n).
func Reclaim(ctx context.Context, r *execx.Runner, dataset string, snaps []string) (uint64, error) {
	if len(snaps) == 0 {
		return 0, nil
	}
	if err := CheckDatasetName(dataset); err != nil {
		return 0, err
	}
	for _, s := range snaps {
		if err := CheckSnapshotName(dataset + "@" + s); err != nil {
			return 0, err
		}
	}
	res, err := run(ctx, r, "zfs", "destroy", "-n", "-v", "-p", dataset+"@"+strings.Join(snaps, ","))
	if err != nil {
		return 0, err
	}
	return ParseReclaim(string(res.Stdout))
}

// ParseReclaim reads `zfs destroy -n -v -p`: a "destroy<TAB>name" line
// per snapshot, then "reclaim<TAB>bytes" (zfs_main.c prints these
// parsable forms with -p; "would reclaim 1.2G" without it).
func ParseReclaim(out string) (uint64, error) {
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "reclaim\t"); ok {
			n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("zfs destroy -nvp: unreadable reclaim line %q", line)
			}
			return n, nil
		}
	}
	return 0, fmt.Errorf("zfs destroy -nvp printed no reclaim line")
}
