package baculasvc

import (
	"errors"
	"strings"
	"testing"

	"bams/backend/api"
)

func TestAllowConsole(t *testing.T) {
	allowed := []string{
		"list jobs", "llist jobs", "list jobid=3", "llist jobid=3", "list joblog jobid=1", "list jobmedia jobid=1",
		"list jobtotals", "list files jobid=1", "list volumes", "llist volumes pool=FilePool", "list pools",
		"list clients", "list media", "list jobs limit=5 order=desc jobstatus=T", "LIST JOBS",
		"show jobs", "show pools", "show clients", "show storages", "show filesets", "show schedules", "show job=BackupData",
		"status dir", "status client=test-fd", "status storage=File", "status schedule",
		"version", ".jobs", ".clients", ".pools", ".storage", ".filesets", ".schedule", "  list jobs  ",
	}
	for _, c := range allowed {
		if err := AllowConsole(c); err != nil {
			t.Errorf("%q refused: %v", c, err)
		}
	}
	refused := map[string]string{
		".sql query=\"select 1\"": "allow-list",
		".bvfs_update":            "allow-list",
		".bvfs_lsdirs jobid=1":    "allow-list",
		".api 2":                  "allow-list",
		"messages":                "allow-list",
		"status":                  "status needs exactly one",
		"status all":              "status needs exactly one",
		"status client=-x":        "status needs exactly one",
		"estimate job=BackupData": "allow-list",
		"delete jobid=1":          "allow-list",
		"purge":                   "allow-list",
		"run job=BackupData yes":  "allow-list",
		"@output /tmp/x":          "@-commands",
		"@exec /bin/sh":           "@-commands",
		"list jobs\nlist pools":   "more than one line",
		"list jobs\r":             "more than one line",
		"list jobs\x00":           "control characters",
		"list jobs\x1b[2J":        "control characters",
		"list\tjobs":              "printable ASCII",
		"show\u00a0jobs":          "printable ASCII",
		"list jobs\u2028":         "printable ASCII",
		"L\u0130ST jobs":          "printable ASCII",
		"list jobs\u0085":         "printable ASCII",
		"list jobs\xff":           "printable ASCII",
		"list jobs\x7f":           "printable ASCII",
		"":                        "empty",
		"list":                    "needs one of",
		"list storage":            "may list only",
		"list jobid":              "may list only",
		"list jobs jobid=1;purge": "selectors",
		"list jobs where=/":       "selectors",
		"show job=":               "show may show only",
		"show jobs extra":         "show may show only",
		"show messages":           "show may show only",
		"version now":             "no arguments",
		".jobs type=B":            "no arguments",
		"reload":                  "allow-list",
		"cancel jobid=1":          "allow-list",
	}
	for c, why := range refused {
		err := AllowConsole(c)
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Kind != api.KindBadRequest || ae.Field != "command" || !strings.Contains(ae.Message, why) {
			t.Errorf("%q: got %v, want a bad-request on command saying %q", c, err, why)
		}
	}
}
