package main

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/spf13/cobra"
)

// apiCmd calls any route and prints the raw JSON answer: for scripts, and
// for routes this CLI has no friendlier command for yet.
func apiCmd(c *cli) *cobra.Command {
	var data string
	cmd := &cobra.Command{
		Use:   "api [METHOD] PATH",
		Short: "Call an API route and print its JSON answer (errors too, with exit status 1)",
		Example: `  bamsctl api /api/v1/tasks?state=running
  bamsctl api POST /api/v1/system/selfcheck`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			method, path := http.MethodGet, args[0]
			if len(args) == 2 {
				method, path = strings.ToUpper(args[0]), args[1]
			}
			if !strings.HasPrefix(path, "/api/") {
				return fmt.Errorf("PATH must start with /api/, like /api/v1/health")
			}
			status, body, err := c.client().Raw(cmd.Context(), method, path, data)
			if err != nil {
				return err
			}
			fmt.Fprint(c.out, string(body))
			if status >= 400 {
				return errSilent
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&data, "data", "d", "", "JSON request body")
	return cmd
}
