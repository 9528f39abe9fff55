package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// enterNamespace moves the calling thread (held: a mount namespace is per
// thread until exec) into a private mount namespace whose root is a fresh
// tmpfs holding only r's paths, each bind-mounted at its own path, so the
// program's command line stays valid and anything else, however a symlink
// names it, does not exist. Exec and Read paths are read-only; Write
// folders are writable and each its own mount, so a hard link from outside
// them fails with EXDEV.
func enterNamespace(r Rules) error {
	if err := unix.Unshare(unix.CLONE_NEWNS | unix.CLONE_FS); err != nil {
		return fmt.Errorf("unshare: %w", err)
	}
	// Nothing mounted here may reach the host's namespace.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making / private: %w", err)
	}
	root := r.Root
	if err := unix.Mount("tmpfs", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0755,size=1m"); err != nil {
		return fmt.Errorf("mounting the new root: %w", err)
	}
	type bind struct {
		path     string
		readOnly bool
	}
	var binds []bind
	for _, p := range r.Exec {
		binds = append(binds, bind{p, true})
	}
	for _, p := range r.Read {
		binds = append(binds, bind{p, true})
	}
	for _, p := range append(append([]string{}, r.Device...), r.Write...) {
		binds = append(binds, bind{p, false})
	}
	// Outer paths first, so an inner one is mounted on top, not hidden.
	sort.SliceStable(binds, func(i, j int) bool { return len(binds[i].path) < len(binds[j].path) })
	var bound []string // folders mounted so far: what lies inside them is there already
	for _, b := range binds {
		real, err := bindInto(root, b.path, b.readOnly, bound)
		if err != nil {
			return err
		}
		bound = append(bound, real)
	}
	old := filepath.Join(root, ".old")
	if err := os.Mkdir(old, 0o700); err != nil {
		return err
	}
	if err := unix.PivotRoot(root, old); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := unix.Chdir("/"); err != nil {
		return err
	}
	if err := unix.Unmount("/.old", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("detaching the old root: %w", err)
	}
	return os.Remove("/.old")
}

// bindInto mounts path at the same place under root (a folder or a file),
// read-only if asked, unless it lies inside a folder already bound there.
// Symlinks on the way are resolved first (/lib on a merged-/usr system,
// /etc/localtime), and the link itself is made too, so the path as given
// still works. It returns where path really is.
func bindInto(root, path string, readOnly bool, bound []string) (string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", err
	}
	if real != path {
		link := filepath.Join(root, path)
		if _, err := os.Lstat(link); errors.Is(err, os.ErrNotExist) {
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				return "", err
			}
			if err := os.Symlink(real, link); err != nil {
				return "", err
			}
		}
	}
	for _, b := range bound {
		if real == b || strings.HasPrefix(real, b+"/") {
			return real, nil
		}
	}
	st, err := os.Stat(real)
	if err != nil {
		return "", err
	}
	target := filepath.Join(root, real)
	if st.IsDir() {
		err = os.MkdirAll(target, 0o755)
	} else if err = os.MkdirAll(filepath.Dir(target), 0o755); err == nil {
		var f *os.File
		if f, err = os.OpenFile(target, os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			f.Close()
		}
	}
	if err != nil {
		return "", err
	}
	if err := unix.Mount(real, target, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return "", fmt.Errorf("binding %s: %w", path, err)
	}
	flags := uintptr(unix.MS_BIND | unix.MS_REMOUNT | unix.MS_NOSUID)
	if readOnly {
		flags |= unix.MS_RDONLY
	}
	if err := unix.Mount("", target, "", flags, ""); err != nil {
		return "", fmt.Errorf("remounting %s: %w", path, err)
	}
	return real, nil
}

// NamespaceError says why a private mount namespace cannot be had here
// (not root, no CAP_SYS_ADMIN, a seccomp filter), or nil. It is asked once,
// on a thread of its own that is thrown away afterwards.
func NamespaceError() error {
	namespaceOnce.Do(func() {
		done := make(chan error)
		go func() {
			runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
			err := unix.Unshare(unix.CLONE_NEWNS | unix.CLONE_FS)
			if err == nil {
				err = unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, "")
			}
			done <- err
		}()
		namespaceErr = <-done
	})
	return namespaceErr
}

// The answer cannot change while bamsd runs: asked once.
var (
	namespaceOnce sync.Once
	namespaceErr  error
)
