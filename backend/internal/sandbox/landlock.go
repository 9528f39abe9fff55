package sandbox

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// MinABI is the oldest Landlock ABI bamsd confines with: ABI 1 refuses
// every hard link and rename across folders, which rsync's --link-dest
// needs inside the host's folder; ABI 2 (Linux 5.19) makes them a right.
const MinABI = 2

// ABI is the Landlock ABI version the running kernel offers; 0 when it
// has none (not built in, or not enabled in the lsm= boot list).
func ABI() int {
	v, _, errno := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, 0, 0, unix.LANDLOCK_CREATE_RULESET_VERSION)
	if errno != 0 {
		return 0
	}
	return int(v)
}

// Access rights by the ABI that brought them.
const (
	fileRights = unix.LANDLOCK_ACCESS_FS_EXECUTE | unix.LANDLOCK_ACCESS_FS_WRITE_FILE |
		unix.LANDLOCK_ACCESS_FS_READ_FILE | unix.LANDLOCK_ACCESS_FS_TRUNCATE | unix.LANDLOCK_ACCESS_FS_IOCTL_DEV
	abi1 = unix.LANDLOCK_ACCESS_FS_EXECUTE | unix.LANDLOCK_ACCESS_FS_WRITE_FILE | unix.LANDLOCK_ACCESS_FS_READ_FILE |
		unix.LANDLOCK_ACCESS_FS_READ_DIR | unix.LANDLOCK_ACCESS_FS_REMOVE_DIR | unix.LANDLOCK_ACCESS_FS_REMOVE_FILE |
		unix.LANDLOCK_ACCESS_FS_MAKE_CHAR | unix.LANDLOCK_ACCESS_FS_MAKE_DIR | unix.LANDLOCK_ACCESS_FS_MAKE_REG |
		unix.LANDLOCK_ACCESS_FS_MAKE_SOCK | unix.LANDLOCK_ACCESS_FS_MAKE_FIFO | unix.LANDLOCK_ACCESS_FS_MAKE_BLOCK |
		unix.LANDLOCK_ACCESS_FS_MAKE_SYM
	abi2 = abi1 | unix.LANDLOCK_ACCESS_FS_REFER
	abi3 = abi2 | unix.LANDLOCK_ACCESS_FS_TRUNCATE
	abi5 = abi3 | unix.LANDLOCK_ACCESS_FS_IOCTL_DEV

	readRights   = unix.LANDLOCK_ACCESS_FS_READ_FILE | unix.LANDLOCK_ACCESS_FS_READ_DIR
	execRights   = readRights | unix.LANDLOCK_ACCESS_FS_EXECUTE
	deviceRights = unix.LANDLOCK_ACCESS_FS_READ_FILE | unix.LANDLOCK_ACCESS_FS_WRITE_FILE | unix.LANDLOCK_ACCESS_FS_IOCTL_DEV
	writeRights  = abi5 &^ unix.LANDLOCK_ACCESS_FS_EXECUTE &^ unix.LANDLOCK_ACCESS_FS_IOCTL_DEV
)

// handled is every file-system right the kernel's ABI knows: a right it
// knows and the ruleset does not handle would stay unrestricted.
func handled(abi int) uint64 {
	switch {
	case abi >= 5:
		return abi5
	case abi >= 3:
		return abi3
	default:
		return abi2
	}
}

// restrict puts the calling thread (and what it executes) under r. The
// caller must hold its OS thread (runtime.LockOSThread): Landlock and
// no_new_privs are per thread, and Main executes the program from it.
func restrict(r Rules) error {
	abi := ABI()
	if abi < MinABI {
		return fmt.Errorf("the kernel offers Landlock ABI %d, bamsd needs %d or later (Linux 5.19)", abi, MinABI)
	}
	all := handled(abi)
	attr := unix.LandlockRulesetAttr{Access_fs: all}
	// The ABI 1-3 struct is the first field alone; later kernels accept the longer one.
	size := unsafe.Sizeof(attr.Access_fs)
	fd, _, errno := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, uintptr(unsafe.Pointer(&attr)), size, 0)
	if errno != 0 {
		return fmt.Errorf("landlock_create_ruleset: %w", errno)
	}
	ruleset := int(fd)
	defer unix.Close(ruleset)
	for _, g := range []struct {
		paths  []string
		rights uint64
	}{{r.Exec, execRights}, {r.Read, readRights}, {r.Device, deviceRights}, {r.Write, writeRights}} {
		for _, p := range g.paths {
			if err := addRule(ruleset, p, g.rights&all); err != nil {
				return err
			}
		}
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("no_new_privs: %w", err)
	}
	if _, _, errno := unix.Syscall(unix.SYS_LANDLOCK_RESTRICT_SELF, uintptr(ruleset), 0, 0); errno != 0 {
		return fmt.Errorf("landlock_restrict_self: %w", errno)
	}
	return nil
}

// addRule allows rights beneath path; a file takes only the rights that
// apply to files.
func addRule(ruleset int, path string, rights uint64) error {
	fd, err := unix.Open(path, unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		rights &= fileRights
	}
	attr := unix.LandlockPathBeneathAttr{Allowed_access: rights, Parent_fd: int32(fd)}
	if _, _, errno := unix.Syscall6(unix.SYS_LANDLOCK_ADD_RULE, uintptr(ruleset), unix.LANDLOCK_RULE_PATH_BENEATH,
		uintptr(unsafe.Pointer(&attr)), 0, 0, 0); errno != 0 {
		return fmt.Errorf("landlock rule for %s: %w", path, errno)
	}
	return nil
}

// Main is the helper: it parses args (after Verb), confines itself and
// executes the program, or prints why it could not and exits 126 (as a
// shell does for a command it found but could not run). It never returns.
func Main(args []string) {
	rules, argv, err := parseArgs(args)
	if err == nil {
		runtime.LockOSThread()
		if rules.With == Namespace {
			err = enterNamespace(rules)
		} else {
			err = restrict(rules)
		}
	}
	if err == nil {
		err = syscall.Exec(argv[0], argv, os.Environ())
		if errors.Is(err, syscall.ENOENT) {
			err = fmt.Errorf("%s: not found", argv[0])
		}
	}
	fmt.Fprintln(os.Stderr, "bamsd confine-exec:", err)
	os.Exit(126)
}
