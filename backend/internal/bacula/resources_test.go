package bacula

import (
	"os"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestParseJobResources(t *testing.T) {
	got := ParseJobResources(recorded(t, "show_job_BackupData.txt", "show job=BackupData"))
	want := JobResource{Name: "BackupData", Type: "B", Level: "Full", Enabled: true, Client: "test-fd",
		FileSet: "TestSet", Pool: "FilePool", Storage: "File", Messages: "Standard", Pools: []string{"FilePool"}}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	two := "Job: name=A JobType=82 level= Priority=10 Enabled=0\n  --> Schedule: name=Nightly\n" +
		"  --> Pool: name=P\n      --> Storage: name=Deep\n  --> Storage: name=S\nJob: name=B JobType=66 level=Incremental Priority=10 Enabled=1\n"
	got = ParseJobResources(two)
	if len(got) != 2 || !reflect.DeepEqual(got[0], JobResource{Name: "A", Type: "R", Schedule: "Nightly", Pool: "P", Storage: "S", Pools: []string{"P"}}) ||
		got[1].Name != "B" || got[1].Level != "Incremental" || !got[1].Enabled {
		t.Fatalf("got %+v", got)
	}
}

// A pool is in a job's Pools wherever the job names it: as its pool, a
// level's, the next pool.
func TestJobResourcePools(t *testing.T) {
	raw, err := os.ReadFile("testdata/show_jobs_pools.txt")
	if err != nil {
		t.Fatal(err)
	}
	show := string(raw)
	want := map[string][]string{"BackupData": {"FilePool"}, "Weekly": {"Other", "FilePool"}, "RestoreFiles": {"FilePool2"}}
	jobs := ParseJobResources(show)
	if len(jobs) != len(want) {
		t.Fatalf("got %+v", jobs)
	}
	for _, j := range jobs {
		if !slices.Equal(j.Pools, want[j.Name]) {
			t.Errorf("%s: pools %v, want %v", j.Name, j.Pools, want[j.Name])
		}
	}
	if jobs[1].Pool != "Other" {
		t.Errorf("Weekly's own pool: %q", jobs[1].Pool)
	}
}

func TestParseScheduled(t *testing.T) {
	for _, tc := range []struct {
		name, reply string
		want        []ScheduledRun
	}{
		{"none", recorded(t, "status_schedule.txt", "status schedule"), nil},
		{"two", "Scheduled Jobs:\nLevel          Type     Pri  Scheduled          Job Name           Volume\n" +
			"===================================================================================\n" +
			"Full           Backup    10  22-Nov-26 03:00    Extra              *unknown*\n" +
			"Incremental    Backup    10  23-Nov-26 23:05    Other              Vol-0001\n====\n\nRunning Jobs:\n",
			[]ScheduledRun{{"Extra", "Full", time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)},
				{"Other", "Incremental", time.Date(2026, 11, 23, 23, 5, 0, 0, time.UTC)}}},
	} {
		got := ParseScheduled(tc.reply, time.UTC)
		if len(got) != len(tc.want) {
			t.Fatalf("%s: got %+v", tc.name, got)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: got %+v, want %+v", tc.name, got[i], tc.want[i])
			}
		}
	}
}
