package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"bams/backend/client"
)

// cli holds the global flags every command shares.
type cli struct {
	socket string
	output string
	out    io.Writer // stdout and stderr, escaped for the terminal (terminal.go)
	errOut io.Writer
	local  *time.Location // where times without the appliance's zone are shown
}

func (c *cli) client() *client.Client { return client.New(c.socket) }

func (c *cli) json() bool { return c.output == "json" }

// table starts aligned columns; call Flush when done.
func (c *cli) table() *tabwriter.Writer { return tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0) }

func newRoot(out, errOut io.Writer, local *time.Location) *cobra.Command {
	c := &cli{out: terminalSafe(out), errOut: terminalSafe(errOut), local: local}
	root := &cobra.Command{
		Use:           "bamsctl",
		Short:         "Control the BAMS backup appliance",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if c.output != "table" && c.output != "json" {
				return fmt.Errorf("-o must be table or json, not %q", c.output)
			}
			return nil
		},
	}
	socket := os.Getenv("BAMS_SOCKET")
	if socket == "" {
		socket = client.DefaultSocket
	}
	root.PersistentFlags().StringVar(&c.socket, "socket", socket, "bamsd's socket (env BAMS_SOCKET)")
	root.PersistentFlags().StringVarP(&c.output, "output", "o", "table", "output format: table or json")
	_ = root.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"table", "json"}, cobra.ShellCompDirectiveNoFileComp))
	root.AddCommand(statusCmd(c), meCmd(c), tasksCmd(c), selfcheckCmd(c), auditCmd(c), alertsCmd(c), notifyCmd(c), logsCmd(c), diagnosticsCmd(c), historyCmd(c), eventsCmd(c), apiCmd(c),
		hostCmd(c), snapshotsCmd(c), backupCmd(c), sshKeyCmd(c), scheduleCmd(c), schedulesCmd(c),
		retentionCmd(c), repoCmd(c))
	root.AddCommand(filesCmd(c), downloadCmd(c), restoreCmd(c))
	root.AddCommand(baculaCmd(c), iscsiCmd(c), tapeCmd(c), mediaCmd(c))
	root.AddCommand(storageCmds(c)...)
	root.AddCommand(snapTaskCmd(c))
	root.AddCommand(snapshotCmd(c))
	root.AddCommand(replicationCmd(c))
	return root
}

// show prints v as JSON with -o json, else as text prints it: the one
// place that chooses between the two.
func (c *cli) show(v any, text func() error) error {
	if c.json() {
		enc := json.NewEncoder(c.out)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	return text()
}
