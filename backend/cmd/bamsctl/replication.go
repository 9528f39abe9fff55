package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"bams/backend/api"
)

func replicationCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "replication", Short: "Manage replication tasks (zfs or btrfs send to another machine)"}
	list := &cobra.Command{
		Use:   "list",
		Short: "List replication tasks with their state, lag and last run",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().Replications(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				loc := c.location(l.TimeZone)
				w := c.table()
				fmt.Fprintf(w, "NAME\tKIND\tSOURCE\tTARGET\tSTATE\tLAG\tLAST RUN (%s)\tSENT\n", l.TimeZone)
				for _, t := range l.Replications {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.Name, t.Kind, shown(t.Source), targetText(t.ReplicationConfig),
						t.State, lagText(t), lastRunText(t.LastRun, loc), humanBytes(uint64(t.BytesSent)))
				}
				return w.Flush()
			})
		},
	}
	show := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a replication task, its state and its recent runs",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := c.client().Replication(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(t, func() error { return printReplication(c, t) })
		},
	}
	var r api.ReplicationConfig
	var disabled bool
	create := &cobra.Command{
		Use:   "create NAME --kind zfs --source tank/web --address ADDR --user USER --dataset backup/web",
		Short: "Add a replication task",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r.Name, r.Enabled = args[0], !disabled
			t, err := c.client().CreateReplication(cmd.Context(), r)
			if err != nil {
				return err
			}
			return c.show(t, func() error {
				fmt.Fprintf(c.out, "replication %s added; next: install the key from `bamsctl ssh-key` on %s, then `bamsctl replication test %s`\n",
					t.Name, t.Target.Address, t.Name)
				return nil
			})
		},
	}
	replicationFlags(create, &r, &disabled)
	var e api.ReplicationConfig
	var eDisabled bool
	update := &cobra.Command{
		Use:   "update NAME [--cron ...] [--keep-target N] ...",
		Short: "Change a replication task (flags not given keep their value)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cur, err := c.client().Replication(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			mergeReplication(cmd, &cur.ReplicationConfig, e, eDisabled)
			t, err := c.client().UpdateReplication(cmd.Context(), args[0], cur.ReplicationConfig)
			if err != nil {
				return err
			}
			return c.show(t, func() error { return printReplication(c, t) })
		},
	}
	replicationFlags(update, &e, &eDisabled)
	del := &cobra.Command{
		Use:   "delete NAME",
		Short: "Forget a replication task (its snapshots and holds stay on both machines)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := c.client().DeleteReplication(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(c.out, "replication %s deleted; its snapshots and holds were kept on both machines\n", args[0])
			return nil
		},
	}
	var follow bool
	run := &cobra.Command{
		Use:   "run NAME [--wait]",
		Short: "Run a replication now (a task)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := c.client().RunReplication(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.started(cmd.Context(), t, follow)
		},
	}
	run.Flags().BoolVar(&follow, "wait", false, "follow the run to its end")
	test := &cobra.Command{
		Use:   "test NAME",
		Short: "Show the target's key fingerprints and try to log in",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := c.client().TestReplication(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(s, func() error {
				if s.Error != "" {
					return fmt.Errorf("%s", s.Error)
				}
				w := c.table()
				for _, k := range s.Keys {
					mark := ""
					if k.Fingerprint == s.Accepted {
						mark = "(accepted)"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\n", k.Type, k.Fingerprint, mark)
				}
				fmt.Fprintf(w, "login\t%s\n", shown(s.Login))
				if err := w.Flush(); err != nil {
					return err
				}
				if s.Accepted == "" {
					fmt.Fprintf(c.out, "compare a fingerprint with the target's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then:\n  bamsctl replication accept-key %s FINGERPRINT\n", args[0])
				}
				return nil
			})
		},
	}
	accept := &cobra.Command{
		Use:   "accept-key NAME FINGERPRINT",
		Short: "Trust the target's host key with this fingerprint (scanned again now)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := c.client().AcceptReplicationKey(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			return c.show(t, func() error {
				fmt.Fprintf(c.out, "host key %s of %s accepted for replication %s\n", t.HostKey, t.Target.Address, t.Name)
				return nil
			})
		},
	}
	cmd.AddCommand(list, show, create, update, del, run, test, accept)
	return cmd
}

func replicationFlags(cmd *cobra.Command, r *api.ReplicationConfig, disabled *bool) {
	f := cmd.Flags()
	f.StringVar(&r.Kind, "kind", "zfs", "zfs or btrfs")
	f.StringVar(&r.Source, "source", "", "ZFS dataset, or btrfs subvolume path")
	f.BoolVar(&r.Recursive, "recursive", false, "with the dataset's descendants (zfs)")
	f.StringVar(&r.Target.Address, "address", "", "the target machine: DNS name or IP address")
	f.IntVar(&r.Target.Port, "port", 0, "its SSH port (default 22)")
	f.StringVar(&r.Target.User, "user", "", "its SSH user")
	f.StringVar(&r.Target.Dataset, "dataset", "", "the dataset to receive into (zfs)")
	f.StringVar(&r.Target.Folder, "folder", "", "the folder to receive into (btrfs)")
	f.StringVar(&r.Cron, "cron", "", "schedule (cron or @hourly; empty: only when run)")
	f.Int64Var(&r.BandwidthLimit, "bwlimit", 0, "bandwidth limit in bytes per second (0: none)")
	f.IntVar(&r.KeepTarget, "keep-target", 0, "how many of its own snapshots to keep on the target (0: all)")
	f.IntVar(&r.KeepSource, "keep-source", 0, "how many of its own replicated snapshots to keep on the source (0: all)")
	f.BoolVar(disabled, "disabled", false, "do not run on the schedule")
}

// mergeReplication copies the flags the user gave onto cur.
func mergeReplication(cmd *cobra.Command, cur *api.ReplicationConfig, e api.ReplicationConfig, disabled bool) {
	set := cmd.Flags().Changed
	for flag, apply := range map[string]func(){
		"kind": func() { cur.Kind = e.Kind }, "source": func() { cur.Source = e.Source }, "recursive": func() { cur.Recursive = e.Recursive },
		"address": func() { cur.Target.Address = e.Target.Address }, "port": func() { cur.Target.Port = e.Target.Port },
		"user": func() { cur.Target.User = e.Target.User }, "dataset": func() { cur.Target.Dataset = e.Target.Dataset },
		"folder": func() { cur.Target.Folder = e.Target.Folder }, "cron": func() { cur.Cron = e.Cron },
		"bwlimit": func() { cur.BandwidthLimit = e.BandwidthLimit }, "keep-target": func() { cur.KeepTarget = e.KeepTarget },
		"keep-source": func() { cur.KeepSource = e.KeepSource }, "disabled": func() { cur.Enabled = !disabled },
	} {
		if set(flag) {
			apply()
		}
	}
}

func targetText(r api.ReplicationConfig) string {
	where := r.Target.Dataset
	if r.Kind == api.ReplicationBtrfs {
		where = r.Target.Folder
	}
	port := ""
	if r.Target.Port != 0 && r.Target.Port != 22 {
		port = fmt.Sprintf(":%d", r.Target.Port)
	}
	return fmt.Sprintf("%s@%s%s:%s", r.Target.User, r.Target.Address, port, shown(where))
}

func lagText(t api.ReplicationTask) string {
	if t.CommonTime == nil {
		return "-"
	}
	return (time.Duration(t.LagSeconds) * time.Second).String()
}

func lastRunText(r *api.ReplicationRun, loc *time.Location) string {
	if r == nil {
		return "-"
	}
	return r.Result + " " + when(r.Finished, loc)
}

func printReplication(c *cli, t api.ReplicationTask) error {
	w := c.table()
	fmt.Fprintf(w, "name\t%s\n", t.Name)
	fmt.Fprintf(w, "kind\t%s\n", t.Kind)
	src := shown(t.Source)
	if t.Recursive {
		src += " (recursive)"
	}
	fmt.Fprintf(w, "source\t%s\n", src)
	fmt.Fprintf(w, "target\t%s\n", targetText(t.ReplicationConfig))
	fmt.Fprintf(w, "host key\t%s\n", dash(t.HostKey))
	fmt.Fprintf(w, "schedule\t%s (enabled %v), next %s\n", dash(t.Cron), t.Enabled, when(t.NextRun, c.local))
	fmt.Fprintf(w, "limits\tbandwidth %d B/s (0: none), keep %d on the target, %d on the source (0: all)\n", t.BandwidthLimit, t.KeepTarget, t.KeepSource)
	fmt.Fprintf(w, "state\t%s\n", t.State)
	if t.RunningTask != "" {
		fmt.Fprintf(w, "running task\t%s\n", t.RunningTask)
	}
	fmt.Fprintf(w, "common snapshot\t%s, %s (lag %s)\n", dash(t.Common), when(t.CommonTime, c.local), lagText(t))
	fmt.Fprintf(w, "sent\t%s\n", humanBytes(uint64(t.BytesSent)))
	if err := w.Flush(); err != nil {
		return err
	}
	if len(t.History) == 0 {
		return nil
	}
	fmt.Fprintln(c.out)
	w = c.table()
	fmt.Fprintln(w, "TASK\tSTARTED\tRESULT\tSNAPSHOT\tPARENT\tBYTES\tPRUNED\tERROR")
	for _, r := range t.History {
		errText := dash(shown(r.Error))
		if r.ErrorKind != "" {
			errText = r.ErrorKind + ": " + errText
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.TaskID, when(&r.Started, c.local), r.Result, dash(r.Snapshot), dash(r.Parent),
			humanBytes(uint64(r.Bytes)), len(r.Pruned), errText)
	}
	return w.Flush()
}
