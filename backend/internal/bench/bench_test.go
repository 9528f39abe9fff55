package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/store"
	"bams/backend/internal/testenv"
)

const seededTasks = 10000

// BenchmarkTasksUnderLoad: 100 concurrent clients for 10 s on GET
// /api/v1/tasks (a page of 100 out of 10 000 stored tasks), as a
// bams-viewer member (through polkit) and as root (no polkit): first as
// fast as they can (throughput), then paced at a fixed total rate
// (latency at that load). With 100 clients that never pause, latency is
// throughput's mirror (Little's law: mean = 100 / req/s), so the paced
// runs are the ones that say what a caller waits.
func BenchmarkTasksUnderLoad(b *testing.B) {
	m := testenv.RequireMachine(b)
	d := testenv.StartBamsd(b, "")
	d.Stop()
	seed(b, filepath.Join(d.Dir, "bams.db"), seededTasks)
	d.Start()
	loadgen := testenv.CopyOfSelf(b)
	for _, run := range []struct {
		who  string
		rate int
	}{{m.Viewer, 0}, {"root", 0}, {m.Viewer, 1000}, {m.Viewer, 2000}, {m.Viewer, 3000}} {
		name := "as-" + run.who + "/max-rate"
		if run.rate > 0 {
			name = fmt.Sprintf("as-%s/paced-%d-per-s", run.who, run.rate)
		}
		b.Run(name, func(b *testing.B) {
			res := runLoad(b, loadgen, run.who, d.Socket, "/api/v1/tasks?limit=100", 100, run.rate, 10)
			b.ReportMetric(float64(res.Requests)/res.Seconds, "req/s")
			b.ReportMetric(res.P50ms, "p50-ms")
			b.ReportMetric(res.P99ms, "p99-ms")
			b.ReportMetric(res.MaxMs, "max-ms")
			b.ReportMetric(float64(res.Errors), "errors")
			if res.Errors > 0 {
				b.Errorf("%d errors under load, first: %s", res.Errors, res.FirstErr)
			}
		})
	}
}

// BenchmarkStartToReady: from exec to READY=1 on NOTIFY_SOCKET, with a
// store holding 10 000 tasks; then the idle RSS after 2 s.
func BenchmarkStartToReady(b *testing.B) {
	testenv.RequireMachine(b)
	dir := testenv.SharedTempDir(b)
	seed(b, filepath.Join(dir, "bams.db"), seededTasks)
	cfg := filepath.Join(dir, "config.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("socket: %s/bams.sock\ndatabase: %s/bams.db\n", dir, dir)), 0o644)
	notifyPath := filepath.Join(dir, "notify.sock")
	notify, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: notifyPath, Net: "unixgram"})
	if err != nil {
		b.Fatal(err)
	}
	defer notify.Close()
	var total time.Duration
	var rssKB int
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(testenv.Bin(b, "bamsd"), "--config", cfg)
		cmd.Env = append(os.Environ(), "NOTIFY_SOCKET="+notifyPath)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		buf := make([]byte, 256)
		notify.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, err := notify.Read(buf)
		if err != nil || !strings.Contains(string(buf[:n]), "READY=1") {
			b.Fatalf("no READY=1: %v %q", err, buf[:n])
		}
		total += time.Since(start)
		if i == b.N-1 {
			time.Sleep(2 * time.Second)
			rssKB = vmRSS(b, cmd.Process.Pid)
		}
		cmd.Process.Signal(syscall.SIGTERM)
		notify.SetReadDeadline(time.Now().Add(10 * time.Second))
		notify.Read(buf) // STOPPING=1
		cmd.Wait()
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms-to-ready")
	b.ReportMetric(float64(rssKB)/1024, "idle-rss-MB")
}

// seed writes n finished tasks into a store, as months of history would.
func seed(b *testing.B, path string, n int) {
	b.Helper()
	st, err := store.Open(path, store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	t0 := time.Now().Add(-30 * 24 * time.Hour)
	for i := 0; i < n; i++ {
		created := t0.Add(time.Duration(i) * time.Minute)
		finished := created.Add(3 * time.Second)
		task := api.Task{Kind: "selfcheck", Action: api.ActionOperate, State: api.TaskSucceeded, Created: created,
			Started: &created, Finished: &finished, By: api.Caller{UID: 0, User: "root", PID: 4242},
			Progress: api.Progress{Percent: 100, Files: 9, FilesTotal: 9, Step: "done"}}
		if err := st.CreateTask(&task); err != nil {
			b.Fatal(err)
		}
	}
}

// runLoad runs the generator as the user (root: directly).
func runLoad(b *testing.B, loadgen, who, socket, path string, clients, rate, seconds int) loadResult {
	b.Helper()
	cmd := testenv.SelfAs(b, who, loadgen, envSocket+"="+socket, envPath+"="+path,
		envClients+"="+strconv.Itoa(clients), envSeconds+"="+strconv.Itoa(seconds), envRate+"="+strconv.Itoa(rate))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		b.Fatalf("load generator: %v\n%s", err, errb.String())
	}
	var res loadResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		b.Fatalf("load generator output %q: %v", out.String(), err)
	}
	return res
}

func vmRSS(b *testing.B, pid int) int {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return kb
		}
	}
	return 0
}
