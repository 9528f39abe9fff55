// Package integration holds the tests that run bamsd for real: real polkitd
// on a real D-Bus, real users switched to with setpriv, real process groups.
// `make test` sets up the machine-wide parts first (test/machine.sh) and
// runs these packages one at a time.
package integration
