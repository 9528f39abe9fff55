package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"bams/backend/api"
)

// storageCmds are the storage commands: disks, pool, dataset, vg, lv,
// btrfs (storage_zfs.go has pool and dataset).
func storageCmds(c *cli) []*cobra.Command {
	return []*cobra.Command{disksCmd(c), poolCmd(c), datasetCmd(c), vgCmd(c), lvCmd(c), btrfsCmd(c)}
}

// confirmName is the name a destructive command sends as confirm: --yes
// NAME, else what the operator types when asked. bamsd compares it.
func (c *cli) confirmName(cmd *cobra.Command, yes, what, name string, lost ...string) (string, error) {
	if yes != "" {
		return yes, nil
	}
	if len(lost) > 0 {
		fmt.Fprintf(c.errOut, "This destroys %s %s and, with it: %s\n", what, name, strings.Join(lost, ", "))
	}
	fmt.Fprintf(c.errOut, "Type the %s's name (%s) to go on, or pass --yes %s: ", what, name, name)
	line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
	line = strings.TrimSpace(line)
	if line == "" && err != nil {
		return "", fmt.Errorf("no name typed: nothing was changed")
	}
	if line != name {
		return "", fmt.Errorf("%q is not %q: nothing was changed", line, name)
	}
	return line, nil
}

func usedBy(users []api.StorageUser) string {
	if len(users) == 0 {
		return "-"
	}
	var names []string
	for _, u := range users {
		names = append(names, u.Kind+" "+u.Name)
	}
	return strings.Join(names, ", ")
}

func percentOf(used, size uint64) string {
	if size == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", float64(used)*100/float64(size))
}

func disksCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "disks",
		Short: "List disks and what holds each (mounts, LVM, ZFS, btrfs, repositories)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().Disks(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "DISK\tSIZE\tTYPE\tMODEL\tSERIAL\tHEALTH\tHELD BY")
				for _, d := range l.Disks {
					health := "-"
					if d.Smart != nil {
						health = d.Smart.Health
						if d.Smart.TemperatureC != nil {
							health += fmt.Sprintf(" %d°C", *d.Smart.TemperatureC)
						}
					}
					held := "free"
					if len(d.Holders) > 0 {
						var hs []string
						for _, h := range d.Holders {
							s := h.Kind
							if h.Name != "" {
								s += " " + h.Name
							}
							if h.Device != "" && h.Device != d.Path {
								s += " (" + h.Device + ")"
							}
							hs = append(hs, s)
						}
						held = strings.Join(hs, ", ")
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Path, humanBytes(uint64(d.Size)), d.Type, dash(d.Model), dash(d.Serial), health, held)
				}
				if err := w.Flush(); err != nil {
					return err
				}
				for _, warn := range l.Warnings {
					fmt.Fprintln(c.errOut, "warning:", warn)
				}
				return nil
			})
		},
	}
}

func vgCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "vg", Short: "LVM volume groups"}
	list := &cobra.Command{
		Use: "list", Short: "List volume groups", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().VGs(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "VG\tSIZE\tFREE\tUSED\tLVS\tPVS")
				for _, v := range l.VGs {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\n", v.Name, humanBytes(v.Size), humanBytes(v.Free), percentOf(v.Size-v.Free, v.Size), v.LVCount, strings.Join(v.PVs, " "))
				}
				return w.Flush()
			})
		},
	}
	create := &cobra.Command{
		Use: "create NAME DEVICE...", Short: "Create a volume group from free disks", Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := c.client().CreateVG(cmd.Context(), api.VGCreate{Name: args[0], Devices: args[1:]})
			if err != nil {
				return err
			}
			return c.show(v, func() error {
				_, err := fmt.Fprintf(c.out, "volume group %s created: %s on %s\n", v.Name, humanBytes(v.Size), strings.Join(v.PVs, " "))
				return err
			})
		},
	}
	var yes string
	remove := &cobra.Command{
		Use: "remove NAME [--yes NAME]", Short: "Remove an empty volume group (and the LVM labels of its disks)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			confirm, err := c.confirmName(cmd, yes, "volume group", args[0])
			if err != nil {
				return err
			}
			d, err := c.client().RemoveVG(cmd.Context(), args[0], confirm)
			if err != nil {
				return err
			}
			return c.show(d, func() error { _, err := fmt.Fprintf(c.out, "volume group %s removed\n", d.Name); return err })
		},
	}
	remove.Flags().StringVar(&yes, "yes", "", "the volume group's name: remove without asking")
	cmd.AddCommand(list, create, remove)
	return cmd
}

func lvCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "lv", Short: "LVM logical volumes"}
	var vg string
	list := &cobra.Command{
		Use: "list [--vg VG]", Short: "List logical volumes", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().LVs(cmd.Context(), vg)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "LV\tKIND\tSIZE\tDATA\tACTIVE\tUSED BY")
				for _, lv := range l.LVs {
					data := "-"
					if lv.DataPercent != nil {
						data = fmt.Sprintf("%.1f%%", *lv.DataPercent)
					}
					fmt.Fprintf(w, "%s/%s\t%s\t%s\t%s\t%s\t%s\n", lv.VG, lv.Name, lv.Kind, humanBytes(lv.Size), data, dash(lv.Active), usedBy(lv.UsedBy))
				}
				return w.Flush()
			})
		},
	}
	list.Flags().StringVar(&vg, "vg", "", "only this volume group")
	var req api.LVCreate
	var size string
	create := &cobra.Command{
		Use: "create VG NAME (--size SIZE | --free-percent N) [--type thin-pool | --type thin --pool POOL]", Short: "Create a logical volume",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.VG, req.Name = args[0], args[1]
			n, err := sizeArg(size)
			if err != nil {
				return fmt.Errorf("--size: %w", err)
			}
			req.Size = uint64(n)
			lv, err := c.client().CreateLV(cmd.Context(), req)
			if err != nil {
				return err
			}
			return c.show(lv, func() error {
				_, err := fmt.Fprintf(c.out, "logical volume %s/%s created: %s %s\n", lv.VG, lv.Name, lv.Kind, humanBytes(lv.Size))
				return err
			})
		},
	}
	create.Flags().StringVar(&size, "size", "", "size, like 500M or 10G (a thin volume's virtual size)")
	create.Flags().IntVar(&req.FreePercent, "free-percent", 0, "instead of --size: this percentage of the VG's free space")
	create.Flags().StringVar(&req.Type, "type", "", "linear (default), thin-pool or thin")
	create.Flags().StringVar(&req.Pool, "pool", "", "the thin pool of a thin volume")
	var extendSize string
	var resize bool
	extend := &cobra.Command{
		Use: "extend VG NAME --size SIZE [--resize-fs]", Short: "Grow a logical volume", Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := sizeArg(extendSize)
			if err != nil || n == 0 {
				return fmt.Errorf("--size: want the new size, like 20G")
			}
			lv, err := c.client().ExtendLV(cmd.Context(), args[0], args[1], api.LVExtend{Size: uint64(n), ResizeFS: resize})
			if err != nil {
				return err
			}
			return c.show(lv, func() error {
				_, err := fmt.Fprintf(c.out, "logical volume %s/%s is now %s\n", lv.VG, lv.Name, humanBytes(lv.Size))
				return err
			})
		},
	}
	extend.Flags().StringVar(&extendSize, "size", "", "the new size")
	extend.Flags().BoolVar(&resize, "resize-fs", false, "grow the filesystem on it too")
	var yes string
	remove := &cobra.Command{
		Use: "remove VG NAME [--yes VG/NAME]", Short: "Remove a logical volume (refused while something uses it)", Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			confirm, err := c.confirmName(cmd, yes, "logical volume", args[0]+"/"+args[1])
			if err != nil {
				return err
			}
			d, err := c.client().RemoveLV(cmd.Context(), args[0], args[1], confirm)
			if err != nil {
				return err
			}
			return c.show(d, func() error { _, err := fmt.Fprintf(c.out, "logical volume %s removed\n", d.Name); return err })
		},
	}
	remove.Flags().StringVar(&yes, "yes", "", "VG/NAME of the logical volume: remove without asking")
	cmd.AddCommand(list, create, extend, remove)
	return cmd
}

func btrfsCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "btrfs", Short: "btrfs filesystems and subvolumes"}
	list := &cobra.Command{
		Use: "list", Short: "List btrfs filesystems", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().Btrfs(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "UUID\tLABEL\tMOUNTED ON\tSIZE\tUSED\tPROFILES\tDEVICES\tSCRUB\tUSED BY")
				for _, b := range l.Filesystems {
					var devs []string
					for _, d := range b.Devices {
						devs = append(devs, dash(d.Path))
					}
					prof, scrub := "-", "-"
					if b.Data != "" {
						prof = b.Data + "/" + b.Metadata
					}
					if b.Scrub != nil {
						scrub = b.Scrub.Status
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", b.UUID, dash(b.Label), dash(b.Mountpoint), humanBytes(b.Size),
						percentOf(b.Used, b.Size), prof, strings.Join(devs, " "), scrub, usedBy(b.UsedBy))
				}
				return w.Flush()
			})
		},
	}
	var req api.BtrfsCreate
	create := &cobra.Command{
		Use: "create DEVICE... [--label L] [--data raid1] [--metadata raid1] [--mount DIR]", Short: "Make a btrfs filesystem on free disks",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Devices = args
			b, err := c.client().CreateBtrfs(cmd.Context(), req)
			if err != nil {
				return err
			}
			return c.show(b, func() error {
				_, err := fmt.Fprintf(c.out, "btrfs %s created on %s, mounted on %s\n", b.UUID, strings.Join(args, " "), dash(b.Mountpoint))
				return err
			})
		},
	}
	create.Flags().StringVar(&req.Label, "label", "", "filesystem label")
	create.Flags().StringVar(&req.Data, "data", "", "data profile: single, dup, raid0, raid1, raid1c3, raid1c4, raid10, raid5, raid6")
	create.Flags().StringVar(&req.Metadata, "metadata", "", "metadata profile")
	create.Flags().StringVar(&req.Mountpoint, "mount", "", "mount it here")
	subvols := &cobra.Command{
		Use: "subvolumes UUID", Short: "List the subvolumes of a mounted filesystem", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := c.client().Subvolumes(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "ID\tPATH\tREAD-ONLY\tREFERENCED\tEXCLUSIVE\tUSED BY")
				for _, s := range l.Subvolumes {
					ref, excl := "-", "-"
					if s.Referenced != nil {
						ref, excl = humanBytes(*s.Referenced), humanBytes(*s.Exclusive)
					}
					fmt.Fprintf(w, "%d\t%s\t%v\t%s\t%s\t%s\n", s.ID, s.Path, s.ReadOnly, ref, excl, usedBy(s.UsedBy))
				}
				return w.Flush()
			})
		},
	}
	var snapOf string
	subCreate := &cobra.Command{
		Use: "subvolume-create UUID PATH [--snapshot-of SUBVOLUME]", Short: "Make a subvolume, or a read-only snapshot", Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := c.client().CreateSubvolume(cmd.Context(), args[0], api.BtrfsSubvolumeCreate{Path: args[1], SnapshotOf: snapOf})
			if err != nil {
				return err
			}
			return c.show(s, func() error { _, err := fmt.Fprintf(c.out, "subvolume %s created (id %d)\n", s.Path, s.ID); return err })
		},
	}
	subCreate.Flags().StringVar(&snapOf, "snapshot-of", "", "take a read-only snapshot of this subvolume")
	var yes string
	subDelete := &cobra.Command{
		Use: "subvolume-delete UUID PATH [--yes PATH]", Short: "Delete a subvolume (refused while something uses it)", Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			confirm, err := c.confirmName(cmd, yes, "subvolume", args[1])
			if err != nil {
				return err
			}
			d, err := c.client().DeleteSubvolume(cmd.Context(), args[0], args[1], confirm)
			if err != nil {
				return err
			}
			return c.show(d, func() error { _, err := fmt.Fprintf(c.out, "subvolume %s deleted\n", d.Name); return err })
		},
	}
	subDelete.Flags().StringVar(&yes, "yes", "", "the subvolume's path: delete without asking")
	var wait, stop bool
	scrub := &cobra.Command{
		Use: "scrub UUID [--wait | --stop]", Short: "Scrub a mounted filesystem (a task), or cancel its scrub", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if stop {
				if err := c.client().StopBtrfsScrub(cmd.Context(), args[0]); err != nil {
					return err
				}
				_, err := fmt.Fprintf(c.out, "scrub of %s cancelled\n", args[0])
				return err
			}
			t, err := c.client().ScrubBtrfs(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.started(cmd.Context(), t, wait)
		},
	}
	scrub.Flags().BoolVar(&wait, "wait", false, "follow the scrub to its end")
	scrub.Flags().BoolVar(&stop, "stop", false, "cancel the running scrub, however it was started")
	cmd.AddCommand(list, create, subvols, subCreate, subDelete, scrub)
	return cmd
}
