// Package lsscsi runs `lsscsi -g` and reads its listing into the medium
// changers (type mediumx) and tape drives (type tape) of the machine,
// with their sg nodes (what mtx and sg_logs open), their st nodes and the
// non-rewinding nst nodes Bacula's storage daemon uses. Other devices are
// kept but not interpreted.
//
// The listing is fixed-width columns (lsscsi's "%-8s" type, vendor and
// "%-16s" model) whose values may hold spaces ("Ultrium 5-SCSI"), so the
// parser reads the vendor and model by column and the rest by field. A
// node lsscsi could not find prints as "-": a changer without the ch
// driver, or a container without the device nodes (both recorded). The
// recorded and public listings are in testdata/ (README.md there).
package lsscsi
