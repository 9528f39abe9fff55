package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"bams/backend/client"
)

func auditCmd(c *cli) *cobra.Command {
	var q client.AuditQuery
	var since, until string
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Show the audit trail of changes, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if q.Since, err = timeArg(since); err != nil {
				return fmt.Errorf("--since: %w", err)
			}
			if q.Until, err = timeArg(until); err != nil {
				return fmt.Errorf("--until: %w", err)
			}
			l, err := c.client().Audit(cmd.Context(), q)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "TIME\tUSER\tACTION\tREQUEST\tRESULT")
				for _, r := range l.Records {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s %s\t%s %d\n", r.Time.In(c.local).Format("2006-01-02 15:04:05"), r.User, r.Action,
						r.Method, r.Path, r.Result, r.Status)
				}
				if l.Next != "" {
					fmt.Fprintf(w, "(more: --cursor %s)\n", l.Next)
				}
				return w.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&q.User, "user", "", "only this user's requests")
	cmd.Flags().StringVar(&q.Action, "action", "", "only this action (e.g. org.bams.manage)")
	cmd.Flags().StringVar(&since, "since", "", "from this time: RFC 3339 or a duration ago like 24h")
	cmd.Flags().StringVar(&until, "until", "", "before this time: RFC 3339 or a duration ago")
	cmd.Flags().IntVar(&q.Limit, "limit", 50, "records per page (1-1000)")
	cmd.Flags().StringVar(&q.Cursor, "cursor", "", "continue from a previous page")
	return cmd
}

// timeArg accepts RFC 3339 or a duration meaning "that long ago".
func timeArg(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return time.Now().Add(-d).UTC().Format(time.RFC3339), nil
	}
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		return "", fmt.Errorf("%q is neither an RFC 3339 time nor a duration like 24h", s)
	}
	return s, nil
}
