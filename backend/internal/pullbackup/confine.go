package pullbackup

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/rsync"
	"bams/backend/internal/sandbox"
	"bams/backend/internal/ssh"
	"bams/backend/internal/tasks"
)

// Confinement modes (config backups.confinement), each falling back to
// the next where this machine cannot have it.
const (
	// ConfineNamespace: rsync, and the ssh it starts, run in a private mount
	// namespace that holds only the host's folder and what they need to run.
	ConfineNamespace = "namespace"
	// ConfineLandlock: the kernel's Landlock keeps them to the same paths.
	ConfineLandlock = "landlock"
	// ConfineCheck: a base is linked from only when none of its symlinks
	// leads out of the host's folder; otherwise the run copies.
	ConfineCheck = "check"
)

// A base snapshot holds the host's own symlinks, and rsync follows them
// while it looks a file up in a base: a host that had www -> /etc and then
// makes www a folder holding a file "shadow" would have rsync link, copy
// or read as a delta basis /etc/shadow of this appliance into its backup,
// and a restore would hand it over. Each run is therefore confined (see
// ARCHITECTURE.md, "Confining a backup's rsync"):
//   - A private mount namespace, or Landlock where that cannot be had:
//     rsync may change only the host's folder and read only that, its
//     per-run folder (the host's key line and bamsd's public key) and the
//     programs and public files it needs to run. Its ssh signs through
//     bamsd's agent, so bamsd's private key is not among what rsync can
//     read. The namespace costs nothing per file; Landlock a few
//     microseconds per hard link (its checks walk the path up).
//   - Else each base is checked, and one with a symlink leading out of
//     the host's folder is not used: the run copies instead, and says so.
//   - rsync's own --confine-root on top, where rsync has it (3.4.2+).
type confinement struct {
	rules       *sandbox.Rules // nil: no Landlock for this run
	ssh         ssh.Options    // how the confined rsync's ssh reaches the host
	confineRoot string         // --confine-root; "" when rsync lacks it or it is off
	hostDir     string         // the host's folder, symlinks resolved
	hostPath    string         // the host's folder as rsync is told it (the backup root may be a symlink)
	runDir      string
	agent       *ssh.Agent
}

// confine prepares the run's confinement to dir, the folder of the host's
// snapshots; close releases it.
func (s *Service) confine(ctx context.Context, run *tasks.Run, h api.Host, dir string) (*confinement, error) {
	hostDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	c := &confinement{ssh: s.sshOptions(h), hostDir: hostDir, hostPath: dir}
	if s.rsyncConfineRoot {
		if f, err := s.features.get(ctx, s.runner); err == nil && f.ConfineRoot {
			c.confineRoot = hostDir
		}
	}
	with := s.kernelConfinement(run)
	if with == "" {
		return c, nil
	}
	if err := c.kernel(h, with, s.runDir(run.ID())); err != nil {
		c.close()
		return nil, fmt.Errorf("preparing rsync's confinement: %w", err)
	}
	return c, nil
}

// runDir is a run's own folder beside bamsd's key (only root can enter
// it): left behind only by a crash, and then removed at the next start.
func (s *Service) runDir(taskID string) string {
	return filepath.Join(filepath.Dir(s.sshKey), "runs", taskID)
}

// kernelConfinement is how the kernel confines this run: the configured
// mode, or the next one down where this machine cannot have it, saying
// why in the run's log; "" for the base check alone.
func (s *Service) kernelConfinement(run *tasks.Run) string {
	mode := s.confinement
	if mode == ConfineNamespace {
		err := sandbox.NamespaceError()
		if err == nil {
			return sandbox.Namespace
		}
		run.Log("warn", "no private mount namespace for rsync here ("+err.Error()+"): confining it with Landlock instead")
		mode = ConfineLandlock
	}
	if mode == ConfineLandlock {
		if abi := sandbox.ABI(); abi >= sandbox.MinABI {
			return sandbox.Landlock
		}
		run.Log("warn", fmt.Sprintf("this kernel offers Landlock ABI %d (%d or later is needed), so rsync cannot be confined by the kernel: "+
			"bases are checked for symlinks leading out of the host's folder instead, and one that has any is copied from, not linked", sandbox.ABI(), sandbox.MinABI))
		return ""
	}
	run.Log("info", "confinement: bases are checked for symlinks leading out of the host's folder (backups.confinement is check)")
	return ""
}

// kernel sets up the run's folder dir with the host's known_hosts lines,
// bamsd's public key and the agent's socket (and, for a namespace, the
// empty folder its root is mounted on), and the rules rsync runs under.
func (c *confinement) kernel(h api.Host, with, dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return err
	}
	c.runDir = dir
	keys, err := ssh.KnownHostsFile(c.ssh.KnownHostsFile).Keys(h.Name)
	if err != nil {
		return err
	}
	var known strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&known, "%s %s %s\n", h.Name, k.Type, k.Key)
	}
	pub, err := ssh.PublicKey(c.ssh.KeyFile)
	if err != nil {
		return err
	}
	files := map[string]string{"known_hosts": known.String(), "id.pub": pub + "\n"}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			return err
		}
	}
	if c.agent, err = ssh.StartAgent(c.ssh.KeyFile, filepath.Join(dir, "agent")); err != nil {
		return err
	}
	c.ssh.KnownHostsFile = filepath.Join(dir, "known_hosts")
	c.ssh.KeyFile = filepath.Join(dir, "id.pub")
	c.ssh.Agent = filepath.Join(dir, "agent")
	rules := sandbox.ForPrograms()
	// The path rsync is told: a namespace then has it too (its symlinks
	// made there), and Landlock resolves it to the same folder.
	rules.With, rules.Write, rules.Read = with, []string{c.hostPath}, append(rules.Read, dir)
	if with == sandbox.Namespace {
		rules.Root = filepath.Join(dir, "root")
		if err := os.Mkdir(rules.Root, 0o700); err != nil {
			return err
		}
	}
	c.rules = &rules
	return nil
}

func (c *confinement) close() {
	if c.agent != nil {
		c.agent.Close()
	}
	if c.runDir != "" {
		os.RemoveAll(c.runDir)
	}
}

// safeBases returns the bases rsync may look files up in. Under Landlock
// that is every one; else a base is dropped, with the reason in the log,
// when one of its symlinks leads out of the host's folder.
func (c *confinement) safeBases(run *tasks.Run, bases []string) []string {
	if c.rules != nil {
		return bases
	}
	var safe []string
	for _, b := range bases {
		link, err := c.escapingSymlink(b)
		switch {
		case err != nil:
			run.Log("warn", fmt.Sprintf("not linking from %s: checking its symlinks failed: %v", filepath.Base(b), err))
		case link != "":
			run.Log("warn", fmt.Sprintf("not linking from %s: its symlink %s leads out of the host's folder, and rsync could follow it "+
				"to a file of this appliance; this run copies those files instead (Landlock would allow linking)",
				filepath.Base(b), strings.TrimPrefix(link, b)))
		default:
			safe = append(safe, b)
		}
	}
	return safe
}

// escapingSymlink walks base without following links and returns the
// first symlink whose target leads out of base, read as written or
// resolved on disk, or "" when none does.
func (c *confinement) escapingSymlink(base string) (string, error) {
	var found string
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		target, err := os.Readlink(p)
		if err != nil {
			return err
		}
		if filepath.IsAbs(target) || !within(filepath.Join(filepath.Dir(p), target), base) {
			found = p
			return filepath.SkipAll
		}
		if resolved, err := filepath.EvalSymlinks(p); err == nil && !within(resolved, c.hostDir) {
			found = p
			return filepath.SkipAll
		}
		return nil
	})
	return found, err
}

// rsyncFeatures asks the local rsync once what it can do; a failed ask is
// asked again next time (rsync may be installed in between).
type rsyncFeatures struct {
	mu    sync.Mutex
	known *rsync.Features
}

func (f *rsyncFeatures) get(ctx context.Context, r *execx.Runner) (rsync.Features, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.known != nil {
		return *f.known, nil
	}
	got, err := rsync.LocalFeatures(ctx, r)
	if err != nil {
		return rsync.Features{}, err
	}
	f.known = &got
	return got, nil
}
