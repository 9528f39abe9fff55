package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"bams/backend/api"
)

func eventsCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "events",
		Short: "Follow live events (task progress and state, audit) until interrupted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var last string
			err := c.client().Events(cmd.Context(), func(e api.Event) error {
				last = e.Type
				if c.json() {
					b, _ := json.Marshal(e)
					_, err := fmt.Fprintln(c.out, string(b))
					return err
				}
				_, err := fmt.Fprintln(c.out, eventLine(e, c.local))
				return err
			})
			if !errors.Is(err, io.EOF) {
				return err
			}
			switch last {
			case api.EventRevoked:
				return fmt.Errorf("bamsd closed the stream: you may no longer read (%s)", api.ActionRead)
			case api.EventOverflow:
				return fmt.Errorf("bamsd closed the stream: this reader fell too far behind")
			}
			return fmt.Errorf("bamsd closed the stream (is it stopping?)")
		},
	}
}

func eventLine(e api.Event, loc *time.Location) string {
	ts := e.Time.In(loc).Format("15:04:05")
	switch {
	case e.Audit != nil:
		return fmt.Sprintf("%s audit    %s %s %s → %s", ts, e.Audit.User, e.Audit.Method, e.Audit.Path, e.Audit.Result)
	case e.Log != nil && e.Task != nil:
		return fmt.Sprintf("%s log      task %s %s: %s", ts, e.Task.ID, e.Log.Level, e.Log.Text)
	case e.Task != nil:
		return fmt.Sprintf("%s %-8s task %s %s %s %.0f%% %s", ts, shortType(e.Type), e.Task.ID, e.Task.Kind, e.Task.State,
			e.Task.Progress.Percent, e.Task.Progress.Step)
	}
	return ts + " " + e.Type
}

func shortType(t string) string {
	if t == api.EventTaskProgress {
		return "progress"
	}
	if t == api.EventTaskState {
		return "state"
	}
	return t
}
