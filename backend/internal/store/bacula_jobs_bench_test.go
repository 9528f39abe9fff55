package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"bams/backend/api"
)

// BenchmarkBaculaHistoryPage: a filtered page of 100 (status, client,
// time) from an index of 10 000 jobs, the hot path of GET
// /api/v1/backup/history and of the jobs list's last runs.
func BenchmarkBaculaHistoryPage(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "bams.db"), Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	runs := make([]api.BaculaRun, 0, 10000)
	for i := int64(1); i <= 10000; i++ {
		start, end := base.Add(time.Duration(i)*time.Hour), base.Add(time.Duration(i)*time.Hour+5*time.Minute)
		status := "ok"
		if i%7 == 0 {
			status = "error"
		}
		runs = append(runs, api.BaculaRun{JobID: i, Name: fmt.Sprintf("Job%d", i%20), Job: fmt.Sprintf("Job%d.2026-01-01_00.00.00_%02d", i%20, i%100),
			Type: "B", Level: "I", Status: status, StatusCode: "T", StatusText: "Completed successfully", Done: true,
			Client: fmt.Sprintf("client%d-fd", i%10), Pool: "FilePool", FileSet: "TestSet", Started: &start, Ended: &end,
			Duration: 300, Files: i, Bytes: i * 1000})
	}
	if err := s.PutBaculaRuns(runs); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		f    BaculaRunFilter
	}{
		{"all", BaculaRunFilter{}},
		{"status", BaculaRunFilter{Statuses: []string{"ok"}}},
		{"client", BaculaRunFilter{Client: "client3-fd"}},
		{"time", BaculaRunFilter{Since: base.Add(2000 * time.Hour), Until: base.Add(4000 * time.Hour)}},
		{"status+client+time", BaculaRunFilter{Statuses: []string{"error"}, Client: "client3-fd", Until: base.Add(9000 * time.Hour)}},
		{"rare (scans all)", BaculaRunFilter{Client: "nosuch-fd"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := s.ListBaculaRuns(bc.f, "", 100); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
