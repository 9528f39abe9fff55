package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func selfcheckCmd(c *cli) *cobra.Command {
	var wait bool
	cmd := &cobra.Command{
		Use:   "selfcheck",
		Short: "Check which storage and backup tools are installed, and their versions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t, err := c.client().Selfcheck(cmd.Context())
			if err != nil {
				return err
			}
			if wait {
				return c.wait(cmd.Context(), t.ID)
			}
			if c.json() {
				return c.printJSON(t)
			}
			fmt.Fprintf(c.out, "selfcheck started as task %s (follow it: bamsctl tasks wait %s)\n", t.ID, t.ID)
			return nil
		},
	}
	cmd.Flags().BoolVar(&wait, "wait", false, "follow the task until it ends")
	return cmd
}
