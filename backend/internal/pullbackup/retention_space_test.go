package pullbackup

import (
	"testing"

	"bams/backend/api"
)

// A bad kind is refused before any task starts, naming the field.
func TestRetentionSpaceRefusesABadKind(t *testing.T) {
	s := newService(t)
	s.CreateHost(validHost())
	if _, err := s.StartRetentionSpace("web1", api.RetentionSpaceRequest{Kind: "weekly"}, api.Caller{}); fieldOf(err) != "kind" {
		t.Fatalf("kind weekly: %v", err)
	}
	if _, err := s.StartRetentionSpace("nohost", api.RetentionSpaceRequest{}, api.Caller{}); kindOf(err) != api.KindNotFound {
		t.Fatalf("unknown host: %v", err)
	}
}
