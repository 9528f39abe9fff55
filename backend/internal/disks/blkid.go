package disks

import (
	"bufio"
	"context"
	"errors"
	"strings"

	"bams/backend/internal/execx"
)

// Signature is what blkid found on one device.
type Signature struct {
	Device    string // DEVNAME
	Type      string // TYPE: ext4, btrfs, LVM2_member, zfs_member, swap, linux_raid_member ...
	Label     string
	UUID      string
	PartLabel string
	PTType    string // a partition table on the device itself
}

// ParseBlkid reads `blkid -o export`: KEY=value lines, one blank-line
// separated block per device.
func ParseBlkid(out string) []Signature {
	var sigs []Signature
	var cur *Signature
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			cur = nil
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		if key == "DEVNAME" {
			sigs = append(sigs, Signature{Device: val})
			cur = &sigs[len(sigs)-1]
			continue
		}
		if cur == nil {
			continue
		}
		switch key {
		case "TYPE":
			cur.Type = val
		case "LABEL":
			cur.Label = val
		case "UUID":
			cur.UUID = val
		case "PARTLABEL":
			cur.PartLabel = val
		case "PTTYPE":
			cur.PTType = val
		}
	}
	return sigs
}

// Probe runs blkid on devices (every device blkid knows when none are
// given). blkid exits 2 when it finds nothing on any of them: that is an
// empty answer, not a failure.
func Probe(ctx context.Context, r *execx.Runner, devices ...string) ([]Signature, error) {
	for _, d := range devices {
		if !strings.HasPrefix(d, "/dev/") {
			return nil, errors.New("blkid: not a device path: " + d)
		}
	}
	res, err := r.Run(ctx, execx.Cmd{Name: "blkid", Args: append([]string{"-o", "export"}, devices...)})
	var ee *execx.ExitError
	if errors.As(err, &ee) && ee.Code == 2 && ctx.Err() == nil {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseBlkid(string(res.Stdout)), nil
}

// MergeBlkid fills FSType, Label, UUID and PTType from blkid where lsblk
// had none (no udev database), keeping what lsblk said otherwise.
func MergeBlkid(disks []Disk, sigs []Signature) {
	byDev := make(map[string]Signature, len(sigs))
	for _, s := range sigs {
		byDev[s.Device] = s
	}
	var walk func(ds []Disk)
	walk = func(ds []Disk) {
		for i := range ds {
			d := &ds[i]
			if s, ok := byDev[d.Path]; ok {
				if d.FSType == "" {
					d.FSType, d.Label, d.UUID = s.Type, s.Label, s.UUID
				}
				if d.PTType == "" {
					d.PTType = s.PTType
				}
				if d.PartLabel == "" {
					d.PartLabel = s.PartLabel
				}
			}
			walk(d.Children)
		}
	}
	walk(disks)
}
