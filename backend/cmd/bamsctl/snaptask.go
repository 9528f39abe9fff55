package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"bams/backend/api"
	"bams/backend/client"
)

func snapTaskCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "snaptask", Short: "Periodic snapshots of ZFS datasets and btrfs subvolumes, pruned by their own policy"}
	list := &cobra.Command{
		Use:   "list",
		Short: "List snapshot tasks with their next run",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().SnapTasks(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				loc := c.location(l.TimeZone)
				w := c.table()
				fmt.Fprintf(w, "NAME\tKIND\tTARGET\tCRON\tENABLED\tNEXT RUN (%s)\tLAST TASK\n", l.TimeZone)
				for _, t := range l.Tasks {
					target := t.Target
					if t.Recursive {
						target += " (recursive)"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%v\t%s\t%s\n", t.Name, t.Kind, target, t.Cron, t.Enabled,
						when(t.NextRun, loc), dash(t.LastTask))
				}
				return w.Flush()
			})
		},
	}
	show := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a snapshot task's settings",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := c.client().SnapTask(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(t, func() error { return printSnapTask(c, t) })
		},
	}
	var t api.SnapTask
	var disabled bool
	create := &cobra.Command{
		Use:   "create NAME --kind zfs|btrfs --target DATASET|PATH --cron '0 * * * *' [--keep-hourly 24 ...]",
		Short: "Add a snapshot task",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t.Name, t.Enabled = args[0], !disabled
			out, err := c.client().CreateSnapTask(cmd.Context(), t)
			if err != nil {
				return err
			}
			return c.show(out, func() error { return printSnapTask(c, out) })
		},
	}
	snapTaskFlags(create, &t, &disabled)
	var u api.SnapTask
	var uDisabled bool
	update := &cobra.Command{
		Use:   "update NAME [--cron ...] [--keep-daily 7 ...]",
		Short: "Change a snapshot task's settings (flags not given keep their value)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			changes := snapTaskChanges(cmd, u, uDisabled)
			if len(changes) == 0 {
				return fmt.Errorf("nothing to change: give the settings to change (--cron, --keep-daily, ...)")
			}
			out, err := c.client().UpdateSnapTask(cmd.Context(), args[0], changes)
			if err != nil {
				return err
			}
			return c.show(out, func() error { return printSnapTask(c, out) })
		},
	}
	snapTaskFlags(update, &u, &uDisabled)
	rm := &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a snapshot task (its snapshots stay)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := c.client().DeleteSnapTask(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(res, func() error {
				_, err := fmt.Fprintf(c.out, "snapshot task %s deleted; %s\n", res.Deleted, res.Note)
				return err
			})
		},
	}
	var noWait bool
	run := &cobra.Command{
		Use:   "run NAME",
		Short: "Take the task's snapshot now, then prune",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			task, err := c.client().RunSnapTask(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.started(cmd.Context(), task, !noWait)
		},
	}
	run.Flags().BoolVar(&noWait, "no-wait", false, "start the task and print it instead of following it")
	cmd.AddCommand(list, show, create, update, rm, run, snapTaskPlanCmd(c), snapTaskApplyCmd(c))
	return cmd
}

func snapTaskFlags(cmd *cobra.Command, t *api.SnapTask, disabled *bool) {
	f := cmd.Flags()
	f.StringVar(&t.Kind, "kind", "", "zfs (a dataset) or btrfs (a subvolume)")
	f.StringVar(&t.Target, "target", "", "the dataset (tank/data) or the subvolume's path")
	f.BoolVar(&t.Recursive, "recursive", false, "ZFS: snapshot every descendant too, under the same name")
	f.StringVar(&t.Cron, "cron", "", "when: minute hour day month weekday, or @hourly, @every 6h")
	f.StringVar(&t.Naming, "naming", "", "name template in UTC (default auto-%Y-%m-%d_%H-%M)")
	f.BoolVar(disabled, "disabled", false, "do not run at the scheduled times")
	addPolicyFlags(cmd, &t.Retention, "a run")
}

// snapTaskChanges is the body of an update: the JSON of each flag given,
// so bamsd keeps every setting not named.
func snapTaskChanges(cmd *cobra.Command, u api.SnapTask, disabled bool) map[string]any {
	set := cmd.Flags().Changed
	changes := map[string]any{}
	for flag, v := range map[string]struct {
		key string
		val any
	}{"kind": {"kind", u.Kind}, "target": {"target", u.Target}, "recursive": {"recursive", u.Recursive},
		"cron": {"cron", u.Cron}, "naming": {"naming", u.Naming}, "disabled": {"enabled", !disabled}} {
		if set(flag) {
			changes[v.key] = v.val
		}
	}
	policy := map[string]any{}
	for flag, field := range policyFlags(&u.Retention) {
		if set(flag) { // the JSON key is the flag's name with _ for -
			policy[strings.ReplaceAll(flag, "-", "_")] = pointed(field)
		}
	}
	if len(policy) > 0 {
		changes["retention"] = policy
	}
	return changes
}

// pointed is the value a policy flag's field points to.
func pointed(field any) any {
	switch v := field.(type) {
	case *int:
		return *v
	case *string:
		return *v
	}
	return nil
}

func printSnapTask(c *cli, t api.SnapTask) error {
	w := c.table()
	fmt.Fprintf(w, "name\t%s\n", t.Name)
	fmt.Fprintf(w, "target\t%s %s (recursive: %v)\n", t.Kind, t.Target, t.Recursive)
	fmt.Fprintf(w, "owner\tsnaptask:%s\n", t.Name)
	fmt.Fprintf(w, "cron\t%s\n", t.Cron)
	fmt.Fprintf(w, "naming\t%s\n", t.Naming)
	fmt.Fprintf(w, "retention\t%s\n", policyText(t.Retention))
	fmt.Fprintf(w, "enabled\t%v\n", t.Enabled)
	fmt.Fprintf(w, "next run\t%s\n", when(t.NextRun, c.local))
	fmt.Fprintf(w, "last task\t%s\n", dash(t.LastTask))
	fmt.Fprintf(w, "updated\t%s\n", when(&t.Updated, c.local))
	return w.Flush()
}

func snapTaskPlanCmd(c *cli) *cobra.Command {
	var asOf string
	cmd := &cobra.Command{
		Use:   "plan NAME [--as-of DATE]",
		Short: "Show which of the task's own snapshots pruning keeps and deletes, and why",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var q client.SnapTaskPlanQuery
			if asOf != "" {
				t, err := c.parseDate(cmd.Context(), asOf)
				if err != nil {
					return err
				}
				q.AsOf = t
			}
			p, err := c.client().SnapTaskPlan(cmd.Context(), args[0], q)
			if err != nil {
				return err
			}
			return c.show(p, func() error { return c.printSnapTaskPlan(p) })
		},
	}
	cmd.Flags().StringVar(&asOf, "as-of", "", "plan as if it were then: YYYY-MM-DD or an RFC 3339 time")
	return cmd
}

func (c *cli) printSnapTaskPlan(p api.SnapTaskPlan) error {
	loc := c.location(p.TimeZone)
	fmt.Fprintf(c.out, "pruning plan of snapshot task %s: %s %s, owner %s (%s), as of %s\n",
		p.Task, p.Kind, p.Target, p.Owner, policyText(p.Policy), when(&p.AsOf, loc))
	w := c.table()
	fmt.Fprintf(w, "NAME\tTAKEN (%s)\tUSED\tACTION\tREASONS\n", p.TimeZone)
	for _, s := range p.Snapshots {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", s.Name, when(&s.Time, loc), humanBytes(uint64(s.NewBytes)),
			strings.ToUpper(s.Action), strings.Join(s.Reasons, "; "))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "keep %d, delete %d, about %s freed\nplan token %s\n", p.Keep, p.Delete, humanBytes(uint64(p.FreedBytesEstimate)), p.PlanToken)
	if len(p.NotOwned) > 0 {
		fmt.Fprintf(c.out, "left alone (not owned by %s): %d\n", p.Owner, len(p.NotOwned))
		w := c.table()
		for _, o := range p.NotOwned {
			fmt.Fprintf(w, "  %s\t%s\n", o.Name, o.Why)
		}
		return w.Flush()
	}
	return nil
}

func snapTaskApplyCmd(c *cli) *cobra.Command {
	var yes bool
	var maxDelete int
	cmd := &cobra.Command{
		Use:   "apply NAME --yes [--max-delete N]",
		Short: "Destroy what the task's current plan deletes (shown first; needs --yes)",
		Long: "Shows the plan, then with --yes sends its token back with --max-delete (default: the plan's own\n" +
			"count): bamsd plans again and deletes nothing if the plan changed or breaks a limit.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			p, err := c.client().SnapTaskPlan(ctx, args[0], client.SnapTaskPlanQuery{})
			if err != nil {
				return err
			}
			if p.Delete == 0 {
				fmt.Fprintf(c.out, "nothing to delete: the plan keeps all %d snapshots of %s\n", p.Keep, p.Task)
				return nil
			}
			if !yes {
				if err := c.printSnapTaskPlan(p); err != nil {
					return err
				}
				return fmt.Errorf("not applied: this deletes %d snapshots of %s; run again with --yes to delete them", p.Delete, p.Task)
			}
			if maxDelete == 0 {
				maxDelete = p.Delete
			}
			t, err := c.client().ApplySnapTaskPlan(ctx, args[0], api.SnapTaskApply{PlanToken: p.PlanToken, MaxDelete: maxDelete})
			if err != nil {
				return err
			}
			fmt.Fprintf(c.errOut, "deleting %d snapshots of %s as task %s\n", p.Delete, p.Task, t.ID)
			return c.wait(ctx, t.ID)
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "delete what the plan deletes")
	cmd.Flags().IntVar(&maxDelete, "max-delete", 0, "refuse if the plan deletes more (default: what it shows now)")
	return cmd
}
