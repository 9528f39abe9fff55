package repos

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
)

// countLimit bounds the walk that says what a delete loses: beyond it the
// answer says "at least".
const countLimit = 200_000

// Delete removes repository id and the storage BAMS made for it. It is
// refused while anything uses it (naming each user), and when it holds
// files unless confirm is its name; the answer says what was lost. A
// folder repository is only forgotten: BAMS did not make the folder, so
// it stays with its files.
func (s *Service) Delete(ctx context.Context, id, confirm string) (api.RepositoryDeleted, error) {
	r, err := s.record(id)
	if err != nil {
		return api.RepositoryDeleted{}, err
	}
	if r.ID == api.DefaultRepo {
		return api.RepositoryDeleted{}, &api.Error{Kind: api.KindConflict, Message: "the default repository is where new hosts go: it cannot be deleted"}
	}
	if !s.mu.TryLock() {
		return api.RepositoryDeleted{}, &api.Error{Kind: api.KindBusy, Message: "a repository is being created or deleted: try again when it is done"}
	}
	defer s.mu.Unlock()
	uses, err := s.uses(ctx)
	if err != nil {
		return api.RepositoryDeleted{}, err
	}
	if users := uses[r.ID]; len(users) > 0 {
		names := make([]string, len(users))
		for i, u := range users {
			names[i] = u.Kind + " " + u.Name
		}
		return api.RepositoryDeleted{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
			"repository %s is in use by %s: move or delete them first", r.ID, strings.Join(names, ", "))}
	}
	var held api.RepositoryContents
	if err := ready(s.sys, r); err == nil {
		held = count(r.Mountpoint)
	} else if r.Kind != api.RepoFolder && confirm != r.Name {
		// Not mounted: what it holds cannot be counted, so it may hold anything.
		return api.RepositoryDeleted{}, &api.Error{Kind: api.KindBadRequest, Field: "confirm", Message: fmt.Sprintf(
			"%s; what it holds cannot be counted, and all of it is lost: give confirm=%s to delete it", err.Error(), r.Name)}
	}
	if held.Files > 0 && confirm != r.Name {
		what := "they are lost"
		if r.Kind == api.RepoFolder {
			what = "they stay in " + r.Mountpoint + ", the repository is only forgotten"
		}
		return api.RepositoryDeleted{}, &api.Error{Kind: api.KindBadRequest, Field: "confirm", Message: fmt.Sprintf(
			"repository %s holds %s files (%s bytes): %s; give confirm=%s to delete it", r.ID, atLeast(held.Partial, held.Files),
			atLeast(held.Partial, held.Bytes), what, r.Name)}
	}
	if confirm != "" && confirm != r.Name {
		return api.RepositoryDeleted{}, invalid("confirm", "confirm must be the repository's name, %s", r.Name)
	}
	out := api.RepositoryDeleted{ID: r.ID, Lost: held}
	switch r.Kind {
	case api.RepoFolder:
		out.Lost, out.Kept = api.RepositoryContents{}, r.Mountpoint
	case api.RepoBtrfsSubvol:
		err = btrfs.DeleteSubvolume(ctx, s.runner, r.Mountpoint)
	default:
		err = s.destroyOwnMount(ctx, r)
	}
	if err != nil {
		return api.RepositoryDeleted{}, err
	}
	return out, s.store.DeleteRepository(r.ID)
}

func atLeast(partial bool, n int64) string {
	if partial {
		return fmt.Sprintf("at least %d", n)
	}
	return fmt.Sprint(n)
}

// count walks dir (never following symlinks) counting files and their
// bytes, up to countLimit entries.
func count(dir string) api.RepositoryContents {
	var c api.RepositoryContents
	seen := 0
	errStop := errors.New("stop")
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		if seen++; seen > countLimit {
			c.Partial = true
			return errStop
		}
		if !d.IsDir() {
			c.Files++
			if info, err := d.Info(); err == nil {
				c.Bytes += info.Size()
			}
		}
		return nil
	})
	return c
}
