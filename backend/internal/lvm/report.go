package lvm

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// PV is a physical volume.
type PV struct {
	Name    string // device path
	VG      string // "" when in no volume group
	UUID    string
	Format  string
	Attr    string
	Size    uint64
	Free    uint64
	Used    uint64
	DevSize uint64
}

// VG is a volume group.
type VG struct {
	Name        string
	UUID        string
	Attr        string
	Size        uint64
	Free        uint64
	ExtentSize  uint64
	ExtentCount uint64
	FreeCount   uint64
	LVCount     int
	PVCount     int
	SnapCount   int
	Tags        []string
}

// LV is a logical volume.
type LV struct {
	Name        string
	VG          string
	UUID        string
	Attr        string // lv_attr, e.g. "-wi-ao----"; see Kind and State
	Size        uint64
	Path        string
	Origin      string  // a snapshot's origin
	Pool        string  // a thin volume's pool
	DataPercent float64 // thin pools and volumes, snapshots; -1 when none
	Active      string  // "active", "", or "unknown" (metadata-only mode)
	Time        string  // creation time as LVM prints it
	Tags        []string
}

// Kind reads lv_attr's first letter: "thin-pool", "thin", "snapshot",
// "origin", "linear" (plain), or the letter itself for others.
func (l LV) Kind() string {
	if l.Attr == "" {
		return ""
	}
	switch l.Attr[0] {
	case 't':
		return "thin-pool"
	case 'V':
		return "thin"
	case 's', 'S':
		return "snapshot"
	case 'o':
		return "origin"
	case '-':
		return "linear"
	}
	return l.Attr[:1]
}

// Open reports lv_attr's "device open" flag: mounted or otherwise in use.
func (l LV) Open() bool { return len(l.Attr) > 5 && l.Attr[5] == 'o' }

// report is `--reportformat json`: {"report":[{"pv":[{...}]}]}, every
// value a string.
type report struct {
	Report []map[string][]map[string]string `json:"report"`
}

func parseReport(out []byte, kind string) ([]map[string]string, error) {
	var r report
	if err := json.Unmarshal(out, &r); err != nil {
		return nil, fmt.Errorf("lvm %s report: %w", kind, err)
	}
	if len(r.Report) == 0 {
		return nil, fmt.Errorf("lvm %s report: empty", kind)
	}
	var rows []map[string]string
	for _, part := range r.Report {
		rows = append(rows, part[kind]...)
	}
	return rows, nil
}

// num reads a --units b --nosuffix number; "" is 0.
func num(row map[string]string, key string, err *error) uint64 {
	v := row[key]
	if v == "" || *err != nil {
		return 0
	}
	n, e := strconv.ParseUint(v, 10, 64)
	if e != nil {
		*err = fmt.Errorf("%s=%q: not a number", key, v)
	}
	return n
}

func tags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// ParsePVs reads `pvs --reportformat json --units b --nosuffix` (stdout).
func ParsePVs(out []byte) ([]PV, error) {
	rows, err := parseReport(out, "pv")
	if err != nil {
		return nil, err
	}
	pvs := make([]PV, 0, len(rows))
	for _, row := range rows {
		p := PV{Name: row["pv_name"], VG: row["vg_name"], UUID: row["pv_uuid"], Format: row["pv_fmt"], Attr: row["pv_attr"]}
		p.Size, p.Free, p.Used, p.DevSize = num(row, "pv_size", &err), num(row, "pv_free", &err), num(row, "pv_used", &err), num(row, "dev_size", &err)
		if err != nil {
			return nil, fmt.Errorf("pv %s: %w", p.Name, err)
		}
		pvs = append(pvs, p)
	}
	return pvs, nil
}

// ParseVGs reads `vgs --reportformat json --units b --nosuffix`.
func ParseVGs(out []byte) ([]VG, error) {
	rows, err := parseReport(out, "vg")
	if err != nil {
		return nil, err
	}
	vgs := make([]VG, 0, len(rows))
	for _, row := range rows {
		v := VG{Name: row["vg_name"], UUID: row["vg_uuid"], Attr: row["vg_attr"], Tags: tags(row["vg_tags"])}
		v.Size, v.Free, v.ExtentSize = num(row, "vg_size", &err), num(row, "vg_free", &err), num(row, "vg_extent_size", &err)
		v.ExtentCount, v.FreeCount = num(row, "vg_extent_count", &err), num(row, "vg_free_count", &err)
		v.LVCount, v.PVCount, v.SnapCount = int(num(row, "lv_count", &err)), int(num(row, "pv_count", &err)), int(num(row, "snap_count", &err))
		if err != nil {
			return nil, fmt.Errorf("vg %s: %w", v.Name, err)
		}
		vgs = append(vgs, v)
	}
	return vgs, nil
}

// ParseLVs reads `lvs --reportformat json --units b --nosuffix`.
func ParseLVs(out []byte) ([]LV, error) {
	rows, err := parseReport(out, "lv")
	if err != nil {
		return nil, err
	}
	lvs := make([]LV, 0, len(rows))
	for _, row := range rows {
		l := LV{Name: row["lv_name"], VG: row["vg_name"], UUID: row["lv_uuid"], Attr: row["lv_attr"], Path: row["lv_path"],
			Origin: row["origin"], Pool: row["pool_lv"], Active: row["lv_active"], Time: row["lv_time"], Tags: tags(row["lv_tags"]),
			DataPercent: -1}
		l.Size = num(row, "lv_size", &err)
		if p := row["data_percent"]; p != "" {
			var perr error
			if l.DataPercent, perr = strconv.ParseFloat(p, 64); perr != nil && err == nil {
				err = fmt.Errorf("data_percent=%q: not a number", p)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("lv %s: %w", l.Name, err)
		}
		lvs = append(lvs, l)
	}
	return lvs, nil
}
