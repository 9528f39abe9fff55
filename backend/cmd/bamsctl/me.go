package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"bams/backend/api"
)

func meCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "me",
		Short: "Show who bamsd sees you as and what you may do",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, err := c.client().Me(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(m, func() error {
				w := c.table()
				fmt.Fprintf(w, "user\t%s (uid %d)\n", m.User, m.UID)
				fmt.Fprintf(w, "groups\t%s\n", strings.Join(m.Groups, ", "))
				if m.Unavailable != "" {
					fmt.Fprintf(w, "polkit\t%s\n", m.Unavailable)
				}
				for _, a := range api.Actions() {
					if m.Actions[a] {
						fmt.Fprintf(w, "%s\tallowed\n", a)
					} else {
						fmt.Fprintf(w, "%s\tnot allowed (granted to %s)\n", a, api.GroupFor(a))
					}
				}
				return w.Flush()
			})
		},
	}
}
