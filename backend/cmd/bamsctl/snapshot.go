package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"bams/backend/api"
	"bams/backend/client"
)

// snapshotCmd: ZFS snapshots of any dataset, and with --subvolume the
// btrfs snapshots BAMS owns of a subvolume (the Snapshots page).
// `snapshots` (plural) is the pull backups' records.
func snapshotCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "snapshot", Short: "ZFS snapshots (and btrfs ones with --subvolume): list, create, destroy, rollback, clone, hold, release"}
	cmd.AddCommand(snapshotListCmd(c), snapshotCreateCmd(c), snapshotDestroyCmd(c), snapshotRollbackCmd(c), snapshotCloneCmd(c),
		snapshotHoldCmd(c, false), snapshotHoldCmd(c, true))
	return cmd
}

// owner shows "" as what it means.
func owner(o string) string {
	if o == "" {
		return "- (not BAMS's)"
	}
	return o
}

func (c *cli) snapshotTime(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return "-"
	}
	return when(&t, c.local)
}

func snapshotListCmd(c *cli) *cobra.Command {
	var q client.ZFSSnapshotQuery
	var subvol string
	cmd := &cobra.Command{
		Use: "list [DATASET] [-r] [--name PART] [--owner OWNER|none] | list --subvolume PATH", Short: "List snapshots with their owner, holds and clones", Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if subvol != "" {
				l, err := c.client().BtrfsSnapshots(cmd.Context(), subvol)
				if err != nil {
					return err
				}
				return c.show(l, func() error {
					w := c.table()
					fmt.Fprintln(w, "PATH\tOWNER\tCREATED\tREAD-ONLY")
					for _, s := range l.Snapshots {
						fmt.Fprintf(w, "%s\t%s\t%s\t%t\n", s.Path, s.Owner, c.snapshotTime(s.Created), s.ReadOnly)
					}
					for _, o := range l.Other {
						fmt.Fprintf(w, "%s\tnot BAMS's\t\t\n", o)
					}
					return w.Flush()
				})
			}
			if len(args) == 1 {
				q.Dataset = args[0]
			}
			l, err := c.client().ZFSSnapshots(cmd.Context(), q)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "SNAPSHOT\tOWNER\tCREATED\tUSED\tREFER\tHOLDS\tCLONES")
				for _, s := range l.Snapshots {
					clones := strings.Join(s.Clones, ",")
					if clones == "" {
						clones = "-"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", s.Name, owner(s.Owner), c.snapshotTime(s.Created), humanBytes(s.Used), humanBytes(s.Referenced), s.Holds, clones)
				}
				if err := w.Flush(); err != nil {
					return err
				}
				for _, warn := range l.Warnings {
					fmt.Fprintf(c.errOut, "warning: %s\n", warn)
				}
				if l.Next != "" {
					fmt.Fprintf(c.out, "%d of %d; next page: --cursor %s\n", len(l.Snapshots), l.Total, l.Next)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVarP(&q.Recursive, "recursive", "r", false, "the dataset's descendants' snapshots too")
	cmd.Flags().StringVar(&q.Name, "name", "", "only snapshots whose name (after @) holds this")
	cmd.Flags().StringVar(&q.Owner, "owner", "", `only this owner (manual, snaptask:ID, replication:ID), or "none" for those not BAMS's`)
	cmd.Flags().StringVar(&q.Cursor, "cursor", "", "the next page, from the previous page")
	cmd.Flags().IntVar(&q.Limit, "limit", 0, "snapshots per page (1-1000; bamsd's default 100)")
	cmd.Flags().StringVar(&subvol, "subvolume", "", "list the btrfs snapshots BAMS owns of this subvolume instead")
	return cmd
}

func snapshotCreateCmd(c *cli) *cobra.Command {
	var recursive bool
	var subvol string
	cmd := &cobra.Command{
		Use: "create DATASET@NAME [-r] | create --subvolume PATH NAME", Short: "Take a snapshot (owner manual)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if subvol != "" {
				s, err := c.client().CreateBtrfsSnapshot(cmd.Context(), api.BtrfsSnapshotCreate{Subvolume: subvol, Name: args[0]})
				if err != nil {
					return err
				}
				return c.show(s, func() error { _, err := fmt.Fprintf(c.out, "snapshot %s taken\n", s.Path); return err })
			}
			ds, name, ok := strings.Cut(args[0], "@")
			if !ok {
				return fmt.Errorf("%q: name the snapshot as DATASET@NAME", args[0])
			}
			s, err := c.client().CreateZFSSnapshot(cmd.Context(), api.ZFSSnapshotCreate{Dataset: ds, Name: name, Recursive: recursive})
			if err != nil {
				return err
			}
			return c.show(s, func() error {
				_, err := fmt.Fprintf(c.out, "snapshot %s taken (owner %s)\n", s.Name, s.Owner)
				return err
			})
		},
	}
	cmd.Flags().BoolVarP(&recursive, "recursive", "r", false, "every descendant too, atomically, under the same name")
	cmd.Flags().StringVar(&subvol, "subvolume", "", "a btrfs subvolume to snapshot instead (NAME is the snapshot's name)")
	return cmd
}

func snapshotDestroyCmd(c *cli) *cobra.Command {
	var yes, subvol, snapOwner string
	cmd := &cobra.Command{
		Use: "destroy DATASET@NAME [--yes DATASET@NAME] | destroy --subvolume PATH [--owner OWNER] NAME [--yes PATH]", Short: "Destroy a snapshot (refused while held or cloned)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if subvol != "" {
				path := filepath.Join(subvol, ".bams-snapshots", snapOwner, args[0])
				confirm, err := c.confirmName(cmd, yes, "snapshot", path)
				if err != nil {
					return err
				}
				d, err := c.client().DeleteBtrfsSnapshot(cmd.Context(), subvol, snapOwner, args[0], confirm)
				if err != nil {
					return err
				}
				return c.show(d, func() error { _, err := fmt.Fprintf(c.out, "snapshot %s deleted\n", d.Name); return err })
			}
			confirm, err := c.confirmName(cmd, yes, "snapshot", args[0])
			if err != nil {
				return err
			}
			d, err := c.client().DestroyZFSSnapshot(cmd.Context(), args[0], confirm)
			if err != nil {
				return err
			}
			return c.show(d, func() error { _, err := fmt.Fprintf(c.out, "snapshot %s destroyed\n", d.Name); return err })
		},
	}
	cmd.Flags().StringVar(&yes, "yes", "", "the snapshot's full name (btrfs: its path): destroy without asking")
	cmd.Flags().StringVar(&subvol, "subvolume", "", "a btrfs subvolume: delete its snapshot NAME")
	cmd.Flags().StringVar(&snapOwner, "owner", "manual", "with --subvolume: the snapshot's owner")
	return cmd
}

func snapshotRollbackCmd(c *cli) *cobra.Command {
	var yes string
	cmd := &cobra.Command{
		Use: "rollback DATASET@NAME [--yes DATASET]", Short: "Roll a dataset back, destroying the newer snapshots and their clones (shown first)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := c.client().RollbackPreview(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if len(p.Held) > 0 {
				return fmt.Errorf("newer snapshots are held, release them first: %s", strings.Join(p.Held, ", "))
			}
			lost := append(append(append([]string{}, p.Newer...), p.Clones...), "the changes made since "+p.Snapshot)
			if yes == "" {
				fmt.Fprintf(c.errOut, "Rolling %s back to %s destroys: %s\n", p.Dataset, p.Snapshot, strings.Join(lost, ", "))
			}
			confirm, err := c.confirmName(cmd, yes, "dataset", p.Dataset)
			if err != nil {
				return err
			}
			done, err := c.client().RollbackZFS(cmd.Context(), args[0], api.ZFSRollback{Confirm: confirm, Token: p.Token})
			if err != nil {
				return err
			}
			return c.show(done, func() error {
				if len(done.Destroyed) == 0 {
					_, err := fmt.Fprintf(c.out, "%s rolled back to %s\n", p.Dataset, done.Snapshot)
					return err
				}
				_, err := fmt.Fprintf(c.out, "%s rolled back to %s; destroyed %s\n", p.Dataset, done.Snapshot, strings.Join(done.Destroyed, ", "))
				return err
			})
		},
	}
	cmd.Flags().StringVar(&yes, "yes", "", "the dataset's name: roll back, destroying what the preview lists, without asking")
	return cmd
}

func snapshotCloneCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use: "clone DATASET@NAME NEW-DATASET", Short: "Make a new dataset from a snapshot", Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := c.client().CloneZFSSnapshot(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			return c.show(d, func() error { _, err := fmt.Fprintf(c.out, "%s cloned from %s\n", d.Name, args[0]); return err })
		},
	}
}

func snapshotHoldCmd(c *cli, release bool) *cobra.Command {
	use, short, done := "hold DATASET@NAME TAG", "Place a hold: the snapshot cannot be destroyed until released", "held by"
	if release {
		use, short, done = "release DATASET@NAME TAG", "Release a hold", "released from"
	}
	return &cobra.Command{
		Use: use, Short: short, Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := c.client().HoldZFSSnapshot(cmd.Context(), args[0], args[1], release)
			if err != nil {
				return err
			}
			return c.show(s, func() error {
				_, err := fmt.Fprintf(c.out, "%s %s %s (holds now: %d)\n", s.Name, done, args[1], s.Holds)
				return err
			})
		},
	}
}
