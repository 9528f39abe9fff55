// Package server is bamsd's HTTP layer: the route table, peer credentials,
// polkit authorization, the audit trail of mutating requests, and handlers
// that decode, call one service, and encode. It is the only package that
// knows chi, peer credentials and polkit.
package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"bams/backend/api"
	"bams/backend/internal/alerts"
	"bams/backend/internal/audit"
	"bams/backend/internal/baculasvc"
	"bams/backend/internal/config"
	"bams/backend/internal/diagnostics"
	"bams/backend/internal/events"
	"bams/backend/internal/iscsisvc"
	"bams/backend/internal/logs"
	"bams/backend/internal/notify"
	"bams/backend/internal/polkit"
	"bams/backend/internal/pullbackup"
	"bams/backend/internal/replication"
	"bams/backend/internal/repos"
	"bams/backend/internal/samples"
	"bams/backend/internal/selfcheck"
	"bams/backend/internal/snaptasks"
	"bams/backend/internal/storagesvc"
	"bams/backend/internal/tapesvc"
	"bams/backend/internal/tasks"
)

// Authorizer answers polkit questions (polkit.Authority in production).
type Authorizer interface {
	Check(ctx context.Context, s polkit.Subject, action string) (bool, error)
}

// Deps are the services the handlers call.
type Deps struct {
	Config      config.Config
	Tasks       *tasks.Manager
	Hub         *events.Hub
	Polkit      Authorizer
	Selfcheck   *selfcheck.Service
	Backups     *pullbackup.Service
	Bacula      *baculasvc.Service
	Storage     *storagesvc.Service
	Repos       *repos.Service
	ISCSI       *iscsisvc.Service
	Tape        *tapesvc.Service
	Audit       *audit.Trail
	Log         *slog.Logger
	Version     string
	Alerts      *alerts.Engine
	Notify      *notify.Service
	Logs        *logs.Service
	Diagnostics *diagnostics.Service
	Metrics     http.Handler // GET /metrics (metrics.Metrics.Handler)
	Samples     *samples.Sampler
	SnapTasks   *snaptasks.Service
	Replication *replication.Service
}

// Server serves the API on a Unix socket.
type Server struct {
	Deps
	limit    denialLimit
	started  time.Time
	http     *http.Server
	stopping chan struct{} // closed on Shutdown: ends event streams
	pages    sync.Pool     // *bytes.Buffer for task pages, reused between requests
}

// New builds the server and its router.
func New(d Deps) *Server {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	s := &Server{Deps: d, started: time.Now(), stopping: make(chan struct{}),
		pages: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
	s.http = &http.Server{
		Handler:           s.router(routes()),
		ConnContext:       connContext,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    maxHeaderBytes,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(d.Log.Handler(), slog.LevelWarn),
	}
	return s
}

// Handler is the router (for tests that serve it themselves).
func (s *Server) Handler() http.Handler { return s.http.Handler }

// Serve accepts connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	err := s.http.Serve(newPeerListener(l, s.Config.Limits.ConnectionsPerUID))
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting, ends event streams, waits for requests in
// flight (or ctx), and writes the denials still being counted.
func (s *Server) Shutdown(ctx context.Context) error {
	close(s.stopping)
	err := s.http.Shutdown(ctx)
	s.Audit.Close()
	return err
}

// A request line longer than maxRequestURI is answered 414 before routing,
// so no handler, log or audit record ever holds it; a request head beyond
// maxHeaderBytes is refused by net/http itself (431, no JSON) while it is
// read. 16 KiB holds the longest legitimate one: a 4096-byte path that is
// not UTF-8, percent-encoded, in ?path=.
const (
	maxRequestURI  = 16 << 10
	maxHeaderBytes = 64 << 10
)

func limitURI(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.RequestURI) > maxRequestURI {
			errorResponse{&api.Error{Kind: api.KindURITooLong, Message: fmt.Sprintf(
				"the request's path and query are %d bytes; at most %d are accepted", len(r.RequestURI), maxRequestURI)}}.write(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// router serves table (routes(); a test may wrap the handlers).
func (s *Server) router(table []route) http.Handler {
	r := chi.NewRouter()
	r.Use(limitURI)
	for _, rt := range table {
		r.Method(rt.Method, rt.Pattern, s.dispatch(rt))
	}
	r.NotFound(func(w http.ResponseWriter, req *http.Request) {
		notFound("no route %s %s", req.Method, req.URL.Path).write(w)
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, req *http.Request) {
		errorResponse{&api.Error{Kind: api.KindMethodNotAllowed, Message: req.Method + " is not allowed on " + req.URL.Path}}.write(w)
	})
	return r
}
