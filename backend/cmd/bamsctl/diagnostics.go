package main

import (
	"github.com/spf13/cobra"
)

func diagnosticsCmd(c *cli) *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "diagnostics > bundle.tar.gz",
		Short: "Download the support bundle: configuration, versions, tool output, logs, tasks, audit; secrets redacted (needs org.bams.manage)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out, closeOut, err := archiveOut(file)
			if err != nil {
				return err
			}
			if err := c.client().Diagnostics(cmd.Context(), out); err != nil {
				closeOut()
				return err
			}
			return closeOut()
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "write the bundle to this new file (mode 0600) instead of stdout")
	return cmd
}
