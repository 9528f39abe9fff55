package server

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"bams/backend/internal/store"
)

// The bundle route streams a .tar.gz and leaves an audit record, though
// it is a GET.
func TestDiagnosticsBundleRoute(t *testing.T) {
	s, st := testServerAndStore(t)
	peer := &Peer{UID: 0, PID: int32(os.Getpid())}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/diagnostics/bundle", nil).WithContext(context.WithValue(context.Background(), peerKey{}, peer))
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/gzip" ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "bams-diagnostics-") {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	gz, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	h, err := tar.NewReader(gz).Next()
	if err != nil || h.Name != "bams-diagnostics/version.txt" {
		t.Fatalf("first entry %+v %v", h, err)
	}
	recs, _, err := st.ListAudit(store.AuditFilter{}, "", 10)
	if err != nil || len(recs) != 1 || recs[0].Path != "/api/v1/diagnostics/bundle" || recs[0].Action != "org.bams.manage" {
		t.Fatalf("audit %+v %v", recs, err)
	}
}
