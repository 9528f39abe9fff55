package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"bams/backend/api"
	"bams/backend/client"
)

// parseLayout reads a layout the way zpool create writes one: devices,
// optionally after a group type (mirror, raidz1/2/3, draid1/2/3), then
// sections log, special (devices or mirror groups), cache and spare.
func parseLayout(args []string) (api.PoolCreate, error) {
	var p api.PoolCreate
	section := "data"
	var cur *api.VdevGroup
	groups := func() *[]api.VdevGroup {
		return map[string]*[]api.VdevGroup{"data": &p.Data, "log": &p.Log, "special": &p.Special}[section]
	}
	for _, a := range args {
		switch a {
		case "log", "special", "cache", "spare":
			section, cur = a, nil
			continue
		case "mirror", "raidz", "raidz1", "raidz2", "raidz3", "draid1", "draid2", "draid3":
			if groups() == nil {
				return p, fmt.Errorf("%s: a %s section takes devices only", a, section)
			}
			g := api.VdevGroup{Type: a}
			if a == "raidz" {
				g.Type = "raidz1"
			}
			if strings.HasPrefix(a, "draid") {
				g.Type, g.Parity = "draid", int(a[5]-'0')
			}
			*groups() = append(*groups(), g)
			cur = &(*groups())[len(*groups())-1]
			continue
		}
		switch {
		case section == "cache":
			p.Cache = append(p.Cache, a)
		case section == "spare":
			p.Spares = append(p.Spares, a)
		case cur != nil:
			cur.Devices = append(cur.Devices, a)
		default: // a single-disk vdev of its own
			*groups() = append(*groups(), api.VdevGroup{Devices: []string{a}})
		}
	}
	if len(p.Data) == 0 {
		return p, fmt.Errorf("name the data devices: pool create NAME [mirror|raidz1|...] DEVICE...")
	}
	return p, nil
}

func poolCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "pool", Short: "ZFS pools"}
	list := &cobra.Command{
		Use: "list", Short: "List pools", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().Pools(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "POOL\tSIZE\tALLOC\tFREE\tCAP\tFRAG\tHEALTH\tUSED BY")
				for _, p := range l.Pools {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Name, humanBytes(p.Size), humanBytes(p.Allocated), humanBytes(p.Free),
						pct(p.Capacity), pct(p.Fragmentation), p.Health, usedBy(p.UsedBy))
				}
				return w.Flush()
			})
		},
	}
	status := &cobra.Command{
		Use: "status NAME", Short: "A pool's vdev tree, errors and scrub", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := c.client().Pool(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(p, func() error {
				w := c.table()
				fmt.Fprintf(w, "pool\t%s\nstate\t%s\n", p.Name, p.State)
				if p.Status != "" {
					fmt.Fprintf(w, "status\t%s\n", p.Status)
				}
				if p.Action != "" {
					fmt.Fprintf(w, "action\t%s\n", p.Action)
				}
				fmt.Fprintf(w, "scan\t%s\n", scanText(p.Scan))
				if err := w.Flush(); err != nil {
					return err
				}
				fmt.Fprintln(c.out)
				w = c.table()
				fmt.Fprintln(w, "NAME\tSTATE\tREAD\tWRITE\tCKSUM\t")
				var tree func(vs []api.Vdev, indent string)
				tree = func(vs []api.Vdev, indent string) {
					for _, v := range vs {
						fmt.Fprintf(w, "%s%s\t%s\t%d\t%d\t%d\t%s\n", indent, v.Name, v.State, v.Read, v.Write, v.Checksum, v.Note)
						tree(v.Children, indent+"  ")
					}
				}
				tree(p.Vdevs, "")
				if err := w.Flush(); err != nil {
					return err
				}
				_, err := fmt.Fprintf(c.out, "\nerrors: %s\n", p.Errors)
				return err
			})
		},
	}
	var ashift int
	var mountpoint string
	var props []string
	create := &cobra.Command{
		Use:   "create NAME [mirror|raidz1|raidz2|raidz3|draid1..3] DEVICE... [log ...] [special ...] [cache DEVICE...] [spare DEVICE...]",
		Short: "Create a pool from free disks", Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := parseLayout(args[1:])
			if err != nil {
				return err
			}
			req.Name, req.Ashift, req.Mountpoint = args[0], ashift, mountpoint
			if req.Properties, err = propArgs(props); err != nil {
				return err
			}
			p, err := c.client().CreatePool(cmd.Context(), req)
			if err != nil {
				return err
			}
			return c.show(p, func() error {
				_, err := fmt.Fprintf(c.out, "pool %s created: %s, %s\n", p.Name, humanBytes(p.Size), p.Health)
				return err
			})
		},
	}
	create.Flags().IntVar(&ashift, "ashift", 0, "sector size as a power of two (12 for 4K disks); 0 lets ZFS choose")
	create.Flags().StringVar(&mountpoint, "mountpoint", "", "the root dataset's mountpoint")
	create.Flags().StringArrayVarP(&props, "property", "O", nil, "a root dataset property, like compression=lz4 (repeatable)")
	var yes string
	destroy := &cobra.Command{
		Use: "destroy NAME [--yes NAME]", Short: "Destroy a pool and everything in it (refused while something uses it)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var lost []string
			if yes == "" {
				l, err := c.client().Datasets(cmd.Context(), client.DatasetQuery{Pool: args[0], Limit: 20})
				if err != nil {
					return err
				}
				for _, d := range l.Datasets {
					lost = append(lost, d.Name)
				}
				if l.Total > len(lost) {
					lost = append(lost, fmt.Sprintf("and %d more", l.Total-len(lost)))
				}
			}
			confirm, err := c.confirmName(cmd, yes, "pool", args[0], lost...)
			if err != nil {
				return err
			}
			d, err := c.client().DestroyPool(cmd.Context(), args[0], confirm)
			if err != nil {
				return err
			}
			return c.show(d, func() error {
				_, err := fmt.Fprintf(c.out, "pool %s destroyed, with %s\n", d.Name, strings.Join(d.Lost, ", "))
				return err
			})
		},
	}
	destroy.Flags().StringVar(&yes, "yes", "", "the pool's name: destroy without asking")
	var exportYes string
	export := &cobra.Command{
		Use: "export NAME [--yes NAME]", Short: "Export a pool (refused while something uses it)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			confirm, err := c.confirmName(cmd, exportYes, "pool", args[0])
			if err != nil {
				return err
			}
			d, err := c.client().ExportPool(cmd.Context(), args[0], confirm)
			if err != nil {
				return err
			}
			return c.show(d, func() error { _, err := fmt.Fprintf(c.out, "pool %s exported\n", d.Name); return err })
		},
	}
	export.Flags().StringVar(&exportYes, "yes", "", "the pool's name: export without asking")
	var newName string
	imp := &cobra.Command{
		Use: "import [NAME|ID] [--as NEWNAME]", Short: "List importable pools, or import one", Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				l, err := c.client().ImportablePools(cmd.Context())
				if err != nil {
					return err
				}
				return c.show(l, func() error {
					w := c.table()
					fmt.Fprintln(w, "POOL\tID\tSTATE\tACTION")
					for _, p := range l.Pools {
						fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", p.Name, p.ID, p.State, p.Action)
					}
					return w.Flush()
				})
			}
			p, err := c.client().ImportPool(cmd.Context(), api.PoolImport{Pool: args[0], NewName: newName})
			if err != nil {
				return err
			}
			return c.show(p, func() error { _, err := fmt.Fprintf(c.out, "pool %s imported: %s\n", p.Name, p.Health); return err })
		},
	}
	imp.Flags().StringVar(&newName, "as", "", "import under this name")
	var wait, stop bool
	scrub := &cobra.Command{
		Use: "scrub NAME [--wait | --stop]", Short: "Scrub a pool (a task), or stop its scrub", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if stop {
				if err := c.client().StopPoolScrub(cmd.Context(), args[0]); err != nil {
					return err
				}
				_, err := fmt.Fprintf(c.out, "scrub of %s stopped\n", args[0])
				return err
			}
			t, err := c.client().ScrubPool(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.started(cmd.Context(), t, wait)
		},
	}
	scrub.Flags().BoolVar(&wait, "wait", false, "follow the scrub to its end")
	scrub.Flags().BoolVar(&stop, "stop", false, "stop the pool's scrub, however it was started")
	arc := &cobra.Command{
		Use: "arc", Short: "ZFS ARC statistics", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := c.client().ARC(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(a, func() error {
				_, err := fmt.Fprintf(c.out, "size\t%s\ntarget\t%s\nmin\t%s\nmax\t%s\nhit ratio\t%.1f%%\n",
					humanBytes(a.Size), humanBytes(a.Target), humanBytes(a.Min), humanBytes(a.Max), a.HitRatio*100)
				return err
			})
		},
	}
	cmd.AddCommand(list, status, create, destroy, export, imp, scrub, arc)
	return cmd
}

func pct(v float64) string {
	if v < 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", v)
}

func scanText(s api.PoolScan) string {
	switch s.State {
	case "none":
		return "none requested"
	case "in-progress":
		t := fmt.Sprintf("%s in progress, %.1f%% done", s.Function, s.Percent)
		if s.ETASeconds > 0 {
			t += fmt.Sprintf(", %ds to go", s.ETASeconds)
		}
		return t
	}
	return fmt.Sprintf("%s %s, %d errors", s.Function, s.State, s.Errors)
}

func propArgs(props []string) (map[string]string, error) {
	if len(props) == 0 {
		return nil, nil
	}
	out := map[string]string{}
	for _, p := range props {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%q: want property=value", p)
		}
		out[k] = v
	}
	return out, nil
}

func datasetCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "dataset", Short: "ZFS filesystems and volumes"}
	var q client.DatasetQuery
	var snapshots bool
	list := &cobra.Command{
		Use: "list [--pool P] [--snapshots] [--limit N] [--cursor C]", Short: "List datasets (one page, sorted by name)", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if snapshots {
				q.Type = "snapshots"
			}
			l, err := c.client().Datasets(cmd.Context(), q)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "NAME\tTYPE\tUSED\tAVAIL\tREFER\tMOUNTPOINT")
				for _, d := range l.Datasets {
					avail := "-"
					if d.Type != "snapshot" {
						avail = humanBytes(d.Available)
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", d.Name, d.Type, humanBytes(d.Used), avail, humanBytes(d.Referenced), dash(d.Mountpoint))
				}
				if err := w.Flush(); err != nil {
					return err
				}
				if l.Next != "" {
					fmt.Fprintf(c.out, "# %d of %d; next page: --cursor %s\n", len(l.Datasets), l.Total, l.Next)
				}
				for _, warn := range l.Warnings {
					fmt.Fprintln(c.errOut, "warning:", warn)
				}
				return nil
			})
		},
	}
	list.Flags().StringVar(&q.Pool, "pool", "", "only this pool")
	list.Flags().BoolVar(&snapshots, "snapshots", false, "list snapshots instead")
	list.Flags().IntVar(&q.Limit, "limit", 0, "at most this many (1-1000; default 100)")
	list.Flags().StringVar(&q.Cursor, "cursor", "", "the next page, as the previous one said")
	show := &cobra.Command{
		Use: "show NAME", Short: "A dataset's properties, dependents and users", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := c.client().Dataset(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(d, func() error {
				w := c.table()
				fmt.Fprintf(w, "name\t%s\ntype\t%s\nused by\t%s\n", d.Name, d.Type, usedBy(d.UsedBy))
				fmt.Fprintf(w, "children\t%d\nsnapshots\t%d\nclones\t%s\nholds\t%s\n", len(d.Dependents.Children), len(d.Dependents.Snapshots),
					dash(strings.Join(d.Dependents.Clones, " ")), dash(strings.Join(d.Dependents.Holds, ", ")))
				keys := make([]string, 0, len(d.Properties))
				for k := range d.Properties {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					fmt.Fprintf(w, "%s\t%s\t(%s)\n", k, d.Properties[k].Value, d.Properties[k].Source)
				}
				return w.Flush()
			})
		},
	}
	var volsize string
	var sparse bool
	var props []string
	create := &cobra.Command{
		Use: "create NAME [--volume SIZE [--sparse]] [-o prop=value]...", Short: "Create a filesystem or a volume", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := propArgs(props)
			if err != nil {
				return err
			}
			req := api.DatasetCreate{Name: args[0], Properties: p, Sparse: sparse}
			if volsize != "" {
				req.Type = "volume"
				if req.Properties == nil {
					req.Properties = map[string]string{}
				}
				req.Properties["volsize"] = volsize
			}
			d, err := c.client().CreateDataset(cmd.Context(), req)
			if err != nil {
				return err
			}
			return c.show(d, func() error { _, err := fmt.Fprintf(c.out, "%s %s created\n", d.Type, d.Name); return err })
		},
	}
	create.Flags().StringVar(&volsize, "volume", "", "make a volume of this size (like 100G) instead of a filesystem")
	create.Flags().BoolVar(&sparse, "sparse", false, "a volume without a reservation")
	create.Flags().StringArrayVarP(&props, "property", "o", nil, "compression, quota, refquota, reservation, recordsize, atime, mountpoint, volblocksize (repeatable)")
	set := &cobra.Command{
		Use: "set NAME PROPERTY=VALUE...", Short: "Set properties (all or none)", Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := propArgs(args[1:])
			if err != nil {
				return err
			}
			d, err := c.client().UpdateDataset(cmd.Context(), args[0], api.DatasetUpdate{Properties: p})
			if err != nil {
				return err
			}
			return c.show(d, func() error { _, err := fmt.Fprintf(c.out, "%s updated\n", d.Name); return err })
		},
	}
	var yes string
	var recursive bool
	destroy := &cobra.Command{
		Use: "destroy NAME [--recursive] [--yes NAME]", Short: "Destroy a dataset (refused while something uses it)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var lost []string
			if yes == "" {
				d, err := c.client().Dataset(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				lost = append(append(lost, d.Dependents.Children...), d.Dependents.Snapshots...)
			}
			confirm, err := c.confirmName(cmd, yes, "dataset", args[0], lost...)
			if err != nil {
				return err
			}
			d, err := c.client().DestroyDataset(cmd.Context(), args[0], confirm, recursive)
			if err != nil {
				return err
			}
			return c.show(d, func() error {
				if len(d.Lost) == 0 {
					_, err := fmt.Fprintf(c.out, "%s destroyed\n", d.Name)
					return err
				}
				_, err := fmt.Fprintf(c.out, "%s destroyed, with %s\n", d.Name, strings.Join(d.Lost, ", "))
				return err
			})
		},
	}
	destroy.Flags().StringVar(&yes, "yes", "", "the dataset's name: destroy without asking")
	destroy.Flags().BoolVar(&recursive, "recursive", false, "destroy its children and snapshots too")
	cmd.AddCommand(list, show, create, set, destroy)
	return cmd
}
