package store

import (
	"testing"

	"bams/backend/api"

	bolt "go.etcd.io/bbolt"
)

func TestReplicationRecords(t *testing.T) {
	s := openAt(t, len(migrations), func(*bolt.Tx) error { return nil })
	r := api.ReplicationTask{ReplicationConfig: api.ReplicationConfig{Name: "offsite", Kind: api.ReplicationZFS, Source: "tank/web"}}
	if err := s.PutReplication(r, true); err != nil {
		t.Fatal(err)
	}
	if err := s.PutReplication(r, true); err != ErrExists {
		t.Errorf("a second create: %v, want ErrExists", err)
	}
	got, err := s.UpdateReplication("offsite", func(t *api.ReplicationTask) error { t.BytesSent = 42; return nil })
	if err != nil || got.BytesSent != 42 {
		t.Errorf("update: %+v %v", got, err)
	}
	if list, _ := s.ListReplications(); len(list) != 1 || list[0].BytesSent != 42 {
		t.Errorf("list %+v", list)
	}
	if err := s.DeleteReplication("offsite"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetReplication("offsite"); err != ErrNotFound {
		t.Errorf("after delete: %v", err)
	}
}
