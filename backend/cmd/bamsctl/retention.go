package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"bams/backend/api"
	"bams/backend/client"
)

func retentionCmd(c *cli) *cobra.Command {
	var (
		kind, asOf string
		apply, yes bool
		maxDelete  int
	)
	cmd := &cobra.Command{
		Use:   "retention HOST",
		Short: "Show which snapshots retention keeps and deletes, and why; --apply deletes them",
		Long: "Prints the host's retention plan: every snapshot with keep or delete and every reason, in the\n" +
			"appliance's time zone. --as-of DATE shows what would be deleted on that date (changes nothing).\n" +
			"--apply --yes deletes what the plan deletes (needs org.bams.manage), refusing if bamsd's fresh plan\n" +
			"differs from the one shown or deletes more than --max-delete (default: the policy's max_delete).",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, host := cmd.Context(), args[0]
			maxDeleteWasSet := cmd.Flags().Changed("max-delete")
			if !apply && (yes || maxDeleteWasSet) {
				return fmt.Errorf("--yes and --max-delete only go with --apply")
			}
			if apply && asOf != "" {
				return fmt.Errorf("--apply plans for now; --as-of only previews")
			}
			q := client.PlanQuery{Kind: kind}
			if asOf != "" {
				t, err := c.parseDate(ctx, asOf)
				if err != nil {
					return err
				}
				q.AsOf = t
			}
			plan, err := c.client().RetentionPlan(ctx, host, q)
			if err != nil {
				return err
			}
			if !apply {
				return c.show(plan, func() error { return c.printPlan(plan) })
			}
			if !maxDeleteWasSet {
				maxDelete = plan.Policy.MaxDelete
			}
			return c.applyPlan(ctx, plan, yes, maxDelete)
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "", "plan for scheduled, manual or all snapshots (default: the policy's kinds)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "plan as of this date: YYYY-MM-DD (midnight, appliance time zone) or RFC 3339")
	cmd.Flags().BoolVar(&apply, "apply", false, "delete what the plan deletes (asks for --yes)")
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm --apply")
	cmd.Flags().IntVar(&maxDelete, "max-delete", 0, "refuse if the plan deletes more than this (default: the policy's max_delete)")
	_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions([]string{"scheduled", "manual", "all"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.AddCommand(retentionPolicyCmd(c), retentionSpaceCmd(c))
	return cmd
}

func retentionSpaceCmd(c *cli) *cobra.Command {
	var kind string
	var noWait bool
	cmd := &cobra.Command{
		Use:   "space HOST [--kind K] [--no-wait]",
		Short: "Measure exactly how much space the plan's deletions free (a task that reads every file)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			t, err := c.client().MeasureRetention(ctx, args[0], api.RetentionSpaceRequest{Kind: kind})
			if err != nil {
				return err
			}
			if noWait {
				return c.started(ctx, t, false)
			}
			done, err := c.follow(ctx, t.ID)
			if err != nil || c.json() {
				return err // -o json: the task, its result holding the figures
			}
			var res api.RetentionSpace
			if err := json.Unmarshal(done.Result, &res); err != nil {
				return fmt.Errorf("task %s: %w", t.ID, err)
			}
			fmt.Fprintf(c.out, "deleting %d snapshots of %s frees %s exactly (the plan's estimate: %s; %d entries read)\n",
				len(res.Snapshots), res.Host, humanBytes(uint64(res.FreedBytes)), humanBytes(uint64(res.FreedBytesEstimate)), res.Entries)
			return nil
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "", "measure the plan for scheduled, manual or all snapshots (default: the policy's kinds)")
	cmd.Flags().BoolVar(&noWait, "no-wait", false, "start the task and print it instead of following it")
	return cmd
}

// parseDate reads --as-of: RFC 3339, or a bare date meaning its midnight
// in the appliance's time zone (which the dashboard names).
func (c *cli) parseDate(ctx context.Context, s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return time.Time{}, fmt.Errorf("--as-of %q must be YYYY-MM-DD or an RFC 3339 time like 2026-11-22T10:00:00Z", s)
	}
	d, err := c.client().Dashboard(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return time.ParseInLocation(time.DateOnly, s, c.location(d.TimeZone))
}

func (c *cli) printPlan(p api.RetentionPlan) error {
	loc := c.location(p.TimeZone)
	fmt.Fprintf(c.out, "retention plan for %s: %s snapshots, policy from %s (%s), as of %s\n",
		p.Host, p.Kind, p.PolicySource, policyText(p.Policy), when(&p.AsOf, loc))
	w := c.table()
	fmt.Fprintf(w, "NAME\tTAKEN (%s)\tKIND\tSTATE\tNEW\tACTION\tREASONS\n", p.TimeZone)
	for _, s := range p.Snapshots {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Name, when(&s.Time, loc), dash(s.Kind), s.State,
			humanBytes(uint64(s.NewBytes)), strings.ToUpper(s.Action), strings.Join(s.Reasons, "; "))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "keep %d, delete %d, about %s freed (estimate: the new data of the deleted snapshots)\nplan token %s\n",
		p.Keep, p.Delete, humanBytes(uint64(p.FreedBytesEstimate)), p.PlanToken)
	return nil
}

// applyPlan sends the plan that was shown back with its token: bamsd
// re-plans and refuses if anything changed in between.
func (c *cli) applyPlan(ctx context.Context, p api.RetentionPlan, yes bool, maxDelete int) error {
	if p.Delete == 0 {
		fmt.Fprintf(c.out, "nothing to delete: the plan keeps all %d snapshots of %s\n", p.Keep, p.Host)
		return nil
	}
	if !yes {
		if err := c.printPlan(p); err != nil {
			return err
		}
		return fmt.Errorf("not applied: this deletes %d snapshots of %s; run again with --apply --yes to delete them", p.Delete, p.Host)
	}
	t, err := c.client().ApplyRetention(ctx, p.Host, api.RetentionApply{Kind: p.Kind, PlanToken: p.PlanToken, MaxDelete: maxDelete})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.errOut, "deleting %d snapshots of %s as task %s\n", p.Delete, p.Host, t.ID)
	return c.wait(ctx, t.ID)
}

// pruneAfter is `backup run --prune`'s second step, after a successful
// backup: the saved policy's plan, applied with the policy's max_delete.
// It needs org.bams.manage, so it says plainly that the backup itself ran.
func (c *cli) pruneAfter(ctx context.Context, host string) error {
	plan, err := c.client().RetentionPlan(ctx, host, client.PlanQuery{})
	if err == nil && plan.Delete == 0 {
		fmt.Fprintf(c.out, "nothing to prune: the policy keeps all %d snapshots of %s\n", plan.Keep, host)
		return nil
	}
	var t api.Task
	if err == nil {
		t, err = c.client().ApplyRetention(ctx, host, api.RetentionApply{Kind: plan.Kind, PlanToken: plan.PlanToken, MaxDelete: plan.Policy.MaxDelete})
	}
	if err != nil {
		fmt.Fprintf(c.errOut, "the backup of %s succeeded; pruning it did not run:\n", host)
		return err
	}
	fmt.Fprintf(c.errOut, "pruning %d snapshots of %s as task %s\n", plan.Delete, host, t.ID)
	return c.wait(ctx, t.ID)
}

func policyText(p api.RetentionPolicy) string {
	var parts []string
	for _, r := range []struct {
		name string
		n    int
	}{{"last", p.KeepLast}, {"hourly", p.KeepHourly}, {"daily", p.KeepDaily}, {"weekly", p.KeepWeekly},
		{"monthly", p.KeepMonthly}, {"yearly", p.KeepYearly}} {
		if r.n > 0 {
			parts = append(parts, fmt.Sprintf("keep-%s %d", r.name, r.n))
		}
	}
	if p.KeepWithin != "" {
		parts = append(parts, "keep-within "+p.KeepWithin)
	}
	parts = append(parts, fmt.Sprintf("minimum %d", p.Minimum), "prunes "+p.Kinds, fmt.Sprintf("max-delete %d", p.MaxDelete))
	return strings.Join(parts, ", ")
}

func retentionPolicyCmd(c *cli) *cobra.Command {
	var (
		p                      api.RetentionPolicy
		global, reset, preview bool
	)
	cmd := &cobra.Command{
		Use:   "policy [HOST]",
		Short: "Show or set a host's retention policy (--default: the global default)",
		Long: "Without flags, shows the policy that applies to HOST and where it comes from. With flags, changes\n" +
			"those settings of HOST's own policy (starting from the one that applies) and saves it. --reset drops\n" +
			"HOST's own policy so it falls back to the global default (with --default: drops the saved default,\n" +
			"so the built-in one applies). --preview shows HOST's retention plan under the changed settings\n" +
			"and saves nothing.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			host := ""
			switch {
			case global && len(args) == 1:
				return fmt.Errorf("give a HOST or --default, not both")
			case !global && len(args) == 0:
				return fmt.Errorf("give a HOST, or --default for the global default")
			case len(args) == 1:
				host = args[0]
			}
			var view api.RetentionPolicyView
			var err error
			switch changed := changedPolicyFlags(cmd); {
			case preview && (host == "" || reset || len(changed) == 0):
				return fmt.Errorf("--preview needs a HOST and the settings to try (--keep-daily 7, ...)")
			case preview:
				return c.previewPolicy(ctx, host, cmd, p)
			case reset && len(changed) > 0:
				return fmt.Errorf("--reset cannot be combined with %s", strings.Join(changed, ", "))
			case reset:
				view, err = c.client().ResetRetentionPolicy(ctx, host)
			case len(changed) > 0:
				if view, err = c.client().RetentionPolicy(ctx, host); err == nil {
					view, err = c.client().SetRetentionPolicy(ctx, host, mergePolicy(cmd, view.Policy, p))
				}
			default:
				view, err = c.client().RetentionPolicy(ctx, host)
			}
			if err != nil {
				return err
			}
			return c.show(view, func() error {
				name := host
				if name == "" {
					name = "the global default"
				}
				fmt.Fprintf(c.out, "retention policy of %s (from %s): %s\n", name, view.Source, policyText(view.Policy))
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&global, "default", false, "the global default instead of a host's policy")
	f.BoolVar(&preview, "preview", false, "show the host's retention plan under the changed settings; save nothing")
	f.BoolVar(&reset, "reset", false, "drop the host's own policy (it falls back to the global default), or with --default the saved default (the built-in one applies)")
	addPolicyFlags(cmd, &p, "a backup")
	return cmd
}

// addPolicyFlags registers a retention policy's settings as flags (after:
// what a prune follows, for max-delete's help).
func addPolicyFlags(cmd *cobra.Command, p *api.RetentionPolicy, after string) {
	f := cmd.Flags()
	f.IntVar(&p.KeepLast, "keep-last", 0, "keep the N newest")
	f.IntVar(&p.KeepHourly, "keep-hourly", 0, "keep the newest of each of the N latest hours")
	f.IntVar(&p.KeepDaily, "keep-daily", 0, "keep the newest of each of the N latest days")
	f.IntVar(&p.KeepWeekly, "keep-weekly", 0, "keep the newest of each of the N latest weeks")
	f.IntVar(&p.KeepMonthly, "keep-monthly", 0, "keep the newest of each of the N latest months")
	f.IntVar(&p.KeepYearly, "keep-yearly", 0, "keep the newest of each of the N latest years")
	f.StringVar(&p.KeepWithin, "keep-within", "", "keep everything newer than this: 7d, 36h, 1d12h, 90m (0: off)")
	f.IntVar(&p.Minimum, "minimum", 0, "always keep the N newest complete snapshots")
	f.StringVar(&p.Kinds, "kinds", "", "which kinds the policy prunes: scheduled, manual or all")
	f.IntVar(&p.MaxDelete, "max-delete", 0, "the most snapshots one prune after "+after+" may delete")
}

// previewPolicy shows host's plan under the policy that applies with the
// given flags changed, the draft bamsd plans without saving it.
func (c *cli) previewPolicy(ctx context.Context, host string, cmd *cobra.Command, given api.RetentionPolicy) error {
	view, err := c.client().RetentionPolicy(ctx, host)
	if err != nil {
		return err
	}
	plan, err := c.client().PreviewRetentionPlan(ctx, host, client.PlanQuery{}, mergePolicy(cmd, view.Policy, given))
	if err != nil {
		return err
	}
	return c.show(plan, func() error { return c.printPlan(plan) })
}

// policyFlags maps each setting's flag to its field, for merging.
func policyFlags(p *api.RetentionPolicy) map[string]any {
	return map[string]any{"keep-last": &p.KeepLast, "keep-hourly": &p.KeepHourly, "keep-daily": &p.KeepDaily,
		"keep-weekly": &p.KeepWeekly, "keep-monthly": &p.KeepMonthly, "keep-yearly": &p.KeepYearly,
		"keep-within": &p.KeepWithin, "minimum": &p.Minimum, "kinds": &p.Kinds, "max-delete": &p.MaxDelete}
}

func changedPolicyFlags(cmd *cobra.Command) []string {
	var out []string
	for name := range policyFlags(&api.RetentionPolicy{}) {
		if cmd.Flags().Changed(name) {
			out = append(out, "--"+name)
		}
	}
	return out
}

// mergePolicy sets the settings whose flags were given on cur.
func mergePolicy(cmd *cobra.Command, cur, given api.RetentionPolicy) api.RetentionPolicy {
	src, dst := policyFlags(&given), policyFlags(&cur)
	for name, field := range src {
		if !cmd.Flags().Changed(name) {
			continue
		}
		switch v := field.(type) {
		case *int:
			*dst[name].(*int) = *v
		case *string:
			*dst[name].(*string) = *v
		}
	}
	return cur
}

func snapshotProtectCmd(c *cli) *cobra.Command {
	var why string
	cmd := &cobra.Command{
		Use:   "protect HOST SNAPSHOT",
		Short: "Pin a snapshot so retention always keeps it",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := c.client().Protect(cmd.Context(), args[0], args[1], why)
			if err != nil {
				return err
			}
			return c.show(s, func() error {
				fmt.Fprintf(c.out, "%s of %s is protected by %s\n", s.Name, s.Host, s.Protected.By)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&why, "why", "", "why it must stay (shown in every retention plan)")
	return cmd
}

func snapshotUnprotectCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "unprotect HOST SNAPSHOT",
		Short: "Remove a snapshot's pin; retention may delete it again",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := c.client().Unprotect(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			return c.show(s, func() error {
				fmt.Fprintf(c.out, "%s of %s is no longer protected\n", s.Name, s.Host)
				return nil
			})
		},
	}
}
