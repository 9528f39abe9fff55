package bacula

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// JobResource is a Job resource as `show jobs` / `show job=NAME` prints it.
type JobResource struct {
	Name     string
	Type     string // one letter: B backup, R restore, V verify, D admin ...
	Level    string // "Full", "Incremental" ...
	Enabled  bool
	Client   string
	FileSet  string
	Schedule string
	Pool     string
	Storage  string
	Messages string
	// Pools are every pool the job's lines name, each once: its Pool, a
	// level's (FullBackupPool, ...), the NextPool, also those of the
	// resources it refers to. While the job stays, none of them may go.
	Pools []string
}

var (
	// "Job: name=BackupData JobType=66 level=Full Priority=10 Enabled=1"
	showJob = regexp.MustCompile(`^Job: name=(\S+) JobType=(\d+) level=(\S*)(?: .*Enabled=(\d))?`)
	// "  --> Client: Name=test-fd ...", "  --> Pool: name=FilePool ..."
	showRef = regexp.MustCompile(`^\s+--> (\w+): [Nn]ame=(\S+)`)
)

// ParseJobResources reads `show jobs` or `show job=NAME` (Bacula 9.6): a
// "Job:" line per job, then the resources it uses, each on a "-->" line.
// A referenced resource's own nested lines (a Pool's Storage) are indented
// deeper and are not the job's.
func ParseJobResources(reply string) []JobResource {
	var jobs []JobResource
	for _, line := range strings.Split(reply, "\n") {
		line = strings.TrimRight(line, "\r ")
		if m := showJob.FindStringSubmatch(line); m != nil {
			jobs = append(jobs, JobResource{Name: m[1], Type: jobTypeLetter(m[2]), Level: m[3], Enabled: m[4] != "0"})
			continue
		}
		m := showRef.FindStringSubmatch(line)
		if m == nil || len(jobs) == 0 {
			continue
		}
		j := &jobs[len(jobs)-1]
		if strings.HasSuffix(m[1], "Pool") && !slices.Contains(j.Pools, m[2]) {
			j.Pools = append(j.Pools, m[2])
		}
		if !strings.HasPrefix(line, "  --> ") {
			continue
		}
		switch m[1] {
		case "Client":
			j.Client = m[2]
		case "FileSet":
			j.FileSet = m[2]
		case "Schedule":
			j.Schedule = m[2]
		case "Pool":
			if j.Pool == "" { // the job's Pool comes first; later ones are Full/Incr overrides
				j.Pool = m[2]
			}
		case "Storage":
			if j.Storage == "" {
				j.Storage = m[2]
			}
		case "Messages":
			j.Messages = m[2]
		}
	}
	return jobs
}

// jobTypeLetter: `show` prints the job type as the letter's character code.
func jobTypeLetter(code string) string {
	var n int
	for _, c := range code {
		n = n*10 + int(c-'0')
	}
	if n < 'A' || n > 'z' {
		return ""
	}
	return string(rune(n))
}

// ScheduledRun is one line of the director's "Scheduled Jobs" table.
type ScheduledRun struct {
	Job   string
	Level string
	At    time.Time
}

// ParseScheduled reads the "Scheduled Jobs:" table of `status dir` (or
// `status schedule`) in the director's zone loc: Level, Type, Pri,
// Scheduled ("22-Nov-26 03:00"), Job Name, Volume. "No Scheduled Jobs."
// gives none.
func ParseScheduled(reply string, loc *time.Location) []ScheduledRun {
	var runs []ScheduledRun
	in, rule := false, false
	for _, line := range strings.Split(reply, "\n") {
		line = strings.TrimRight(line, "\r ")
		switch {
		case strings.HasPrefix(line, "Scheduled Jobs:"):
			in, rule = true, false
			continue
		case !in:
			continue
		case strings.HasPrefix(line, "===="):
			if rule {
				in = false // the closing rule
			}
			rule = true
			continue
		}
		f := strings.Fields(line)
		if !rule || len(f) < 6 {
			continue
		}
		at, err := time.ParseInLocation("02-Jan-06 15:04", f[3]+" "+f[4], loc)
		if err != nil {
			continue
		}
		runs = append(runs, ScheduledRun{Job: f[5], Level: f[0], At: at})
	}
	return runs
}
