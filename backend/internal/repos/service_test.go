package repos

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

// usesFake reports fixed uses.
type usesFake []api.StorageUse

func (u usesFake) StorageUses(context.Context) ([]api.StorageUse, error) { return u, nil }

// newStore is a store (its default repository <dir>/backups) and a task
// manager in a fresh folder dir.
func newStore(t *testing.T) (*store.Store, *tasks.Manager, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "bams.db"), store.Options{BackupRoot: filepath.Join(dir, "backups")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m := tasks.NewManager(st, events.NewHub(), tasks.Options{StallAfter: time.Hour, History: time.Hour})
	t.Cleanup(func() { m.Shutdown(context.Background()) })
	return st, m, dir
}

// newService runs the machine's own tools.
func newService(t *testing.T, users ...UseReporter) (*Service, string) {
	t.Helper()
	st, m, dir := newStore(t)
	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: time.Minute}
	return New(Options{Store: st, Tasks: m, Runner: r, Users: users, Reserved: []string{filepath.Join(dir, "restore")}}), dir
}

// create runs a create to its end and returns the task as it finished.
func create(t *testing.T, s *Service, req api.RepositoryCreate) api.Task {
	t.Helper()
	task, err := s.StartCreate(context.Background(), req, api.Caller{UID: 0})
	if err != nil {
		t.Fatalf("create %+v: %v", req, err)
	}
	for i := 0; i < 500; i++ {
		got, err := s.tasks.Get(task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != api.TaskQueued && got.State != api.TaskRunning {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("task %s did not finish", task.ID)
	return api.Task{}
}

func kindOf(err error) (api.ErrorKind, string) {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Kind, ae.Field
	}
	return "", ""
}

// A folder repository: checked, made private, recorded, listed with its
// filesystem's figures and the default repository beside it.
func TestFolderRepository(t *testing.T) {
	s, dir := newService(t)
	folder := filepath.Join(dir, "big")
	os.Mkdir(folder, 0o755)
	if task := create(t, s, api.RepositoryCreate{Name: "big", Kind: api.RepoFolder, Path: folder}); task.State != api.TaskSucceeded {
		t.Fatalf("task %+v", task)
	}
	if st, _ := os.Stat(folder); st.Mode().Perm() != 0o700 {
		t.Errorf("mode %v, want 0700", st.Mode().Perm())
	}
	list, err := s.List(context.Background())
	if err != nil || len(list) != 2 || list[0].ID != "big" || list[1].ID != api.DefaultRepo {
		t.Fatalf("list %+v %v", list, err)
	}
	big := list[0]
	if big.Kind != api.RepoFolder || big.Mountpoint != folder || big.Backing != (api.StorageObject{Kind: api.ObjectFolder, Name: folder}) ||
		big.Health != api.RepoHealthOnline || big.Size == 0 || big.Free == 0 || big.Created.IsZero() {
		t.Errorf("repository %+v", big)
	}
	// the default one's folder is made at the first backup: until then it is unavailable
	if list[1].Health != api.RepoHealthAbsent {
		t.Errorf("default %+v", list[1])
	}
	uses, err := s.StorageUses(context.Background())
	if err != nil || len(uses) != 2 || uses[0].Object == nil || *uses[0].Object != big.Backing || uses[0].User.Kind != api.UserRepository {
		t.Errorf("uses %+v %v", uses, err)
	}
}

// Bad requests name their field and change nothing.
func TestCreateRefusesBadInput(t *testing.T) {
	s, dir := newService(t)
	folder := filepath.Join(dir, "f")
	os.Mkdir(folder, 0o700)
	os.Symlink(folder, filepath.Join(dir, "link"))
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o600)
	os.MkdirAll(filepath.Join(dir, "restore", "in"), 0o700)
	for _, c := range []struct {
		req   api.RepositoryCreate
		kind  api.ErrorKind
		field string
	}{
		{api.RepositoryCreate{Name: "-x", Kind: api.RepoFolder, Path: folder}, api.KindBadRequest, "name"},
		{api.RepositoryCreate{Name: "Big", Kind: api.RepoFolder, Path: folder}, api.KindBadRequest, "name"},
		{api.RepositoryCreate{Name: "default", Kind: api.RepoFolder, Path: folder}, api.KindConflict, "name"},
		{api.RepositoryCreate{Name: "x", Kind: "tape", Path: folder}, api.KindBadRequest, "kind"},
		{api.RepositoryCreate{Name: "x", Kind: api.RepoFolder, Path: folder, Size: 5}, api.KindBadRequest, "size"},
		{api.RepositoryCreate{Name: "x", Kind: api.RepoFolder, Path: "rel"}, api.KindBadRequest, "path"},
		{api.RepositoryCreate{Name: "x", Kind: api.RepoFolder, Path: folder + "/"}, api.KindBadRequest, "path"},
		{api.RepositoryCreate{Name: "x", Kind: api.RepoFolder, Path: "/etc/bams"}, api.KindBadRequest, "path"},
		{api.RepositoryCreate{Name: "x", Kind: api.RepoFolder, Path: filepath.Join(dir, "link")}, api.KindBadRequest, "path"},
		{api.RepositoryCreate{Name: "x", Kind: api.RepoFolder, Path: filepath.Join(dir, "file")}, api.KindBadRequest, "path"},
		{api.RepositoryCreate{Name: "x", Kind: api.RepoFolder, Path: filepath.Join(dir, "none")}, api.KindBadRequest, "path"},
		// inside the default repository, and holding it
		{api.RepositoryCreate{Name: "x", Kind: api.RepoFolder, Path: dir}, api.KindConflict, "path"},
		{api.RepositoryCreate{Name: "x", Kind: api.RepoFolder, Path: filepath.Join(dir, "restore", "in")}, api.KindConflict, "path"},
		{api.RepositoryCreate{Name: "x", Kind: api.RepoBtrfsSubvol, Path: filepath.Join(folder, "sub")}, api.KindBadRequest, "path"},
	} {
		_, err := s.StartCreate(context.Background(), c.req, api.Caller{})
		if k, f := kindOf(err); k != c.kind || f != c.field {
			t.Errorf("%+v: got %v, want %s naming %s", c.req, err, c.kind, c.field)
		}
	}
	if list, _ := s.store.ListRepositories(); len(list) != 1 {
		t.Errorf("a refused create left %+v", list)
	}
}

// A delete is refused while anything uses the repository, naming each
// user; one holding files needs its name; a folder is only forgotten.
func TestDeleteGuard(t *testing.T) {
	host := api.StorageUse{Repository: "big", User: api.StorageUser{Kind: api.UserHost, ID: "web1", Name: "web1"}}
	dev := api.StorageUse{Repository: "big", User: api.StorageUser{Kind: api.UserBaculaDevice, ID: "FileBig", Name: "FileBig"}}
	users := &usesFake{host, dev}
	s, dir := newService(t, users)
	folder := filepath.Join(dir, "big")
	os.MkdirAll(filepath.Join(folder, "web1", "snap"), 0o700)
	os.WriteFile(filepath.Join(folder, "web1", "snap", "a"), []byte("hello"), 0o600)
	create(t, s, api.RepositoryCreate{Name: "big", Kind: api.RepoFolder, Path: folder})

	got, _ := s.Get(context.Background(), "big")
	if len(got.UsedBy) != 2 || got.UsedBy[0] != host.User || got.UsedBy[1] != dev.User {
		t.Errorf("used by %+v", got.UsedBy)
	}
	_, err := s.Delete(context.Background(), "big", "big")
	if k, _ := kindOf(err); k != api.KindConflict || !strings.Contains(err.Error(), "host web1") || !strings.Contains(err.Error(), "bacula-device FileBig") {
		t.Fatalf("delete in use: %v", err)
	}
	*users = nil
	_, err = s.Delete(context.Background(), "big", "")
	if k, f := kindOf(err); k != api.KindBadRequest || f != "confirm" || !strings.Contains(err.Error(), "1 files (5 bytes)") {
		t.Fatalf("delete without confirm: %v", err)
	}
	if _, err := s.Delete(context.Background(), "big", "bog"); err == nil {
		t.Fatal("a wrong name deleted it")
	}
	res, err := s.Delete(context.Background(), "big", "big")
	if err != nil || res.Kept != folder || res.Lost.Files != 0 {
		t.Fatalf("delete %+v %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(folder, "web1", "snap", "a")); err != nil {
		t.Errorf("a folder repository's files went: %v", err)
	}
	if _, err := s.Get(context.Background(), "big"); err == nil {
		t.Error("still recorded")
	}
	if _, err := s.Delete(context.Background(), api.DefaultRepo, api.DefaultRepo); err == nil {
		t.Error("the default repository was deleted")
	}
}

// Folders resolves a repository for the features, and says which one
// holds a folder.
func TestFolders(t *testing.T) {
	s, dir := newService(t)
	f := NewFolders(s.store, s.sys)
	if got, err := f.Folder(api.DefaultRepo); err != nil || got != filepath.Join(dir, "backups") {
		t.Fatalf("default: %s %v", got, err)
	}
	if _, err := f.Folder("nope"); err == nil {
		t.Fatal("no error for a missing repository")
	} else if k, field := kindOf(err); k != api.KindBadRequest || field != "repository" {
		t.Fatalf("missing repository: %v", err)
	}
	for dirIn, want := range map[string]string{filepath.Join(dir, "backups", "bacula"): api.DefaultRepo, filepath.Join(dir, "backupsx"): "", "/": ""} {
		if got, err := f.Holding(dirIn); err != nil || got != want {
			t.Errorf("holding %s: %q %v, want %q", dirIn, got, err, want)
		}
	}
	// a repository with a mount of its own takes nothing while unmounted
	s.store.CreateRepository(api.Repository{ID: "ds", Name: "ds", Kind: api.RepoZFSDataset, Mountpoint: dir})
	if _, err := f.Folder("ds"); err == nil || !strings.Contains(err.Error(), "not mounted") {
		t.Errorf("unmounted: %v", err)
	}
}

// A failed step undoes the steps before it, newest first, and records
// nothing.
func TestCreateUndoesOnFailure(t *testing.T) {
	s, _ := newService(t)
	var order []string
	p := plan{rec: api.Repository{ID: "x", Name: "x", Kind: api.RepoFolder, Mountpoint: "/srv/x"}, steps: []step{
		{what: "one", do: func(context.Context) error { return nil }, undo: func(context.Context) error { order = append(order, "undo one"); return nil }},
		{what: "two", do: func(context.Context) error { return nil }, undo: func(context.Context) error { order = append(order, "undo two"); return nil }},
		{what: "three", do: func(context.Context) error { return errors.New("disk on fire") }},
	}}
	task, _ := s.tasks.Start(TaskCreate, "x", api.ActionManage, api.Caller{}, func(ctx context.Context, run *tasks.Run) error {
		return s.create(ctx, run, p)
	})
	for i := 0; i < 500; i++ {
		if got, _ := s.tasks.Get(task.ID); got.State == api.TaskFailed {
			if !strings.Contains(got.Error, "three: disk on fire") {
				t.Errorf("error %q", got.Error)
			}
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if strings.Join(order, ",") != "undo two,undo one" {
		t.Errorf("undone %v", order)
	}
	if _, err := s.store.GetRepository("x"); err == nil {
		t.Error("recorded after a failure")
	}
}

func slogDiscard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
