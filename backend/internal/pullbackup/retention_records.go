package pullbackup

import (
	"bytes"
	"encoding/json"
	"sync"

	"bams/backend/api"
)

// recordCache keeps each host's snapshot records decoded, with the exact
// bytes they were decoded from. Decoding JSON is most of the cost of a
// plan over thousands of snapshots; a record whose stored bytes are
// unchanged decodes to the same value, so reusing it can never be stale.
type recordCache struct {
	mu    sync.Mutex
	hosts map[string]map[string]cachedRecord // host → snapshot name → record
}

type cachedRecord struct {
	raw  []byte
	snap api.Snapshot
}

func newRecordCache() *recordCache {
	return &recordCache{hosts: map[string]map[string]cachedRecord{}}
}

// snapshotRecords lists host's records, oldest first, as ListSnapshots
// does, decoding only records that are new or changed since the last
// call. Every read of a host's records goes through it (plans, the hosts
// list, snapshot listings, a run's base), so each is decoded once. The
// records are shared with the cache: copy one before changing it.
func (s *Service) snapshotRecords(host string) ([]api.Snapshot, error) {
	c := s.records
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.hosts[host]
	fresh := make(map[string]cachedRecord, len(old))
	snaps := []api.Snapshot{}
	err := s.store.EachSnapshotJSON(host, func(name string, raw []byte) error {
		rec, ok := old[name]
		if !ok || !bytes.Equal(rec.raw, raw) {
			rec = cachedRecord{raw: bytes.Clone(raw)}
			if err := json.Unmarshal(raw, &rec.snap); err != nil {
				return err
			}
		}
		fresh[name] = rec
		snaps = append(snaps, rec.snap)
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.hosts[host] = fresh
	return snaps, nil
}

// WarmRecords decodes every host's snapshot records once, so the first
// retention plan after bamsd starts costs no more than the next ones.
// bamsd runs it in the background at start-up.
func (s *Service) WarmRecords() error {
	hosts, err := s.store.ListHosts()
	if err != nil {
		return err
	}
	for _, h := range hosts {
		if _, err := s.snapshotRecords(h.Name); err != nil {
			return err
		}
	}
	return nil
}
