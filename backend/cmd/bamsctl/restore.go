package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"bams/backend/api"
)

func filesCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "files HOST SNAPSHOT [PATH]",
		Short: "List a folder inside a snapshot (needs org.bams.restore)",
		Long: "List a folder inside a snapshot, as it was on the host: PATH is written as on the host\n" +
			"(/srv/www; / is the snapshot's top). Symlinks are shown with their target, never followed.\n" +
			"A name that is not valid UTF-8, or holds control characters (a newline, ESC), is shown as\n" +
			"$'...' with those bytes as \\xNN, ready to paste into a shell command (bamsctl restore, download).",
		Args: cobra.RangeArgs(2, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := "/"
			if len(args) == 3 {
				path = args[2]
			}
			var all api.FileList
			for cursor := ""; ; {
				page, err := c.client().Files(cmd.Context(), args[0], args[1], path, 1000, cursor)
				if err != nil {
					return err
				}
				page.Entries = append(all.Entries, page.Entries...)
				all = page
				if cursor = page.Next; cursor == "" {
					break
				}
			}
			return c.show(all, func() error {
				w := c.table()
				fmt.Fprintln(w, "TYPE\tMODE\tOWNER\tSIZE\tMODIFIED\tNAME")
				for _, e := range all.Entries {
					name := shown(e.Name)
					if e.NameBase64 != nil {
						name = shown(string(e.NameBase64))
					}
					if e.Type == api.FileSymlink {
						name += " -> " + shown(e.Target)
					}
					fmt.Fprintf(w, "%s\t%s\t%d:%d\t%d\t%s\t%s\n", e.Type, e.Mode, e.UID, e.GID, e.Size,
						e.MTime.In(c.local).Format("2006-01-02 15:04:05"), name)
				}
				return w.Flush()
			})
		},
	}
}

func downloadCmd(c *cli) *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "download HOST SNAPSHOT PATH > file.tar.gz",
		Short: "Download a file or folder of a snapshot as a .tar.gz (needs org.bams.restore)",
		Args:  cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			out, closeOut, err := archiveOut(file)
			if err != nil {
				return err
			}
			if err := c.client().Download(cmd.Context(), args[0], args[1], args[2], out); err != nil {
				closeOut()
				return err
			}
			return closeOut()
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "write the archive to this new file (mode 0600) instead of stdout")
	return cmd
}

func restoreCmd(c *cli) *cobra.Command {
	var req api.RestoreRequest
	var wait bool
	cmd := &cobra.Command{
		Use:   "restore HOST SNAPSHOT [PATH...] --to host[:PATH]|local:DIR",
		Short: "Restore paths of a snapshot to the host or a local folder (needs org.bams.restore)",
		Long: "Restore files of a snapshot. PATHs are written as on the host (/srv/www); none restores every\n" +
			"source path of the host that the snapshot holds.\n\n" +
			"  --to host          back to where they came from\n" +
			"  --to host:/PATH    to another folder on the host (files land at PATH/<full path>)\n" +
			"  --to local:DIR     to a folder under the appliance's restore root\n\n" +
			"Files on the target that the snapshot does not hold stay unless --delete is given.\n" +
			"--dry-run changes nothing and lists what would change (it waits for the answer).",
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Snapshot, req.Paths = args[1], args[2:]
			t, err := c.client().Restore(cmd.Context(), args[0], req)
			if err != nil {
				return err
			}
			if !wait && !req.DryRun {
				return c.show(t, func() error {
					fmt.Fprintf(c.out, "restore from %s started as task %s (follow it: bamsctl tasks wait %s)\n", args[0], t.ID, t.ID)
					return nil
				})
			}
			return c.waitRestore(cmd.Context(), t.ID)
		},
	}
	cmd.Flags().StringVar(&req.To, "to", "", "host, host:/PATH or local:DIR (required)")
	cmd.Flags().BoolVar(&req.Delete, "delete", false, "delete files in the restored folders that the snapshot does not hold")
	cmd.Flags().BoolVar(&req.DryRun, "dry-run", false, "change nothing; list what would change")
	cmd.Flags().BoolVar(&wait, "wait", false, "follow the restore until it ends")
	_ = cmd.MarkFlagRequired("to")
	return cmd
}

// waitRestore follows the task, then lists its changes.
func (c *cli) waitRestore(ctx context.Context, id string) error {
	t, werr := c.follow(ctx, id)
	if c.json() || len(t.Result) == 0 {
		return werr
	}
	var res api.RestoreResult
	if err := json.Unmarshal(t.Result, &res); err != nil {
		return errors.Join(werr, err)
	}
	verb := "changed"
	if res.DryRun {
		verb = "would change (dry run: nothing changed)"
	}
	fmt.Fprintf(c.out, "%d entries %s on %s:\n", res.ChangesTotal, verb, res.To)
	w := c.table()
	for _, ch := range res.Changes {
		line := fmt.Sprintf("%s\t%s\t%s", ch.Op, dash(ch.Type), shown(ch.Path))
		if ch.Target != "" {
			line += " -> " + shown(ch.Target)
		}
		if ch.What != "" {
			line += "\t(" + shown(ch.What) + ")"
		}
		fmt.Fprintln(w, line)
	}
	if res.ChangesTotal > len(res.Changes) {
		fmt.Fprintf(w, "… and %d more\n", res.ChangesTotal-len(res.Changes))
	}
	if res.Warning != "" {
		fmt.Fprintf(w, "warning: %s\n", shown(res.Warning))
	}
	return errors.Join(werr, w.Flush())
}
