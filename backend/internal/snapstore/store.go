// Package snapstore is how one host's pull-backup snapshots sit on storage:
// staging a run, making it durable and committing it under its name,
// listing, opening a path inside, removing, and measuring what a removal
// frees. The pull-backup service speaks only to Store, so another layout
// (btrfs subvolumes, ZFS datasets) is one more implementation, not edits
// across the service. Tree, the hard-link tree, is the first; Subvolumes
// (btrfs) the second; Datasets (a ZFS dataset per host, a ZFS snapshot
// per run, owned by backup:<host>) the third.
//
// It holds no records and takes no locks: the service decides what may
// happen (its host lock, its records), this package does it safely on disk.
package snapstore

import (
	"context"
	"os"
	"regexp"
	"time"

	"bams/backend/api"
)

// Store is one host's snapshots. Names are snapshot names (ValidName) or
// staging names (StagingName); every method refuses anything else, so no
// name can reach outside the host's place.
type Store interface {
	// Dir is the one folder holding every snapshot and staging area of the
	// host: a run's rsync may write only below it (see the sandbox).
	Dir() string
	// List names the snapshots present, oldest first, and says of
	// everything else found there what it is ("name: why not a snapshot").
	List() (snapshots, other []string, err error)
	// Exists: a snapshot by that name is present. Anything else by that
	// name (a file, a symlink) is an error, never a snapshot.
	Exists(name string) (bool, error)
	// Path is where a snapshot's or staging area's files are: rsync's
	// destination, --link-dest base and restore source.
	Path(name string) string
	// InPlace: runs rewrite one working copy in place (every snapshot is
	// copy-on-write, so that never touches them) instead of building a
	// fresh tree that hard-links unchanged files from a base.
	InPlace() bool
	// Protected are names at the top of an in-place working copy that its
	// file system keeps there (ZFS's .zfs): a run never sends, deletes or
	// enters them.
	Protected() []string
	// Stage prepares the staging area of run id for pulling the relative
	// paths keep (a fresh, empty one; or the working copy, holding only
	// what is under keep); Stagings lists the ones earlier runs left that
	// may serve as a base, newest first; DropStaging removes one.
	Stage(id string, keep []string) (string, error)
	Stagings() ([]string, error)
	DropStaging(name string) error
	// Commit turns a staging area into snapshot snap.Name, durably, with
	// its metadata; only after it returns may the caller record it.
	Commit(staging string, snap api.Snapshot) error
	// Open gives a snapshot's files as a root that never leads outside it.
	Open(name string) (*os.Root, error)
	// Metadata is the record a snapshot carries about itself (nil: none
	// or unreadable); SetMetadata writes one where none is (os.ErrExist).
	Metadata(name string) *api.Snapshot
	SetMetadata(snap api.Snapshot) error
	// CanRemove says why Remove would refuse a present snapshot (nil: it
	// would not), so the service can ask before its record goes: a ZFS
	// hold or clone keeps record and snapshot.
	CanRemove(name string) error
	// Remove deletes a snapshot: its metadata first, then its data, so a
	// half-removed one can only ever be found again as unknown. Absent:
	// nothing to do.
	Remove(name string) error
	// Freed measures the space removing these snapshots together would
	// free; progress(i, entries) as it enters the i-th and every so often.
	Freed(ctx context.Context, names []string, progress func(i int, entries int64)) (freed, entries int64, err error)
}

// Snapshot names are their start time in UTC, so names sort in time order
// and never depend on the appliance's time zone.
const NameLayout = "2006-01-02T15-04-05Z"

var namePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$`)

// Name is the snapshot name of a run started at t.
func Name(t time.Time) string { return t.UTC().Format(NameLayout) }

// ValidName: name is a snapshot name.
func ValidName(name string) bool { return namePattern.MatchString(name) }

// Time is when a snapshot name says it was taken (zero if it is none).
func Time(name string) time.Time {
	t, _ := time.Parse(NameLayout, name)
	return t
}

// MetadataFile sits at the top of every snapshot, so a snapshot says what
// it is even without the database. Pulls never copy a host's file of that
// name (rsync excludes it), and it is not user data.
const MetadataFile = ".bams-snapshot.json"
