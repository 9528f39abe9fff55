package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Verb is the first argument that makes bamsd run Main instead of the daemon.
const Verb = "confine-exec"

// How the kernel confines (Rules.With).
const (
	// Namespace: a private mount namespace whose root holds only what the
	// rules name, bind-mounted (read-only but for Write and Device). No
	// cost per file operation; needs CAP_SYS_ADMIN.
	Namespace = "namespace"
	// Landlock: the kernel's access control by folder; works without
	// privileges, at a few microseconds per hard link across folders.
	Landlock = "landlock"
)

// Rules are what a confined program may touch. Every path is absolute;
// a folder covers everything beneath it. Anything else the program opens
// fails with "Permission denied", and a hard link or rename into or out
// of the Write folders fails with "Invalid cross-device link".
type Rules struct {
	// With is Namespace or Landlock.
	With string
	// Root, with Namespace: an empty folder (the caller's, removed by it
	// afterwards) the new root is mounted on; in the caller's namespace it
	// stays empty.
	Root string
	// Write: folders the program may read and change in every way (make,
	// remove, link and rename entries, write and truncate files, make
	// device nodes, as rsync -a does), but not execute from.
	Write []string
	// Read: files and folders it may read.
	Read []string
	// Exec: folders of programs and libraries it may read and execute.
	Exec []string
	// Device: device files it may read, write and control (/dev/null).
	Device []string
}

// flags name the lists on the helper's command line.
var flags = []struct {
	name string
	list func(*Rules) *[]string
}{
	{"--write", func(r *Rules) *[]string { return &r.Write }},
	{"--read", func(r *Rules) *[]string { return &r.Read }},
	{"--exec", func(r *Rules) *[]string { return &r.Exec }},
	{"--device", func(r *Rules) *[]string { return &r.Device }},
}

// Args is the helper's command line for rules, up to and including "--".
func (r Rules) Args() []string {
	out := []string{Verb, "--with", r.With}
	if r.Root != "" {
		out = append(out, "--root", r.Root)
	}
	for _, f := range flags {
		for _, p := range *f.list(&r) {
			out = append(out, f.name, p)
		}
	}
	return append(out, "--")
}

// parseArgs is the inverse of Args (without Verb): the rules and the
// program's argv after "--".
func parseArgs(args []string) (Rules, []string, error) {
	var r Rules
	if len(args) < 2 || args[0] != "--with" || (args[1] != Namespace && args[1] != Landlock) {
		return r, nil, fmt.Errorf("the command line must start with --with %s or --with %s", Namespace, Landlock)
	}
	r.With, args = args[1], args[2:]
	for len(args) > 0 {
		if args[0] == "--" {
			if len(args) == 1 {
				return r, nil, fmt.Errorf("no program after --")
			}
			return r, args[1:], r.validate()
		}
		if len(args) < 2 {
			return r, nil, fmt.Errorf("%s needs a path", args[0])
		}
		found := args[0] == "--root"
		if found {
			r.Root = args[1]
		}
		for _, f := range flags {
			if args[0] == f.name {
				*f.list(&r) = append(*f.list(&r), args[1])
				found = true
			}
		}
		if !found {
			return r, nil, fmt.Errorf("unknown option %q", args[0])
		}
		args = args[2:]
	}
	return r, nil, fmt.Errorf("no -- before the program")
}

func (r Rules) validate() error {
	if r.With == Namespace && (r.Root == "" || !filepath.IsAbs(r.Root) || filepath.Clean(r.Root) != r.Root) {
		return fmt.Errorf("--with %s needs --root, an absolute clean path of an empty folder", Namespace)
	}
	for _, f := range flags {
		for _, p := range *f.list(&r) {
			if !filepath.IsAbs(p) || filepath.Clean(p) != p || strings.ContainsRune(p, 0) {
				return fmt.Errorf("%s %q: must be an absolute clean path", f.name, p)
			}
		}
	}
	return nil
}

// ForPrograms returns rules that let a dynamically linked program (and the
// programs it starts, as rsync starts ssh) run, resolve users and
// addresses and write to /dev/null, with nothing else of the machine
// readable: the program and library folders, and only those files of
// /etc that every local user may read anyway, never /etc as a whole.
// Paths absent on this machine are left out.
func ForPrograms() Rules {
	var r Rules
	for _, d := range []string{"/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"} {
		if exists(d) {
			r.Exec = append(r.Exec, d)
		}
	}
	for _, f := range []string{
		"/etc/ld.so.cache", "/etc/ld.so.preload", "/etc/nsswitch.conf", "/etc/passwd", "/etc/group",
		"/etc/hosts", "/etc/host.conf", "/etc/resolv.conf", "/etc/gai.conf", "/etc/localtime",
		"/dev/urandom", "/dev/random",
	} {
		if exists(f) {
			r.Read = append(r.Read, f)
		}
	}
	r.Device = []string{"/dev/null"}
	return r
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
