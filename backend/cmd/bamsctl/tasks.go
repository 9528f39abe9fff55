package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"bams/backend/api"
	"bams/backend/client"
)

func tasksCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "tasks", Short: "List, show, follow and cancel background tasks"}
	var q client.TaskQuery
	var states []string
	list := &cobra.Command{
		Use:   "list",
		Short: "List tasks, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, s := range states {
				q.States = append(q.States, api.TaskState(s))
			}
			l, err := c.client().Tasks(cmd.Context(), q)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "ID\tKIND\tTARGET\tSTATE\tPROGRESS\tSTARTED BY\tCREATED")
				for _, t := range l.Tasks {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%.0f%%\t%s\t%s\n", t.ID, t.Kind, dash(t.Target), stateText(t), t.Progress.Percent,
						t.By.User, t.Created.In(c.local).Format("2006-01-02 15:04:05"))
				}
				if l.Next != "" {
					fmt.Fprintf(w, "(more: --cursor %s)\n", l.Next)
				}
				return w.Flush()
			})
		},
	}
	list.Flags().StringSliceVar(&states, "state", nil, "only tasks in these states (queued, running, succeeded, failed, cancelled)")
	list.Flags().StringVar(&q.Kind, "kind", "", "only tasks of this kind")
	list.Flags().StringVar(&q.Target, "target", "", "only tasks on this target (a host name, ...)")
	list.Flags().IntVar(&q.Limit, "limit", 50, "tasks per page (1-1000)")
	list.Flags().StringVar(&q.Cursor, "cursor", "", "continue after this task id (from the previous page)")
	_ = list.RegisterFlagCompletionFunc("state", cobra.FixedCompletions(
		[]string{"queued", "running", "succeeded", "failed", "cancelled"}, cobra.ShellCompDirectiveNoFileComp))

	show := &cobra.Command{
		Use:   "show ID",
		Short: "Show one task with its log",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := c.client().Task(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(t, func() error { return c.printTask(t) })
		},
	}
	wait := &cobra.Command{
		Use:   "wait ID",
		Short: "Follow a task until it ends; exit non-zero unless it succeeded",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.wait(cmd.Context(), args[0])
		},
	}
	cancel := &cobra.Command{
		Use:   "cancel ID",
		Short: "Cancel a running task (needs the action that started it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := c.client().CancelTask(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(t, func() error {
				fmt.Fprintf(c.out, "cancelling task %s (%s)\n", t.ID, t.Kind)
				return nil
			})
		},
	}
	cmd.AddCommand(list, show, wait, cancel)
	return cmd
}

// started reports a task a command started: followed to its end when
// asked (failing unless it succeeded), else printed, as JSON with -o json,
// with how to follow it.
func (c *cli) started(ctx context.Context, t api.Task, follow bool) error {
	if follow {
		return c.wait(ctx, t.ID)
	}
	return c.show(t, func() error {
		what := t.Kind
		if t.Target != "" {
			what += " of " + t.Target
		}
		_, err := fmt.Fprintf(c.out, "%s started as task %s (follow it: bamsctl tasks wait %s)\n", what, t.ID, t.ID)
		return err
	})
}

// wait follows a task, printing progress to stderr, and fails unless it succeeded.
func (c *cli) wait(ctx context.Context, id string) error {
	_, err := c.follow(ctx, id)
	return err
}

// follow is wait that also hands back the ended task, result included.
func (c *cli) follow(ctx context.Context, id string) (api.Task, error) {
	last := ""
	t, err := c.client().WaitTask(ctx, id, func(t api.Task) {
		line := fmt.Sprintf("task %s %s %.0f%% %s", t.ID, t.State, t.Progress.Percent, shown(t.Progress.Step))
		if line != last && !c.json() {
			fmt.Fprintln(c.errOut, line)
			last = line
		}
	})
	if err != nil {
		return t, err
	}
	if err := c.show(t, func() error { return c.printTask(t) }); err != nil {
		return t, err
	}
	if t.State != api.TaskSucceeded {
		return t, fmt.Errorf("task %s %s: %s", t.ID, t.State, t.Error)
	}
	return t, nil
}

func (c *cli) printTask(t api.Task) error {
	w := c.table()
	fmt.Fprintf(w, "id\t%s\n", t.ID)
	fmt.Fprintf(w, "kind\t%s\n", t.Kind)
	if t.Target != "" {
		fmt.Fprintf(w, "target\t%s\n", t.Target)
	}
	fmt.Fprintf(w, "state\t%s\n", stateText(t))
	if t.Error != "" {
		fmt.Fprintf(w, "error\t%s\n", shown(t.Error))
	}
	fmt.Fprintf(w, "progress\t%.0f%% %s\n", t.Progress.Percent, t.Progress.Step)
	fmt.Fprintf(w, "started by\t%s (uid %d)\n", t.By.User, t.By.UID)
	fmt.Fprintf(w, "created\t%s\n", when(&t.Created, c.local))
	fmt.Fprintf(w, "finished\t%s\n", when(t.Finished, c.local))
	if err := w.Flush(); err != nil {
		return err
	}
	if len(t.Log) > 0 {
		fmt.Fprintln(c.out, "log:")
		for _, l := range t.Log {
			fmt.Fprintf(c.out, "  %s %-5s %s\n", l.Time.In(c.local).Format("15:04:05"), l.Level, shown(l.Text))
		}
	}
	return nil
}

func stateText(t api.Task) string {
	if t.Stalled {
		return string(t.State) + " (stalled)"
	}
	return string(t.State)
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
