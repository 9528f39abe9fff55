package btrfs

import (
	"fmt"
	"strconv"
	"strings"
)

// Subvolume is one line of `btrfs subvolume list -p -u -q [-R]`, or what
// `subvolume show` says of one.
type Subvolume struct {
	ID, Gen, Parent, TopLevel uint64
	ParentUUID                string // the subvolume a snapshot was taken of; "" for none
	ReceivedUUID              string // set by btrfs receive
	UUID                      string
	Path                      string // relative to the filesystem's top level
	// From `subvolume show` only:
	Name      string
	Created   string // "2026-11-21 23:43:25 +0000"
	ReadOnly  bool
	Snapshots []string
	Qgroup    string // "0/256" when quotas are on
}

// ParseSubvolumeList reads `btrfs subvolume list [-o] -p -u -q [-R]`:
// "ID 256 gen 12 parent 5 top level 5 parent_uuid - uuid … path data".
// "-" UUIDs become "". The path is everything after "path ", spaces kept.
func ParseSubvolumeList(out string) ([]Subvolume, error) {
	var subs []Subvolume
	for i, line := range strings.Split(out, "\n") {
		if line == "" {
			continue
		}
		head, path, ok := strings.Cut(line, " path ")
		if !ok || !strings.HasPrefix(head, "ID ") {
			return nil, fmt.Errorf("subvolume list line %d: %q", i+1, line)
		}
		s := Subvolume{Path: path}
		f := strings.Fields(strings.Replace(head, "top level", "top_level", 1))
		for j := 0; j+1 < len(f); j += 2 {
			k, v := f[j], f[j+1]
			var err error
			switch k {
			case "ID":
				s.ID, err = strconv.ParseUint(v, 10, 64)
			case "gen":
				s.Gen, err = strconv.ParseUint(v, 10, 64)
			case "parent":
				s.Parent, err = strconv.ParseUint(v, 10, 64)
			case "top_level":
				s.TopLevel, err = strconv.ParseUint(v, 10, 64)
			case "parent_uuid":
				s.ParentUUID = uuid(v)
			case "received_uuid":
				s.ReceivedUUID = uuid(v)
			case "uuid":
				s.UUID = uuid(v)
			}
			if err != nil {
				return nil, fmt.Errorf("subvolume list line %d: %s %q", i+1, k, v)
			}
		}
		subs = append(subs, s)
	}
	return subs, nil
}

func uuid(v string) string {
	if v == "-" {
		return ""
	}
	return v
}

// ParseSubvolumeShow reads `btrfs subvolume show PATH`: the path line,
// then TAB-indented "Key: value" lines and the snapshot list.
func ParseSubvolumeShow(out string) (Subvolume, error) {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 2 {
		return Subvolume{}, fmt.Errorf("subvolume show: %q", out)
	}
	s := Subvolume{Path: strings.TrimSpace(lines[0])}
	inSnaps := false
	for _, line := range lines[1:] {
		key, val, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || strings.HasPrefix(line, "\t\t") && inSnaps {
			if inSnaps {
				s.Snapshots = append(s.Snapshots, strings.TrimSpace(line))
			}
			continue
		}
		val = strings.TrimSpace(val)
		inSnaps = false
		num := func() uint64 { n, _ := strconv.ParseUint(val, 10, 64); return n }
		switch key {
		case "Name":
			s.Name = val
		case "UUID":
			s.UUID = uuid(val)
		case "Parent UUID":
			s.ParentUUID = uuid(val)
		case "Received UUID":
			s.ReceivedUUID = uuid(val)
		case "Creation time":
			s.Created = val
		case "Subvolume ID":
			s.ID = num()
		case "Generation":
			s.Gen = num()
		case "Parent ID":
			s.Parent = num()
		case "Top level ID":
			s.TopLevel = num()
		case "Flags":
			s.ReadOnly = strings.Contains(val, "readonly")
		case "Snapshot(s)":
			inSnaps = true
		case "Quota group":
			s.Qgroup = val
		}
	}
	if s.UUID == "" && s.ID == 0 {
		return s, fmt.Errorf("subvolume show: no UUID or ID in %q", out)
	}
	return s, nil
}
