package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"bams/backend/api"
	"bams/backend/client"
)

func alertsCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "alerts", Short: "List and acknowledge alerts"}
	var q client.AlertQuery
	var states []string
	var all bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List alerts, newest first (open ones unless --state or --all)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case len(states) > 0:
				q.State = strings.Join(states, ",")
			case !all:
				q.State = string(api.AlertActive) + "," + string(api.AlertAcknowledged)
			}
			l, err := c.client().Alerts(cmd.Context(), q)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintf(w, "%d active\n", l.Active)
				fmt.Fprintln(w, "ID\tLEVEL\tSTATE\tSUBJECT\tRAISED\tTEXT")
				for _, a := range l.Alerts {
					state := string(a.State)
					if a.Acknowledged != nil {
						state += " by " + a.Acknowledged.By.User
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.Level, state, a.Subject,
						a.Raised.In(c.local).Format("2006-01-02 15:04"), a.Text)
				}
				if l.Next != "" {
					fmt.Fprintf(w, "(more: --cursor %s)\n", l.Next)
				}
				return w.Flush()
			})
		},
	}
	list.Flags().StringSliceVar(&states, "state", nil, "only alerts in these states (active, acknowledged, cleared)")
	list.Flags().BoolVar(&all, "all", false, "cleared alerts too (the history)")
	list.Flags().StringVar(&q.Level, "level", "", "only this level and above (info, warning, error, critical)")
	list.Flags().StringVar(&q.Source, "source", "", "only alerts of this source (backups, tasks, bacula, ...)")
	list.Flags().StringVar(&q.Class, "class", "", "only alerts of this class (e.g. backup-failed)")
	list.Flags().StringVar(&q.Subject, "subject", "", "only alerts about this subject (e.g. host/web1)")
	list.Flags().IntVar(&q.Limit, "limit", 50, "alerts per page (1-1000)")
	list.Flags().StringVar(&q.Cursor, "cursor", "", "continue from a previous page")
	_ = list.RegisterFlagCompletionFunc("state", cobra.FixedCompletions(
		[]string{"active", "acknowledged", "cleared"}, cobra.ShellCompDirectiveNoFileComp))

	ack := &cobra.Command{
		Use:   "ack ID...",
		Short: "Acknowledge alerts: say you have seen them (they stay until their condition ends)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var done []api.Alert
			for _, id := range args {
				a, err := c.client().AcknowledgeAlert(cmd.Context(), id)
				if err != nil {
					return fmt.Errorf("alert %s: %w", id, err)
				}
				done = append(done, a)
			}
			return c.show(done, func() error {
				w := c.table()
				for _, a := range done {
					fmt.Fprintf(w, "alert %s (%s) acknowledged by %s\n", a.ID, a.Subject, a.Acknowledged.By.User)
				}
				return w.Flush()
			})
		},
	}
	cmd.AddCommand(list, ack)
	return cmd
}
