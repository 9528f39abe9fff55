package main

import (
	"sort"
	"strings"

	"bams/backend/internal/testutil/fakezfs"
)

// rollback: `zfs rollback [-r] [-R] ds@snap` with OpenZFS's refusals
// (cmd/zfs/zfs_main.c rollback_check): newer snapshots need -r, clones of
// them -R, each listed; a held newer snapshot stops it (dataset is busy).
func (f *fake) rollback(opts map[string][]string, rest []string) int {
	if len(rest) != 1 {
		return f.fail(2, "missing dataset argument")
	}
	target := rest[0]
	t := f.st.Datasets[target]
	if t == nil || t.Type != "snapshot" {
		return f.fail(1, "cannot open '%s': dataset does not exist", target)
	}
	ds, _, _ := strings.Cut(target, "@")
	var newer, clones []string
	for n, d := range f.st.Datasets {
		if strings.HasPrefix(n, ds+"@") && d.Creation > t.Creation {
			newer = append(newer, n)
		}
	}
	sort.Slice(newer, func(i, j int) bool { return f.st.Datasets[newer[i]].Creation < f.st.Datasets[newer[j]].Creation })
	for n, d := range f.st.Datasets {
		if contains(newer, d.Props["origin"]) {
			clones = append(clones, n)
		}
	}
	sort.Strings(clones)
	_, r := opts["r"]
	_, R := opts["R"]
	if len(newer) > 0 && !r && !R {
		return f.fail(1, "cannot rollback to '%s': more recent snapshots or bookmarks exist\nuse '-r' to force deletion of the following snapshots and bookmarks:\n%s", target, strings.Join(newer, "\n"))
	}
	if len(clones) > 0 && !R {
		return f.fail(1, "cannot rollback to '%s': clones of previous snapshots exist\nuse '-R' to force deletion of the following clones and dependents:\n%s", target, strings.Join(clones, "\n"))
	}
	for _, n := range newer {
		if len(f.st.Holds[n]) > 0 {
			return f.fail(1, "cannot destroy snapshot %s: dataset is busy", n)
		}
	}
	for _, c := range clones {
		for n := range f.st.Datasets {
			if n == c || strings.HasPrefix(n, c+"/") || strings.HasPrefix(n, c+"@") {
				delete(f.st.Datasets, n)
			}
		}
	}
	for _, n := range newer {
		delete(f.st.Datasets, n)
	}
	return 0
}

// clone: `zfs clone snap target`, the clone's origin its snapshot.
func (f *fake) clone(rest []string) int {
	if len(rest) != 2 {
		return f.fail(2, "missing source dataset argument")
	}
	snap, target := rest[0], rest[1]
	s := f.st.Datasets[snap]
	if s == nil || s.Type != "snapshot" {
		return f.fail(1, "cannot open '%s': dataset does not exist", snap)
	}
	if f.st.Datasets[target] != nil {
		return f.fail(1, "cannot create '%s': dataset already exists", target)
	}
	if i := strings.LastIndex(target, "/"); i < 0 || f.st.Datasets[target[:i]] == nil {
		return f.fail(1, "cannot create '%s': parent does not exist", target)
	}
	ds, _, _ := strings.Cut(snap, "@")
	f.st.Datasets[target] = &fakezfs.Dataset{Type: f.st.Datasets[ds].Type, Props: map[string]string{"origin": snap}, Creation: f.now()}
	return 0
}
