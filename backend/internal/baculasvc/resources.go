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

	"bams/backend/api"
	"bams/backend/internal/execx"
)

// Resource files: BAMS writes each resource it manages (a Job, a Pool) as
// one file, <ResourceDir>/<kind>-<name>.conf, in a folder the director's
// config includes and that BAMS alone owns. A change is never left half
// made: the file is written, the director's whole configuration is checked
// with `bacula-dir -t -c <DirectorConfig>`, and only then is `reload` sent.
// If the check or the reload fails, the previous file (or none) is put back
// and, when a reload was sent, the director reloads the old configuration.
// The check comes first because a reload with a bad configuration can kill
// the director (recipe gotcha G3), and an unresolved reference is only
// logged by a reload, never refused.
//
// applyResource and removeResource are shared by every Bacula feature that
// writes configuration (jobs here; pools in pools.go): call them, don't
// write into ResourceDir yourself.

// resourceNamePattern is what a resource BAMS writes may be called: it becomes a
// file name and goes unquoted on bconsole command lines, so letters, digits
// and "_.-" only, starting with a letter or digit.
var resourceNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// resourceKindPattern: "job", "pool", ... (the file name's prefix).
var resourceKindPattern = regexp.MustCompile(`^[a-z]{1,16}$`)

// ValidResourceName reports a bad resource name as a bad-request naming field.
func ValidResourceName(field, name string) error {
	if !resourceNamePattern.MatchString(name) || strings.Contains(name, "..") {
		return &api.Error{Kind: api.KindBadRequest, Field: field,
			Message: fmt.Sprintf("%s must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit", field)}
	}
	return nil
}

// resourceFile is the path of a resource's file.
func (s *Service) resourceFile(kind, name string) (string, error) {
	if !resourceKindPattern.MatchString(kind) {
		return "", fmt.Errorf("resource kind %q", kind)
	}
	if err := ValidResourceName("name", name); err != nil {
		return "", err
	}
	if s.paths.ResourceDir == "" {
		return "", &api.Error{Kind: api.KindConflict, Message: "bacula.resource_dir is not configured"}
	}
	return filepath.Join(s.paths.ResourceDir, kind+"-"+name+".conf"), nil
}

// resourceExists reports whether BAMS wrote the resource (it may still
// exist in the director's own files: the director decides that).
func (s *Service) resourceExists(kind, name string) bool {
	f, err := s.resourceFile(kind, name)
	if err != nil {
		return false
	}
	_, err = os.Stat(f)
	return err == nil
}

// applyResource writes content as the resource kind/name (creating or
// replacing it), checks the director's configuration and reloads it; on
// any failure the previous state is restored and the error says why (a
// failed check is a bad-request carrying bacula-dir's own words).
func (s *Service) applyResource(ctx context.Context, kind, name, content string) error {
	file, err := s.resourceFile(kind, name)
	if err != nil {
		return err
	}
	return s.changeResources(ctx, file, func() error { return s.writeResourceFile(file, []byte(content)) })
}

// removeResource deletes the resource kind/name, checked and reloaded like
// applyResource (a removal the rest of the configuration still refers to
// fails the check and is undone). Removing a resource BAMS did not write is
// not-found.
func (s *Service) removeResource(ctx context.Context, kind, name string) error {
	file, err := s.resourceFile(kind, name)
	if err != nil {
		return err
	}
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		return &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("%s %q was not created by BAMS", kind, name)}
	}
	return s.changeResources(ctx, file, func() error { return os.Remove(file) })
}

// changeResources runs change on file under the configuration lock, then
// checks and reloads, restoring file's previous content on failure.
func (s *Service) changeResources(ctx context.Context, file string, change func() error) error {
	s.configMu.Lock()
	defer s.configMu.Unlock()
	if err := s.makeResourceDir(filepath.Dir(file)); err != nil {
		return err
	}
	old, readErr := os.ReadFile(file)
	existed := readErr == nil
	if readErr != nil && !errors.Is(readErr, os.ErrNotExist) {
		return readErr
	}
	restore := func() error {
		if existed {
			return s.writeResourceFile(file, old)
		}
		if err := os.Remove(file); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	if err := change(); err != nil {
		return errors.Join(err, restore())
	}
	if err := s.checkDirectorConfig(ctx); err != nil {
		return errors.Join(err, restore())
	}
	if err := s.reload(ctx); err != nil {
		rerr := restore()
		if rerr == nil {
			// The old configuration passed its check before; if the
			// director is still up, take it back.
			if err2 := s.reload(ctx); err2 != nil {
				s.log.Error("reloading the previous bacula configuration", "err", err2)
			}
		}
		return errors.Join(err, rerr)
	}
	return nil
}

// checkDirectorConfig runs `bacula-dir -t -c <config>`: exit 0 means the
// whole configuration, includes and references, is sound.
func (s *Service) checkDirectorConfig(ctx context.Context) error {
	_, err := s.runner.Run(ctx, execx.Cmd{Name: s.paths.Director, Args: []string{"-t", "-c", s.paths.DirectorConfig}})
	var exit *execx.ExitError
	if errors.As(err, &exit) && !exit.TimedOut {
		return &api.Error{Kind: api.KindBadRequest,
			Message: "the director's configuration check (bacula-dir -t) refused the change, nothing was changed: " + exit.Stderr}
	}
	return err
}

// reload sends `reload` and asks the director something afterwards: a
// reload prints nothing, even when it killed the director, so only the
// next answer tells.
func (s *Service) reload(ctx context.Context) error {
	if _, err := s.command(ctx, "reload"); err != nil {
		return err
	}
	_, err := s.command(ctx, "version")
	return err
}

// makeResourceDir creates the resource folder (0750) owned like the
// director's config, so the director can read into it.
func (s *Service) makeResourceDir(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	like, err := os.Stat(s.paths.DirectorConfig)
	if err != nil {
		return fmt.Errorf("reading the director config's owner: %w", err)
	}
	if st, ok := like.Sys().(*syscall.Stat_t); ok && os.Geteuid() == 0 {
		return os.Chown(dir, int(st.Uid), int(st.Gid))
	}
	return nil
}

// writeResourceFile writes a resource file with the owner, group and mode
// of the director's own config: a packaged bacula-dir runs as user bacula
// and must be able to read what BAMS writes (as root) beside its config.
func (s *Service) writeResourceFile(file string, data []byte) error {
	like, err := os.Stat(s.paths.DirectorConfig)
	if err != nil {
		return fmt.Errorf("reading the director config's owner and mode: %w", err)
	}
	return replaceFile(file, data, like)
}
