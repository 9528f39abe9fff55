package storagesvc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/zfs"
)

// The Snapshots page's ZFS half: a page of the cached snapshot listing
// (datasets.go) filtered by dataset, name and owner, and the changes,
// each checked against a fresh `zfs list` of what it touches (never the
// cache) and dropping the cache after.

// ManualOwner is the owner of snapshots an admin makes through the API.
const ManualOwner = "manual"

// SnapshotQuery selects a page of ZFS snapshots.
type SnapshotQuery struct {
	Dataset   string // its own snapshots ("" every dataset's)
	Recursive bool   // and its descendants'
	Name      string // a substring of the part after @
	Owner     string // exact; "none" for those without an owner
	Cursor    string // from the previous page's Next: how many matches to skip
	Limit     int
}

// ZFSSnapshots is one page of snapshots by name. The dataset is found by
// binary search in the sorted listing; name and owner filters read the
// rows in that range once (100 000 string compares: well under a
// millisecond), so Total is exact.
func (s *Service) ZFSSnapshots(ctx context.Context, q SnapshotQuery) (api.ZFSSnapshotList, error) {
	if q.Dataset != "" {
		if err := zfs.CheckDatasetName(q.Dataset); err != nil {
			return api.ZFSSnapshotList{}, &api.Error{Kind: api.KindBadRequest, Field: "dataset", Message: err.Error()}
		}
	}
	if q.Owner != "" && q.Owner != "none" {
		if err := zfs.CheckOwner(q.Owner); err != nil {
			return api.ZFSSnapshotList{}, &api.Error{Kind: api.KindBadRequest, Field: "owner", Message: err.Error() + `, or "none"`}
		}
	}
	l, err := s.list(ctx, "snapshots")
	if err != nil {
		return api.ZFSSnapshotList{}, err
	}
	runs := [][]api.Dataset{l.rows}
	if q.Dataset != "" {
		runs = [][]api.Dataset{prefixRun(l.rows, q.Dataset+"@")}
		if q.Recursive {
			runs = append(runs, prefixRun(l.rows, q.Dataset+"/"))
		}
	}
	match := func(d *api.Dataset) bool {
		if q.Owner == "none" && d.Owner != "" || q.Owner != "" && q.Owner != "none" && d.Owner != q.Owner {
			return false
		}
		_, short, _ := strings.Cut(d.Name, "@")
		return q.Name == "" || strings.Contains(short, q.Name)
	}
	skip := 0
	if q.Cursor != "" {
		skip, _ = strconv.Atoi(q.Cursor) // the handler checked it is a number
	}
	out := api.ZFSSnapshotList{Snapshots: []api.ZFSSnapshot{}, Warnings: l.warnings}
	for _, run := range runs {
		if q.Name == "" && q.Owner == "" { // no filter: the page is a slice
			if skip < len(run) {
				for i := skip; i < len(run) && len(out.Snapshots) < q.Limit; i++ {
					out.Snapshots = append(out.Snapshots, snapshotOf(run[i]))
				}
			}
			skip = max(0, skip-len(run))
			out.Total += len(run)
			continue
		}
		for i := range run {
			if !match(&run[i]) {
				continue
			}
			if out.Total >= skip && len(out.Snapshots) < q.Limit {
				out.Snapshots = append(out.Snapshots, snapshotOf(run[i]))
			}
			out.Total++
		}
	}
	from, _ := strconv.Atoi(q.Cursor)
	if to := from + len(out.Snapshots); to < out.Total {
		out.Next = strconv.Itoa(to)
	}
	return out, nil
}

// prefixRun is the run of sorted rows whose names start with prefix.
func prefixRun(rows []api.Dataset, prefix string) []api.Dataset {
	lo := sort.Search(len(rows), func(i int) bool { return rows[i].Name >= prefix })
	n := sort.Search(len(rows)-lo, func(i int) bool { return !strings.HasPrefix(rows[lo+i].Name, prefix) })
	return rows[lo : lo+n]
}

func snapshotOf(d api.Dataset) api.ZFSSnapshot {
	ds, short, _ := strings.Cut(d.Name, "@")
	return api.ZFSSnapshot{Name: d.Name, Dataset: ds, Snapshot: short, Created: d.Created, Used: d.Used, Referenced: d.Referenced,
		Owner: d.Owner, Holds: d.Holds, Clones: nonNil(d.Clones)}
}

// OwnerKind is the kind part of an owner ("snaptask:hourly" → "snaptask"),
// bounded to the kinds BAMS makes ("other" for any other, "none" for no
// owner): a metric's label, never an id.
func OwnerKind(owner string) string {
	kind, _, _ := strings.Cut(owner, ":")
	switch kind {
	case "":
		return "none"
	case ManualOwner, "snaptask", "replication":
		return kind
	}
	return "other"
}

// ZFSSnapshotCounts counts the cached snapshots by owner kind.
func (s *Service) ZFSSnapshotCounts(ctx context.Context) (map[string]int, error) {
	l, err := s.list(ctx, "snapshots")
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for i := range l.rows {
		counts[OwnerKind(l.rows[i].Owner)]++
	}
	return counts, nil
}

// snapshotNow reads one snapshot from zfs, not from the cache.
func (s *Service) snapshotNow(ctx context.Context, name string) (api.ZFSSnapshot, error) {
	if err := zfs.CheckSnapshotName(name); err != nil {
		return api.ZFSSnapshot{}, err
	}
	rows, _, err := zfs.List(ctx, s.r, zfs.ListOptions{Columns: zfs.SnapshotColumns, Types: []string{"snapshot"}, Root: name})
	if err != nil {
		return api.ZFSSnapshot{}, err
	}
	if len(rows) != 1 {
		return api.ZFSSnapshot{}, &api.Error{Kind: api.KindNotFound, Message: "no snapshot " + name}
	}
	d := rows[0]
	a := api.Dataset{Name: d.Name, Used: d.Used, Referenced: d.Referenced, Owner: d.Owner, Holds: d.UserRefs, Clones: d.Clones}
	if !d.Creation.IsZero() {
		a.Created = d.Creation.UTC().Format(time.RFC3339)
	}
	return snapshotOf(a), nil
}

// CreateZFSSnapshot makes dataset@name owned by "manual".
func (s *Service) CreateZFSSnapshot(ctx context.Context, req api.ZFSSnapshotCreate) (api.ZFSSnapshot, error) {
	if err := zfs.CheckDatasetName(req.Dataset); err != nil {
		return api.ZFSSnapshot{}, &api.Error{Kind: api.KindBadRequest, Field: "dataset", Message: err.Error()}
	}
	name := req.Dataset + "@" + req.Name
	if err := zfs.CheckSnapshotName(name); err != nil || req.Name == "" {
		return api.ZFSSnapshot{}, &api.Error{Kind: api.KindBadRequest, Field: "name", Message: "name must start with a letter or digit and hold only letters, digits and _-.:"}
	}
	s.changing.Lock()
	defer s.changing.Unlock()
	defer s.datasets.invalidate()
	if err := zfs.Snapshot(ctx, s.r, name, req.Recursive, ManualOwner); err != nil {
		return api.ZFSSnapshot{}, err
	}
	return s.snapshotNow(ctx, name)
}

// DestroyZFSSnapshot destroys one snapshot after the caller typed its
// full name. Refused while held (naming the tags) or cloned (naming the
// clones): zfs would refuse too, but only with "dataset is busy".
func (s *Service) DestroyZFSSnapshot(ctx context.Context, name, confirm string) (api.Destroyed, error) {
	if err := zfs.CheckSnapshotName(name); err != nil {
		return api.Destroyed{}, err
	}
	s.changing.Lock()
	defer s.changing.Unlock()
	cur, err := s.snapshotNow(ctx, name)
	if err != nil {
		return api.Destroyed{}, err
	}
	if err := confirmed(confirm, name, "snapshot"); err != nil {
		return api.Destroyed{}, err
	}
	if cur.Holds > 0 {
		holds, _, err := zfs.SnapshotHolds(ctx, s.r, name)
		if err != nil {
			return api.Destroyed{}, err
		}
		var tags []string
		for _, h := range holds {
			tags = append(tags, h.Tag)
		}
		return api.Destroyed{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf("%s is held (%s): release the holds first", name, strings.Join(tags, ", "))}
	}
	if len(cur.Clones) > 0 {
		return api.Destroyed{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf("%s has clones (%s): destroy them first", name, strings.Join(cur.Clones, ", "))}
	}
	defer s.datasets.invalidate()
	if err := zfs.Destroy(ctx, s.r, name, false); err != nil {
		return api.Destroyed{}, err
	}
	return api.Destroyed{Kind: api.ObjectZFSSnapshot, Name: name}, nil
}

// RollbackPreview lists what rolling back to snap destroys, with a token
// for that list.
func (s *Service) RollbackPreview(ctx context.Context, snap string) (api.ZFSRollbackPreview, error) {
	loss, err := zfs.RollbackDependents(ctx, s.r, snap)
	if err != nil {
		return api.ZFSRollbackPreview{}, err
	}
	ds, _, _ := strings.Cut(snap, "@")
	p := api.ZFSRollbackPreview{Snapshot: snap, Dataset: ds, Newer: nonNil(loss.Newer),
		Clones: append(nonNil(loss.Clones), loss.BelowClones...), Held: []string{}}
	for _, h := range loss.Held {
		p.Held = append(p.Held, h.Snapshot+" "+h.Tag)
	}
	sum := sha256.New()
	for _, list := range [][]string{{snap}, p.Newer, p.Clones, p.Held} {
		fmt.Fprintf(sum, "%d\x00%s\x00", len(list), strings.Join(list, "\x00"))
	}
	p.Token = hex.EncodeToString(sum.Sum(nil)[:16])
	return p, nil
}

// RollbackZFS rolls the dataset back to snap after the caller typed the
// dataset's name and sent the token of a preview that still holds: the
// newer snapshots and clones it destroys are exactly the ones shown.
// Refused while any newer snapshot is held (zfs would stop half-way).
func (s *Service) RollbackZFS(ctx context.Context, snap string, req api.ZFSRollback) (api.ZFSRolledBack, error) {
	if err := zfs.CheckSnapshotName(snap); err != nil {
		return api.ZFSRolledBack{}, err
	}
	s.changing.Lock()
	defer s.changing.Unlock()
	p, err := s.RollbackPreview(ctx, snap)
	if err != nil {
		return api.ZFSRolledBack{}, err
	}
	if err := confirmed(req.Confirm, p.Dataset, "dataset"); err != nil {
		return api.ZFSRolledBack{}, err
	}
	if req.Token != p.Token {
		return api.ZFSRolledBack{}, &api.Error{Kind: api.KindConflict, Field: "token", Message: "what the rollback destroys changed since the preview: look at it again"}
	}
	if len(p.Held) > 0 {
		return api.ZFSRolledBack{}, &api.Error{Kind: api.KindConflict, Message: "newer snapshots are held, release them first: " + strings.Join(p.Held, ", ")}
	}
	defer s.datasets.invalidate()
	if err := zfs.Rollback(ctx, s.r, snap, len(p.Newer) > 0, len(p.Clones) > 0); err != nil {
		return api.ZFSRolledBack{}, err
	}
	return api.ZFSRolledBack{Snapshot: snap, Destroyed: append(append([]string{}, p.Newer...), p.Clones...)}, nil
}

// CloneZFSSnapshot makes target, a new dataset starting as snap.
func (s *Service) CloneZFSSnapshot(ctx context.Context, snap string, req api.ZFSClone) (api.DatasetDetail, error) {
	if err := zfs.CheckSnapshotName(snap); err != nil {
		return api.DatasetDetail{}, err
	}
	s.changing.Lock()
	defer s.changing.Unlock()
	defer s.datasets.invalidate()
	if err := zfs.Clone(ctx, s.r, snap, req.Target); err != nil {
		return api.DatasetDetail{}, err
	}
	return s.Dataset(ctx, req.Target)
}

// HoldZFSSnapshot places (or, release, takes away) the hold tag on snap.
func (s *Service) HoldZFSSnapshot(ctx context.Context, snap string, req api.ZFSHold, release bool) (api.ZFSSnapshot, error) {
	if err := zfs.CheckSnapshotName(snap); err != nil {
		return api.ZFSSnapshot{}, err
	}
	if err := zfs.CheckHoldTag(req.Tag); err != nil {
		return api.ZFSSnapshot{}, &api.Error{Kind: api.KindBadRequest, Field: "tag", Message: err.Error()}
	}
	s.changing.Lock()
	defer s.changing.Unlock()
	defer s.datasets.invalidate()
	change := zfs.HoldSnapshots
	if release {
		change = zfs.ReleaseSnapshots
	}
	if err := change(ctx, s.r, req.Tag, false, snap); err != nil {
		return api.ZFSSnapshot{}, err
	}
	return s.snapshotNow(ctx, snap)
}
