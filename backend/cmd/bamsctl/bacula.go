package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"bams/backend/api"
	"bams/backend/client"
)

// baculaCmd is `bamsctl bacula`: jobs, history, runs, restores and the
// console here; clients, pools, volumes, media and daemons in
// bacula_storage.go.
func baculaCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "bacula", Short: "Bacula jobs, history, restores, storage and the console"}
	cmd.AddCommand(baculaStatusCmd(c), baculaJobsCmd(c), baculaJobCmd(c), baculaResourcesCmd(c), baculaRunCmd(c), baculaCancelCmd(c),
		baculaLogCmd(c), baculaHistoryCmd(c), baculaReconcileCmd(c), baculaRestoreCmd(c), baculaConsoleCmd(c))
	cmd.AddCommand(baculaStorageCmds(c)...)
	return cmd
}

func baculaResourcesCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "resources",
		Short: "List the clients, file sets, schedules, pools, storages and messages a job can use",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := c.client().BaculaJobResources(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(res, func() error {
				w := c.table()
				for _, l := range []struct {
					label string
					names []string
				}{{"clients", res.Clients}, {"file sets", res.FileSets}, {"schedules", res.Schedules},
					{"pools", res.Pools}, {"storages", res.Storages}, {"messages", res.Messages}} {
					fmt.Fprintf(w, "%s\t%s\n", l.label, dash(strings.Join(l.names, ", ")))
				}
				return w.Flush()
			})
		},
	}
}

func jobIDArg(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not a job id", s)
	}
	return id, nil
}

func percent(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", *p)
}

func baculaStatusCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show job statistics: jobs, running, success rates, data backed up",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := c.client().BaculaStats(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(s, func() error {
				w := c.table()
				fmt.Fprintf(w, "jobs\t%d\nrunning\t%d\nsuccess 24 h\t%s (%d runs)\nsuccess 7 days\t%s (%d runs)\n",
					s.TotalJobs, s.RunningJobs, percent(s.SuccessRate24h), s.Runs24h, percent(s.SuccessRate7d), s.Runs7d)
				fmt.Fprintf(w, "backed up\t%s (%s in 24 h)\n", humanBytes(uint64(s.BytesBackedUp)), humanBytes(uint64(s.Bytes24h)))
				return w.Flush()
			})
		},
	}
}

func baculaJobsCmd(c *cli) *cobra.Command {
	var q client.BaculaJobQuery
	cmd := &cobra.Command{
		Use:   "jobs",
		Short: "List the director's jobs with their last and next run",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().BaculaJobs(cmd.Context(), q)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "NAME\tTYPE\tCLIENT\tSCHEDULE\tSTATUS\tLAST RUN\tNEXT RUN")
				for _, j := range l.Jobs {
					last := "-"
					if j.LastRun != nil {
						last = fmt.Sprintf("%d %s", j.LastRun.JobID, when(j.LastRun.Started, c.local))
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", j.Name, j.Type, dash(j.Client), dash(j.Schedule), j.Status, last, when(j.NextRun, c.local))
				}
				if l.Next != "" {
					fmt.Fprintf(w, "more: --cursor %s\n", l.Next)
				}
				return w.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&q.Status, "status", "", "last run's status (ok, error, running, never-run, ...)")
	cmd.Flags().StringVar(&q.Client, "client", "", "only jobs of this client")
	cmd.Flags().StringVar(&q.Schedule, "schedule", "", "only jobs on this schedule")
	cmd.Flags().IntVar(&q.Limit, "limit", 0, "page size (default 100)")
	cmd.Flags().StringVar(&q.Cursor, "cursor", "", "the next page's cursor")
	return cmd
}

func baculaJobCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "job NAME",
		Short: "Show a job's configuration, history and statistics (or: job create)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := c.client().BaculaJob(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(d, func() error {
				st := d.Statistics
				fmt.Fprintf(c.out, "%s (%s, %s) status %s, next run %s\n", d.Name, d.Type, dash(d.Level), d.Status, when(d.NextRun, c.local))
				fmt.Fprintf(c.out, "runs %d: %d succeeded, %d failed, %s, %d files, average %.0f s\n\n%s\n",
					st.Runs, st.Succeeded, st.Failed, humanBytes(uint64(st.Bytes)), st.Files, st.AverageSeconds, strings.TrimSpace(d.Config))
				return printBaculaRuns(c, d.History, "")
			})
		},
	}
	var j api.BaculaJobCreate
	create := &cobra.Command{
		Use:   "create NAME --client C --fileset F --pool P [--schedule S]",
		Short: "Create a backup job (checked by bacula-dir -t before the director reloads)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			j.Name = args[0]
			out, err := c.client().CreateBaculaJob(cmd.Context(), j)
			if err != nil {
				return err
			}
			return c.show(out, func() error {
				fmt.Fprintf(c.out, "job %s created; run it with `bamsctl bacula run %s`\n", out.Name, out.Name)
				return nil
			})
		},
	}
	f := create.Flags()
	f.StringVar(&j.Client, "client", "", "the client to back up")
	f.StringVar(&j.FileSet, "fileset", "", "what to back up")
	f.StringVar(&j.Pool, "pool", "", "where to write")
	f.StringVar(&j.Schedule, "schedule", "", "when to run (none: by hand only)")
	f.StringVar(&j.Storage, "storage", "", "storage (default: the director's first)")
	f.StringVar(&j.Level, "level", "", "Full, Incremental (default) or Differential")
	f.StringVar(&j.Messages, "messages", "", "messages resource (default Standard)")
	f.StringVar(&j.MaximumBandwidth, "max-bandwidth", "", `bandwidth limit, e.g. "5 mb/s"`)
	cmd.AddCommand(create)
	return cmd
}

func baculaRunCmd(c *cli) *cobra.Command {
	var r api.BaculaJobRun
	var noWait bool
	cmd := &cobra.Command{
		Use:   "run NAME",
		Short: "Run a job now and follow it to its end",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := c.client().RunBaculaJob(cmd.Context(), args[0], r)
			if err != nil {
				return err
			}
			return c.started(cmd.Context(), t, !noWait)
		},
	}
	cmd.Flags().StringVar(&r.Level, "level", "", "Full, Incremental or Differential (default: the job's)")
	cmd.Flags().BoolVar(&noWait, "no-wait", false, "print the task and return")
	return cmd
}

func baculaCancelCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "cancel JOBID",
		Short: "Cancel a running job (cancel jobid=N)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := jobIDArg(args[0])
			if err != nil {
				return err
			}
			out, err := c.client().CancelBaculaJob(cmd.Context(), id)
			if err != nil {
				return err
			}
			return c.show(out, func() error {
				fmt.Fprintln(c.out, out.Message)
				return nil
			})
		},
	}
}

func baculaLogCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "log JOBID",
		Short: "Show a run and its job log",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := jobIDArg(args[0])
			if err != nil {
				return err
			}
			d, err := c.client().BaculaRun(cmd.Context(), id)
			if err != nil {
				return err
			}
			return c.show(d, func() error {
				if err := printBaculaRuns(c, []api.BaculaRun{d.BaculaRun}, ""); err != nil {
					return err
				}
				for _, l := range d.Log {
					fmt.Fprintln(c.out, strings.TrimRight(l, "\n"))
				}
				return nil
			})
		},
	}
}

func baculaHistoryCmd(c *cli) *cobra.Command {
	var q client.BaculaHistoryQuery
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List runs, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().BaculaHistory(cmd.Context(), q)
			if err != nil {
				return err
			}
			return c.show(l, func() error { return printBaculaRuns(c, l.Runs, l.Next) })
		},
	}
	f := cmd.Flags()
	f.StringVar(&q.Status, "status", "", "status words, comma-separated (ok, warnings, error, fatal, canceled, running, ...)")
	f.StringVar(&q.Client, "client", "", "only runs of this client")
	f.StringVar(&q.Job, "job", "", "only runs of this job")
	f.StringVar(&q.Type, "type", "", "B backup, R restore, ...")
	f.StringVar(&q.Since, "since", "", "started at or after (RFC 3339)")
	f.StringVar(&q.Until, "until", "", "started before (RFC 3339)")
	f.IntVar(&q.Limit, "limit", 0, "page size (default 100)")
	f.StringVar(&q.Cursor, "cursor", "", "the next page's cursor")
	return cmd
}

func baculaReconcileCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "reconcile",
		Short: "Compare the whole catalog with BAMS's job index now (it does so every 15 minutes)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := c.client().ReconcileBaculaIndex(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(r, func() error {
				_, err := fmt.Fprintf(c.out, "%d jobs in the catalog, %d in the index before: %d added, %d updated, %d purged\n",
					r.Catalog, r.Indexed, r.Added, r.Updated, r.Purged)
				return err
			})
		},
	}
}

func printBaculaRuns(c *cli, runs []api.BaculaRun, next string) error {
	w := c.table()
	fmt.Fprintln(w, "JOBID\tJOB\tTYPE\tLEVEL\tCLIENT\tSTATUS\tSTARTED\tDURATION\tFILES\tBYTES")
	for _, r := range runs {
		status := r.Status
		if r.Purged {
			status += " (purged)"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.JobID, r.Name, r.Type, dash(r.Level), dash(r.Client), status,
			when(r.Started, c.local), time.Duration(r.Duration*float64(time.Second)).Round(time.Second), r.Files, humanBytes(uint64(r.Bytes)))
	}
	if next != "" {
		fmt.Fprintf(w, "more: --cursor %s\n", next)
	}
	return w.Flush()
}

func baculaRestoreCmd(c *cli) *cobra.Command {
	var r api.BaculaRestore
	var noWait bool
	cmd := &cobra.Command{
		Use:   "restore JOBID --where /path [--client NAME]",
		Short: "Restore every file of a backup run to a client, under a folder",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := jobIDArg(args[0])
			if err != nil {
				return err
			}
			t, err := c.client().RestoreBaculaJob(cmd.Context(), id, r)
			if err != nil {
				return err
			}
			return c.started(cmd.Context(), t, !noWait)
		},
	}
	cmd.Flags().StringVar(&r.Where, "where", "", "folder on the client the files go under (their full paths are kept)")
	cmd.Flags().StringVar(&r.Client, "client", "", "client to restore to (default: the run's own)")
	cmd.Flags().BoolVar(&noWait, "no-wait", false, "print the task and return")
	return cmd
}

func baculaConsoleCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "console COMMAND...",
		Short: "Run one allow-listed bconsole command (list, llist, show, status dir|client=|storage=|schedule, version, .jobs ...)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out, err := c.client().BaculaConsole(cmd.Context(), strings.Join(args, " "))
			if err != nil {
				return err
			}
			return c.show(out, func() error {
				fmt.Fprint(c.out, out.Output)
				return nil
			})
		},
	}
}
