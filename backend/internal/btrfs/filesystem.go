package btrfs

import (
	"fmt"
	"strconv"
	"strings"
)

// Filesystem is one entry of `btrfs filesystem show --raw`.
type Filesystem struct {
	Label        string // "" for none
	UUID         string
	TotalDevices int
	Used         uint64 // "FS bytes used"
	Devices      []Device
	Missing      bool // "*** Some devices missing"
}

// Device is one devid line.
type Device struct {
	ID   int
	Size uint64
	Used uint64 // allocated to chunks
	Path string // "" when missing
}

// ParseFilesystemShow reads `btrfs filesystem show --raw`.
func ParseFilesystemShow(out string) ([]Filesystem, error) {
	var fss []Filesystem
	for i, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "Label:":
			// Label: 'bamssrc'  uuid: 3a8c...   or   Label: none  uuid: ...
			j := strings.LastIndex(line, " uuid: ")
			if j < 0 {
				return nil, fmt.Errorf("filesystem show line %d: %q", i+1, line)
			}
			label := strings.TrimSpace(strings.TrimPrefix(line[:j], "Label:"))
			if label == "none" {
				label = ""
			}
			fss = append(fss, Filesystem{Label: strings.Trim(label, "'"), UUID: strings.TrimSpace(line[j+7:])})
		case len(fss) == 0:
			return nil, fmt.Errorf("filesystem show line %d before any Label: %q", i+1, line)
		case f[0] == "Total" && len(f) >= 7:
			fs := &fss[len(fss)-1]
			fs.TotalDevices, _ = strconv.Atoi(f[2])
			fs.Used, _ = strconv.ParseUint(f[6], 10, 64)
		case f[0] == "devid" && len(f) >= 8:
			id, err1 := strconv.Atoi(f[1])
			size, err2 := strconv.ParseUint(f[3], 10, 64)
			used, err3 := strconv.ParseUint(f[5], 10, 64)
			if err1 != nil || err2 != nil || err3 != nil {
				return nil, fmt.Errorf("filesystem show line %d: %q (use --raw)", i+1, line)
			}
			fs := &fss[len(fss)-1]
			fs.Devices = append(fs.Devices, Device{ID: id, Size: size, Used: used, Path: strings.Join(f[7:], " ")})
		case strings.Contains(line, "Some devices missing"):
			fss[len(fss)-1].Missing = true
		}
	}
	return fss, nil
}

// Usage is `btrfs filesystem usage -b`.
type Usage struct {
	DeviceSize, Allocated, Unallocated, Missing, Used uint64
	FreeEstimated, FreeMin                            uint64
	DataRatio, MetadataRatio                          float64
	GlobalReserve, GlobalReserveUsed                  uint64
	Profiles                                          []Profile // Data, Metadata, System chunks
}

// Profile is one "Data,single: Size:..., Used:..." block.
type Profile struct {
	Type    string // Data, Metadata, System
	Profile string // single, DUP, RAID1, RAID10, RAID5, RAID6, RAID1C3 ...
	Size    uint64
	Used    uint64
	Devices map[string]uint64 // per device: bytes of this profile on it
}

// ParseUsage reads `btrfs filesystem usage -b`.
func ParseUsage(out string) (Usage, error) {
	var u Usage
	var cur *Profile
	overall := map[string]*uint64{"Device size": &u.DeviceSize, "Device allocated": &u.Allocated, "Device unallocated": &u.Unallocated,
		"Device missing": &u.Missing, "Used": &u.Used, "Free (estimated)": &u.FreeEstimated, "Global reserve": &u.GlobalReserve}
	seen := false
	for i, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || trimmed == "Overall:" {
			continue
		}
		if key, val, ok := strings.Cut(trimmed, ":"); ok && strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "   /") {
			f := strings.Fields(val)
			if len(f) == 0 {
				continue
			}
			var err error
			switch key {
			case "Data ratio":
				u.DataRatio, err = strconv.ParseFloat(f[0], 64)
			case "Metadata ratio":
				u.MetadataRatio, err = strconv.ParseFloat(f[0], 64)
			default:
				if p, ok := overall[key]; ok {
					*p, err = strconv.ParseUint(f[0], 10, 64)
					seen = true
					// "(min: 405606400)" / "(used: 16384)"
					if len(f) == 3 {
						n, _ := strconv.ParseUint(strings.TrimSuffix(f[2], ")"), 10, 64)
						if key == "Free (estimated)" {
							u.FreeMin = n
						} else {
							u.GlobalReserveUsed = n
						}
					}
				}
			}
			if err != nil {
				return u, fmt.Errorf("usage line %d: %q (use -b)", i+1, line)
			}
			continue
		}
		if strings.HasPrefix(line, "   ") && cur != nil {
			f := strings.Fields(trimmed)
			if len(f) == 2 {
				n, err := strconv.ParseUint(f[1], 10, 64)
				if err != nil {
					return u, fmt.Errorf("usage line %d: %q", i+1, line)
				}
				cur.Devices[f[0]] = n
			}
			continue
		}
		// "Data,single: Size:478150656, Used:308277248 (64.47%)" or "Unallocated:"
		head, rest, _ := strings.Cut(trimmed, ": ")
		typ, prof, ok := strings.Cut(head, ",")
		if !ok {
			cur = nil
			continue
		}
		p := Profile{Type: typ, Profile: prof, Devices: map[string]uint64{}}
		for _, kv := range strings.Fields(strings.ReplaceAll(rest, ",", " ")) {
			k, v, _ := strings.Cut(kv, ":")
			n, err := strconv.ParseUint(v, 10, 64)
			if k == "Size" || k == "Used" {
				if err != nil {
					return u, fmt.Errorf("usage line %d: %q (use -b)", i+1, line)
				}
				if k == "Size" {
					p.Size = n
				} else {
					p.Used = n
				}
			}
		}
		u.Profiles = append(u.Profiles, p)
		cur = &u.Profiles[len(u.Profiles)-1]
	}
	if !seen {
		return u, fmt.Errorf("filesystem usage: no Overall figures")
	}
	return u, nil
}
