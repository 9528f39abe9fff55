package storagesvc

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
)

// The Snapshots page's btrfs half: the snapshots BAMS owns of one
// subvolume (btrfs.Snapshots decides what is owned). Snapshots elsewhere
// are in the subvolume listing (btrfs.go).

// BtrfsSnapshots lists subvol's owned snapshots, oldest first, and what
// else lies in its .bams-snapshots folder.
func (s *Service) BtrfsSnapshots(ctx context.Context, subvol string) (api.BtrfsSnapshotList, error) {
	if err := checkSubvolume(subvol); err != nil {
		return api.BtrfsSnapshotList{}, err
	}
	owned, other, err := btrfs.Snapshots(ctx, s.r, subvol)
	if err != nil {
		return api.BtrfsSnapshotList{}, err
	}
	out := api.BtrfsSnapshotList{Snapshots: []api.BtrfsSnapshot{}, Other: nonNil(other)}
	for _, o := range owned {
		out.Snapshots = append(out.Snapshots, btrfsSnapshotOf(subvol, o))
	}
	return out, nil
}

func btrfsSnapshotOf(subvol string, o btrfs.OwnedSnapshot) api.BtrfsSnapshot {
	b := api.BtrfsSnapshot{Subvolume: subvol, Path: o.Path, Owner: o.Owner, Name: o.Name, ReadOnly: o.ReadOnly}
	if !o.Created.IsZero() {
		b.Created = o.Created.UTC().Format(time.RFC3339)
	}
	return b
}

// CreateBtrfsSnapshot makes a read-only snapshot owned by "manual".
func (s *Service) CreateBtrfsSnapshot(ctx context.Context, req api.BtrfsSnapshotCreate) (api.BtrfsSnapshot, error) {
	if err := checkSubvolume(req.Subvolume); err != nil {
		return api.BtrfsSnapshot{}, err
	}
	s.changing.Lock()
	defer s.changing.Unlock()
	o, err := btrfs.TakeSnapshot(ctx, s.r, req.Subvolume, ManualOwner, req.Name)
	if err != nil {
		return api.BtrfsSnapshot{}, err
	}
	return btrfsSnapshotOf(req.Subvolume, o), nil
}

// DeleteBtrfsSnapshot deletes an owned snapshot after the caller typed
// its path; btrfs.DeleteSnapshot deletes nothing that is not owned.
func (s *Service) DeleteBtrfsSnapshot(ctx context.Context, subvol, owner, name, confirm string) (api.Destroyed, error) {
	if err := checkSubvolume(subvol); err != nil {
		return api.Destroyed{}, err
	}
	if err := btrfs.CheckOwner(owner); err != nil {
		return api.Destroyed{}, err
	}
	if err := btrfs.CheckSnapshotName(name); err != nil {
		return api.Destroyed{}, err
	}
	path := filepath.Join(subvol, btrfs.OwnedDir, owner, name)
	if err := confirmed(confirm, path, "snapshot"); err != nil {
		return api.Destroyed{}, err
	}
	s.changing.Lock()
	defer s.changing.Unlock()
	if err := btrfs.DeleteSnapshot(ctx, s.r, subvol, owner, name); err != nil {
		return api.Destroyed{}, err
	}
	return api.Destroyed{Kind: api.ObjectBtrfsSubvol, Name: path}, nil
}

// checkSubvolume refuses a subvolume path btrfs would not be given.
func checkSubvolume(p string) error {
	if !filepath.IsAbs(p) || filepath.Clean(p) != p || strings.ContainsAny(p, "\n\t") {
		return &api.Error{Kind: api.KindBadRequest, Field: "subvolume", Message: "subvolume must be an absolute clean path"}
	}
	return nil
}
