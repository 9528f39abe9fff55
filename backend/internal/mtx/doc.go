// Package mtx runs mtx, the SCSI medium changer tool, and reads what it
// prints: `mtx status` (drives, storage slots, import/export "mail" slots,
// barcodes), `mtx inquiry`, and the SCSI sense reports mtx prints on
// stderr when a command fails. It moves cartridges (load, unload, slot to
// slot transfer, import and export through the mail slots), asks the
// library to re-scan (inventory), and says before anything runs whether a
// move can work at all (CheckMove): the source must hold a cartridge, the
// destination must be free, a drive another program uses is left alone,
// and a cleaning cartridge is never loaded as data.
//
// No changer exists on the machine the tests run on, so the parsers are
// tested on the recorded and public outputs in testdata/ (README.md there
// says where each comes from), and the flows run against the stateful fake
// mtx of testutil/fakemtx, which prints those same formats and errors.
//
// Facts about mtx that shape this package (mtx 1.3.12's own source):
//   - Slot numbers are mtx's 1-based storage element numbers, the mail
//     slots included (they come last and are flagged IMPORT/EXPORT); drive
//     numbers are 0-based. These are what argv takes, never SCSI element
//     addresses, but mtx's own error lines name the addresses.
//   - `load`/`unload` print "Loading media ...", "Unloading drive ..." on
//     stdout before the robot moves, without a newline; a failure's sense
//     report follows on stderr, so a combined capture joins them.
//   - mtx prefixes its own fatal errors with argv[0], which is the full
//     path when run through execx: never match on a leading "mtx: ".
//   - Without a slot, `unload` puts the cartridge back where the library
//     says it came from; after a power cycle the library may not know
//     ("Full (Unknown Storage Element Loaded)"), and two drives may even
//     name the same slot (recorded). BAMS always passes the slot.
package mtx
