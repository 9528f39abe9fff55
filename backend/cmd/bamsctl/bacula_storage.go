package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"bams/backend/api"
)

// baculaStorageCmds are the `bamsctl bacula` commands for clients, pools,
// volumes, media and storage daemons (bacula.go adds them).
func baculaStorageCmds(c *cli) []*cobra.Command {
	return []*cobra.Command{baculaClientsCmd(c), baculaClientCmd(c), baculaPoolsCmd(c), baculaPoolCmd(c),
		baculaVolumesCmd(c), baculaVolumeCmd(c), baculaMediaCmd(c), baculaDaemonsCmd(c), baculaSDCmd(c)}
}

func baculaClientsCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "clients",
		Short: "List the director's clients with their last backup",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().BaculaClients(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "NAME\tADDRESS\tENABLED\tSTATUS\tLAST BACKUP")
				for _, cl := range l.Clients {
					last := "-"
					if b := cl.LastBackup; b != nil {
						last = fmt.Sprintf("%d %s %s", b.JobID, b.Name, when(b.Ended, c.local))
					}
					fmt.Fprintf(w, "%s\t%s:%d\t%v\t%s\t%s\n", cl.Name, cl.Address, cl.Port, cl.Enabled, cl.Status, last)
				}
				return w.Flush()
			})
		},
	}
}

func baculaClientCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "client NAME",
		Short: "Show a client: configuration, file daemon status, job history",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := c.client().BaculaClient(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(d, func() error {
				w := c.table()
				fmt.Fprintf(w, "name\t%s\naddress\t%s:%d\nenabled\t%v\nstatus\t%s\n", d.Name, d.Address, d.Port, d.Enabled, d.Status)
				fmt.Fprintf(w, "file retention\t%s\njob retention\t%s\nauto prune\t%v\n",
					seconds(d.FileRetentionSeconds), seconds(d.JobRetentionSeconds), d.AutoPrune)
				if d.Daemon != nil {
					fmt.Fprintf(w, "file daemon\t%s %s, %d jobs running\n", d.Daemon.Name, d.Daemon.Version, d.Daemon.JobsRunning)
				} else {
					fmt.Fprintf(w, "file daemon\tnot answering: %s\n", d.DaemonError)
				}
				if err := w.Flush(); err != nil {
					return err
				}
				fmt.Fprintln(c.out)
				return printBaculaRuns(c, d.History, "")
			})
		},
	}
}

func baculaPoolsCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "pools",
		Short: "List pools: type, volumes, usage",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().BaculaPools(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "NAME\tTYPE\tVOLUMES\tMAX VOLUMES\tMAX VOLUME SIZE\tRETENTION\tUSED\tMANAGED")
				for _, p := range l.Pools {
					fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%v\n", p.Name, p.Type, p.Volumes, limit(p.MaximumVolumes),
						sizeLimit(p.MaximumVolumeBytes), seconds(p.VolumeRetentionSeconds), humanBytes(uint64(p.Bytes)), p.Managed)
				}
				return w.Flush()
			})
		},
	}
}

func baculaPoolCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "pool", Short: "Create or remove pools BAMS manages"}
	var p api.BaculaPoolCreate
	var maxBytes, retention string
	var noRecycle, noAutoPrune bool
	create := &cobra.Command{
		Use:   "create NAME [--max-volume-bytes 50G] [--retention 30d] ...",
		Short: "Create a pool (written into the director's configuration, checked, reloaded)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p.Name = args[0]
			var err error
			if p.MaximumVolumeBytes, err = sizeArg(maxBytes); err != nil {
				return fmt.Errorf("--max-volume-bytes: %w", err)
			}
			if p.VolumeRetentionSeconds, err = durationArg(retention); err != nil {
				return fmt.Errorf("--retention: %w", err)
			}
			recycle, autoPrune := !noRecycle, !noAutoPrune
			p.Recycle, p.AutoPrune = &recycle, &autoPrune
			out, err := c.client().CreateBaculaPool(cmd.Context(), p)
			if err != nil {
				return err
			}
			return c.show(out, func() error {
				fmt.Fprintf(c.out, "pool %s created; label volumes into it with `bamsctl bacula volume label NAME --pool %s`\n", out.Name, out.Name)
				return nil
			})
		},
	}
	f := create.Flags()
	f.StringVar(&p.Type, "type", "", "pool type: Backup (default), Archive, Cloned, Migration, Copy, Save, Scratch")
	f.Int64Var(&p.MaximumVolumes, "max-volumes", 0, "most volumes in the pool (0: no limit)")
	f.StringVar(&maxBytes, "max-volume-bytes", "", "largest volume, e.g. 50G (none: no limit)")
	f.StringVar(&retention, "retention", "", "volume retention, e.g. 30d, 12h (default 365d)")
	f.BoolVar(&noRecycle, "no-recycle", false, "never recycle its volumes")
	f.BoolVar(&noAutoPrune, "no-autoprune", false, "never prune its volumes automatically")
	f.StringVar(&p.LabelFormat, "label-format", "", "prefix for volumes the director labels itself, e.g. Vol-")
	f.StringVar(&p.Storage, "storage", "", "the pool's storage")
	rm := &cobra.Command{
		Use:   "rm NAME",
		Short: "Remove a pool BAMS created (refused while volumes or jobs use it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := c.client().DeleteBaculaPool(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(c.out, "pool %s removed\n", args[0])
			return nil
		},
	}
	cmd.AddCommand(create, rm)
	return cmd
}

func baculaVolumesCmd(c *cli) *cobra.Command {
	var pool string
	cmd := &cobra.Command{
		Use:   "volumes [--pool NAME]",
		Short: "List volumes: status, usage, expiry",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().BaculaVolumes(cmd.Context(), pool)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "NAME\tPOOL\tSTATUS\tUSED\tMAX\tJOBS\tRECYCLE\tRETENTION\tEXPIRES")
				for _, v := range l.Volumes {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%v\t%s\t%s\n", v.Name, v.Pool, v.Status, humanBytes(uint64(v.Bytes)),
						sizeLimit(v.MaximumBytes), v.Jobs, v.Recycle, seconds(v.RetentionSeconds), when(v.Expires, c.local))
				}
				return w.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&pool, "pool", "", "only this pool's volumes")
	return cmd
}

func baculaVolumeCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "volume", Short: "Label, update or delete volumes"}
	var l api.BaculaVolumeLabel
	var labelMax string
	label := &cobra.Command{
		Use:   "label NAME --pool POOL [--storage S] [--max-bytes 10G]",
		Short: "Label a new volume into a pool",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l.Name = args[0]
			var err error
			if l.MaximumBytes, err = sizeArg(labelMax); err != nil {
				return fmt.Errorf("--max-bytes: %w", err)
			}
			v, err := c.client().LabelBaculaVolume(cmd.Context(), l)
			if err != nil {
				return err
			}
			return c.show(v, func() error {
				fmt.Fprintf(c.out, "volume %s labelled into pool %s on %s\n", v.Name, v.Pool, dash(v.Storage))
				return nil
			})
		},
	}
	label.Flags().StringVar(&l.Pool, "pool", "", "the pool (required)")
	label.Flags().StringVar(&l.Storage, "storage", "", "the storage (default: the director's only one)")
	label.Flags().StringVar(&labelMax, "max-bytes", "", "largest size, e.g. 10G (default: the pool's)")
	_ = label.MarkFlagRequired("pool")

	var u api.BaculaVolumeUpdate
	var recycle bool
	var retention, maxBytes string
	update := &cobra.Command{
		Use:   "update NAME [--status S] [--pool P] [--recycle=BOOL] [--retention 30d] [--max-bytes 10G]",
		Short: "Change a volume's status, pool, recycling, retention or size",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("recycle") {
				u.Recycle = &recycle
			}
			if cmd.Flags().Changed("retention") {
				r, err := durationArg(retention)
				if err != nil {
					return fmt.Errorf("--retention: %w", err)
				}
				u.RetentionSeconds = &r
			}
			if cmd.Flags().Changed("max-bytes") {
				m, err := sizeArg(maxBytes)
				if err != nil {
					return fmt.Errorf("--max-bytes: %w", err)
				}
				u.MaximumBytes = &m
			}
			v, err := c.client().UpdateBaculaVolume(cmd.Context(), args[0], u)
			if err != nil {
				return err
			}
			return c.show(v, func() error {
				fmt.Fprintf(c.out, "volume %s: %s in %s, recycle %v, retention %s, max %s\n", v.Name, v.Status, v.Pool, v.Recycle,
					seconds(v.RetentionSeconds), sizeLimit(v.MaximumBytes))
				return nil
			})
		},
	}
	uf := update.Flags()
	uf.StringVar(&u.Status, "status", "", "Append, Archive, Disabled, Full, Used, Cleaning or Read-Only")
	uf.StringVar(&u.Pool, "pool", "", "move the volume to this pool")
	uf.BoolVar(&recycle, "recycle", true, "whether the volume may be recycled")
	uf.StringVar(&retention, "retention", "", "retention after the last write, e.g. 30d")
	uf.StringVar(&maxBytes, "max-bytes", "", "largest size, e.g. 10G (0: no limit)")

	var force bool
	rm := &cobra.Command{
		Use:   "rm NAME [--force]",
		Short: "Delete a volume from the catalog (refused while it holds jobs, unless --force)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := c.client().DeleteBaculaVolume(cmd.Context(), args[0], force)
			if err != nil {
				return err
			}
			return c.show(res, func() error {
				fmt.Fprintf(c.out, "volume %s deleted", res.Deleted)
				if len(res.Jobs) > 0 {
					fmt.Fprintf(c.out, " with %d jobs", len(res.Jobs))
				}
				fmt.Fprintf(c.out, "; %s\n", res.Note)
				return nil
			})
		},
	}
	rm.Flags().BoolVar(&force, "force", false, "also when it holds jobs: the catalog forgets them")
	cmd.AddCommand(label, update, rm)
	return cmd
}

func baculaMediaCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "media [NAME]",
		Short: "List media (label, type, status, location), or show one with its usage and jobs",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				d, err := c.client().BaculaMedium(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				return c.show(d, func() error {
					w := c.table()
					fmt.Fprintf(w, "label\t%s\ntype\t%s\nstatus\t%s\npool\t%s\nlocation\t%s\n", d.Label, d.MediaType, d.Status, d.Pool, d.Location)
					used := humanBytes(uint64(d.Usage.Bytes))
					if d.Usage.Percent != nil {
						used += fmt.Sprintf(" of %s (%.1f%%)", humanBytes(uint64(d.Usage.MaximumBytes)), *d.Usage.Percent)
					}
					fmt.Fprintf(w, "used\t%s\njobs\t%d\nmounts\t%d\nerrors\t%d\nlast written\t%s\nexpires\t%s\n", used, d.Usage.Jobs,
						d.Usage.Mounts, d.Usage.Errors, when(d.Volume.LastWritten, c.local), when(d.Volume.Expires, c.local))
					if err := w.Flush(); err != nil {
						return err
					}
					fmt.Fprintln(c.out)
					return printBaculaRuns(c, d.History, "")
				})
			}
			l, err := c.client().BaculaMedia(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "LABEL\tTYPE\tSTATUS\tPOOL\tLOCATION\tUSED\tLAST WRITTEN")
				for _, m := range l.Media {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.Label, m.MediaType, m.Status, m.Pool, m.Location,
						humanBytes(uint64(m.Bytes)), when(m.LastWritten, c.local))
				}
				return w.Flush()
			})
		},
	}
}

func baculaDaemonsCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "daemons",
		Short: "List the director's storages and whether their storage daemons answer",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().BaculaStorages(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "STORAGE\tADDRESS\tDEVICE\tMEDIA TYPE\tAUTOCHANGER\tDAEMON")
				for _, st := range l.Storages {
					fmt.Fprintf(w, "%s\t%s:%d\t%s\t%s\t%v\t%s\n", st.Name, st.Address, st.Port, st.Device, st.MediaType, st.Autochanger, daemonText(st))
				}
				return w.Flush()
			})
		},
	}
}

func daemonText(st api.BaculaStorage) string {
	if d := st.Daemon; d != nil {
		return fmt.Sprintf("%s %s, %d running", d.Name, d.Version, d.JobsRunning)
	}
	return "not answering: " + st.DaemonError
}

func baculaSDCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "sd", Short: "The storage daemon on this machine"}
	status := &cobra.Command{
		Use:   "status",
		Short: "Show the storage daemon's status and devices",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := c.client().SDStatus(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(st, func() error {
				fmt.Fprintf(c.out, "storage %s (%s:%d): %s\n", st.Name, st.Address, st.Port, daemonText(st))
				if st.Daemon == nil {
					return nil
				}
				w := c.table()
				fmt.Fprintln(w, "DEVICE\tTYPE\tMEDIA TYPE\tARCHIVE DEVICE\tMOUNTED\tVOLUME\tFREE")
				for _, d := range st.Daemon.Devices {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%v\t%s\t%s\n", d.Name, d.Type, d.MediaType, d.ArchiveDevice, d.Mounted, dash(d.Volume),
						humanBytes(uint64(d.FreeBytes)))
				}
				return w.Flush()
			})
		},
	}
	config := &cobra.Command{
		Use:   "config",
		Short: "Show the storage daemon's configuration (passwords redacted) and the devices BAMS manages",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			conf, err := c.client().SDConfig(cmd.Context())
			if err != nil {
				return err
			}
			return printSDConfig(c, conf)
		},
	}
	var devices []string
	var clear bool
	set := &cobra.Command{
		Use:   "set --device NAME=/DIR [--device ...] | --clear",
		Short: "Replace the File devices BAMS manages (checked with bacula-sd -t; restart to use them)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(devices) == 0 && !clear {
				return fmt.Errorf("give --device NAME=/DIR (one or more), or --clear to remove every device BAMS manages")
			}
			req := api.BaculaSDConfigSet{Devices: []api.BaculaFileDevice{}}
			for _, d := range devices {
				name, dir, ok := strings.Cut(d, "=")
				if !ok {
					return fmt.Errorf("--device %q: want NAME=/DIR", d)
				}
				req.Devices = append(req.Devices, api.BaculaFileDevice{Name: name, Directory: dir})
			}
			conf, err := c.client().SetSDConfig(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printSDConfig(c, conf)
		},
	}
	set.Flags().StringArrayVar(&devices, "device", nil, "a File device: NAME=/absolute/folder")
	set.Flags().BoolVar(&clear, "clear", false, "remove every device BAMS manages")
	config.AddCommand(set)
	var wait bool
	inventory := &cobra.Command{
		Use:   "inventory [--wait]",
		Short: "Run `update slots` on the autochanger (a task)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t, err := c.client().SDInventory(cmd.Context())
			if err != nil {
				return err
			}
			return c.started(cmd.Context(), t, wait)
		},
	}
	inventory.Flags().BoolVar(&wait, "wait", false, "wait for the task to end")
	restart := &cobra.Command{
		Use:   "restart",
		Short: "Restart bacula-sd through systemd",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := c.client().RestartSD(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(res, func() error {
				fmt.Fprintf(c.out, "%s restarted (%s)\n", res.Unit, res.Result)
				return nil
			})
		},
	}
	cmd.AddCommand(status, config, inventory, restart)
	return cmd
}

func printSDConfig(c *cli, conf api.BaculaSDConfig) error {
	return c.show(conf, func() error {
		fmt.Fprintf(c.out, "# %s (passwords redacted)\n%s\n", conf.Path, conf.Text)
		fmt.Fprintf(c.out, "# devices BAMS manages, in %s (included: %v)\n", conf.ManagedFile, conf.Included)
		for _, d := range conf.Devices {
			fmt.Fprintf(c.out, "#   %s  %s  (media type %s)\n", d.Name, d.Directory, d.MediaType)
		}
		if conf.RestartNeeded {
			fmt.Fprintln(c.out, "# bacula-sd reads its configuration at start: `bamsctl bacula sd restart` to use the change")
		}
		return nil
	})
}

// sizeArg reads a size: bytes, or a number with K, M, G or T (powers of
// 1024); "" is 0.
func sizeArg(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	mult := int64(1)
	if i := strings.IndexAny(strings.ToUpper(s), "KMGT"); i > 0 && i == len(s)-1 {
		mult = int64(1) << (10 * (strings.IndexByte("KMGT", strings.ToUpper(s)[i]) + 1))
		s = s[:i]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("want a size like 500M or 10G")
	}
	return n * mult, nil
}

// durationArg reads a retention in seconds: a number with s, m, h, d or w;
// "" is 0 (the default).
func durationArg(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	units := map[byte]int64{'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 7 * 86400}
	unit, ok := units[s[len(s)-1]]
	if !ok {
		return 0, fmt.Errorf("want a duration like 30d, 12h or 2w")
	}
	n, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("want a duration like 30d, 12h or 2w")
	}
	return n * unit, nil
}

// seconds shows a retention in the largest whole unit.
func seconds(n int64) string {
	for _, u := range []struct {
		s string
		n int64
	}{{"d", 86400}, {"h", 3600}, {"m", 60}} {
		if n > 0 && n%u.n == 0 {
			return fmt.Sprintf("%d%s", n/u.n, u.s)
		}
	}
	return fmt.Sprintf("%ds", n)
}

func limit(n int64) string {
	if n == 0 {
		return "no limit"
	}
	return strconv.FormatInt(n, 10)
}

func sizeLimit(n int64) string {
	if n == 0 {
		return "no limit"
	}
	return humanBytes(uint64(n))
}
