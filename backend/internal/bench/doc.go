// Package bench measures bamsd as a whole: load on the API through polkit,
// start-up time and idle memory. Run with `make bench`; the figures are
// reported with b.ReportMetric, never asserted (timings are not pass/fail).
package bench
