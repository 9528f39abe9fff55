package zfs

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Props are dataset properties to set: name → value. Only the properties
// below are accepted (and user properties in BAMS's own "bams:" namespace),
// each with its own value pattern, so that no value can smuggle in an
// option or a second property.
type Props map[string]string

// PropError: a property or value BAMS refuses.
type PropError struct {
	Property, Value, Reason string
}

func (e *PropError) Error() string {
	return fmt.Sprintf("property %s=%q: %s", e.Property, e.Value, e.Reason)
}

var (
	propNameRE = regexp.MustCompile(`^[a-z][a-z0-9_:.]*$`)
	// "10G", "1.5T", "1073741824"; zfs reads K/M/G/T/P/E as powers of 1024.
	sizeRE       = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)?[KMGTPE]?$`)
	compressRE   = regexp.MustCompile(`^(?:on|off|lz4|lzjb|zle|gzip|gzip-[1-9]|zstd|zstd-(?:[1-9]|1[0-9])|zstd-fast|zstd-fast-(?:[1-9]|10|20|30|40|50|60|70|80|90|100|500|1000))$`)
	mountpointRE = regexp.MustCompile(`^(?:none|legacy|/(?:[A-Za-z0-9._@+-]+(?:/[A-Za-z0-9._@+-]+)*)?)$`)
	userPropRE   = regexp.MustCompile(`^bams:[a-z0-9_.-]+$`)
	userValueRE  = regexp.MustCompile(`^[\x20-\x7e]*$`)
)

// propKind says where a property may be used.
type propKind int

const (
	anyDataset propKind = iota
	fsOnly              // filesystems only
	volOnly             // volumes only
	createOnly          // volumes, at creation only (volblocksize)
)

type propRule struct {
	kind  propKind
	check func(v string) string // "" when v is fine, else why not
}

func oneOf(vals ...string) func(string) string {
	return func(v string) string {
		for _, x := range vals {
			if v == x {
				return ""
			}
		}
		return "must be one of " + strings.Join(vals, ", ")
	}
}

func matches(re *regexp.Regexp, what string) func(string) string {
	return func(v string) string {
		if re.MatchString(v) {
			return ""
		}
		return what
	}
}

func sizeOrNone(v string) string {
	if v == "none" || sizeRE.MatchString(v) {
		return ""
	}
	return "must be a size such as 10G, or none"
}

// checkMountpoint: an absolute path without "." or ".." parts, none or legacy.
func checkMountpoint(v string) string {
	if !mountpointRE.MatchString(v) || strings.Contains("/"+v+"/", "/./") || strings.Contains("/"+v+"/", "/../") {
		return "must be an absolute path (no . or .. parts), none or legacy"
	}
	return ""
}

// autoOrSize: refreservation=auto sizes a volume's reservation to the volume.
func autoOrSize(v string) string {
	if v == "auto" {
		return ""
	}
	return sizeOrNone(v)
}

// powerOfTwo accepts a size that is a power of two between lo and hi bytes.
func powerOfTwo(lo, hi uint64) func(string) string {
	return func(v string) string {
		n, err := parseHumanSize(v)
		if err != nil || !sizeRE.MatchString(v) || n < lo || n > hi || n&(n-1) != 0 {
			return fmt.Sprintf("must be a power of two from %d to %d bytes (such as 128K)", lo, hi)
		}
		return ""
	}
}

var propRules = map[string]propRule{
	"compression":    {anyDataset, matches(compressRE, "must be on, off, lz4, zstd[-N], gzip[-N], lzjb or zle")},
	"quota":          {fsOnly, sizeOrNone},
	"refquota":       {fsOnly, sizeOrNone},
	"reservation":    {anyDataset, sizeOrNone},
	"refreservation": {anyDataset, autoOrSize},
	"recordsize":     {fsOnly, powerOfTwo(512, 16<<20)},
	"atime":          {fsOnly, oneOf("on", "off")},
	"relatime":       {fsOnly, oneOf("on", "off")},
	"mountpoint":     {fsOnly, checkMountpoint},
	"canmount":       {fsOnly, oneOf("on", "off", "noauto")},
	"setuid":         {fsOnly, oneOf("on", "off")},
	"devices":        {fsOnly, oneOf("on", "off")},
	"readonly":       {anyDataset, oneOf("on", "off")},
	"sync":           {anyDataset, oneOf("standard", "always", "disabled")},
	"copies":         {anyDataset, oneOf("1", "2", "3")},
	"volsize":        {volOnly, matches(sizeRE, "must be a size such as 10G")},
	"volblocksize":   {createOnly, powerOfTwo(512, 128<<10)},
}

// check validates props for a dataset of type typ ("filesystem" or
// "volume"); creating says the dataset is being created.
func (p Props) check(typ string, creating bool) error {
	for name, v := range p {
		if userPropRE.MatchString(name) {
			if !userValueRE.MatchString(v) || len(v) > 1024 {
				return &PropError{name, v, "user property values are printable ASCII, at most 1024 bytes"}
			}
			continue
		}
		rule, ok := propRules[name]
		if !ok {
			return &PropError{name, v, "is not a property BAMS sets"}
		}
		switch {
		case rule.kind == fsOnly && typ != "filesystem":
			return &PropError{name, v, "applies to filesystems only"}
		case (rule.kind == volOnly || rule.kind == createOnly) && typ != "volume":
			return &PropError{name, v, "applies to volumes only"}
		case rule.kind == createOnly && !creating:
			return &PropError{name, v, "can only be set when the volume is created"}
		}
		if why := rule.check(v); why != "" {
			return &PropError{name, v, why}
		}
	}
	return nil
}

// args turns props into repeated flag name=value pairs, sorted by name so
// that argv is the same for the same props.
func (p Props) args(flag string, skip ...string) []string {
	names := make([]string, 0, len(p))
	for n := range p {
		if !contains(skip, n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var args []string
	for _, n := range names {
		if flag != "" {
			args = append(args, flag)
		}
		args = append(args, n+"="+p[n])
	}
	return args
}

// ParseSize reads a size as zfs does (powers of 1024); exported for
// callers that show what a quota means.
func ParseSize(s string) (uint64, error) {
	if !sizeRE.MatchString(s) {
		return 0, strconv.ErrSyntax
	}
	return parseHumanSize(s)
}
