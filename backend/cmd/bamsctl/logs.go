package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"bams/backend/api"
	"bams/backend/client"
)

func logsCmd(c *cli) *cobra.Command {
	var q client.LogQuery
	var since, until string
	var follow bool
	cmd := &cobra.Command{
		Use:       "logs SERVICE",
		Short:     "Show a service's log (bamsd, bacula-dir, bacula-sd, bacula-fd, iscsi); -f follows it",
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{api.LogBamsd, api.LogBaculaDir, api.LogBaculaSD, api.LogBaculaFD, api.LogISCSI},
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if q.Since, err = timeArg(since); err != nil {
				return fmt.Errorf("--since: %w", err)
			}
			if q.Until, err = timeArg(until); err != nil {
				return fmt.Errorf("--until: %w", err)
			}
			if follow {
				enc := json.NewEncoder(c.out)
				err := c.client().FollowLogs(cmd.Context(), args[0], q, func(e api.LogEntry) error {
					if c.json() {
						return enc.Encode(e)
					}
					c.printLogEntry(e)
					return nil
				})
				if errors.Is(err, io.EOF) {
					return errors.New("bamsd closed the log stream (it stopped, or you may no longer read logs)")
				}
				return err
			}
			l, err := c.client().Logs(cmd.Context(), args[0], q)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				for _, e := range l.Entries {
					c.printLogEntry(e)
				}
				if l.Truncated {
					fmt.Fprintf(c.out, "(older entries matched too: narrow with --since, or raise --limit; from %s)\n", l.Source)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVarP(&follow, "follow", "f", false, "keep printing new entries (level and text filters apply)")
	cmd.Flags().StringVar(&since, "since", "", "from this time: RFC 3339 or a duration ago like 1h")
	cmd.Flags().StringVar(&until, "until", "", "before this time: RFC 3339 or a duration ago")
	cmd.Flags().StringVar(&q.Level, "level", "", "this priority and more severe (err, warning, notice, info, debug)")
	cmd.Flags().StringVar(&q.Text, "grep", "", "only entries holding this text (any case)")
	cmd.Flags().IntVar(&q.Limit, "limit", 100, "entries (1-1000), the newest")
	return cmd
}

// printLogEntry prints one entry on one line; what the service wrote goes
// through the escaping writer (a message may hold control characters).
func (c *cli) printLogEntry(e api.LogEntry) {
	at := "-"
	if !e.Time.IsZero() {
		at = e.Time.In(c.local).Format("2006-01-02 15:04:05")
	}
	ident := e.Ident
	if ident != "" && e.PID != 0 {
		ident = fmt.Sprintf("%s[%d]", ident, e.PID)
	}
	fmt.Fprintf(c.out, "%s %-7s %s %s\n", at, e.Level, dash(ident), e.Message)
}
