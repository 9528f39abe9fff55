// Package config reads bamsd's YAML configuration.
//
// Every key has a default, so bamsd runs with no file at all, and
// configs/config.yaml.example spells out exactly those defaults. An unknown
// key or a bad value stops start-up with a message naming the key: a typo in
// a backup appliance's config must never be silently ignored.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// DefaultPath is where packages install the config file.
const DefaultPath = "/etc/bams/config.yaml"

// Config is the whole configuration. Durations are YAML strings ("90s", "2160h").
type Config struct {
	// Socket is the Unix socket bamsd serves (mode 0666: callers are
	// authorized per request from their peer credentials).
	Socket string `yaml:"socket"`
	// Database is the bbolt metadata store.
	Database string `yaml:"database"`
	// BackupRoot holds pull-backup snapshots; RestoreRoot is the only place
	// local restores may write. SSHKey is bamsd's own private key.
	BackupRoot  string `yaml:"backup_root"`
	RestoreRoot string `yaml:"restore_root"`
	SSHKey      string `yaml:"ssh_key"`
	// TimeZone for schedules, retention buckets and displayed dates; "" = the system's.
	TimeZone string `yaml:"time_zone"`
	LogLevel string `yaml:"log_level"`
	LogJSON  bool   `yaml:"log_json"`

	Polkit  Polkit  `yaml:"polkit"`
	Limits  Limits  `yaml:"limits"`
	Tasks   Tasks   `yaml:"tasks"`
	Tools   Tools   `yaml:"tools"`
	Backups Backups `yaml:"backups"`
	Bacula  Bacula  `yaml:"bacula"`
	Storage Storage `yaml:"storage"`
	ISCSI   ISCSI   `yaml:"iscsi"`
	Tape    Tape    `yaml:"tape"`

	Retention     Retention     `yaml:"retention"`
	Audit         Audit         `yaml:"audit"`
	Alerts        Alerts        `yaml:"alerts"`
	Notifications Notifications `yaml:"notifications"`
	Logs          Logs          `yaml:"logs"`
	Metrics       Metrics       `yaml:"metrics"`
}

// Metrics configures the Prometheus endpoint. GET /metrics is always on
// the socket (org.bams.read); Listen adds a TCP address.
type Metrics struct {
	// Listen is a loopback host:port (127.0.0.1:9469) where /metrics is
	// also served, to anyone who can connect: no authentication there.
	// "" = off.
	Listen string `yaml:"listen"`
}

// Logs says where GET /api/v1/logs/{service} reads each service's log.
type Logs struct {
	// Journal: "auto" reads journald where systemd runs (/run/systemd/system
	// exists), "on" always, "off" never (then the files).
	Journal   string    `yaml:"journal"`
	Bamsd     LogSource `yaml:"bamsd"`
	BaculaDir LogSource `yaml:"bacula_dir"`
	BaculaSD  LogSource `yaml:"bacula_sd"`
	BaculaFD  LogSource `yaml:"bacula_fd"`
	ISCSI     LogSource `yaml:"iscsi"`
}

// LogSource is a service's systemd unit, and its log file for where
// journald is not read ("" = none).
type LogSource struct {
	Unit string `yaml:"unit"`
	File string `yaml:"file"`
}

// Notifications bounds what alert notifications may cost. Targets (email
// relays, webhooks) are configured through the API, not here.
type Notifications struct {
	// RatePerHour is how many notifications one target is sent per hour
	// (attempts count); more wait in the queue.
	RatePerHour int `yaml:"rate_per_hour"`
	// MaxAge: a notification not delivered by then is dropped (and logged);
	// MaxQueue bounds the retry queue, oldest dropped first.
	MaxAge   Duration `yaml:"max_age"`
	MaxQueue int      `yaml:"max_queue"`
}

// Alerts configures the alert engine and the thresholds of its checks.
type Alerts struct {
	// CheckEvery is the time between checks of every source. A condition
	// becomes an alert after RaiseAfter checks in a row find it, and the
	// alert clears after ClearAfter checks in a row do not.
	CheckEvery Duration `yaml:"check_every"`
	RaiseAfter int      `yaml:"raise_after"`
	ClearAfter int      `yaml:"clear_after"`
	// Cleared alerts are kept HistoryMaxAge, and at most HistoryMax alerts
	// are stored (open alerts always are).
	HistoryMax    int      `yaml:"history_max"`
	HistoryMaxAge Duration `yaml:"history_max_age"`
	// BackupOverdueGrace: a scheduled host is overdue when its next
	// scheduled run after its newest complete snapshot is this long past
	// and still no newer snapshot is complete.
	BackupOverdueGrace Duration `yaml:"backup_overdue_grace"`
}

// Audit bounds the append-only audit trail, which every local user can
// add to (each denied request leaves a record).
type Audit struct {
	// MaxAge and MaxBytes: records older than MaxAge, then the oldest while
	// the records take more than MaxBytes, are dropped as whole records,
	// and a record says what was dropped.
	MaxAge   Duration `yaml:"max_age"`
	MaxBytes int64    `yaml:"max_bytes"`
	// DenialWindow: after a uid's first denial is recorded, its further
	// denials within this time become one record with their count.
	DenialWindow Duration `yaml:"denial_window"`
}

// Storage is how the storage service reads and watches disks, pools,
// volume groups and filesystems.
type Storage struct {
	// LVMConfig is passed to every LVM command as --config; e.g.
	// "global/activation=0" where no device-mapper exists (metadata only).
	LVMConfig string `yaml:"lvm_config"`
	// Refresh: the cached ZFS dataset listing is read again this often
	// (BAMS's own changes drop it at once).
	Refresh Duration `yaml:"refresh"`
	// UsageWarning and UsageCritical: percent of a pool, VG or btrfs
	// filesystem in use that raises an alert.
	UsageWarning  float64 `yaml:"usage_warning"`
	UsageCritical float64 `yaml:"usage_critical"`
}

// Retention bounds what one retention run may delete.
type Retention struct {
	// MaxDeleteShare is the largest share of a host's complete snapshots
	// one retention run may delete; a plan deleting more is refused.
	MaxDeleteShare float64 `yaml:"max_delete_share"`
}

// Bacula says where the Bacula (or Bareos) director and its tools are.
type Bacula struct {
	// Bconsole is the console program (looked up in tools.path), and
	// ConsoleConfig its bconsole.conf.
	Bconsole      string `yaml:"bconsole"`
	ConsoleConfig string `yaml:"console_config"`
	// Director is bacula-dir (for `-t` checks), DirectorConfig its config.
	Director       string `yaml:"director"`
	DirectorConfig string `yaml:"director_config"`
	// ResourceDir holds the resources BAMS writes (jobs, pools), one file
	// each; the director's config must include it (@|"sh -c 'cat DIR/*.conf'").
	ResourceDir string `yaml:"resource_dir"`
	// StorageDaemon is bacula-sd (for `-t` checks), StorageConfig its config.
	StorageDaemon string `yaml:"storage_daemon"`
	StorageConfig string `yaml:"storage_config"`
	// CommandTimeout bounds one console command.
	CommandTimeout Duration `yaml:"command_timeout"`
}

// ISCSI says where SCST's files are.
type ISCSI struct {
	// ConfigFile is what SCST loads at boot; BAMS replaces it (atomic
	// rename, mode 0600: it holds CHAP secrets) after each successful apply.
	ConfigFile string `yaml:"config_file"`
	// WorkDir is bamsd's private folder (0700) for the configurations
	// scstadmin reads and writes during an apply.
	WorkDir string `yaml:"work_dir"`
	// SysfsRoot is SCST's sysfs tree, where sessions are read.
	SysfsRoot string `yaml:"sysfs_root"`
	// DriftInterval is how often the running configuration is compared
	// with the desired state.
	DriftInterval Duration `yaml:"drift_interval"`
}

// Tape configures the tape libraries.
type Tape struct {
	// Changers lists the libraries; when empty, bamsd finds them with
	// `lsscsi -g` (drives are then not tied to mtx's drive numbers).
	Changers []TapeChanger `yaml:"changers"`
	// CleaningPrefix marks cleaning cartridges by barcode; they are never
	// loaded as data.
	CleaningPrefix string `yaml:"cleaning_prefix"`
	// CleaningMaxUses is how many cleans a cleaning cartridge is good for
	// (LTO cartridges are rated for about 50).
	CleaningMaxUses int `yaml:"cleaning_max_uses"`
	// MoveTimeout bounds one mtx move (an LTO load can take minutes).
	MoveTimeout Duration `yaml:"move_timeout"`
}

// TapeChanger is one configured library.
type TapeChanger struct {
	Name   string `yaml:"name"`
	Device string `yaml:"device"` // the changer's sg node or /dev/tape/by-id link
	// Drives are the drives' device nodes (/dev/nst0, its sg node for
	// TapeAlert) in mtx's drive order, so Bacula's devices map to drives.
	Drives        []string `yaml:"drives"`
	BaculaStorage string   `yaml:"bacula_storage"` // the director's Storage resource for it
}

// Backups configures pull backups.
type Backups struct {
	// MaxParallel backups of different hosts run at once; more wait their turn.
	MaxParallel int `yaml:"max_parallel"`
	// Confinement keeps a backup's rsync inside its host's folder:
	// "namespace" (a private mount namespace), "landlock", or "check" (a
	// base is linked from only when none of its symlinks leads out of it);
	// each falls back to the next where the machine cannot have it.
	Confinement string `yaml:"confinement"`
	// RsyncConfineRoot adds rsync's own --confine-root on top, where the
	// local rsync has it (3.4.2 and later).
	RsyncConfineRoot bool `yaml:"rsync_confine_root"`
	// Layout is how the snapshots sit in the backup root: "hardlinks" (a
	// tree per snapshot, unchanged files hard-linked from the one before;
	// any file system) or "btrfs" (the backup root is on btrfs: runs
	// update a working subvolume per host and each snapshot is a read-only
	// snapshot of it).
	Layout string `yaml:"layout"`
}

// Snapshot layouts (backups.layout).
const (
	LayoutHardlinks = "hardlinks"
	LayoutBtrfs     = "btrfs"
)

// Confinement modes (backups.confinement).
const (
	ConfineNamespace = "namespace"
	ConfineLandlock  = "landlock"
	ConfineCheck     = "check"
)

// Polkit says how bamsd reaches polkit.
type Polkit struct {
	// BusAddress of the D-Bus where polkit lives; "" = the system bus.
	BusAddress string `yaml:"bus_address"`
	// CacheTTL bounds how long an answer is reused for the same process
	// (pid, start time, uid); a changed group membership takes effect after it.
	CacheTTL Duration `yaml:"cache_ttl"`
	// EventsRecheck is how often an open events stream re-checks its caller.
	EventsRecheck Duration `yaml:"events_recheck"`
}

// Limits protect the daemon from one caller.
type Limits struct {
	ConnectionsPerUID int   `yaml:"connections_per_uid"`
	MaxBodyBytes      int64 `yaml:"max_body_bytes"`
}

// Tasks configures background work.
type Tasks struct {
	History    Duration `yaml:"history"`     // finished tasks older than this are removed
	StallAfter Duration `yaml:"stall_after"` // a running task whose progress has not moved is marked stalled
}

// Tools says where external tools are found.
type Tools struct {
	// Path is searched for zfs, lvm, btrfs, mtx, scstadmin, bconsole, rsync, ssh.
	Path string `yaml:"path"`
	// Timeout bounds one quick tool call (a version query, a list).
	Timeout Duration `yaml:"timeout"`
}

// Default returns the configuration bamsd uses when a key is absent.
func Default() Config {
	return Config{
		Socket:      "/run/bams/bams.sock",
		Database:    "/var/lib/bams/bams.db",
		BackupRoot:  "/var/lib/bams/backups",
		RestoreRoot: "/var/lib/bams/restore",
		SSHKey:      "/var/lib/bams/ssh/id_ed25519",
		TimeZone:    "",
		LogLevel:    "info",
		Polkit: Polkit{
			CacheTTL:      Duration(2 * time.Second),
			EventsRecheck: Duration(5 * time.Second),
		},
		Limits: Limits{ConnectionsPerUID: 128, MaxBodyBytes: 1 << 20},
		Tasks:  Tasks{History: Duration(90 * 24 * time.Hour), StallAfter: Duration(10 * time.Minute)},
		Tools: Tools{
			Path:    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
			Timeout: Duration(30 * time.Second),
		},
		Backups: Backups{MaxParallel: 2, Confinement: ConfineNamespace, RsyncConfineRoot: true, Layout: LayoutHardlinks},
		Bacula: Bacula{
			Bconsole: "bconsole", ConsoleConfig: "/etc/bacula/bconsole.conf",
			Director: "bacula-dir", DirectorConfig: "/etc/bacula/bacula-dir.conf", ResourceDir: "/etc/bacula/bams.d",
			StorageDaemon: "bacula-sd", StorageConfig: "/etc/bacula/bacula-sd.conf",
			CommandTimeout: Duration(30 * time.Second),
		},
		ISCSI: ISCSI{ConfigFile: "/etc/scst.conf", WorkDir: "/var/lib/bams/scst", SysfsRoot: "/sys/kernel/scst_tgt",
			DriftInterval: Duration(5 * time.Minute)},

		Storage: Storage{Refresh: Duration(time.Minute), UsageWarning: 80, UsageCritical: 90},
		Tape:    Tape{CleaningPrefix: "CLN", CleaningMaxUses: 50, MoveTimeout: Duration(30 * time.Minute)},

		Retention: Retention{MaxDeleteShare: 0.5},
		Audit:     Audit{MaxAge: Duration(400 * 24 * time.Hour), MaxBytes: 256 << 20, DenialWindow: Duration(time.Minute)},
		Alerts: Alerts{CheckEvery: Duration(time.Minute), RaiseAfter: 3, ClearAfter: 2, HistoryMax: 10000,
			HistoryMaxAge: Duration(400 * 24 * time.Hour), BackupOverdueGrace: Duration(6 * time.Hour)},
		Notifications: Notifications{RatePerHour: 60, MaxAge: Duration(72 * time.Hour), MaxQueue: 10000},
		Logs: Logs{Journal: "auto", Bamsd: LogSource{Unit: "bams.service"},
			BaculaDir: LogSource{Unit: "bacula-director.service", File: "/var/log/bacula/bacula.log"},
			BaculaSD:  LogSource{Unit: "bacula-sd.service", File: "/var/log/bacula/bacula.log"},
			BaculaFD:  LogSource{Unit: "bacula-fd.service", File: "/var/log/bacula/bacula.log"},
			ISCSI:     LogSource{Unit: "scst.service"}},
	}
}

// Load reads path. A missing file at DefaultPath means all defaults; any
// other missing path is an error (the operator asked for that file).
func Load(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && path == DefaultPath {
		cfg := Default()
		return cfg, cfg.Validate()
	}
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	cfg, err := Parse(b)
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

// Parse decodes YAML over the defaults and validates the result.
func Parse(b []byte) (Config, error) {
	cfg := Default()
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, nameKeys(b, err)
	}
	return cfg, cfg.Validate()
}

// Validate checks every value and names the key of the first bad one.
func (c Config) Validate() error {
	for key, p := range map[string]string{
		"socket": c.Socket, "database": c.Database, "backup_root": c.BackupRoot,
		"restore_root": c.RestoreRoot, "ssh_key": c.SSHKey,
		"bacula.console_config": c.Bacula.ConsoleConfig, "bacula.director_config": c.Bacula.DirectorConfig,
		"bacula.resource_dir": c.Bacula.ResourceDir, "bacula.storage_config": c.Bacula.StorageConfig,
		"iscsi.config_file": c.ISCSI.ConfigFile, "iscsi.work_dir": c.ISCSI.WorkDir, "iscsi.sysfs_root": c.ISCSI.SysfsRoot,
	} {
		if !filepath.IsAbs(p) || filepath.Clean(p) != p {
			return fmt.Errorf("%s: %q must be a clean absolute path", key, p)
		}
	}
	if c.TimeZone != "" {
		if _, err := time.LoadLocation(c.TimeZone); err != nil {
			return fmt.Errorf("time_zone: unknown time zone %q", c.TimeZone)
		}
	}
	for key, name := range map[string]string{"bacula.bconsole": c.Bacula.Bconsole, "bacula.director": c.Bacula.Director,
		"bacula.storage_daemon": c.Bacula.StorageDaemon} {
		if name == "" || strings.HasPrefix(name, "-") || strings.ContainsAny(name, " \t\n") {
			return fmt.Errorf("%s: %q must be a program name or an absolute path", key, name)
		}
	}
	if c.Metrics.Listen != "" {
		host, port, err := net.SplitHostPort(c.Metrics.Listen)
		ip := net.ParseIP(host)
		if err != nil || port == "" || ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("metrics.listen: %q must be a loopback address and port like 127.0.0.1:9469 (the TCP endpoint has no authentication)", c.Metrics.Listen)
		}
	}
	if c.Logs.Journal != "auto" && c.Logs.Journal != "on" && c.Logs.Journal != "off" {
		return fmt.Errorf("logs.journal: %q is not one of auto, on, off", c.Logs.Journal)
	}
	for key, src := range map[string]LogSource{"bamsd": c.Logs.Bamsd, "bacula_dir": c.Logs.BaculaDir, "bacula_sd": c.Logs.BaculaSD,
		"bacula_fd": c.Logs.BaculaFD, "iscsi": c.Logs.ISCSI} {
		if !unitName.MatchString(src.Unit) {
			return fmt.Errorf("logs.%s.unit: %q is not a systemd unit name like bams.service", key, src.Unit)
		}
		if src.File != "" && (!filepath.IsAbs(src.File) || filepath.Clean(src.File) != src.File) {
			return fmt.Errorf("logs.%s.file: %q must be a clean absolute path", key, src.File)
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log_level: %q is not one of debug, info, warn, error", c.LogLevel)
	}
	checks := []struct {
		key string
		ok  bool
	}{
		{"polkit.cache_ttl: must be between 0s and 10s", c.Polkit.CacheTTL >= 0 && c.Polkit.CacheTTL.D() <= 10*time.Second},
		{"polkit.events_recheck: must be between 1s and 60s", c.Polkit.EventsRecheck.D() >= time.Second && c.Polkit.EventsRecheck.D() <= time.Minute},
		{"limits.connections_per_uid: must be at least 1", c.Limits.ConnectionsPerUID >= 1},
		{"limits.max_body_bytes: must be between 1024 and 67108864", c.Limits.MaxBodyBytes >= 1024 && c.Limits.MaxBodyBytes <= 64<<20},
		{"tasks.history: must be at least 1h", c.Tasks.History.D() >= time.Hour},
		{"tasks.stall_after: must be at least 1s", c.Tasks.StallAfter.D() >= time.Second},
		{"tools.path: must not be empty", c.Tools.Path != ""},
		{"tools.timeout: must be at least 1s", c.Tools.Timeout.D() >= time.Second},
		{"backups.max_parallel: must be from 1 to 64", c.Backups.MaxParallel >= 1 && c.Backups.MaxParallel <= 64},
		{"backups.layout: must be hardlinks or btrfs", c.Backups.Layout == LayoutHardlinks || c.Backups.Layout == LayoutBtrfs},
		{"backups.confinement: must be namespace, landlock or check", c.Backups.Confinement == ConfineNamespace ||
			c.Backups.Confinement == ConfineLandlock || c.Backups.Confinement == ConfineCheck},
		{"bacula.command_timeout: must be from 1s to 10m", c.Bacula.CommandTimeout.D() >= time.Second && c.Bacula.CommandTimeout.D() <= 10*time.Minute},
		{"storage.lvm_config: must be LVM config settings on one line", !strings.ContainsAny(c.Storage.LVMConfig, "\n\r") && !strings.HasPrefix(c.Storage.LVMConfig, "-")},
		{"storage.refresh: must be from 10s to 1h", c.Storage.Refresh.D() >= 10*time.Second && c.Storage.Refresh.D() <= time.Hour},
		{"storage.usage_warning: must be more than 0 and less than storage.usage_critical", c.Storage.UsageWarning > 0 && c.Storage.UsageWarning < c.Storage.UsageCritical},
		{"storage.usage_critical: must be at most 100", c.Storage.UsageCritical <= 100},
		{"iscsi.drift_interval: must be from 10s to 24h", c.ISCSI.DriftInterval.D() >= 10*time.Second && c.ISCSI.DriftInterval.D() <= 24*time.Hour},
		{"retention.max_delete_share: must be more than 0 and at most 1", c.Retention.MaxDeleteShare > 0 && c.Retention.MaxDeleteShare <= 1},
		{"audit.max_age: must be at least 24h", c.Audit.MaxAge.D() >= 24*time.Hour},
		{"audit.max_bytes: must be at least 1048576 (1 MiB)", c.Audit.MaxBytes >= 1<<20},
		{"audit.denial_window: must be from 1s to 1h", c.Audit.DenialWindow.D() >= time.Second && c.Audit.DenialWindow.D() <= time.Hour},
		{"alerts.check_every: must be from 1s to 1h", c.Alerts.CheckEvery.D() >= time.Second && c.Alerts.CheckEvery.D() <= time.Hour},
		{"alerts.raise_after: must be from 1 to 100", c.Alerts.RaiseAfter >= 1 && c.Alerts.RaiseAfter <= 100},
		{"alerts.clear_after: must be from 1 to 100", c.Alerts.ClearAfter >= 1 && c.Alerts.ClearAfter <= 100},
		{"alerts.history_max: must be from 100 to 1000000", c.Alerts.HistoryMax >= 100 && c.Alerts.HistoryMax <= 1_000_000},
		{"alerts.history_max_age: must be at least 24h", c.Alerts.HistoryMaxAge.D() >= 24*time.Hour},
		{"notifications.rate_per_hour: must be from 1 to 3600", c.Notifications.RatePerHour >= 1 && c.Notifications.RatePerHour <= 3600},
		{"notifications.max_age: must be from 1h to 720h", c.Notifications.MaxAge.D() >= time.Hour && c.Notifications.MaxAge.D() <= 720*time.Hour},
		{"notifications.max_queue: must be from 100 to 1000000", c.Notifications.MaxQueue >= 100 && c.Notifications.MaxQueue <= 1_000_000},
		{"alerts.backup_overdue_grace: must be from 0s to 720h", c.Alerts.BackupOverdueGrace >= 0 && c.Alerts.BackupOverdueGrace.D() <= 720*time.Hour},
	}
	for _, ch := range checks {
		if !ch.ok {
			return errors.New(ch.key)
		}
	}
	return c.Tape.validate()
}

var (
	tapeNamePattern       = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
	cleaningPrefixPattern = regexp.MustCompile(`^[A-Za-z0-9]{1,8}$`)
)

// validate checks the tape keys; device paths are checked by the tape
// service, which knows what mtx accepts.
func (t Tape) validate() error {
	if !cleaningPrefixPattern.MatchString(t.CleaningPrefix) {
		return errors.New("tape.cleaning_prefix: must be 1 to 8 letters or digits")
	}
	if t.CleaningMaxUses < 1 || t.CleaningMaxUses > 1000 {
		return errors.New("tape.cleaning_max_uses: must be from 1 to 1000")
	}
	if t.MoveTimeout.D() < time.Minute || t.MoveTimeout.D() > 4*time.Hour {
		return errors.New("tape.move_timeout: must be from 1m to 4h")
	}
	seen := map[string]bool{}
	for i, ch := range t.Changers {
		if !tapeNamePattern.MatchString(ch.Name) || seen[ch.Name] {
			return fmt.Errorf("tape.changers[%d].name: %q must be unique, 1 to 64 letters, digits, '_', '.' or '-'", i, ch.Name)
		}
		seen[ch.Name] = true
		if ch.BaculaStorage != "" && !tapeNamePattern.MatchString(ch.BaculaStorage) {
			return fmt.Errorf("tape.changers[%d].bacula_storage: %q is not a resource name", i, ch.BaculaStorage)
		}
	}
	return nil
}

// unitName is a systemd unit name that cannot be read as an option.
var unitName = regexp.MustCompile(`^[A-Za-z0-9:_.@][A-Za-z0-9:_.@-]{0,199}\.(service|socket|target)$`)

// Location is the appliance's time zone.
func (c Config) Location() *time.Location {
	if c.TimeZone == "" {
		return time.Local
	}
	loc, _ := time.LoadLocation(c.TimeZone) // validated
	return loc
}
