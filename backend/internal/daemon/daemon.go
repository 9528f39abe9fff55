// Package daemon wires bamsd together and runs it: config, store, crash
// recovery, the socket (or systemd's), the server, readiness and shutdown.
package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	sddaemon "github.com/coreos/go-systemd/v22/daemon"

	"bams/backend/api"
	"bams/backend/internal/alerts"
	"bams/backend/internal/audit"
	"bams/backend/internal/bacula"
	"bams/backend/internal/baculasvc"
	"bams/backend/internal/config"
	"bams/backend/internal/diagnostics"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/iscsisvc"
	"bams/backend/internal/logs"
	"bams/backend/internal/lvm"
	"bams/backend/internal/metrics"
	"bams/backend/internal/notify"
	"bams/backend/internal/polkit"
	"bams/backend/internal/pullbackup"
	"bams/backend/internal/replication"
	"bams/backend/internal/repos"
	"bams/backend/internal/samples"
	"bams/backend/internal/scst"
	"bams/backend/internal/selfcheck"
	"bams/backend/internal/server"
	"bams/backend/internal/snaptasks"
	"bams/backend/internal/storagesvc"
	"bams/backend/internal/store"
	"bams/backend/internal/sysinfo"
	"bams/backend/internal/tapesvc"
	"bams/backend/internal/tasks"
	"bams/backend/internal/version"
)

// Run runs bamsd until SIGTERM or SIGINT.
func Run(cfg config.Config, log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	ln, activated, err := listen(cfg.Socket)
	if err != nil {
		return err
	}
	st, err := store.Open(cfg.Database, store.Options{BackupRoot: cfg.BackupRoot})
	if err != nil {
		ln.Close()
		return err
	}
	defer st.Close()

	hub := events.NewHub()
	mgr := tasks.NewManager(st, hub, tasks.Options{StallAfter: cfg.Tasks.StallAfter.D(), History: cfg.Tasks.History.D(), Log: log})
	authority := polkit.New(cfg.Polkit.BusAddress, cfg.Polkit.CacheTTL.D())
	defer authority.Close()
	runner := &execx.Runner{Path: cfg.Tools.Path, Timeout: cfg.Tools.Timeout.D(), Log: log}
	// bamsd itself starts tools under Landlock (package sandbox); without
	// its own path such a tool fails instead of running unconfined.
	if self, err := os.Executable(); err == nil {
		runner.Confiner = self
	} else {
		log.Warn("cannot find bamsd's own executable: confined tools (backups' rsync) will fail", "err", err)
	}

	trail := audit.New(st, hub, log, cfg.Audit)
	// Features resolve repositories through Folders; the repository
	// service, built after them, asks them what uses each repository.
	folders := repos.NewFolders(st, nil)
	backups := pullbackup.New(pullbackup.Options{Store: st, Tasks: mgr, Runner: runner, BackupRoot: cfg.BackupRoot, Repositories: folders,
		SSHKey: cfg.SSHKey, Location: cfg.Location(), MaxParallel: cfg.Backups.MaxParallel,
		RestoreRoot: cfg.RestoreRoot, Confinement: cfg.Backups.Confinement, RsyncConfineRoot: cfg.Backups.RsyncConfineRoot, Layout: cfg.Backups.Layout,
		MaxDeleteShare: cfg.Retention.MaxDeleteShare, Audit: trail.Write})
	baculaSvc := baculasvc.New(baculasvc.Options{Runner: runner, Store: st, Tasks: mgr, Location: cfg.Location(), Log: log, Repositories: folders,
		Console: bacula.Config{Bconsole: cfg.Bacula.Bconsole, ConfigFile: cfg.Bacula.ConsoleConfig, CommandTimeout: cfg.Bacula.CommandTimeout.D()},
		Paths: baculasvc.Paths{Director: cfg.Bacula.Director, DirectorConfig: cfg.Bacula.DirectorConfig, ResourceDir: cfg.Bacula.ResourceDir,
			StorageDaemon: cfg.Bacula.StorageDaemon, StorageConfig: cfg.Bacula.StorageConfig}})
	defer baculaSvc.Close()
	iscsi := iscsisvc.New(iscsisvc.Options{Store: st, Repositories: folders, Admin: scst.Tool{Runner: runner}, ConfigFile: cfg.ISCSI.ConfigFile,
		WorkDir: cfg.ISCSI.WorkDir, SysfsRoot: cfg.ISCSI.SysfsRoot, DriftInterval: cfg.ISCSI.DriftInterval.D(), Log: log})
	repoSvc := repos.New(repos.Options{Store: st, Tasks: mgr, Runner: runner, Users: []repos.UseReporter{backups, baculaSvc, iscsi},
		MountRoot: filepath.Join(filepath.Dir(cfg.BackupRoot), "repositories"),
		Reserved:  []string{cfg.RestoreRoot, cfg.Database, filepath.Dir(cfg.SSHKey)}})
	// Before any backup runs: a repository not mounted takes none.
	repoSvc.MountAll(log)
	// Uses: the features whose data lives on storage directly (the
	// repositories report theirs and their users').
	storage := storagesvc.New(storagesvc.Options{Runner: runner, Tasks: mgr, Uses: []storagesvc.UseSource{repoSvc, iscsi}, LVM: lvm.Config{Extra: cfg.Storage.LVMConfig}, Log: log,
		Refresh: cfg.Storage.Refresh.D(), UsageWarning: cfg.Storage.UsageWarning, UsageCritical: cfg.Storage.UsageCritical})
	replications := replication.New(replication.Options{Store: st, Tasks: mgr, Runner: runner, SSHKey: cfg.SSHKey, Location: cfg.Location()})
	tape, err := tapesvc.New(tapesvc.Options{Runner: runner, Store: st, Tasks: mgr, Bacula: baculaSvc, Log: log,
		Changers: tapeChangers(cfg.Tape.Changers), CleaningPrefix: cfg.Tape.CleaningPrefix,
		CleaningMaxUses: cfg.Tape.CleaningMaxUses, MoveTimeout: cfg.Tape.MoveTimeout.D()})
	if err != nil {
		ln.Close()
		return err
	}
	journal := cfg.Logs.Journal == "on"
	if cfg.Logs.Journal == "auto" {
		_, err := os.Stat("/run/systemd/system") // how sd_booted(3) tells that systemd runs
		journal = err == nil
	}
	logReader := logs.New(logs.Options{Runner: runner, Journal: journal, Sources: map[string]logs.Source{
		api.LogBamsd:     {Unit: cfg.Logs.Bamsd.Unit, File: cfg.Logs.Bamsd.File},
		api.LogBaculaDir: {Unit: cfg.Logs.BaculaDir.Unit, File: cfg.Logs.BaculaDir.File},
		api.LogBaculaSD:  {Unit: cfg.Logs.BaculaSD.Unit, File: cfg.Logs.BaculaSD.File},
		api.LogBaculaFD:  {Unit: cfg.Logs.BaculaFD.Unit, File: cfg.Logs.BaculaFD.File},
		api.LogISCSI:     {Unit: cfg.Logs.ISCSI.Unit, File: cfg.Logs.ISCSI.File},
	}})
	hostname, _ := os.Hostname()
	notifier := notify.New(notify.Options{Store: st, Log: log, Hostname: hostname, RatePerHour: cfg.Notifications.RatePerHour,
		MaxAge: cfg.Notifications.MaxAge.D(), MaxQueue: cfg.Notifications.MaxQueue})
	// Each feature's periodic check, by name (the alerts' source).
	alertEngine, err := alerts.New(alerts.Options{Store: st, Hub: hub, Log: log, Changed: notifier.Alert,
		Every: cfg.Alerts.CheckEvery.D(), RaiseAfter: cfg.Alerts.RaiseAfter, ClearAfter: cfg.Alerts.ClearAfter,
		HistoryMax: cfg.Alerts.HistoryMax, HistoryMaxAge: cfg.Alerts.HistoryMaxAge.D(),
		Sources: []alerts.Source{
			{Name: "backups", Checker: pullbackup.AlertSource{Service: backups, OverdueGrace: cfg.Alerts.BackupOverdueGrace.D(), Now: time.Now}},
			{Name: "tasks", Checker: mgr},
			{Name: "bacula", Checker: baculaSvc},
			{Name: "storage", Checker: storage},
			{Name: "tape", Checker: tape},
			{Name: "iscsi", Checker: iscsi},
			{Name: "replication", Checker: replication.AlertSource{Service: replications}},
		}})
	if err != nil {
		ln.Close()
		return err
	}
	metricSet := metrics.New(metrics.Options{Version: version.Version, Log: log, Sources: metrics.Sources{
		Hosts:     backups.Hosts,
		Snapshots: func(host string) ([]api.Snapshot, error) { return backups.Snapshots(host, pullbackup.SnapshotFilter{}) },
		Alerts:    alertEngine.Open,
		Queued:    func() (int, error) { _, n, err := st.QueuedNotifications(0); return n, err },
	}, Storage: metrics.StorageSources{
		Repositories:  repoSvc.List,
		Pools:         storage.Pools,
		TapeMedia:     func(ctx context.Context) ([]api.TapeMedium, error) { return allTapeMedia(ctx, tape) },
		ISCSISessions: iscsi.Sessions,
		ZFSSnapshots:  storage.ZFSSnapshotCounts,
	}, Collectors: metrics.Replication(replications.List, log)})
	runner.Observe = metricSet.ObserveCommand
	sampler := samples.New(samples.Options{Store: st, Log: log, Sources: []samples.Source{
		func(now time.Time) ([]store.SamplePoint, error) {
			return samples.UsagePoints(sysinfo.Usage(cfg.BackupRoot), now)
		},
		func(time.Time) ([]store.SamplePoint, error) {
			hosts, err := backups.Hosts()
			return samples.DurationPoints(hosts), err
		},
		func(now time.Time) ([]store.SamplePoint, error) {
			list, err := repoSvc.List(context.Background())
			return samples.RepositoryPoints(list, now), err
		},
	}})
	snapTasks := snaptasks.New(snaptasks.Options{Store: st, Tasks: mgr, Runner: runner, Location: cfg.Location(),
		MaxDeleteShare: cfg.Retention.MaxDeleteShare, Audit: trail.Write})
	// After the services that register re-attach functions (Bacula jobs).
	if err := mgr.Recover(); err != nil {
		ln.Close()
		return fmt.Errorf("recovering tasks of the previous run: %w", err)
	}
	srv := server.New(server.Deps{
		Config: cfg, Tasks: mgr, Hub: hub, Polkit: authority, Audit: trail, Log: log, Version: version.Version,
		Selfcheck:   &selfcheck.Service{Runner: runner, Settings: st},
		Backups:     backups,
		Bacula:      baculaSvc,
		Storage:     storage,
		Repos:       repoSvc,
		ISCSI:       iscsi,
		Tape:        tape,
		Alerts:      alertEngine,
		Notify:      notifier,
		Logs:        logReader,
		Diagnostics: diagnostics.New(diagnostics.Options{Runner: runner, Store: st, Logs: logReader, Config: cfg, Version: version.Version}),
		Metrics:     metricSet.Handler(),
		Samples:     sampler,
		SnapTasks:   snapTasks,
		Replication: replications,
	})
	// The background loops stop first at shutdown, and are waited for: a
	// scheduled backup must not start while the tasks are being stopped.
	maintain, stopMaintain := context.WithCancel(context.Background())
	var loops sync.WaitGroup
	for _, loop := range []func(context.Context){mgr.Maintain, func(ctx context.Context) { backups.RunScheduler(ctx, log) }, baculaSvc.Maintain, storage.Maintain, iscsi.Maintain, alertEngine.Run, notifier.Run, sampler.Run,
		func(ctx context.Context) { snapTasks.RunScheduler(ctx, log) }, func(ctx context.Context) { replications.RunScheduler(ctx, log) }} {
		loops.Add(1)
		go func() { defer loops.Done(); loop(maintain) }()
	}
	stopLoops := func() { stopMaintain(); loops.Wait() }
	defer stopLoops()
	go func() {
		if err := backups.WarmRecords(); err != nil {
			log.Warn("reading snapshot records ahead of the first plan", "err", err)
		}
	}()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if cfg.Metrics.Listen != "" {
		stopMetrics, err := serveMetrics(cfg.Metrics.Listen, metricSet.Handler(), log)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	_, _ = sddaemon.SdNotify(false, sddaemon.SdNotifyReady)
	log.Info("bamsd ready", "socket", cfg.Socket, "socket_activated", activated, "database", cfg.Database, "version", version.Version)

	select {
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	}
	log.Info("bamsd stopping")
	_, _ = sddaemon.SdNotify(false, sddaemon.SdNotifyStopping)
	stopLoops()
	shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		log.Warn("closing connections", "err", err)
	}
	if err := mgr.Shutdown(shutdown); err != nil {
		log.Warn("tasks still running at exit", "err", err)
	}
	if !activated {
		os.Remove(cfg.Socket)
	}
	log.Info("bamsd stopped")
	return nil
}

// serveMetrics serves only GET /metrics on a loopback TCP address
// (metrics.listen; validated loopback): Prometheus scrapes it there.
func serveMetrics(addr string, h http.Handler, log *slog.Logger) (stop func(), err error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics.listen %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	go func() {
		if err := srv.Serve(l); err != nil && err != http.ErrServerClosed {
			log.Warn("metrics listener", "err", err)
		}
	}()
	log.Info("metrics served", "address", addr)
	return func() { srv.Close() }, nil
}

// listen returns systemd's socket when started by socket activation,
// otherwise its own at path (mode 0666: everyone may connect; requests are
// authorized per caller). A stale socket is replaced; a live one means
// another bamsd runs, and this one refuses to start.
func listen(path string) (net.Listener, bool, error) {
	if lns, err := sdListeners(); err != nil {
		return nil, false, err
	} else if len(lns) > 0 {
		return lns[0], true, nil
	}
	if err := os.MkdirAll(dirOf(path), 0o755); err != nil {
		return nil, false, err
	}
	if _, err := os.Lstat(path); err == nil {
		c, err := net.DialTimeout("unix", path, time.Second)
		if err == nil {
			c.Close()
			return nil, false, fmt.Errorf("another bamsd is already serving %s", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, false, fmt.Errorf("removing stale socket: %w", err)
		}
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, false, err
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false) // removed on our own terms at exit
	if err := os.Chmod(path, 0o666); err != nil {
		ln.Close()
		return nil, false, err
	}
	return ln, false, nil
}

func dirOf(path string) string {
	for i := len(path) - 1; i > 0; i-- {
		if path[i] == '/' {
			return path[:i]
		}
	}
	return "/"
}

// tapeChangers are the configured tape libraries as the tape service takes them.
func tapeChangers(cs []config.TapeChanger) []tapesvc.Changer {
	out := make([]tapesvc.Changer, len(cs))
	for i, c := range cs {
		out[i] = tapesvc.Changer{Name: c.Name, Device: c.Device, Drives: c.Drives, BaculaStorage: c.BaculaStorage}
	}
	return out
}

// allTapeMedia is the whole media inventory, page by page (a few thousand
// cartridges at most: it is bounded by the libraries' slots).
func allTapeMedia(ctx context.Context, tape *tapesvc.Service) ([]api.TapeMedium, error) {
	var all []api.TapeMedium
	f := tapesvc.MediaFilter{Limit: 5000}
	for {
		page, err := tape.Media(ctx, f)
		if err != nil {
			return all, err
		}
		all = append(all, page.Media...)
		if page.Next == "" || len(all) > 100000 {
			return all, nil
		}
		f.Cursor = page.Next
	}
}
