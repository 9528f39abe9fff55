package store

import "bams/backend/api"

// The desired iSCSI configuration: one record per target, keyed by its
// name. Records hold CHAP secrets; the iSCSI service never lets them out.

// PutISCSITarget stores t. create: refuse (ErrExists) a name that is
// taken; otherwise refuse (ErrNotFound) one that is not.
func (s *Store) PutISCSITarget(t api.ISCSITarget, create bool) error {
	return putNamed(s, bucketISCSI, t.Name, t, create)
}

// GetISCSITarget returns one target.
func (s *Store) GetISCSITarget(name string) (api.ISCSITarget, error) {
	return getNamed[api.ISCSITarget](s, bucketISCSI, name)
}

// ListISCSITargets returns every target, by name.
func (s *Store) ListISCSITargets() ([]api.ISCSITarget, error) {
	return listNamed[api.ISCSITarget](s, bucketISCSI)
}

// DeleteISCSITarget removes a target from the desired configuration.
func (s *Store) DeleteISCSITarget(name string) error { return deleteNamed(s, bucketISCSI, name) }
