package disks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"bams/backend/internal/execx"
)

// Disk is one block device from lsblk: a disk, a loop device, a
// partition, or a device stacked on others (LVM, dm-crypt, md).
type Disk struct {
	Name       string   // kernel name: sda, nvme0n1p2, loop0
	Path       string   // /dev/sda
	Type       string   // disk, part, loop, lvm, crypt, raid1, rom ...
	Size       int64    // bytes
	Model      string   // "" when the device reports none (virtual disks)
	Serial     string   //
	WWN        string   // world wide name, "0x5000c500..."
	Vendor     string   //
	Rotational bool     // spinning disk (loop and virtio devices report true)
	Transport  string   // sata, sas, nvme, usb, "" for virtual devices
	ReadOnly   bool     //
	Removable  bool     //
	FSType     string   // filesystem or signature (ext4, LVM2_member, zfs_member); see MergeBlkid
	Label      string   //
	UUID       string   //
	PartType   string   // partition type GUID or MBR id
	PartLabel  string   //
	PTType     string   // partition table on this device: gpt, dos
	Mounts     []string // mount points, none when not mounted
	Children   []Disk   // partitions, and devices built on this one
}

// Partitions are the children that are partitions of d.
func (d Disk) Partitions() []Disk {
	var parts []Disk
	for _, c := range d.Children {
		if c.Type == "part" {
			parts = append(parts, c)
		}
	}
	return parts
}

// lsblkDevice is one entry of `lsblk --json --bytes -O`. util-linux 2.38
// prints booleans as JSON booleans and sizes as numbers; before 2.37 the
// same columns were strings ("0", "1", "268435456"), so both are read.
type lsblkDevice struct {
	Name        string        `json:"name"`
	KName       string        `json:"kname"`
	Path        string        `json:"path"`
	Type        string        `json:"type"`
	Size        flexInt       `json:"size"`
	Model       *string       `json:"model"`
	Serial      *string       `json:"serial"`
	WWN         *string       `json:"wwn"`
	Vendor      *string       `json:"vendor"`
	Rota        flexBool      `json:"rota"`
	Tran        *string       `json:"tran"`
	RO          flexBool      `json:"ro"`
	RM          flexBool      `json:"rm"`
	FSType      *string       `json:"fstype"`
	Label       *string       `json:"label"`
	UUID        *string       `json:"uuid"`
	PartType    *string       `json:"parttype"`
	PartLabel   *string       `json:"partlabel"`
	PTType      *string       `json:"pttype"`
	Mountpoint  *string       `json:"mountpoint"`  // before 2.37: one mount point
	Mountpoints []*string     `json:"mountpoints"` // 2.37+: all of them, [null] when none
	Children    []lsblkDevice `json:"children"`
}

// ParseLsblk reads `lsblk --json --bytes -O` into the device tree.
func ParseLsblk(out []byte) ([]Disk, error) {
	var doc struct {
		BlockDevices []lsblkDevice `json:"blockdevices"`
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("lsblk --json: %w", err)
	}
	if doc.BlockDevices == nil {
		return nil, fmt.Errorf("lsblk --json: no \"blockdevices\" list")
	}
	disks := make([]Disk, 0, len(doc.BlockDevices))
	for _, d := range doc.BlockDevices {
		disks = append(disks, d.disk())
	}
	return disks, nil
}

func (d lsblkDevice) disk() Disk {
	out := Disk{
		Name: d.Name, Path: d.Path, Type: d.Type, Size: int64(d.Size),
		Model: str(d.Model), Serial: str(d.Serial), WWN: str(d.WWN), Vendor: str(d.Vendor),
		Rotational: bool(d.Rota), Transport: str(d.Tran), ReadOnly: bool(d.RO), Removable: bool(d.RM),
		FSType: str(d.FSType), Label: str(d.Label), UUID: str(d.UUID),
		PartType: str(d.PartType), PartLabel: str(d.PartLabel), PTType: str(d.PTType),
	}
	if d.KName != "" {
		out.Name = d.KName
	}
	if out.Path == "" {
		out.Path = "/dev/" + out.Name
	}
	for _, m := range d.Mountpoints {
		if m != nil && *m != "" {
			out.Mounts = append(out.Mounts, *m)
		}
	}
	if len(d.Mountpoints) == 0 && d.Mountpoint != nil && *d.Mountpoint != "" {
		out.Mounts = []string{*d.Mountpoint}
	}
	for _, c := range d.Children {
		out.Children = append(out.Children, c.disk())
	}
	return out
}

// List runs lsblk. Every device is listed (loop devices too); which ones
// the appliance offers is the caller's choice.
func List(ctx context.Context, r *execx.Runner) ([]Disk, error) {
	res, err := r.Run(ctx, execx.Cmd{Name: "lsblk", Args: []string{"--json", "--bytes", "-O"}})
	if err != nil {
		return nil, err
	}
	return ParseLsblk(res.Stdout)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// flexBool reads true/false, "1"/"0" and null (false).
type flexBool bool

func (b *flexBool) UnmarshalJSON(data []byte) error {
	switch string(data) {
	case "true", `"1"`, "1":
		*b = true
	case "false", `"0"`, "0", "null", `""`:
		*b = false
	default:
		return fmt.Errorf("not a boolean: %s", data)
	}
	return nil
}

// flexInt reads a number, a number in a string, and null (0).
type flexInt int64

func (n *flexInt) UnmarshalJSON(data []byte) error {
	s := string(bytes.Trim(data, `"`))
	if s == "null" || s == "" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("not an integer: %s", data)
	}
	*n = flexInt(v)
	return nil
}
