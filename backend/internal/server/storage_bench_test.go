package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/storagesvc"
	"bams/backend/internal/testutil/fakecmd"
)

// datasetServer serves the API over a zfs whose `zfs list` prints n
// snapshots (and, asked for filesystems, one per host): a fake that cats
// a recorded-format listing, about 8 MB for 100 000 snapshots.
func datasetServer(b *testing.B, n int) http.Handler {
	dir := b.TempDir()
	var snaps, fss strings.Builder
	for h := 0; h < 10; h++ {
		fmt.Fprintf(&fss, "tank/backups/host%d\tfilesystem\t%d\t1000000000\t%d\t/srv/host%d\n", h, 1<<30, 1<<20, h)
	}
	// zfs.SnapshotColumns: every fourth snapshot made by hand (no owner)
	for i := 0; i < n; i++ {
		owner := "snaptask:hourly"
		if i%4 == 0 {
			owner = "-"
		}
		fmt.Fprintf(&snaps, "tank/backups/host%d@bams-2026-%06d\t%d\t%d\t%d\t%s\t0\t\n", i%10, i, 81920+i, 21118976+i, 1795304818+i, owner)
	}
	for name, text := range map[string]string{"snaps": snaps.String(), "fss": fss.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	tools := fakecmd.New(b)
	tools.Script("zfs", fmt.Sprintf(`case "$*" in *snapshot*) exec cat %q;; *) exec cat %q;; esac`, filepath.Join(dir, "snaps"), filepath.Join(dir, "fss")))
	s := testServer(b, func(d *Deps) {
		d.Storage = storagesvc.New(storagesvc.Options{Runner: &execx.Runner{Path: tools.Path, Timeout: time.Minute, Log: d.Log}, Log: d.Log, Refresh: time.Hour})
	})
	return s.Handler()
}

func getPage(b *testing.B, h http.Handler, target string) api.DatasetList {
	req := httptest.NewRequest(http.MethodGet, target, nil).WithContext(context.WithValue(context.Background(), peerKey{}, &Peer{UID: 0, PID: int32(os.Getpid())}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var l api.DatasetList
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &l) != nil || len(l.Datasets) != 100 {
		b.Fatalf("%d %.300s", rec.Code, rec.Body.String())
	}
	return l
}

// A page of 100 snapshots through the API (routing, dispatch, the cached
// listing, JSON) with 100 000 present; the first page, which lists and
// parses them all, is left out (see BenchmarkDatasetFirstPage100kSnapshots).
func BenchmarkDatasetPage100kSnapshots(b *testing.B) {
	h := datasetServer(b, 100000)
	target := "/api/v1/disk/datasets?type=snapshots&pool=tank&cursor=50000&limit=100"
	if l := getPage(b, h, target); l.Total != 100000 || l.Next != "50100" {
		b.Fatalf("total %d next %s", l.Total, l.Next)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		getPage(b, h, target)
	}
}

// The first page after start or after a change BAMS made: zfs list of
// every snapshot (here a fake printing 7 MB), parsed, sorted and paged.
func BenchmarkDatasetFirstPage100kSnapshots(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		h := datasetServer(b, 100000)
		b.StartTimer()
		getPage(b, h, "/api/v1/disk/datasets?type=snapshots&limit=100")
	}
}

// A page of 100 of the Snapshots page's listing with 100 000 present,
// warm cache: unfiltered (a slice), by dataset (binary search), and by
// owner (a scan of every row). Target: under 50 ms each.
func BenchmarkZFSSnapshotPage100k(b *testing.B) {
	h := datasetServer(b, 100000)
	for _, c := range []struct{ name, query string }{
		{"all", "cursor=50000"},
		{"owner", "owner=snaptask%3Ahourly&cursor=50000"},
		{"owner-none", "owner=none&cursor=20000"},
		{"dataset", "dataset=tank%2Fbackups%2Fhost3&cursor=5000"},
	} {
		target := "/api/v1/zfs/snapshots?limit=100&" + c.query
		getSnapshotPage(b, h, target) // fills the cache
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				getSnapshotPage(b, h, target)
			}
		})
	}
}

func getSnapshotPage(b *testing.B, h http.Handler, target string) {
	req := httptest.NewRequest(http.MethodGet, target, nil).WithContext(context.WithValue(context.Background(), peerKey{}, &Peer{UID: 0, PID: int32(os.Getpid())}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var l api.ZFSSnapshotList
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &l) != nil || len(l.Snapshots) != 100 || l.Next == "" {
		b.Fatalf("%s: %d %.300s", target, rec.Code, rec.Body.String())
	}
}
