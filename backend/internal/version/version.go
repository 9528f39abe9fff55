// Package version carries the build's version, set with -ldflags -X.
package version

// Version is replaced at link time by the Makefile (git describe).
var Version = "dev"
