// Package mhvtl writes and checks the configuration of an mhvtl virtual
// tape library (device.conf and library_contents.N, read by mhvtl's
// vtllibrary and vtltape daemons and by make_vtl_media), and lists the
// steps that start one. mhvtl is not packaged for Debian and needs its
// own kernel module, so nothing here runs it: the generated files are
// golden-tested (testdata/*.golden; `go test -update` rewrites them) and
// checked by Validate, which knows the rules mhvtl's parsers and scripts
// apply (learned from mhvtl's man pages, its generate_device_conf,
// generate_library_contents and make_vtl_media scripts and vtllibrary's
// sscanf formats, github.com/markh794/mhvtl at fc22cc6c).
//
// Numbering, as mtx will show it once the library runs: drives 0..n-1,
// storage slots 1..s, then the mail slots (MAP) s+1..s+m flagged
// IMPORT/EXPORT, all counted in mtx's "Slots".
package mhvtl
