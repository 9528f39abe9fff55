package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/rsync"
	"bams/backend/internal/sandbox"
	"bams/backend/internal/ssh"
	"bams/backend/internal/testenv"
)

// BenchmarkBackupIncremental is issue 4's comparison: the same generated
// tree (default 50 000 files, 1 GiB) pulled over SSH on loopback by bamsd,
// by the Debian rsnapshot and by a bare `rsync -a --link-dest`, each
// first in full and then, after a small change to the tree, incrementally.
// The incremental runs are the figures: their times, the ratios and
// bamsd's peak memory.
//
// Where the files land matters: rsync 3.4 and later (Debian 12 ships
// 3.5.0) resolves the --link-dest path of every file it hard-links one
// component at a time from "/", with an fstatat, openat and close each
// (a defence against symlink races), so an incremental run's cost grows
// by several percent per folder level above the files. bamsd's snapshots
// are <root>/<host>/<snapshot>/<source path> (ARCHITECTURE.md's layout, with the
// host's own paths inside so restores and browsing speak them), so the
// bare rsync runs twice: "rsync" at the shallowest place possible
// (<work>/rsync/<round>, the tree's own folder as the snapshot), and
// "rsync-same-layout" writing the same files to the same depth as bamsd.
// bams/rsync-same-layout is bams against a bare rsync doing the same job;
// bams/rsync adds the layout's price. A fifth contender runs rsync with
// exactly bamsd's argv (rsync.PullArgs) at the same depth, outside bamsd,
// which splits a gap into "rsync flags" and "bamsd".
//
// Fairness: one sshd, one tree, the same ssh options (bamsd's own key and
// known_hosts) for everyone. Each round changes the tree once (about 1%
// of files rewritten or appended to, a few added and deleted), then every
// contender pulls it, in an order rotated from round to round; dirty data
// is flushed (sync) before each timed run so that no run pays for writing
// back another's, and no cache is dropped (the tree and the snapshots fit
// in memory). The figure of each contender is the median of its rounds.
// Every run is checked: all files present with their sizes, changed files
// with the new content in a new inode, unchanged files hard links into
// the contender's previous snapshot.
//
// Scale it down with BAMS_BENCH_FILES, BAMS_BENCH_MIB and
// BAMS_BENCH_ROUNDS (defaults 50000, 1024, 3). Meant for -benchtime 1x:
// every invocation does the whole comparison once.
func BenchmarkBackupIncremental(b *testing.B) {
	testenv.RequireMachine(b)
	testenv.RequireSSHD(b)
	if _, err := exec.LookPath("rsnapshot"); err != nil {
		testenv.Missing(b, "rsnapshot not installed (apt-get install rsnapshot; scripts/deps-bench.txt)")
	}
	nFiles := envInt(b, "BAMS_BENCH_FILES", 50000)
	mib := envInt(b, "BAMS_BENCH_MIB", 1024)
	rounds := envInt(b, "BAMS_BENCH_ROUNDS", 3)
	ctx := context.Background()

	work := testenv.SharedTempDir(b)
	src := filepath.Join(work, "data")
	t0 := time.Now()
	tree := generateTree(b, src, nFiles, int64(mib)<<20, 4)
	b.Logf("tree: %d files, %d dirs, %.1f MiB in %s (not measured)", len(tree.files), tree.dirs,
		float64(tree.bytes())/(1<<20), time.Since(t0).Round(time.Millisecond))

	// The "remote host", its key accepted in bamsd as an admin would.
	const hostName = "bench1"
	sshd := testenv.StartSSHD(b, "127.0.0.61")
	d := testenv.StartBamsd(b, "")
	key, err := d.Client().SSHKey(ctx)
	if err != nil {
		b.Fatal(err)
	}
	sshd.Authorize(key.PublicKey)
	if _, err := d.Client().CreateHost(ctx, api.Host{Name: hostName, Address: sshd.Address, Port: sshd.Port,
		Paths: []string{src}, Enabled: true}); err != nil {
		b.Fatal(err)
	}
	scan, err := d.Client().TestHost(ctx, hostName)
	if err != nil || len(scan.Keys) == 0 {
		b.Fatalf("host test: %v %+v", err, scan)
	}
	if _, err := d.Client().AcceptHostKey(ctx, hostName, scan.Keys[0].Fingerprint); err != nil {
		b.Fatal(err)
	}
	// Everyone uses bamsd's ssh command: its key, its known_hosts.
	sshOpts := ssh.Options{Host: hostName, Address: sshd.Address, Port: sshd.Port, User: "root",
		KeyFile: filepath.Join(d.Dir, "ssh", "id_ed25519"), KnownHostsFile: filepath.Join(d.Dir, "ssh", "known_hosts")}
	shell, err := sshOpts.RsyncShell()
	if err != nil {
		b.Fatal(err)
	}
	remote := "root@" + sshd.Address + ":" + src + "/"
	// The figures depend on the rsync measured (3.4+ pays per folder level,
	// see above), and bamsd's argv has --confine-root only where rsync has it.
	runner := &execx.Runner{Path: os.Getenv("PATH"), Timeout: 10 * time.Second}
	features, err := rsync.LocalFeatures(ctx, runner)
	if err != nil {
		b.Fatal(err)
	}
	version, _ := exec.Command("rsync", "--version").Output()
	confinement := "a private mount namespace"
	if err := sandbox.NamespaceError(); err != nil {
		confinement = fmt.Sprintf("Landlock ABI %d if 2 or later, else the base check (no namespace: %v)", sandbox.ABI(), err)
	}
	b.Logf("measuring %s (--confine-root: %v); bamsd confines its rsync with %s",
		strings.SplitN(string(version), "\n", 2)[0], features.ConfineRoot, confinement)

	contenders := append([]*contender{
		bamsContender(b, d, hostName, src),
		rsnapshotContender(b, work, shell, remote, src, rounds+2),
		// The shallowest bare rsync: rounds at <work>/rsync/<round>.
		rsyncContender(b, "rsync", filepath.Join(work, "rsync"), "", func(dest, prev string) []string {
			args := []string{"-a"}
			if prev != "" {
				args = append(args, "--link-dest="+prev)
			}
			return append(args, "-e", shell, remote, dest+"/")
		}),
		// Bare rsync -a writing the same files to the same places as bamsd:
		// rounds at the depth of bamsd's snapshot folders
		// (<bamsd dir>/<contender>/<host>/<round>, beside
		// <bamsd dir>/backups/<host>/<snapshot>), the tree at its source
		// path inside. rsync 3.4+ (Debian 12's is 3.5.0) resolves the
		// --link-dest path of every file one component at a time from "/"
		// (fstatat, openat, close each, against symlink races), so per-file
		// cost grows with the absolute depth of the files: this contender
		// has bamsd's depth, the one above the shallowest depth possible.
		rsyncContender(b, "rsync-same-layout", filepath.Join(d.Dir, "rsync-same-layout", hostName), src, func(dest, prev string) []string {
			parent := filepath.Dir(src)
			if err := os.MkdirAll(filepath.Join(dest, parent), 0o700); err != nil {
				b.Fatal(err)
			}
			args := []string{"-a"}
			if prev != "" {
				args = append(args, "--link-dest="+filepath.Join(prev, parent))
			}
			return append(args, "-e", shell, strings.TrimSuffix(remote, "/"), filepath.Join(dest, parent)+"/")
		}),
		// bamsd's exact argv, same places
		rsyncContender(b, "rsync-bams-argv", filepath.Join(d.Dir, "rsync-bams-argv", hostName), src, func(dest, prev string) []string {
			parent := filepath.Dir(src)
			if err := os.MkdirAll(filepath.Join(dest, parent), 0o700); err != nil {
				b.Fatal(err)
			}
			o := rsync.Options{SSH: sshOpts, Source: src, Dest: filepath.Join(dest, parent)}
			if features.ConfineRoot {
				o.ConfineTo = filepath.Dir(dest)
			}
			if prev != "" {
				o.LinkDest = []string{filepath.Join(prev, parent)}
			}
			args, err := rsync.PullArgs(o)
			if err != nil {
				b.Fatal(err)
			}
			return args
		}),
	}, btrfsContenders(b, d, sshd, src)...)

	// First runs: full copies, in the same order, timed for information.
	for _, c := range contenders {
		flush()
		took := c.run(0)
		c.check(b, tree, 0)
		c.full = took
		c.runs = append(c.runs, "full "+took.Round(time.Millisecond).String()+c.note)
	}
	for r := 1; r <= rounds; r++ {
		tree.change(b, r)
		for i := range contenders {
			c := contenders[(i+r-1)%len(contenders)]
			flush()
			took := c.run(r)
			c.check(b, tree, r)
			c.incr = append(c.incr, took)
			c.runs = append(c.runs, fmt.Sprintf("r%d %s%s", r, took.Round(time.Millisecond), c.note))
		}
	}
	// one line each: a benchmark's log is cut after 10 lines
	for _, c := range contenders {
		b.Logf("%-15s %s", c.name, strings.Join(c.runs, ", "))
	}

	med := map[string]float64{}
	for _, c := range contenders {
		med[c.name] = median(c.incr)
		b.ReportMetric(med[c.name], c.name+"-incr-s")
		b.ReportMetric(c.full.Seconds(), c.name+"-full-s")
	}
	bams := contenders[0]
	b.ReportMetric(median(bams.taskIncr), "bams-task-incr-s")
	b.ReportMetric(median(bams.finalizeIncr), "bams-finalize-incr-s")
	b.ReportMetric(median(bams.cpuIncr), "bamsd-cpu-incr-s")
	for step, took := range bams.phaseIncr {
		b.ReportMetric(median(took), "bams-"+step+"-incr-s")
	}
	b.ReportMetric(med["bams"]/med["rsnapshot"], "bams/rsnapshot")
	b.ReportMetric(med["bams"]/med["rsync"], "bams/rsync")
	b.ReportMetric(med["rsync-bams-argv"]/med["rsync-same-layout"], "bams-argv/rsync-same-layout")
	b.ReportMetric(med["bams"]/med["rsync-same-layout"], "bams/rsync-same-layout")
	if _, ok := med["bams-btrfs"]; ok {
		b.ReportMetric(med["bams-btrfs"]/med["bams-btrfs-tree"], "bams-btrfs/bams-btrfs-tree")
	}
	b.ReportMetric(float64(procStatusKB(b, d.PID(), "VmHWM:"))/1024, "bamsd-peak-rss-MB")
	b.ReportMetric(float64(len(tree.files)), "tree-files")
	b.ReportMetric(float64(tree.bytes())/(1<<20), "tree-MiB")
}

// contender is one tool: run(round) pulls the tree as it is now and
// returns the time taken; dir(round) is where that round's copy of the
// source folder is.
type contender struct {
	name string
	run  func(round int) time.Duration
	dir  func(round int) string
	note string   // about the last run, for the log
	runs []string // every run, for the log

	cow          bool // snapshots share unchanged files copy-on-write, not by hard link
	full         time.Duration
	incr         []time.Duration
	taskIncr     []time.Duration            // bams: the task's own started→finished
	finalizeIncr []time.Duration            // bams: "making the snapshot durable"→finished
	phaseIncr    map[string][]time.Duration // bams: the steps its run's log times ("took: ...")
	cpuIncr      []time.Duration            // bams: CPU time bamsd itself used (user+system)
}

func (c *contender) check(b *testing.B, tree *benchTree, round int) {
	b.Helper()
	if err := tree.verify(c.dir(round), c.dir, round, !c.cow); err != nil {
		b.Fatalf("%s, round %d: %v", c.name, round, err)
	}
}

// bamsContender: a backup task started through the API and followed on
// the events stream to its end; the time is the caller's, from the
// request to the final event.
func bamsContender(b *testing.B, d *testenv.Bamsd, host, src string) *contender {
	return bamsContenderIn(b, d, "bams", host, filepath.Join(d.Dir, "backups"), src)
}

// bamsContenderIn is bamsContender for a host whose repository is root.
func bamsContenderIn(b *testing.B, d *testenv.Bamsd, name, host, root, src string) *contender {
	c := &contender{name: name, phaseIncr: map[string][]time.Duration{}}
	snaps := map[int]string{}
	c.dir = func(round int) string {
		return filepath.Join(root, host, snaps[round], src)
	}
	c.run = func(round int) time.Duration {
		ctx := context.Background()
		cpu0 := procCPU(b, d.PID())
		start := time.Now()
		task, err := d.Client().Backup(ctx, host)
		if err != nil {
			b.Fatal(err)
		}
		var durable time.Time
		final, err := d.Client().WaitTask(ctx, task.ID, func(t api.Task) {
			if durable.IsZero() && strings.HasPrefix(t.Progress.Step, "making the snapshot durable") {
				durable = time.Now()
			}
		})
		took := time.Since(start)
		cpu := procCPU(b, d.PID()) - cpu0
		if err != nil {
			b.Fatal(err)
		}
		if final.State != api.TaskSucceeded {
			full, _ := d.Client().Task(ctx, task.ID)
			b.Fatalf("backup task %s: %s %s\n%+v", task.ID, final.State, final.Error, full.Log)
		}
		var snap api.Snapshot
		if err := json.Unmarshal(final.Result, &snap); err != nil || snap.Name == "" {
			b.Fatalf("backup task result %s: %v", final.Result, err)
		}
		snaps[round] = snap.Name
		c.note = ""
		full, err := d.Client().Task(ctx, task.ID)
		if err != nil {
			b.Fatal(err)
		}
		phases := runPhases(full.Log)
		if len(phases) == 0 {
			b.Fatalf("backup task %s logged no \"took:\" line: %+v", task.ID, full.Log)
		}
		for step, took := range phases {
			if round > 0 {
				c.phaseIncr[step] = append(c.phaseIncr[step], took)
			}
		}
		if final.Started != nil && final.Finished != nil {
			task := final.Finished.Sub(*final.Started)
			c.note = fmt.Sprintf(" (task %s, bamsd CPU %s, peak RSS %d MB", task.Round(time.Millisecond),
				cpu.Round(time.Millisecond), procStatusKB(b, d.PID(), "VmHWM:")/1024)
			if round > 0 {
				c.taskIncr = append(c.taskIncr, task)
				c.cpuIncr = append(c.cpuIncr, cpu)
			}
			if !durable.IsZero() {
				fin := time.Since(durable)
				if round > 0 {
					c.finalizeIncr = append(c.finalizeIncr, fin)
				}
				c.note += fmt.Sprintf(", durable ≤%s", fin.Round(time.Millisecond))
			}
			c.note += ")"
		}
		return took
	}
	return c
}

// rsnapshotContender: the Debian rsnapshot with its own config, rotating
// alpha.N. link_dest 1 (rsync --link-dest into a fresh alpha.0, as bams
// does; the Debian default cp -al then rsync in place is the other way).
// rsync_long_args are rsnapshot's defaults plus the data-shaping flags
// bams uses (--hard-links, --sparse); not bams's reporting flags, which
// are part of what bams is measured on. retain is above the number of
// runs, so no timed run pays for deleting an old snapshot.
func rsnapshotContender(b *testing.B, work, shell, remote, src string, retain int) *contender {
	dir := filepath.Join(work, "rsnapshot")
	if err := os.MkdirAll(filepath.Join(dir, "root"), 0o700); err != nil {
		b.Fatal(err)
	}
	sshArgs := strings.TrimPrefix(shell, "ssh ")
	conf := strings.Join([]string{
		"config_version\t1.2",
		"snapshot_root\t" + filepath.Join(dir, "root") + "/",
		"no_create_root\t1",
		"cmd_cp\t/bin/cp",
		"cmd_rm\t/bin/rm",
		"cmd_rsync\t/usr/bin/rsync",
		"cmd_ssh\t/usr/bin/ssh",
		"verbose\t1",
		"loglevel\t1",
		"lockfile\t" + filepath.Join(dir, "rsnapshot.pid"),
		"link_dest\t1",
		"rsync_short_args\t-a",
		"rsync_long_args\t--delete --numeric-ids --relative --delete-excluded --hard-links --sparse",
		"ssh_args\t" + sshArgs,
		"retain\talpha\t" + strconv.Itoa(retain),
		"backup\t" + remote + "\thost/",
		"",
	}, "\n")
	confPath := filepath.Join(dir, "rsnapshot.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command("rsnapshot", "-c", confPath, "configtest").CombinedOutput(); err != nil {
		b.Fatalf("rsnapshot configtest: %v\n%s\n%s", err, out, conf)
	}
	c := &contender{name: "rsnapshot"}
	last := 0
	c.dir = func(round int) string {
		// alpha.0 is the newest; older rounds moved up by one each run
		return filepath.Join(dir, "root", fmt.Sprintf("alpha.%d", last-round), "host", src)
	}
	c.run = func(round int) time.Duration {
		cmd := exec.Command("rsnapshot", "-c", confPath, "alpha")
		took, out, err := timed(cmd)
		if err != nil {
			b.Fatalf("rsnapshot: %v\n%s", err, out)
		}
		last = round
		return took
	}
	return c
}

// rsyncContender runs rsync with args into <dir>/<round>, prev being the
// previous round's folder; the tree lands in <dir>/<round>/<sub>.
func rsyncContender(b *testing.B, name, dir, sub string, args func(dest, prev string) []string) *contender {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	c := &contender{name: name}
	dest := func(round int) string { return filepath.Join(dir, strconv.Itoa(round)) }
	c.dir = func(round int) string { return filepath.Join(dest(round), sub) }
	c.run = func(round int) time.Duration {
		prev := ""
		if round > 0 {
			prev = dest(round - 1)
		}
		if err := os.MkdirAll(dest(round), 0o700); err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command("rsync", args(dest(round), prev)...)
		took, out, err := timed(cmd)
		if err != nil {
			b.Fatalf("%s: %v\n%s", name, err, out)
		}
		return took
	}
	return c
}

// timed runs cmd with LC_ALL=C; stdout is read through a pipe as bamsd
// reads rsync's, and dropped.
func timed(cmd *exec.Cmd) (time.Duration, string, error) {
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	var errb bytes.Buffer
	cmd.Stdout = io.Discard
	cmd.Stderr = &errb
	start := time.Now()
	err := cmd.Run()
	return time.Since(start), errb.String(), err
}

// flush writes back dirty data, so that a timed run does not pay for an
// earlier run's writes (bamsd's syncfs would, the others would not).
func flush() { syscall.Sync() }

func median(ds []time.Duration) float64 {
	if len(ds) == 0 {
		return math.NaN()
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2].Seconds()
	}
	return (s[len(s)/2-1] + s[len(s)/2]).Seconds() / 2
}

func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

func procStatusKB(b *testing.B, pid int, field string) int {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			kb, _ := strconv.Atoi(f[1])
			return kb
		}
	}
	return 0
}

// benchTree is the generated source tree and what each round did to it.
type benchTree struct {
	root  string
	seed  uint64
	files map[string]*benchFile
	names []string // every path ever made, in creation order (deterministic picks)
	dirs  int
	// changed[round]: paths rewritten, appended to or added in that round;
	// deleted[round]: paths removed in that round.
	changed, deleted map[int][]string
}

type benchFile struct {
	size    int64
	version int // content generation: 0 at creation, round of the last change
}

// baseTime is every generated file's mtime; round r's changes get r days more.
var baseTime = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// generateTree makes about n files totalling about total bytes under root,
// the same for a seed: directories nested a few levels deep (about 40
// files each), sizes mostly small (90% under 16 KiB), some medium, a few
// of several MiB, and a handful of big files making up the rest, as a
// server's data folder would be. Contents are incompressible.
func generateTree(b *testing.B, root string, n int, total int64, seed uint64) *benchTree {
	b.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	t := &benchTree{root: root, seed: seed, files: map[string]*benchFile{},
		changed: map[int][]string{}, deleted: map[int][]string{}}
	dirs := []string{""}
	for i := 0; i < max(1, n/40); i++ {
		parent := dirs[rng.IntN(len(dirs))]
		if strings.Count(parent, "/") >= 5 { // keep it a few levels deep
			parent = ""
		}
		dirs = append(dirs, filepath.Join(parent, fmt.Sprintf("dir%04d", i)))
	}
	t.dirs = len(dirs) - 1
	logUniform := func(lo, hi float64) int64 {
		return int64(math.Exp(math.Log(lo) + rng.Float64()*(math.Log(hi)-math.Log(lo))))
	}
	big := max(1, n/10000)
	sizes := make([]int64, n-big)
	var sum int64
	for i := range sizes {
		switch p := rng.Float64(); {
		case p < 0.90:
			sizes[i] = logUniform(64, 16<<10)
		case p < 0.995:
			sizes[i] = logUniform(16<<10, 256<<10)
		default:
			sizes[i] = logUniform(256<<10, 4<<20)
		}
		sum += sizes[i]
	}
	// the many files hold at most 85% of the total; big ones the rest
	if limit := total * 85 / 100; sum > limit {
		f := float64(limit) / float64(sum)
		sum = 0
		for i := range sizes {
			sizes[i] = max(1, int64(float64(sizes[i])*f))
			sum += sizes[i]
		}
	}
	for i := 0; i < big; i++ {
		sizes = append(sizes, (total-sum)/int64(big))
	}
	exts := []string{".txt", ".conf", ".log", ".html", ".json", ".c", ".h", ".py", ".jpg", ".pdf", ".db", ".tar"}
	for i, size := range sizes {
		rel := filepath.Join(dirs[rng.IntN(len(dirs))], fmt.Sprintf("f%06d%s", i, exts[rng.IntN(len(exts))]))
		t.files[rel] = &benchFile{size: size}
		t.names = append(t.names, rel)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			b.Fatal(err)
		}
	}
	for _, rel := range t.names {
		t.write(b, rel)
	}
	return t
}

// write (re)writes a file with the content of its current version.
func (t *benchTree) write(b *testing.B, rel string) {
	f := t.files[rel]
	t.fill(b, rel, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, f.size)
}

// appendTo adds n bytes at the end of a file, for the current version.
func (t *benchTree) appendTo(b *testing.B, rel string, n int64) {
	t.files[rel].size += n
	t.fill(b, rel, os.O_WRONLY|os.O_APPEND, n)
}

// fill writes n bytes of the content of (path, version, seed), then sets
// the version's mtime.
func (t *benchTree) fill(b *testing.B, rel string, flag int, n int64) {
	f := t.files[rel]
	p := filepath.Join(t.root, rel)
	h := uint64(0)
	for _, c := range rel {
		h = h*131 + uint64(c)
	}
	var seed [32]byte
	copy(seed[:], fmt.Sprintf("%x/%d/%d", h, f.version, t.seed))
	out, err := os.OpenFile(p, flag, 0o644)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, io.LimitReader(rand.NewChaCha8(seed), n)); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	mtime := baseTime.Add(time.Duration(f.version) * 24 * time.Hour)
	if err := os.Chtimes(p, mtime, mtime); err != nil {
		b.Fatal(err)
	}
}

// change is round r's change: 1% of the files changed (half rewritten,
// half with a few KiB appended, as logs and databases grow), 0.1% added
// (some in a new folder), 0.05% deleted. Files already changed or deleted
// are not picked again, so every round's changes are its own.
func (t *benchTree) change(b *testing.B, r int) {
	b.Helper()
	rng := rand.New(rand.NewPCG(t.seed, uint64(r)+1))
	n := len(t.files)
	pick := func() string {
		for {
			rel := t.names[rng.IntN(len(t.names))]
			if f, ok := t.files[rel]; ok && f.version == 0 {
				return rel
			}
		}
	}
	for i := 0; i < max(1, n/100); i++ {
		rel := pick()
		f := t.files[rel]
		f.version = r
		if i%2 == 1 {
			t.appendTo(b, rel, 1+rng.Int64N(8<<10))
		} else {
			t.write(b, rel)
		}
		t.changed[r] = append(t.changed[r], rel)
	}
	newDir := fmt.Sprintf("new-in-round-%d", r)
	os.MkdirAll(filepath.Join(t.root, newDir), 0o755)
	for i := 0; i < max(1, n/1000); i++ {
		dir := filepath.Dir(t.names[rng.IntN(len(t.names))])
		if i%4 == 0 {
			dir = newDir
		}
		rel := filepath.Join(dir, fmt.Sprintf("added-r%d-%05d.dat", r, i))
		t.files[rel] = &benchFile{size: 1 + rng.Int64N(64<<10), version: r}
		t.names = append(t.names, rel)
		t.write(b, rel)
		t.changed[r] = append(t.changed[r], rel)
	}
	for i := 0; i < max(1, n/2000); i++ {
		rel := pick()
		if err := os.Remove(filepath.Join(t.root, rel)); err != nil {
			b.Fatal(err)
		}
		delete(t.files, rel)
		t.deleted[r] = append(t.deleted[r], rel)
	}
}

func (t *benchTree) bytes() int64 {
	var s int64
	for _, f := range t.files {
		s += f.size
	}
	return s
}

// verify checks a copy of the tree made in round r: exactly the files the
// tree has, with their sizes; the files changed in round r hold the new
// content (compared with the source) in inodes of their own; every other
// file is a hard link to the same file in the copy of round r-1 (prev).
func (t *benchTree) verify(dir string, prev func(int) string, r int, linked bool) error {
	seen := 0
	changed := map[string]bool{}
	for _, rel := range t.changed[r] {
		changed[rel] = true
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		f, ok := t.files[rel]
		if !ok {
			return fmt.Errorf("%s: not in the source tree", rel)
		}
		seen++
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		if st.Size() != f.size {
			return fmt.Errorf("%s: %d bytes, want %d", rel, st.Size(), f.size)
		}
		if r == 0 {
			return nil
		}
		pst, perr := os.Lstat(filepath.Join(prev(r-1), rel))
		same := perr == nil && os.SameFile(st, pst)
		if changed[rel] {
			if same {
				return fmt.Errorf("%s: changed in round %d but still linked to the previous copy", rel, r)
			}
			got, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			want, err := os.ReadFile(filepath.Join(t.root, rel))
			if err != nil {
				return err
			}
			if !bytes.Equal(got, want) {
				return fmt.Errorf("%s: content differs from the source", rel)
			}
		} else if linked && !same {
			return fmt.Errorf("%s: unchanged but not a hard link to the previous copy (%v)", rel, perr)
		} else if !linked && (perr != nil || !st.ModTime().Equal(pst.ModTime())) {
			return fmt.Errorf("%s: unchanged but not as in the previous copy (%v)", rel, perr)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if seen != len(t.files) {
		return fmt.Errorf("%d files, want %d", seen, len(t.files))
	}
	return nil
}

// procCPU is the CPU time a process has used so far (user + system, from
// /proc/PID/stat; children are not counted).
func procCPU(b *testing.B, pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// the fields after the command name, which is in parentheses
	f := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ is 100 on Linux
}

// runPhases reads the "took: prepare 9ms, transfer 1.1s, ..." line a
// backup run logs.
func runPhases(log []api.LogLine) map[string]time.Duration {
	out := map[string]time.Duration{}
	for _, l := range log {
		rest, ok := strings.CutPrefix(l.Text, "took: ")
		if !ok {
			continue
		}
		for _, part := range strings.Split(rest, ", ") {
			step, took, _ := strings.Cut(part, " ")
			if d, err := time.ParseDuration(took); err == nil {
				out[step] = d
			}
		}
	}
	return out
}
