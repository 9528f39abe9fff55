// Package api holds the wire types of the bamsd HTTP API: every request and
// response body, the error shape and its kinds, and the polkit action ids.
//
// It imports nothing of the project, so the daemon, backend/client, bamsctl
// and tests all agree on one definition of what crosses the socket.
package api
