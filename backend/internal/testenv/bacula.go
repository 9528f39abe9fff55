package testenv

import (
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Bacula is a real Bacula 9.6 stack for one test, as in
// shared/recipes/bacula: director with an SQLite3 catalog, a storage
// daemon with a File device, a file daemon, all on loopback ports chosen
// free, in a temporary working folder. No systemd: each daemon is a child
// of the test (-f), stopped by PID when the test ends.
type Bacula struct {
	Work          string // layout: etc/ dir/ sd/ fd/ run/ log/ storage/ data/ restore/
	ConsoleConfig string // bconsole.conf for the test's console
	Data          string // what the BackupData and SlowBackup jobs back up (~1 MB)
	// DirectorConfig is bacula-dir.conf; it includes every *.conf in
	// ResourceDir (empty at start), where BAMS writes its resources.
	DirectorConfig string
	ResourceDir    string
	DirPort        int
	FDPort         int
	SDPort         int
	t              testing.TB
	daemons        map[string]*daemon // "dir", "sd", "fd"
}

type daemon struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

// Jobs in the test director: BackupData (Full, no schedule), RestoreFiles,
// and SlowBackup, the same files at 100 kB/s (about 10 s) for tests that
// need a job still running.
const (
	BaculaBackupJob  = "BackupData"
	BaculaSlowJob    = "SlowBackup"
	BaculaRestoreJob = "RestoreFiles"
	baculaSchema     = "/usr/share/dbconfig-common/data/bacula-director-sqlite3/install/sqlite3"
)

// RequireBacula skips (or fails, when integration is required) unless the
// Bacula daemons, bconsole and sqlite3 are installed (scripts/deps-bacula.txt).
func RequireBacula(t testing.TB) {
	t.Helper()
	for _, b := range []string{"/usr/sbin/bacula-dir", "/usr/sbin/bacula-sd", "/usr/sbin/bacula-fd", "/usr/sbin/bconsole", "/usr/bin/sqlite3", baculaSchema} {
		if _, err := os.Stat(b); err != nil {
			Missing(t, "%s not installed (apt-get install bacula-director bacula-director-sqlite3 bacula-sd bacula-fd bacula-console)", b)
		}
	}
}

// StartBacula writes the configs, creates the catalog, starts sd, fd and
// dir, and waits until all three listen and the director answers bconsole.
func StartBacula(t testing.TB) *Bacula {
	t.Helper()
	RequireBacula(t)
	work := t.TempDir()
	b := &Bacula{Work: work, ConsoleConfig: filepath.Join(work, "etc", "bconsole.conf"), Data: filepath.Join(work, "data"),
		DirectorConfig: filepath.Join(work, "etc", "bacula-dir.conf"), ResourceDir: filepath.Join(work, "etc", "bams.d"),
		DirPort: freePort(t, "127.0.0.1"), FDPort: freePort(t, "127.0.0.1"), SDPort: freePort(t, "127.0.0.1"),
		t: t, daemons: map[string]*daemon{}}
	for _, d := range []string{"etc", "dir", "sd", "fd", "run", "log", "storage", "data/sub", "restore", "etc/bams.d"} {
		if err := os.MkdirAll(filepath.Join(work, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	random := make([]byte, 1<<20)
	_, _ = rand.Read(random)
	for name, content := range map[string][]byte{"a.txt": []byte("alpha\n"), "sub/b.txt": []byte("beta\n"), "random.bin": random} {
		if err := os.WriteFile(filepath.Join(b.Data, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := strings.NewReplacer("@WORKDIR@", work, "@DIR_PORT@", strconv.Itoa(b.DirPort),
		"@FD_PORT@", strconv.Itoa(b.FDPort), "@SD_PORT@", strconv.Itoa(b.SDPort))
	// The templates in test/bacula are shared with the browser tests' stack.
	for _, name := range []string{"bacula-dir.conf", "bacula-sd.conf", "bacula-fd.conf", "bconsole.conf"} {
		tmpl, err := os.ReadFile(repoFile("test", "bacula", name+".in"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, "etc", name), []byte(r.Replace(string(tmpl))), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// The catalog is <director WorkingDirectory>/<dbname>.db.
	schema, err := os.Open(baculaSchema)
	if err != nil {
		t.Fatal(err)
	}
	defer schema.Close()
	mk := exec.Command("sqlite3", filepath.Join(work, "dir", "bacula.db"))
	mk.Stdin = schema
	if out, err := mk.CombinedOutput(); err != nil {
		t.Fatalf("creating the catalog: %v: %s", err, out)
	}
	for _, d := range []string{"dir", "sd", "fd"} {
		if out, err := exec.Command("/usr/sbin/bacula-"+d, "-t", "-c", b.conf(d)).CombinedOutput(); err != nil {
			t.Fatalf("bacula-%s -t: %v: %s", d, err, out)
		}
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("bacula logs:\n%s", b.logs())
		}
		for _, d := range []string{"dir", "fd", "sd"} {
			b.stop(d)
		}
	})
	// sd and fd first: only the director needs them, and only once a job runs.
	for _, d := range []string{"sd", "fd", "dir"} {
		b.start(d)
	}
	b.waitListening(b.SDPort, b.FDPort, b.DirPort)
	if out := b.Console("version"); !strings.Contains(out, "Version: ") {
		t.Fatalf("bconsole cannot talk to the director:\n%s", out)
	}
	return b
}

func (b *Bacula) conf(d string) string {
	return filepath.Join(b.Work, "etc", "bacula-"+d+".conf")
}

func (b *Bacula) start(d string) {
	b.t.Helper()
	log, err := os.OpenFile(filepath.Join(b.Work, "log", d+".out"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		b.t.Fatal(err)
	}
	defer log.Close()
	// -f: stay in the foreground, so the PID is the daemon's.
	cmd := exec.Command("/usr/sbin/bacula-"+d, "-f", "-c", b.conf(d))
	cmd.Stdout, cmd.Stderr = log, log
	// A test binary that dies must not leave daemons behind.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		b.t.Fatalf("bacula-%s: %v", d, err)
	}
	dm := &daemon{cmd: cmd, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(dm.exited) }()
	b.daemons[d] = dm
}

// stop sends SIGTERM (bacula daemons exit with status 15 on it), waits 5 s,
// then kills. Idempotent.
func (b *Bacula) stop(d string) {
	dm := b.daemons[d]
	if dm == nil {
		return
	}
	delete(b.daemons, d)
	_ = dm.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-dm.exited:
	case <-time.After(5 * time.Second):
		_ = dm.cmd.Process.Kill()
		<-dm.exited
	}
}

// StopDirector stops bacula-dir (sd and fd keep running).
func (b *Bacula) StopDirector() { b.stop("dir") }

// StartDirector starts bacula-dir again and waits until it listens.
func (b *Bacula) StartDirector() {
	b.t.Helper()
	if b.daemons["dir"] != nil {
		b.t.Fatal("bacula-dir already runs")
	}
	b.start("dir")
	b.waitListening(b.DirPort)
}

// waitListening polls /proc/net/tcp for LISTEN sockets on ports; a TCP
// connect would log a security alert in the director (recipe gotcha G6).
func (b *Bacula) waitListening(ports ...int) {
	b.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		tcp, _ := os.ReadFile("/proc/net/tcp")
		all := true
		for _, p := range ports {
			re := regexp.MustCompile(fmt.Sprintf(`(?m)^\s*\d+: 0100007F:%04X \S+ 0A `, p))
			all = all && re.Match(tcp)
		}
		if all {
			return
		}
		for d, dm := range b.daemons {
			select {
			case <-dm.exited:
				b.t.Fatalf("bacula-%s exited: %v\n%s", d, dm.cmd.ProcessState, b.logs())
			default:
			}
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("bacula ports %v not listening within 10 s\n%s", ports, b.logs())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Console runs commands in a one-shot bconsole and returns what it printed.
// It is the harness's own way in, independent of the package under test.
func (b *Bacula) Console(commands ...string) string {
	b.t.Helper()
	cmd := exec.Command("/usr/sbin/bconsole", "-c", b.ConsoleConfig)
	cmd.Stdin = strings.NewReader(strings.Join(commands, "\n") + "\n")
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.t.Fatalf("bconsole %q: %v\n%s", commands, err, out)
	}
	return string(out)
}

var (
	queuedJobID = regexp.MustCompile(`Job queued\. JobId=(\d+)`)
	waitStatus  = regexp.MustCompile(`JobStatus=\S+ \((\w)\)`)
)

// RunJob starts job and returns its JobId without waiting for it.
func (b *Bacula) RunJob(job string) int {
	b.t.Helper()
	out := b.Console("run job=" + job + " yes")
	m := queuedJobID.FindStringSubmatch(out)
	if m == nil {
		b.t.Fatalf("run job=%s: no JobId in:\n%s", job, out)
	}
	id, _ := strconv.Atoi(m[1])
	return id
}

// WaitJob waits for a job to end and returns its status letter (T: OK).
// A job takes at least 3 s: the director starts it ~2 s after queueing.
func (b *Bacula) WaitJob(jobID int) string {
	b.t.Helper()
	out := b.Console(fmt.Sprintf("wait jobid=%d", jobID))
	m := waitStatus.FindStringSubmatch(out)
	if m == nil {
		b.t.Fatalf("wait jobid=%d: no status in:\n%s", jobID, out)
	}
	return m[1]
}

// Backup runs BackupData to its end, failing the test unless it is OK.
func (b *Bacula) Backup() int {
	b.t.Helper()
	id := b.RunJob(BaculaBackupJob)
	if st := b.WaitJob(id); st != "T" {
		b.t.Fatalf("backup job %d ended with status %s\n%s", id, st, b.logs())
	}
	return id
}

func (b *Bacula) logs() string {
	var s strings.Builder
	for _, f := range []string{"dir.out", "sd.out", "fd.out", "bacula.log"} {
		c, _ := os.ReadFile(filepath.Join(b.Work, "log", f))
		fmt.Fprintf(&s, "--- %s\n%s", f, c)
	}
	return s.String()
}
