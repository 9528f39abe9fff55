package main

import (
	"sort"
	"strconv"
	"strings"
)

// What snapshot tasks need of zfs beyond the rest of the fake: `zfs list
// -r -d N` (a snapshot is one level below its dataset, so -d 1 lists a
// dataset's own snapshots) and `zfs destroy -r ds@snap`, which destroys
// the snapshot of that name of ds and of every descendant, all or none.

// withinDepth: name is at most depth levels below root (zfs list -d).
func withinDepth(root, name, depth string) bool {
	max, err := strconv.Atoi(depth)
	if err != nil || name == root {
		return true
	}
	rel := strings.TrimPrefix(name, root)
	return strings.Count(rel, "/")+strings.Count(rel, "@") <= max
}

// destroyRecursive: `zfs destroy -r ds@snap`. OpenZFS refuses the whole
// set when one of them is held or cloned, naming it.
func (f *fake) destroyRecursive(full string) int {
	ds, snap, _ := strings.Cut(full, "@")
	var set []string
	for n, d := range f.st.Datasets {
		if d.Type == "snapshot" && (n == full || strings.HasPrefix(n, ds+"/") && strings.HasSuffix(n, "@"+snap)) {
			set = append(set, n)
		}
	}
	if len(set) == 0 {
		return f.fail(1, "could not find any snapshots to destroy; check snapshot names.")
	}
	sort.Strings(set)
	for _, n := range set {
		if len(f.st.Holds[n]) > 0 {
			return f.fail(1, "cannot destroy snapshot %s: dataset is busy", n)
		}
		if clones, _ := f.prop(n, "clones"); clones != "" {
			return f.fail(1, "cannot destroy '%s': snapshot has dependent clones\nuse '-R' to destroy the following datasets:\n%s", n, strings.ReplaceAll(clones, ",", "\n"))
		}
	}
	for _, n := range set {
		delete(f.st.Datasets, n)
	}
	return 0
}
