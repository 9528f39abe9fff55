package baculasvc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"

	sddbus "github.com/coreos/go-systemd/v22/dbus"
	sdutil "github.com/coreos/go-systemd/v22/util"

	"bams/backend/api"
	"bams/backend/internal/bacula"
	"bams/backend/internal/execx"
	"bams/backend/internal/tasks"
)

const (
	// sdUnit is the storage daemon's systemd unit (Debian's and Bacula's own).
	sdUnit = "bacula-sd.service"
	// managedSDFile is the file beside the storage daemon's configuration
	// that holds the devices BAMS writes; the configuration includes it.
	managedSDFile = "bams-sd.conf"
	// TaskInventory is the task kind of POST /api/v1/bacula/inventory.
	TaskInventory = "bacula-inventory"
)

// StorageDaemons lists the director's Storage resources, each with its
// storage daemon's own status (or why it did not answer).
func (s *Service) StorageDaemons(ctx context.Context) ([]api.BaculaStorage, error) {
	storages, err := s.storages(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]api.BaculaStorage, 0, len(storages))
	for _, st := range storages {
		out = append(out, s.storageStatus(ctx, st))
	}
	return out, nil
}

func (s *Service) storageStatus(ctx context.Context, st bacula.StorageResource) api.BaculaStorage {
	w := api.BaculaStorage{Name: st.Name, Address: st.Address, Port: st.Port, Device: st.Device, MediaType: st.MediaType,
		Autochanger: st.Autochanger}
	w.Daemon, w.DaemonError = s.daemonStatus(ctx, "storage="+st.Name)
	return w
}

// SDStatus is the status of the storage daemon on this machine (the one
// whose configuration BAMS manages), asked through the director's Storage
// resource that points at its port.
func (s *Service) SDStatus(ctx context.Context) (api.BaculaStorage, error) {
	st, err := s.localStorage(ctx)
	if err != nil {
		return api.BaculaStorage{}, err
	}
	return s.storageStatus(ctx, st), nil
}

// localStorage is the director's first Storage resource on the local
// storage daemon's port.
func (s *Service) localStorage(ctx context.Context) (bacula.StorageResource, error) {
	conf, err := s.readSDConfig()
	if err != nil {
		return bacula.StorageResource{}, err
	}
	_, port := bacula.StorageDaemon(string(conf))
	storages, err := s.storages(ctx)
	if err != nil {
		return bacula.StorageResource{}, err
	}
	for _, st := range storages {
		if st.Port == port {
			return st, nil
		}
	}
	return bacula.StorageResource{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
		"no Storage resource of the director points at the local storage daemon (port %d)", port)}
}

// readSDConfig reads the storage daemon's configuration. Where there is
// none, the storage daemon is not installed here: tool-missing, not a bug.
func (s *Service) readSDConfig() ([]byte, error) {
	conf, err := os.ReadFile(s.paths.StorageConfig)
	if errors.Is(err, os.ErrNotExist) {
		return nil, &api.Error{Kind: api.KindToolMissing, Message: fmt.Sprintf(
			"the storage daemon's configuration %s does not exist (is bacula-sd installed?)", s.paths.StorageConfig)}
	}
	if err != nil {
		return nil, fmt.Errorf("reading the storage daemon's configuration: %w", err)
	}
	return conf, nil
}

// SDConfig is the storage daemon's configuration, passwords redacted, and
// the devices BAMS manages.
func (s *Service) SDConfig() (api.BaculaSDConfig, error) {
	conf, err := s.readSDConfig()
	if err != nil {
		return api.BaculaSDConfig{}, err
	}
	managed := s.managedSDPath()
	out := api.BaculaSDConfig{Path: s.paths.StorageConfig, Text: bacula.RedactPasswords(string(conf)), ManagedFile: managed,
		Included: bacula.Includes(string(conf), managed), Devices: []api.BaculaFileDevice{}}
	if b, err := os.ReadFile(managed); err == nil {
		for _, d := range bacula.ParseFileDevices(string(b)) {
			dev := api.BaculaFileDevice{Name: d.Name, Directory: d.Directory, MediaType: d.MediaType}
			if s.repos != nil {
				if dev.Repository, err = s.repos.Holding(d.Directory); err != nil {
					return api.BaculaSDConfig{}, err
				}
			}
			out.Devices = append(out.Devices, dev)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return api.BaculaSDConfig{}, err
	}
	return out, nil
}

func (s *Service) managedSDPath() string {
	return filepath.Join(filepath.Dir(s.paths.StorageConfig), managedSDFile)
}

// SetSDConfig replaces the File devices BAMS manages: it writes them into
// its own file, adds the include line to the storage daemon's
// configuration if missing, and checks the whole with `bacula-sd -t`. A
// failed check puts both files back as they were. bacula-sd reads its
// configuration only when it starts, so the answer says a restart is due.
func (s *Service) SetSDConfig(ctx context.Context, req api.BaculaSDConfigSet) (api.BaculaSDConfig, error) {
	if err := validFileDevices(req.Devices); err != nil {
		return api.BaculaSDConfig{}, err
	}
	if err := s.inRepositories(req.Devices); err != nil {
		return api.BaculaSDConfig{}, err
	}
	s.configMu.Lock()
	defer s.configMu.Unlock()
	confPath, managed := s.paths.StorageConfig, s.managedSDPath()
	confInfo, err := os.Stat(confPath)
	if err != nil {
		return api.BaculaSDConfig{}, fmt.Errorf("the storage daemon's configuration: %w", err)
	}
	conf, err := os.ReadFile(confPath)
	if err != nil {
		return api.BaculaSDConfig{}, err
	}
	oldManaged, readErr := os.ReadFile(managed)
	hadManaged := readErr == nil
	if readErr != nil && !errors.Is(readErr, os.ErrNotExist) {
		return api.BaculaSDConfig{}, readErr
	}
	restore := func() error {
		errConf := replaceFile(confPath, conf, confInfo)
		if hadManaged {
			return errors.Join(errConf, replaceFile(managed, oldManaged, confInfo))
		}
		if err := os.Remove(managed); err != nil && !errors.Is(err, os.ErrNotExist) {
			return errors.Join(errConf, err)
		}
		return errConf
	}
	// The managed file first: an include of a missing file fails the check.
	if err := replaceFile(managed, []byte(fileDevices(req.Devices)), confInfo); err != nil {
		return api.BaculaSDConfig{}, errors.Join(err, restore())
	}
	if !bacula.Includes(string(conf), managed) {
		withInclude := strings.TrimRight(string(conf), "\n") + "\n\n# File devices BAMS manages (POST /api/v1/bacula/config)\n@" + managed + "\n"
		if err := replaceFile(confPath, []byte(withInclude), confInfo); err != nil {
			return api.BaculaSDConfig{}, errors.Join(err, restore())
		}
	}
	if err := s.checkSDConfig(ctx); err != nil {
		return api.BaculaSDConfig{}, errors.Join(err, restore())
	}
	out, err := s.SDConfig()
	out.RestartNeeded = true
	return out, err
}

// checkSDConfig runs `bacula-sd -t -c <config>`: exit 0 means the whole
// configuration, includes too, is sound.
func (s *Service) checkSDConfig(ctx context.Context) error {
	_, err := s.runner.Run(ctx, execx.Cmd{Name: s.paths.StorageDaemon, Args: []string{"-t", "-c", s.paths.StorageConfig}})
	var exit *execx.ExitError
	if errors.As(err, &exit) && !exit.TimedOut {
		return &api.Error{Kind: api.KindBadRequest, Field: "devices",
			Message: "the storage daemon's configuration check (bacula-sd -t) refused the devices, nothing was changed: " + exit.Stderr}
	}
	return err
}

// StartInventory runs `update slots` on each autochanger of the director,
// as a task: the changer reads every slot's barcode, which takes a while.
func (s *Service) StartInventory(ctx context.Context, by api.Caller) (api.Task, error) {
	storages, err := s.storages(ctx)
	if err != nil {
		return api.Task{}, err
	}
	var changers []string
	for _, st := range storages {
		if st.Autochanger {
			changers = append(changers, st.Name)
		}
	}
	if len(changers) == 0 {
		return api.Task{}, &api.Error{Kind: api.KindConflict, Message: "no autochanger configured: no Storage resource of the director has Autochanger = yes"}
	}
	return s.tasks.Start(TaskInventory, strings.Join(changers, ","), api.ActionOperate, by, func(ctx context.Context, run *tasks.Run) error {
		for i, name := range changers {
			run.Progress(api.Progress{Percent: float64(i) * 100 / float64(len(changers)),
				Step: fmt.Sprintf("update slots on %s (%d of %d)", name, i+1, len(changers))})
			reply, err := s.command(ctx, "update slots storage="+name+" drive=0")
			for _, line := range strings.Split(strings.TrimSpace(reply), "\n") {
				run.Log("info", line)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// RestartSD restarts the storage daemon through systemd's D-Bus API and
// waits for systemd's verdict.
func (s *Service) RestartSD(ctx context.Context) (api.BaculaSDRestart, error) {
	if !sdutil.IsRunningSystemd() {
		return api.BaculaSDRestart{}, &api.Error{Kind: api.KindConflict, Message: "systemd is not running on this machine, so " +
			sdUnit + " cannot be restarted through it; restart bacula-sd the way it was started"}
	}
	conn, err := sddbus.NewSystemConnectionContext(ctx)
	if err != nil {
		return api.BaculaSDRestart{}, fmt.Errorf("connecting to systemd: %w", err)
	}
	defer conn.Close()
	done := make(chan string, 1)
	if _, err := conn.RestartUnitContext(ctx, sdUnit, "replace", done); err != nil {
		return api.BaculaSDRestart{}, fmt.Errorf("restarting %s: %w", sdUnit, err)
	}
	select {
	case result := <-done:
		if result != "done" {
			return api.BaculaSDRestart{}, &api.Error{Kind: api.KindToolFailed, Message: fmt.Sprintf("systemd could not restart %s: %s", sdUnit, result)}
		}
		return api.BaculaSDRestart{Unit: sdUnit, Result: result}, nil
	case <-ctx.Done():
		return api.BaculaSDRestart{}, ctx.Err()
	}
}

// directoryPattern: what a device's directory may hold, so it can be
// written quoted without escapes (no quotes, spaces or backslashes).
var directoryPattern = regexp.MustCompile(`^/[A-Za-z0-9._+@%=:,/-]*$`)

// validFileDevices checks a set of devices before anything is written:
// names and directories unique, each directory an existing folder given
// as a clean absolute path.
func validFileDevices(devs []api.BaculaFileDevice) error {
	// The whole list replaces the file, so a body that left it out (or
	// sent null) must not read as "replace with nothing": only [] does.
	if devs == nil {
		return invalidField("devices", "devices is required: the full list of File devices ([] removes them all)")
	}
	seen, dirs := map[string]bool{}, map[string]bool{}
	for i, d := range devs {
		field := func(f string) string { return fmt.Sprintf("devices[%d].%s", i, f) }
		if err := ValidResourceName(field("name"), d.Name); err != nil {
			return err
		}
		if seen[d.Name] {
			return invalidField(field("name"), "device %q is given twice", d.Name)
		}
		seen[d.Name] = true
		if !directoryPattern.MatchString(d.Directory) || filepath.Clean(d.Directory) != d.Directory || d.Directory == "/" {
			return invalidField(field("directory"), "directory %q must be a clean absolute path below / of letters, digits and ._+@%%=:,/-", d.Directory)
		}
		if st, err := os.Stat(d.Directory); err != nil || !st.IsDir() {
			return invalidField(field("directory"), "directory %q is not an existing folder", d.Directory)
		}
		if dirs[d.Directory] {
			return invalidField(field("directory"), "directory %q is given twice", d.Directory)
		}
		dirs[d.Directory] = true
		// a media type is written like a resource name, so it is one
		if d.MediaType != "" && !resourceNamePattern.MatchString(d.MediaType) {
			return invalidField(field("media_type"), "media_type must be 1 to 64 letters, digits, '_', '.' or '-'")
		}
	}
	return nil
}

// fileDevices is the managed file for validated devices.
func fileDevices(devs []api.BaculaFileDevice) string {
	bd := make([]bacula.FileDevice, len(devs))
	for i, d := range devs {
		bd[i] = bacula.FileDevice{Name: d.Name, Directory: d.Directory, MediaType: d.MediaType}
	}
	return bacula.FileDevices("# Written by BAMS (POST /api/v1/bacula/config). Do not edit: BAMS replaces this file.\n", bd)
}

// replaceFile writes data over path atomically with like's mode and owner:
// bacula-sd runs as its own user and must still read what root wrote.
func replaceFile(path string, data []byte, like os.FileInfo) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, like.Mode().Perm())
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(like.Mode().Perm())
	}
	if st, ok := like.Sys().(*syscall.Stat_t); ok && err == nil && os.Geteuid() == 0 {
		err = f.Chown(int(st.Uid), int(st.Gid))
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
