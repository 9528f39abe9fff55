package baculasvc

import (
	"testing"

	"bams/backend/api"
)

func TestParseShowClient(t *testing.T) {
	// Recorded `show client=test-fd` (Bacula 9.6.7).
	show := `Client: Name=test-fd Enabled=1 Address=127.0.0.1 FDport=29102 MaxJobs=1 NumJobs=0
      JobRetention=6 months  FileRetention=2 months  AutoPrune=1
  --> Catalog: name=TestCatalog address=*None* DBport=0 db_name=bacula
      db_driver=SQLite3 db_user= MutliDBConn=0
`
	want := api.BaculaClient{Enabled: true, Address: "127.0.0.1", Port: 29102, MaximumConcurrentJobs: 1, AutoPrune: true}
	if got := parseShowClient(show); got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}
