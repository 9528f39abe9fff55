package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func historyCmd(c *cli) *cobra.Command {
	var since string
	cmd := &cobra.Command{
		Use:   "history",
		Short: "The sampled series behind the dashboard's charts (backup-root usage, backup durations); -o json for the points",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			from, err := timeArg(since)
			if err != nil {
				return fmt.Errorf("--since: %w", err)
			}
			h, err := c.client().History(cmd.Context(), from)
			if err != nil {
				return err
			}
			return c.show(h, func() error {
				w := c.table()
				fmt.Fprintln(w, "SERIES\tPOINTS\tFROM\tLATEST\tVALUE")
				for _, s := range h.Series {
					first, last := s.Points[0], s.Points[len(s.Points)-1]
					fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%g\n", s.Name, len(s.Points), first.Time.In(c.local).Format("2006-01-02 15:04"),
						last.Time.In(c.local).Format("2006-01-02 15:04"), last.Value)
				}
				return w.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "from this time: RFC 3339 or a duration ago like 168h (default 30 days)")
	return cmd
}
