package zfs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"bams/backend/internal/execx"
)

// Dataset is one row of `zfs list`: a filesystem, volume or snapshot.
// Only the columns that were asked for are filled in.
type Dataset struct {
	Name       string
	Type       string // filesystem, volume, snapshot, bookmark
	Used       uint64
	Available  uint64
	Referenced uint64
	Mountpoint string // "" for none, legacy, or a snapshot's "-"
	Creation   time.Time
	Owner      string   // OwnerProperty; "" when unset ("-")
	UserRefs   int      // snapshots: how many holds
	Clones     []string // snapshots: the datasets cloned from it
	// Other holds the asked-for columns without a field of their own, as
	// printed ("-" kept: it means "not applicable").
	Other map[string]string
}

// Snapshot splits a snapshot's name into its dataset and snapshot parts.
func (d Dataset) Snapshot() (dataset, snap string, ok bool) {
	return strings.Cut(d.Name, "@")
}

// DatasetColumns is what a dataset page shows; SnapshotColumns what a
// snapshot page shows. Asking for more makes zfs read more per dataset.
var (
	DatasetColumns  = []string{"name", "type", "used", "available", "referenced", "mountpoint"}
	SnapshotColumns = []string{"name", "used", "referenced", "creation", OwnerProperty, "userrefs", "clones"}
)

// ParseList reads `zfs list -H [-p] -o cols`: TAB-separated, no header.
// Sizes are exact bytes with -p; without it (zfs-fuse) they are read as
// the human figures they are. A line that does not fit is a Warning and
// the rest is still returned.
func ParseList(out string, cols []string) ([]Dataset, []Warning) {
	ds := make([]Dataset, 0, strings.Count(out, "\n"))
	var warns []Warning
	lineNo := 0
	for len(out) > 0 {
		var line string
		line, out, _ = strings.Cut(out, "\n")
		lineNo++
		if line == "" {
			continue
		}
		d, reason := parseListLine(line, cols)
		if reason != "" {
			warns = append(warns, Warning{lineNo, line, reason})
			continue
		}
		ds = append(ds, d)
	}
	return ds, warns
}

func parseListLine(line string, cols []string) (Dataset, string) {
	var d Dataset
	rest := line
	for i, c := range cols {
		var v string
		var more bool
		v, rest, more = strings.Cut(rest, "\t")
		if !more && i < len(cols)-1 {
			return d, fmt.Sprintf("%d columns, want %d", i+1, len(cols))
		}
		if more && i == len(cols)-1 {
			return d, fmt.Sprintf("more than %d columns", len(cols))
		}
		var err error
		switch c {
		case "name":
			d.Name = v
		case "type":
			d.Type = v
		case "used", "available", "avail", "referenced", "refer":
			var n uint64
			if v != "-" {
				if n, err = strconv.ParseUint(v, 10, 64); err != nil {
					n, err = parseHumanSize(v)
				}
			}
			switch c {
			case "used":
				d.Used = n
			case "available", "avail":
				d.Available = n
			default:
				d.Referenced = n
			}
		case "mountpoint":
			if v != "-" && v != "none" && v != "legacy" {
				d.Mountpoint = v
			}
		case OwnerProperty:
			if v != "-" {
				d.Owner = v
			}
		case "userrefs":
			if v != "-" {
				d.UserRefs, err = strconv.Atoi(v)
			}
		case "clones":
			if v != "" && v != "-" {
				d.Clones = strings.Split(v, ",")
			}
		case "creation":
			var sec int64
			if sec, err = strconv.ParseInt(v, 10, 64); err == nil {
				d.Creation = time.Unix(sec, 0).UTC()
			}
		default:
			if d.Other == nil {
				d.Other = map[string]string{}
			}
			d.Other[c] = v
		}
		if err != nil {
			return d, fmt.Sprintf("column %s: unreadable value %q", c, v)
		}
	}
	if d.Name == "" && contains(cols, "name") {
		return d, "empty name"
	}
	return d, ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ListOptions says what List asks zfs for.
type ListOptions struct {
	Columns   []string // -o; DatasetColumns when empty
	Types     []string // -t: filesystem, volume, snapshot, all
	Root      string   // a dataset to list (with Recursive: it and below); "" lists all
	Recursive bool
	Depth     int // -d, with Recursive: 1 = direct children only; 0 = unlimited
}

// List runs `zfs list -H -p -o ... -s name`, falling back to no -p where
// zfs refuses it (zfs-fuse's old CLI; sizes are then rounded).
func List(ctx context.Context, r *execx.Runner, o ListOptions) ([]Dataset, []Warning, error) {
	cols := o.Columns
	if len(cols) == 0 {
		cols = DatasetColumns
	}
	for _, c := range cols {
		if !propNameRE.MatchString(c) {
			return nil, nil, &NameError{"column", c, "is not a property name"}
		}
	}
	args := []string{"list", "-H", "-p", "-o", strings.Join(cols, ","), "-s", "name"}
	if len(o.Types) > 0 {
		for _, t := range o.Types {
			if !map[string]bool{"filesystem": true, "volume": true, "snapshot": true, "bookmark": true, "all": true}[t] {
				return nil, nil, &NameError{"type", t, "is not a dataset type"}
			}
		}
		args = append(args, "-t", strings.Join(o.Types, ","))
	}
	if o.Recursive {
		args = append(args, "-r")
		if o.Depth > 0 {
			args = append(args, "-d", strconv.Itoa(o.Depth))
		}
	}
	if o.Root != "" {
		if err := CheckAnyName(o.Root); err != nil {
			return nil, nil, err
		}
		args = append(args, o.Root)
	}
	list := func(args []string) (execx.Result, error) {
		res, err := r.Run(ctx, execx.Cmd{Name: "zfs", Args: args, MaxStdout: MaxListOutput})
		return res, classify(ctx, "zfs", args, res, err)
	}
	res, err := list(args)
	if IsKind(err, BadOption) {
		args = append(args[:2], args[3:]...) // drop -p
		res, err = list(args)
	}
	var failed *Error
	if err != nil && !(errors.As(err, &failed) && (failed.Kind == NotFound || failed.Kind == Failed) && len(res.Stdout) > 0) {
		return nil, nil, err
	}
	ds, warns := ParseList(string(res.Stdout), cols)
	// zfs lists what it can and exits 1 naming each dataset it could not
	// read (one destroyed meanwhile, one it cannot open): the others list.
	if failed != nil {
		for _, line := range strings.Split(failed.Stderr, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				warns = append(warns, Warning{Text: line, Reason: "zfs could not list it"})
			}
		}
	}
	if res.Truncated {
		warns = append(warns, Warning{Text: fmt.Sprintf("more than %d bytes", MaxListOutput), Reason: "zfs list printed too much; the rest is not listed"})
	}
	if contains(cols, OwnerProperty) {
		owners, err := localOwners(ctx, r, o)
		if err != nil {
			return nil, nil, err
		}
		for i := range ds {
			ds[i].Owner = owners[ds[i].Name]
		}
	}
	return ds, warns, nil
}

// localOwners is the owner set on each dataset or snapshot itself. User
// properties are inherited, snapshots inheriting from their dataset: were
// a filesystem to carry bams:owner (as a host's backup dataset does, or an
// admin's `zfs set`), every snapshot of it made by hand would show that
// owner in zfs list and look like BAMS's. Only a value set on the snapshot
// (`zfs snapshot -o`, how BAMS makes every one) makes it someone's.
func localOwners(ctx context.Context, r *execx.Runner, o ListOptions) (map[string]string, error) {
	args := []string{"get", "-H", "-s", "local", "-o", "name,value"}
	if len(o.Types) > 0 {
		args = append(args, "-t", strings.Join(o.Types, ","))
	}
	if o.Recursive {
		args = append(args, "-r")
		if o.Depth > 0 {
			args = append(args, "-d", strconv.Itoa(o.Depth))
		}
	}
	args = append(args, OwnerProperty)
	if o.Root != "" {
		args = append(args, o.Root)
	}
	res, err := r.Run(ctx, execx.Cmd{Name: "zfs", Args: args, MaxStdout: MaxListOutput})
	if err = classify(ctx, "zfs", args, res, err); err != nil {
		return nil, err
	}
	if res.Truncated {
		return nil, fmt.Errorf("zfs get %s printed more than %d bytes", OwnerProperty, MaxListOutput)
	}
	return ParseLocalOwners(string(res.Stdout)), nil
}

// ParseLocalOwners reads `zfs get -H -s local -o name,value bams:owner`.
func ParseLocalOwners(out string) map[string]string {
	owners := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if name, value, ok := strings.Cut(line, "\t"); ok && name != "" && value != "" && value != "-" {
			owners[name] = value
		}
	}
	return owners
}

// MaxListOutput bounds what one zfs list may print: about a million
// snapshots' names, sizes and times.
const MaxListOutput = 64 << 20

// Prop is one property as `zfs get` reports it.
type Prop struct {
	Value  string
	Source string // local, default, inherited, temporary, received, "-" (none)
	From   string // inherited: the dataset it comes from
}

// ParseGet reads `zfs get -H -p -o name,property,value,source`: per
// dataset, its properties.
func ParseGet(out string) (map[string]map[string]Prop, []Warning) {
	props := map[string]map[string]Prop{}
	var warns []Warning
	for i, line := range strings.Split(out, "\n") {
		if line == "" {
			continue
		}
		f := strings.SplitN(line, "\t", 4)
		if len(f) != 4 {
			warns = append(warns, Warning{i + 1, line, "want name, property, value, source"})
			continue
		}
		p := Prop{Value: f[2], Source: f[3]}
		if from, ok := strings.CutPrefix(f[3], "inherited from "); ok {
			p.Source, p.From = "inherited", from
		}
		if props[f[0]] == nil {
			props[f[0]] = map[string]Prop{}
		}
		props[f[0]][f[1]] = p
	}
	return props, warns
}

// Get runs `zfs get -H -p` for the named properties of one dataset.
func Get(ctx context.Context, r *execx.Runner, name string, props ...string) (map[string]Prop, error) {
	if err := CheckAnyName(name); err != nil {
		return nil, err
	}
	if len(props) == 0 {
		props = []string{"all"}
	}
	for _, p := range props {
		if !propNameRE.MatchString(p) {
			return nil, &NameError{"property", p, "is not a property name"}
		}
	}
	res, err := run(ctx, r, "zfs", "get", "-H", "-p", "-o", "name,property,value,source", strings.Join(props, ","), name)
	if err != nil {
		return nil, err
	}
	all, _ := ParseGet(string(res.Stdout))
	return all[name], nil
}

// ParseListJSON reads `zfs list -j [--json-int]` (OpenZFS 2.3+) into the
// same rows as ParseList, in the order zfs printed them.
func ParseListJSON(out []byte) ([]Dataset, []Warning, error) {
	var doc struct {
		Datasets json.RawMessage `json:"datasets"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, nil, fmt.Errorf("zfs list -j: %w", err)
	}
	keys, vals, err := orderedObject(doc.Datasets)
	if err != nil {
		return nil, nil, fmt.Errorf("zfs list -j: datasets: %w", err)
	}
	var ds []Dataset
	var warns []Warning
	for i := range keys {
		var jd struct {
			Name       string               `json:"name"`
			Type       string               `json:"type"`
			Properties map[string]jsonValue `json:"properties"`
		}
		if err := json.Unmarshal(vals[i], &jd); err != nil {
			warns = append(warns, Warning{0, keys[i], err.Error()})
			continue
		}
		d := Dataset{Name: jd.Name, Type: strings.ToLower(jd.Type)}
		if d.Name == "" {
			d.Name = keys[i]
		}
		bad := false
		for name, v := range jd.Properties {
			t := v.text()
			switch name {
			case "used", "available", "referenced":
				n, _, err := parseSizeOrDash(t)
				if err != nil {
					warns = append(warns, Warning{0, d.Name + "." + name + "=" + t, "unreadable size"})
					bad = true
				}
				*map[string]*uint64{"used": &d.Used, "available": &d.Available, "referenced": &d.Referenced}[name] = n
			case "mountpoint":
				if t != "-" && t != "none" && t != "legacy" {
					d.Mountpoint = t
				}
			default:
				if d.Other == nil {
					d.Other = map[string]string{}
				}
				d.Other[name] = t
			}
		}
		if !bad {
			ds = append(ds, d)
		}
	}
	return ds, warns, nil
}
