package server

import (
	"mime"
	"net/http"
	"time"

	"bams/backend/api"
)

// getDiagnosticsBundle streams the support bundle (.tar.gz, secrets
// redacted). It shows much of the appliance at once, so, unlike other
// GETs, each one leaves an audit record.
func (s *Server) getDiagnosticsBundle(r *request) response {
	start := time.Now()
	resp := streamResponse(func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/gzip")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": s.Diagnostics.Name()}))
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		if err := s.Diagnostics.Write(r.Context(), w); err != nil {
			s.Log.Warn("diagnostics bundle cut off", "err", err)
			panic(http.ErrAbortHandler)
		}
	})
	s.audit(r, api.ActionManage, resp, time.Since(start))
	return resp
}

// diagnosticsRoutes: the support bundle.
func diagnosticsRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/diagnostics/bundle", Action: api.ActionManage, handle: (*Server).getDiagnosticsBundle},
	}
}
