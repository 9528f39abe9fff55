package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"bams/backend/api"
)

func scheduleCmd(c *cli) *cobra.Command {
	var sc api.Schedule
	var disabled bool
	cmd := &cobra.Command{
		Use:   `schedule HOST --cron "15 2 * * *" [--prune] [--disabled]`,
		Short: "Set when a host is backed up (cron, in the appliance's time zone)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc.Enabled = !disabled
			out, err := c.client().SetSchedule(cmd.Context(), args[0], sc)
			if err != nil {
				return err
			}
			return c.show(out, func() error {
				next := "-"
				if out.NextRun != nil {
					next = out.NextRun.In(c.local).Format("2006-01-02 15:04 MST")
				}
				fmt.Fprintf(c.out, "%s: %q, enabled %v, prune %v; next run %s\n", out.Host, out.Cron, out.Enabled, out.Prune, next)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&sc.Cron, "cron", "", `cron expression ("15 2 * * *") or @daily, @every 6h`)
	cmd.Flags().BoolVar(&sc.Prune, "prune", false, "apply the host's retention policy after each successful scheduled backup")
	cmd.Flags().BoolVar(&disabled, "disabled", false, "keep the schedule but do not run it")
	_ = cmd.MarkFlagRequired("cron")
	return cmd
}

func schedulesCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "schedules",
		Short: "List every host's schedule and next run",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().Schedules(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				loc := c.location(l.TimeZone)
				w := c.table()
				fmt.Fprintf(w, "HOST\tCRON\tENABLED\tPRUNE\tNEXT RUN (%s)\n", l.TimeZone)
				for _, s := range l.Schedules {
					fmt.Fprintf(w, "%s\t%s\t%v\t%v\t%s\n", s.Host, s.Cron, s.Enabled, s.Prune, when(s.NextRun, loc))
				}
				return w.Flush()
			})
		},
	}
}
