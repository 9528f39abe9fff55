package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"bams/backend/client"
)

// Every request the Go client can send (each exported method, called with
// placeholder arguments against a recording server) names a route of the
// table, with its method: a route renamed on one side only fails here.
func TestEveryClientCallHasARoute(t *testing.T) {
	table := chi.NewRouter()
	for _, rt := range routes() {
		table.MethodFunc(rt.Method, rt.Pattern, func(http.ResponseWriter, *http.Request) {})
	}
	sock := filepath.Join(t.TempDir(), "s")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]bool{}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.Method+" "+r.URL.EscapedPath()] = true
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound) // every call ends at once, with an error
		io.WriteString(w, `{"error":{"kind":"not-found","message":"recorded"}}`)
	})}
	go srv.Serve(ln)
	defer srv.Close()

	c := reflect.ValueOf(client.New(sock))
	calls := 0
	for i := 0; i < c.NumMethod(); i++ {
		m := c.Type().Method(i)
		args := placeholderArgs(m.Type)
		if args == nil || m.Name == "Raw" {
			continue // not a call to bamsd, or any route at all (bamsctl api)
		}
		calls++
		done := make(chan struct{})
		go func() { defer close(done); c.Method(i).Call(args) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			t.Errorf("%s did not return after a 404", m.Name)
		}
	}
	if calls < 40 || len(seen) < 40 {
		t.Fatalf("%d client methods sent %d requests: the walk is broken", calls, len(seen))
	}
	for req := range seen {
		method, path, _ := strings.Cut(req, " ")
		if !table.Match(chi.NewRouteContext(), method, path) {
			t.Errorf("the client sends %s, which no route serves", req)
		}
	}
}

// placeholderArgs fills a method's parameters (after the receiver) with
// values good enough to build a request; nil when it takes no context.
func placeholderArgs(ft reflect.Type) []reflect.Value {
	if ft.NumIn() < 2 || ft.In(1) != reflect.TypeOf((*context.Context)(nil)).Elem() {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	_ = cancel // ends with its timeout: the call may outlive this function
	args := []reflect.Value{reflect.ValueOf(ctx)}
	for j := 2; j < ft.NumIn(); j++ {
		in := ft.In(j)
		switch {
		case in.Kind() == reflect.String:
			args = append(args, reflect.ValueOf("x").Convert(in))
		case in.Kind() >= reflect.Int && in.Kind() <= reflect.Int64:
			args = append(args, reflect.ValueOf(int64(7)).Convert(in))
		case in == reflect.TypeOf((*io.Writer)(nil)).Elem():
			args = append(args, reflect.ValueOf(io.Discard))
		default:
			args = append(args, reflect.Zero(in))
		}
	}
	return args
}
