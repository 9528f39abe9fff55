package main

import (
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
			return c.started(cmd.Context(), t, wait)
		},
	}
	cmd.Flags().BoolVar(&wait, "wait", false, "follow the task until it ends")
	return cmd
}
