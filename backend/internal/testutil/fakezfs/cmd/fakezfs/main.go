// Command fakezfs is the stateful fake zfs/zpool of package fakezfs:
// `fakezfs zfs ARGS` or `fakezfs zpool ARGS`, state in $FAKEZFS_STATE.
// Output follows the recordings in backend/internal/zfs/testdata: TAB
// separated -H lists, TAB-indented status, and the recorded error texts
// ("dataset does not exist", "filesystem has children" with its list,
// "invalid option 'p'"). Errors no recording shows use OpenZFS's wording.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"bams/backend/internal/testutil/fakezfs"
)

type fake struct {
	st     fakezfs.State
	out    strings.Builder
	errOut strings.Builder
}

func main() {
	path := os.Getenv("FAKEZFS_STATE")
	tool, args := os.Args[1], os.Args[2:]
	logCall(path, tool, args)
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakezfs:", err)
		os.Exit(99)
	}
	f := &fake{}
	if err := json.Unmarshal(b, &f.st); err != nil {
		fmt.Fprintln(os.Stderr, "fakezfs:", err)
		os.Exit(99)
	}
	var code int
	if tool == "zpool" {
		code = f.zpool(args)
	} else {
		code = f.zfs(args)
	}
	if code == 0 {
		b, _ = json.MarshalIndent(f.st, "", "  ")
		// a new file renamed over the old: a test reading the state while
		// a call runs (a scrub task polling) never sees half of it; named
		// by pid, as a page may run two zfs lists at once
		tmp := fmt.Sprintf("%s.new.%d", path, os.Getpid())
		err := os.WriteFile(tmp, b, 0o644)
		if err == nil {
			err = os.Rename(tmp, path)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "fakezfs:", err)
			os.Exit(99)
		}
	}
	os.Stdout.WriteString(f.out.String())
	os.Stderr.WriteString(f.errOut.String())
	os.Exit(code)
}

func logCall(path, tool string, args []string) {
	line, _ := json.Marshal(fakezfs.Call{Tool: tool, Args: args})
	fh, err := os.OpenFile(path+".log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		fh.Write(append(line, '\n'))
		fh.Close()
	}
}

func (f *fake) fail(code int, format string, a ...any) int {
	fmt.Fprintf(&f.errOut, format+"\n", a...)
	return code
}

// invalidOption prints what the recorded zfs-fuse CLI printed for -p.
func (f *fake) invalidOption(c byte, tool string) int {
	if tool == "zpool" {
		return f.fail(2, "invalid option '%c'\nusage:\n\tlist [-H] [-o property[,...]] [pool] ...\n", c)
	}
	return f.fail(2, "invalid option '%c'\nusage:\n\tlist [-rH][-d max] [-o property[,...]] [-t type[,...]] [-s property] ...\n\t    [-S property] ... [filesystem|volume|snapshot] ...\n", c)
}

// flags splits leading options: those in withValue take the next word.
func flags(args []string, withValue string) (map[string][]string, []string) {
	opts := map[string][]string{}
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		a := args[0]
		args = args[1:]
		if strings.HasPrefix(a, "--") {
			opts[a] = append(opts[a], "")
			continue
		}
		for i := 1; i < len(a); i++ {
			c := string(a[i])
			if strings.Contains(withValue, c) && len(args) > 0 {
				opts[c] = append(opts[c], args[0])
				args = args[1:]
				break
			}
			opts[c] = append(opts[c], "")
		}
	}
	return opts, args
}

func (f *fake) now() int64 {
	f.st.Clock++
	if f.st.Clock < 1795304818 {
		f.st.Clock = 1795304818 // the recorded creation time
	}
	return f.st.Clock
}

func dateText(sec int64) string {
	return time.Unix(sec, 0).UTC().Format("Mon Jan _2 15:04:05 2006")
}

// ---- zpool

func (f *fake) zpool(args []string) int {
	if len(args) == 0 {
		return f.fail(2, "usage: zpool command args ...")
	}
	sub, args := args[0], args[1:]
	opts, rest := flags(args, "odOmt")
	if _, j := opts["j"]; j && f.st.NoJSON {
		return f.invalidOption('j', "zpool")
	}
	if _, p := opts["p"]; p && f.st.NoP {
		return f.invalidOption('p', "zpool")
	}
	switch sub {
	case "list":
		cols := strings.Split(strings.Join(opts["o"], ","), ",")
		if _, j := opts["j"]; j {
			return f.poolListJSON(cols)
		}
		for _, name := range sortedPools(f.st.Pools) {
			p := f.st.Pools[name]
			if p.Exported || len(rest) > 0 && rest[0] != name {
				continue
			}
			var vals []string
			for _, c := range cols {
				vals = append(vals, map[string]string{"name": name, "size": u(p.Size), "allocated": u(p.Size / 10), "free": u(p.Size - p.Size/10),
					"fragmentation": "0", "capacity": "10", "dedupratio": "1.00", "health": p.Health, "altroot": "-"}[c])
			}
			f.out.WriteString(strings.Join(vals, "\t") + "\n")
		}
		return 0
	case "create":
		return f.create(opts, rest)
	case "status":
		return f.status(rest)
	case "destroy", "export":
		if len(rest) != 1 || f.st.Pools[rest[0]] == nil || f.st.Pools[rest[0]].Exported {
			return f.fail(1, "cannot open '%s': no such pool", strings.Join(rest, " "))
		}
		if sub == "destroy" {
			delete(f.st.Pools, rest[0])
		} else {
			f.st.Pools[rest[0]].Exported = true
		}
		for name := range f.st.Datasets {
			if name == rest[0] || strings.HasPrefix(name, rest[0]+"/") || strings.HasPrefix(name, rest[0]+"@") {
				if sub == "destroy" {
					delete(f.st.Datasets, name)
				}
			}
		}
		return 0
	case "import":
		return f.importPool(rest)
	case "scrub":
		if len(rest) != 1 || f.st.Pools[rest[0]] == nil || f.st.Pools[rest[0]].Exported {
			return f.fail(1, "cannot open '%s': no such pool", strings.Join(rest, " "))
		}
		p := f.st.Pools[rest[0]]
		if _, stop := opts["s"]; stop {
			if p.Scrub != "scanning" {
				return f.fail(1, "cannot cancel scrubbing %s: there is no active scrub", rest[0])
			}
			p.Scrub = "canceled"
			return 0
		}
		if p.Scrub == "scanning" {
			return f.fail(1, "cannot scrub %s: currently scrubbing; use 'zpool scrub -s' to cancel current scrub", rest[0])
		}
		p.Scrub, p.Polls = "scanning", 0
		return 0
	}
	return f.fail(2, "unrecognized command '%s'", sub)
}

// poolListJSON prints `zpool list -j --json-int` with OpenZFS 2.3's keys
// (pool_guid; numbers with --json-int).
func (f *fake) poolListJSON(cols []string) int {
	type val struct {
		Value any `json:"value"`
	}
	pools := map[string]any{}
	for name, p := range f.st.Pools {
		if p.Exported {
			continue
		}
		props := map[string]val{}
		for _, c := range cols {
			props[c] = val{map[string]any{"size": p.Size, "allocated": p.Size / 10, "free": p.Size - p.Size/10, "fragmentation": 0,
				"capacity": 10, "dedupratio": "1.00x", "health": p.Health, "altroot": "-"}[c]}
		}
		pools[name] = map[string]any{"name": name, "type": "POOL", "state": p.Health, "pool_guid": p.ID, "properties": props}
	}
	b, _ := json.MarshalIndent(map[string]any{"output_version": map[string]any{"command": "zpool list", "vers_major": 0, "vers_minor": 1}, "pools": pools}, "", "  ")
	f.out.Write(append(b, '\n'))
	return 0
}

func sortedPools(m map[string]*fakezfs.Pool) []string {
	var names []string
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func u(n uint64) string { return strconv.FormatUint(n, 10) }

func (f *fake) create(opts map[string][]string, rest []string) int {
	if len(rest) < 2 {
		return f.fail(2, "missing vdev specification")
	}
	name, vdevs := rest[0], rest[1:]
	if p := f.st.Pools[name]; p != nil {
		return f.fail(1, "cannot create '%s': pool already exists", name)
	}
	used := map[string]string{}
	for pn, p := range f.st.Pools {
		for _, d := range p.Vdevs {
			used[d] = pn
		}
	}
	var size uint64
	data := true
	for _, v := range vdevs {
		if v == "log" || v == "cache" || v == "spare" || v == "special" {
			data = false
		}
		if !strings.HasPrefix(v, "/") {
			continue // a keyword: mirror, raidz2, draid1:2d:4c, log, cache ...
		}
		if !contains(f.st.Disks, v) {
			return f.fail(1, "cannot open '%s': no such device in /dev\nmust be a full path or shorthand device name", v)
		}
		if pn, ok := used[v]; ok {
			return f.fail(1, "invalid vdev specification\nuse '-f' to override the following errors:\n%s is part of active pool '%s'", v, pn)
		}
		if data {
			size += 1 << 30
		}
	}
	p := &fakezfs.Pool{ID: strconv.FormatInt(1545135799752279547+f.now(), 10), Vdevs: vdevs, Health: "ONLINE", Size: size}
	for _, o := range opts["o"] {
		if a, ok := strings.CutPrefix(o, "ashift="); ok {
			p.Ashift, _ = strconv.Atoi(a)
		}
	}
	f.st.Pools[name] = p
	props := map[string]string{}
	for _, o := range opts["O"] {
		k, v, _ := strings.Cut(o, "=")
		props[k] = v
	}
	if m := opts["m"]; len(m) > 0 {
		props["mountpoint"] = m[0]
	}
	f.st.Datasets[name] = &fakezfs.Dataset{Type: "filesystem", Props: props, Creation: f.now()}
	return 0
}

// status prints the OpenZFS 2.x layout with TABs, as real zpool does.
func (f *fake) status(rest []string) int {
	names := rest
	if len(names) == 0 {
		names = sortedPools(f.st.Pools)
	}
	printed := 0
	for _, name := range names {
		p := f.st.Pools[name]
		if p == nil || p.Exported {
			return f.fail(1, "cannot open '%s': no such pool", name)
		}
		if printed > 0 {
			f.out.WriteString("\n")
		}
		printed++
		fmt.Fprintf(&f.out, "  pool: %s\n state: %s\n", name, p.Health)
		switch p.Scrub {
		case "":
			f.out.WriteString("config:\n\n")
		case "scanning":
			p.Polls++
			pct := 25 * p.Polls
			if pct >= 100 {
				p.Scrub = "finished"
				fmt.Fprintf(&f.out, "  scan: scrub repaired 0B in 00:00:%02d with 0 errors on %s\nconfig:\n\n", p.Polls, dateText(f.now()))
				break
			}
			done := p.Size / 10 * uint64(pct) / 100
			fmt.Fprintf(&f.out, "  scan: scrub in progress since %s\n\t%s scanned at %s/s, %s issued at %s/s, %s total\n\t0B repaired, %d.00%% done, 00:00:%02d to go\nconfig:\n\n",
				dateText(1795304818), human(done), human(done), human(done), human(done), human(p.Size/10), pct, 4-p.Polls)
		case "finished":
			fmt.Fprintf(&f.out, "  scan: scrub repaired 0B in 00:00:04 with 0 errors on %s\nconfig:\n\n", dateText(1795304822))
		case "canceled":
			fmt.Fprintf(&f.out, "  scan: scrub canceled on %s\nconfig:\n\n", dateText(1795304822))
		}
		f.out.WriteString("\tNAME        STATE     READ WRITE CKSUM\n")
		fmt.Fprintf(&f.out, "\t%-11s %-8s %5d %5d %5d\n", name, p.Health, 0, 0, 0)
		f.printVdevs(p.Vdevs, "\t  ", true)
		f.out.WriteString("\nerrors: No known data errors\n")
	}
	return 0
}

// printVdevs prints the vdev part of zpool create's argv as a config tree.
// withCounts is false for the import listing.
func (f *fake) printVdevs(vdevs []string, indent string, withCounts bool) {
	row := func(ind, name string) {
		if withCounts {
			fmt.Fprintf(&f.out, "%s%-*s ONLINE       0     0     0\n", ind, 12-len(ind)+2, name)
		} else {
			fmt.Fprintf(&f.out, "%s%-*s ONLINE\n", ind, 12-len(ind)+2, name)
		}
	}
	n, group := 0, ""
	inner := indent
	for _, v := range vdevs {
		switch {
		case v == "log" || v == "cache" || v == "spare" || v == "special":
			group = map[string]string{"log": "logs", "cache": "cache", "spare": "spares", "special": "special"}[v]
			fmt.Fprintf(&f.out, "%s%s\n", strings.TrimSuffix(indent, "  "), group)
			inner = indent
		case strings.HasPrefix(v, "/"):
			row(inner, v)
		default:
			kind, _, _ := strings.Cut(v, ":")
			row(indent, fmt.Sprintf("%s-%d", kind, n))
			n++
			inner = indent + "  "
		}
	}
}

func human(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2fG", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.2fM", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%dK", n>>10)
}

func (f *fake) importPool(rest []string) int {
	if len(rest) == 0 {
		listed := 0
		for _, name := range sortedPools(f.st.Pools) {
			p := f.st.Pools[name]
			if !p.Exported {
				continue
			}
			if listed > 0 {
				f.out.WriteString("\n")
			}
			listed++
			// the layout of zpool-import-list.openzfs-man.txt
			fmt.Fprintf(&f.out, "  pool: %s\n    id: %s\n state: ONLINE\naction: The pool can be imported using its name or numeric identifier.\nconfig:\n\n", name, p.ID)
			fmt.Fprintf(&f.out, "\t%-11s ONLINE\n", name)
			f.printVdevs(p.Vdevs, "\t  ", false)
		}
		if listed == 0 {
			return f.fail(1, "no pools available to import")
		}
		return 0
	}
	for _, name := range sortedPools(f.st.Pools) {
		p := f.st.Pools[name]
		if p.Exported && (name == rest[0] || p.ID == rest[0]) {
			p.Exported = false
			if len(rest) > 1 {
				f.st.Pools[rest[1]] = p
				delete(f.st.Pools, name)
				for dn, d := range f.st.Datasets {
					if dn == name || strings.HasPrefix(dn, name+"/") || strings.HasPrefix(dn, name+"@") {
						delete(f.st.Datasets, dn)
						f.st.Datasets[rest[1]+dn[len(name):]] = d
					}
				}
			}
			return 0
		}
	}
	return f.fail(1, "cannot import '%s': no such pool available", rest[0])
}

// ---- zfs

func (f *fake) zfs(args []string) int {
	if len(args) == 0 {
		return f.fail(2, "usage: zfs command args ...")
	}
	sub, args := args[0], args[1:]
	opts, rest := flags(args, "otsdVbS")
	if _, p := opts["p"]; p && f.st.NoP && sub == "list" {
		return f.invalidOption('p', "zfs")
	}
	if withValue, ok := map[string]string{"create": "obV", "destroy": "", "list": "otsdS", "snapshot": "o", "hold": "", "release": "", "rollback": "", "clone": "o"}[sub]; ok {
		// zfs create's -s (sparse) takes no value; list's -s does
		opts, rest = flags(args, withValue)
	}
	if code, done := f.files(sub, opts, rest); done {
		return code
	}
	switch sub {
	case "list":
		return f.list(opts, rest)
	case "create":
		return f.zfsCreate(opts, rest)
	case "snapshot":
		return f.snapshot(opts, rest)
	case "set":
		name := rest[len(rest)-1]
		d := f.st.Datasets[name]
		if d == nil {
			return f.fail(1, "cannot open '%s': dataset does not exist", name)
		}
		for _, kv := range rest[:len(rest)-1] {
			k, v, _ := strings.Cut(kv, "=")
			if d.Props == nil {
				d.Props = map[string]string{}
			}
			d.Props[k] = v
		}
		return 0
	case "get":
		if _, local := opts["s"]; local {
			return f.getLocal(opts, rest)
		}
		name := rest[len(rest)-1]
		d := f.st.Datasets[name]
		if d == nil {
			return f.fail(1, "cannot open '%s': dataset does not exist", name)
		}
		for _, p := range strings.Split(rest[0], ",") {
			v, src := f.prop(name, p)
			fmt.Fprintf(&f.out, "%s\t%s\t%s\t%s\n", name, p, v, src)
		}
		return 0
	case "destroy":
		if _, r := opts["r"]; r && len(rest) == 1 && strings.Contains(rest[0], "@") {
			return f.destroyRecursive(rest[0])
		}
		return f.destroy(opts, rest)
	case "hold", "release":
		return f.hold(sub, opts, rest)
	case "rollback":
		return f.rollback(opts, rest)
	case "clone":
		return f.clone(rest)
	case "send", "receive", "recv":
		return f.replication(sub, args)
	case "holds":
		for _, s := range rest {
			for _, tag := range f.st.Holds[s] {
				fmt.Fprintf(&f.out, "%s\t%s\t%s\n", s, tag, "Sat Nov 21 23:46 2026")
			}
		}
		return 0
	}
	return f.fail(2, "unrecognized command '%s'", sub)
}

// prop is one property's value and source, as -p prints them.
func (f *fake) prop(name, p string) (string, string) {
	d := f.st.Datasets[name]
	if v, ok := d.Props[p]; ok {
		return v, "local"
	}
	// inherited from the nearest parent that sets it: a snapshot's first
	// parent is its own dataset (user properties come from it too)
	for parent := name; strings.ContainsAny(parent, "/@"); {
		if i := strings.LastIndex(parent, "@"); i >= 0 {
			parent = parent[:i]
		} else {
			parent = parent[:strings.LastIndex(parent, "/")]
		}
		if v, ok := f.st.Datasets[parent].Props[p]; ok && p != "quota" && p != "refquota" && p != "reservation" && p != "volsize" {
			if p == "mountpoint" {
				v += name[len(parent):]
			}
			return v, "inherited from " + parent
		}
	}
	switch p {
	case "name":
		return name, "-"
	case "type":
		return d.Type, "-"
	case "creation", "createtxg": // the fake's clock only goes forward: a fine txg
		return strconv.FormatInt(d.Creation, 10), "-"
	case "used":
		return u(d.Used + 24576), "-"
	case "referenced":
		return "24576", "-"
	case "available":
		if d.Type == "snapshot" {
			return "-", "-"
		}
		return "1000000000", "-"
	case "mountpoint":
		if d.Type != "filesystem" {
			return "-", "-"
		}
		return "/" + name, "default"
	case "userrefs":
		if d.Type != "snapshot" {
			return "-", "-"
		}
		return strconv.Itoa(len(f.st.Holds[name])), "-"
	case "clones":
		if d.Type != "snapshot" {
			return "-", "-"
		}
		var clones []string
		for cn, c := range f.st.Datasets {
			if c.Props["origin"] == name {
				clones = append(clones, cn)
			}
		}
		sort.Strings(clones)
		if len(clones) == 0 {
			return "", "-"
		}
		return strings.Join(clones, ","), "-"
	case "guid":
		return f.guid(name, d), "-"
	case "compression":
		return "off", "default"
	case "recordsize":
		return "131072", "default"
	case "atime":
		return "on", "default"
	case "quota", "refquota", "reservation":
		return "0", "default"
	}
	return "-", "-"
}

func (f *fake) list(opts map[string][]string, rest []string) int {
	cols := strings.Split(strings.Join(opts["o"], ","), ",")
	types := strings.Split(strings.Join(opts["t"], ","), ",")
	if len(opts["t"]) == 0 {
		types = []string{"filesystem", "volume"}
	}
	_, recursive := opts["r"]
	var names []string
	for n, d := range f.st.Datasets {
		pool, _, _ := strings.Cut(n, "/")
		pool, _, _ = strings.Cut(pool, "@")
		if p := f.st.Pools[pool]; p == nil || p.Exported {
			continue
		}
		if !contains(types, "all") && !contains(types, d.Type) {
			continue
		}
		if len(rest) > 0 {
			root := rest[0]
			if n != root && !(recursive && (strings.HasPrefix(n, root+"/") || strings.HasPrefix(n, root+"@"))) {
				continue
			}
			if d := opts["d"]; len(d) > 0 && !withinDepth(root, n, d[0]) {
				continue
			}
		}
		names = append(names, n)
	}
	if len(rest) > 0 && f.st.Datasets[rest[0]] == nil {
		return f.fail(1, "cannot open '%s': dataset does not exist", rest[0])
	}
	sort.Strings(names)
	for _, n := range names {
		var vals []string
		for _, c := range cols {
			v, _ := f.prop(n, c)
			vals = append(vals, v)
		}
		f.out.WriteString(strings.Join(vals, "\t") + "\n")
	}
	return 0
}

func (f *fake) zfsCreate(opts map[string][]string, rest []string) int {
	name := rest[0]
	if f.st.Datasets[name] != nil {
		return f.fail(1, "cannot create '%s': dataset already exists", name)
	}
	parent := name[:strings.LastIndex(name, "/")]
	if f.st.Datasets[parent] == nil {
		return f.fail(1, "cannot create '%s': parent does not exist", name)
	}
	d := &fakezfs.Dataset{Type: "filesystem", Props: map[string]string{}, Creation: f.now()}
	if v := opts["V"]; len(v) > 0 {
		d.Type = "volume"
		d.Props["volsize"] = v[0]
		if b := opts["b"]; len(b) > 0 {
			d.Props["volblocksize"] = b[0]
		}
	}
	for _, o := range opts["o"] {
		k, v, _ := strings.Cut(o, "=")
		d.Props[k] = v
	}
	f.st.Datasets[name] = d
	return 0
}

func (f *fake) destroy(opts map[string][]string, rest []string) int {
	name := rest[0]
	if f.st.Datasets[name] == nil {
		return f.fail(1, "cannot open '%s': dataset does not exist", name)
	}
	var below []string
	for n := range f.st.Datasets {
		if strings.HasPrefix(n, name+"/") || strings.HasPrefix(n, name+"@") {
			below = append(below, n)
		}
	}
	sort.Strings(below)
	if _, r := opts["r"]; !r && len(below) > 0 {
		// recorded: stderr-destroy-has-children.zfs-fuse-here.txt
		return f.fail(1, "cannot destroy '%s': filesystem has children\nuse '-r' to destroy the following datasets:\n%s", name, strings.Join(below, "\n"))
	}
	var clones []string // of a snapshot; a filesystem's are not modelled
	for n, d := range f.st.Datasets {
		if d.Props["origin"] == name {
			clones = append(clones, n)
		}
	}
	if len(clones) > 0 {
		sort.Strings(clones)
		return f.fail(1, "cannot destroy '%s': %s has dependent clones\nuse '-R' to destroy the following datasets:\n%s", name, f.st.Datasets[name].Type, strings.Join(clones, "\n"))
	}
	for _, n := range append(below, name) {
		if len(f.st.Holds[n]) > 0 {
			return f.fail(1, "cannot destroy snapshot %s: dataset is busy", n)
		}
	}
	for _, n := range append(below, name) {
		delete(f.st.Datasets, n)
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// snapshot: `zfs snapshot [-r] [-o prop=value]... ds@snap`; -r takes the
// same snapshot of every descendant filesystem and volume, all or none.
func (f *fake) snapshot(opts map[string][]string, rest []string) int {
	ds, snap, _ := strings.Cut(rest[0], "@")
	if f.st.Datasets[ds] == nil {
		return f.fail(1, "cannot open '%s': dataset does not exist", ds)
	}
	targets := []string{ds}
	if _, r := opts["r"]; r {
		for n, d := range f.st.Datasets {
			if strings.HasPrefix(n, ds+"/") && d.Type != "snapshot" {
				targets = append(targets, n)
			}
		}
		sort.Strings(targets)
	}
	for _, t := range targets {
		if f.st.Datasets[t+"@"+snap] != nil {
			return f.fail(1, "cannot create snapshot '%s': dataset already exists", t+"@"+snap)
		}
	}
	now := f.now()
	for _, t := range targets {
		d := &fakezfs.Dataset{Type: "snapshot", Creation: now, Props: map[string]string{}}
		for _, o := range opts["o"] {
			k, v, _ := strings.Cut(o, "=")
			d.Props[k] = v
		}
		f.st.Datasets[t+"@"+snap] = d
	}
	return 0
}

// hold: `zfs hold|release [-r] TAG snap...`, all or none, with OpenZFS's
// messages for a tag already there or not there.
func (f *fake) hold(sub string, opts map[string][]string, rest []string) int {
	tag, snaps := rest[0], rest[1:]
	if _, r := opts["r"]; r {
		var all []string
		for _, s := range snaps {
			ds, snap, _ := strings.Cut(s, "@")
			for n := range f.st.Datasets {
				if n == s || strings.HasPrefix(n, ds+"/") && strings.HasSuffix(n, "@"+snap) {
					all = append(all, n)
				}
			}
		}
		sort.Strings(all)
		snaps = all
	}
	for _, s := range snaps {
		if f.st.Datasets[s] == nil {
			return f.fail(1, "cannot %s snapshot '%s': dataset does not exist", map[string]string{"hold": "hold", "release": "release hold from"}[sub], s)
		}
		has := contains(f.st.Holds[s], tag)
		if sub == "hold" && has {
			return f.fail(1, "cannot hold snapshot '%s': tag already exists on this dataset", s)
		}
		if sub == "release" && !has {
			return f.fail(1, "cannot release hold from snapshot '%s': no such tag on this dataset", s)
		}
	}
	for _, s := range snaps {
		if sub == "hold" {
			f.st.Holds[s] = append(f.st.Holds[s], tag)
			continue
		}
		var left []string
		for _, t := range f.st.Holds[s] {
			if t != tag {
				left = append(left, t)
			}
		}
		if len(left) == 0 {
			delete(f.st.Holds, s)
		} else {
			f.st.Holds[s] = left
		}
	}
	return 0
}
