package store

import "bams/backend/api"

// Periodic snapshot tasks: one record per task, keyed by its name. The
// snapshots themselves live on the storage, named by their owner.

// PutSnapTask stores t. create: refuse (ErrExists) a name that is taken;
// otherwise refuse (ErrNotFound) one that is not.
func (s *Store) PutSnapTask(t api.SnapTask, create bool) error {
	return putNamed(s, bucketSnapTasks, t.Name, t, create)
}

// GetSnapTask returns one task.
func (s *Store) GetSnapTask(name string) (api.SnapTask, error) {
	return getNamed[api.SnapTask](s, bucketSnapTasks, name)
}

// ListSnapTasks returns every task, by name.
func (s *Store) ListSnapTasks() ([]api.SnapTask, error) {
	return listNamed[api.SnapTask](s, bucketSnapTasks)
}

// DeleteSnapTask removes a task's record.
func (s *Store) DeleteSnapTask(name string) error { return deleteNamed(s, bucketSnapTasks, name) }
