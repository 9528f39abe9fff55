// Package sglogs runs sg_logs (sg3-utils) for a tape drive's TapeAlert
// log page (`sg_logs --page=0x2e DEV`) and reads it into the flags that
// are set: "Cleaning required" (TapeAlert's Clean now, 20), "Cleaning
// requested" (Clean periodic, 21), "Expired cleaning media" (22), media
// and hardware failures. Each flag has its TapeAlert number and its
// severity from the SSC TapeAlert table, whichever name sg_logs gave it.
//
// Drives clear the flags when the page is read (the drive manuals say
// so), so one reader must own it: read, keep, and alert from what was
// kept. The recorded sample is in testdata/ (README.md there).
package sglogs
