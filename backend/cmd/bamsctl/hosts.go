package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"bams/backend/api"
	"bams/backend/client"
)

func hostCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "host", Short: "Manage the hosts BAMS pulls backups from"}
	list := &cobra.Command{
		Use:   "list",
		Short: "List hosts with their last backup",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().Hosts(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "NAME\tADDRESS\tENABLED\tSNAPSHOTS\tLAST BACKUP\tLAST SUCCESS\tRUNNING")
				for _, h := range l.Hosts {
					last, success := "-", "-"
					if h.LastBackup != nil {
						last = h.LastBackup.State + " " + h.LastBackup.Name
					}
					if h.LastSuccess != nil {
						success = h.LastSuccess.Name
					}
					fmt.Fprintf(w, "%s\t%s@%s:%d\t%v\t%d\t%s\t%s\t%s\n", h.Name, h.User, h.Address, h.Port, h.Enabled,
						h.Snapshots, last, success, dash(h.RunningTask))
				}
				return w.Flush()
			})
		},
	}
	show := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a host's settings",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := c.client().Host(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(h, func() error { return printHost(c, h.Host, &h) })
		},
	}
	var h api.Host
	var disabled bool
	add := &cobra.Command{
		Use:   "add NAME --address ADDR --path /srv [--path /etc ...]",
		Short: "Add a host",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			h.Name, h.Enabled = args[0], !disabled
			out, err := c.client().CreateHost(cmd.Context(), h)
			if err != nil {
				return err
			}
			return c.show(out, func() error {
				fmt.Fprintf(c.out, "host %s added; next: install the key from `bamsctl ssh-key` on it, then `bamsctl host test %s`\n", out.Name, out.Name)
				return nil
			})
		},
	}
	hostFlags(add, &h, &disabled)
	var e api.Host
	var eDisabled bool
	edit := &cobra.Command{
		Use:   "edit NAME [--address ...] [--path ...]",
		Short: "Change a host's settings (flags not given keep their value)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cur, err := c.client().Host(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			merge(cmd, &cur.Host, e, eDisabled)
			out, err := c.client().UpdateHost(cmd.Context(), args[0], cur.Host)
			if err != nil {
				return err
			}
			return c.show(out, func() error { return printHost(c, out, nil) })
		},
	}
	hostFlags(edit, &e, &eDisabled)
	rm := &cobra.Command{
		Use:   "rm NAME",
		Short: "Remove a host (its snapshot folders stay on disk)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := c.client().DeleteHost(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(c.out, "host %s removed; its snapshot folders were kept on disk\n", args[0])
			return nil
		},
	}
	cmd.AddCommand(list, show, add, edit, rm, hostTestCmd(c), hostAcceptKeyCmd(c))
	return cmd
}

func hostFlags(cmd *cobra.Command, h *api.Host, disabled *bool) {
	f := cmd.Flags()
	f.StringVar(&h.Address, "address", "", "DNS name or IP address")
	f.IntVar(&h.Port, "port", 0, "SSH port (default 22)")
	f.StringVar(&h.User, "user", "", "SSH user (default root)")
	f.StringVar(&h.Repository, "repository", "", "the repository its snapshots go into (default: default)")
	f.StringArrayVar(&h.Paths, "path", nil, "absolute source folder (repeatable)")
	f.StringArrayVar(&h.Include, "include", nil, "rsync include pattern (repeatable)")
	f.StringArrayVar(&h.Exclude, "exclude", nil, "rsync exclude pattern (repeatable)")
	f.IntVar(&h.BandwidthKBps, "bwlimit", 0, "bandwidth limit in KiB/s (0: none)")
	f.IntVar(&h.IOTimeoutSeconds, "io-timeout", 0, "abort after this many seconds without I/O (default 600)")
	f.BoolVar(disabled, "disabled", false, "do not run scheduled backups")
	f.StringVar(&h.PreBackup, "pre-backup", "", "command run on the host before a backup")
	f.StringVar(&h.PostBackup, "post-backup", "", "command run on the host after a backup")
	f.StringVar(&h.PreRestore, "pre-restore", "", "command run on the host before a restore")
	f.StringVar(&h.PostRestore, "post-restore", "", "command run on the host after a restore")
}

// merge copies the flags the user gave onto cur.
func merge(cmd *cobra.Command, cur *api.Host, e api.Host, disabled bool) {
	set := cmd.Flags().Changed
	if set("address") {
		cur.Address = e.Address
	}
	if set("port") {
		cur.Port = e.Port
	}
	if set("user") {
		cur.User = e.User
	}
	if set("repository") {
		cur.Repository = e.Repository
	}
	if set("path") {
		cur.Paths = e.Paths
	}
	if set("include") {
		cur.Include = e.Include
	}
	if set("exclude") {
		cur.Exclude = e.Exclude
	}
	if set("bwlimit") {
		cur.BandwidthKBps = e.BandwidthKBps
	}
	if set("io-timeout") {
		cur.IOTimeoutSeconds = e.IOTimeoutSeconds
	}
	if set("disabled") {
		cur.Enabled = !disabled
	}
	for flag, dst := range map[string]*string{"pre-backup": &cur.PreBackup, "post-backup": &cur.PostBackup,
		"pre-restore": &cur.PreRestore, "post-restore": &cur.PostRestore} {
		if set(flag) {
			v, _ := cmd.Flags().GetString(flag)
			*dst = v
		}
	}
}

// printHost prints a host's settings and, when sum is given, the state
// of its backups.
func printHost(c *cli, h api.Host, sum *api.HostSummary) error {
	w := c.table()
	fmt.Fprintf(w, "name\t%s\n", h.Name)
	fmt.Fprintf(w, "ssh\t%s@%s port %d\n", h.User, h.Address, h.Port)
	fmt.Fprintf(w, "host key\t%s\n", dash(h.HostKey))
	fmt.Fprintf(w, "repository\t%s\n", dash(h.Repository))
	fmt.Fprintf(w, "paths\t%s\n", strings.Join(h.Paths, " "))
	if len(h.Include) > 0 {
		fmt.Fprintf(w, "include\t%s\n", strings.Join(h.Include, " "))
	}
	if len(h.Exclude) > 0 {
		fmt.Fprintf(w, "exclude\t%s\n", strings.Join(h.Exclude, " "))
	}
	fmt.Fprintf(w, "enabled\t%v\n", h.Enabled)
	fmt.Fprintf(w, "limits\tbandwidth %d KiB/s (0: none), I/O timeout %ds\n", h.BandwidthKBps, h.IOTimeoutSeconds)
	for _, hook := range []struct{ label, cmdline string }{{"pre-backup", h.PreBackup}, {"post-backup", h.PostBackup},
		{"pre-restore", h.PreRestore}, {"post-restore", h.PostRestore}} {
		if hook.cmdline != "" {
			fmt.Fprintf(w, "%s\t%s\n", hook.label, hook.cmdline)
		}
	}
	fmt.Fprintf(w, "updated\t%s\n", when(&h.Updated, c.local))
	if sum != nil {
		fmt.Fprintf(w, "snapshots\t%d\n", sum.Snapshots)
		fmt.Fprintf(w, "last backup\t%s\n", snapshotLine(sum.LastBackup, c.local))
		fmt.Fprintf(w, "last success\t%s\n", snapshotLine(sum.LastSuccess, c.local))
		fmt.Fprintf(w, "running task\t%s\n", dash(sum.RunningTask))
	}
	return w.Flush()
}

// snapshotLine is a snapshot's name, state and finish time, or "-".
func snapshotLine(s *api.Snapshot, loc *time.Location) string {
	if s == nil {
		return "-"
	}
	return fmt.Sprintf("%s %s, finished %s", s.Name, s.State, when(s.Finished, loc))
}

func snapshotsCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "snapshots", Short: "List and discover a host's snapshots"}
	var q struct {
		kind, state      string
		year, month, day int
	}
	list := &cobra.Command{
		Use:   "list HOST",
		Short: "List a host's snapshots, newest first",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := c.client().Snapshots(cmd.Context(), args[0], client.SnapshotQuery{Kind: q.kind, State: q.state, Year: q.year, Month: q.month, Day: q.day})
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				loc := c.location(l.TimeZone)
				w := c.table()
				fmt.Fprintf(w, "NAME\tKIND\tSTATE\tFINISHED (%s)\tSIZE\tNEW\tBASE\tPROTECTED\n", l.TimeZone)
				for _, s := range l.Snapshots {
					prot := "-"
					if s.Protected != nil {
						prot = "by " + s.Protected.By
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Name, dash(s.Kind), s.State, when(s.Finished, loc),
						humanBytes(uint64(s.TotalBytes)), humanBytes(uint64(s.NewBytes)), dash(s.Base), prot)
				}
				return w.Flush()
			})
		},
	}
	list.Flags().StringVar(&q.kind, "kind", "", "scheduled or manual")
	list.Flags().StringVar(&q.state, "state", "", "complete, failed or unknown")
	list.Flags().IntVar(&q.year, "year", 0, "only this year (appliance time zone)")
	list.Flags().IntVar(&q.month, "month", 0, "only this month (1-12)")
	list.Flags().IntVar(&q.day, "day", 0, "only this day of the month")
	discover := &cobra.Command{
		Use:   "discover HOST",
		Short: "Record snapshot folders already on disk (never touches data)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := c.client().Discover(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(r, func() error {
				fmt.Fprintf(c.out, "added %d, already known %d\n", len(r.Added), r.Known)
				for _, a := range r.Added {
					fmt.Fprintf(c.out, "  added   %s\n", a)
				}
				for _, s := range r.Skipped {
					fmt.Fprintf(c.out, "  skipped %s\n", s)
				}
				return nil
			})
		},
	}
	cmd.AddCommand(list, discover, snapshotMarkCmd(c), snapshotProtectCmd(c), snapshotUnprotectCmd(c))
	return cmd
}

func snapshotMarkCmd(c *cli) *cobra.Command {
	var kind string
	cmd := &cobra.Command{
		Use:   "mark HOST SNAPSHOT --kind scheduled|manual",
		Short: "Declare an unknown snapshot (found by discover) complete",
		Long: "Declare an unknown snapshot, one discover found on disk without a record of its run, complete:\n" +
			"it can then be the base of the next backup, and the host's retention policy applies to it.",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := c.client().MarkSnapshot(cmd.Context(), args[0], args[1], kind)
			if err != nil {
				return err
			}
			return c.show(s, func() error {
				fmt.Fprintf(c.out, "%s of %s is now complete (%s), marked by %s\n", s.Name, s.Host, s.Kind, s.Marked.By)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "", "the kind it counts as for retention: scheduled or manual")
	cmd.MarkFlagRequired("kind")
	return cmd
}
