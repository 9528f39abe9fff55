package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"bams/backend/api"
)

func repoCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "repo", Short: "Manage the repositories backups go into"}
	cmd.AddCommand(repoListCmd(c), repoShowCmd(c), repoCreateCmd(c), repoRmCmd(c))
	return cmd
}

func repoListCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List repositories: kind, mountpoint, size, health, used by",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().Repositories(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "ID\tKIND\tMOUNTPOINT\tSIZE\tUSED\tFREE\tHEALTH\tUSED BY")
				for _, r := range l.Repositories {
					size, used, free := "-", "-", "-"
					if r.Health != api.RepoHealthAbsent {
						size, used, free = humanBytes(r.Size), humanBytes(r.Used), humanBytes(r.Free)
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Kind, r.Mountpoint, size, used, free, r.Health, dash(users(r.UsedBy)))
				}
				return w.Flush()
			})
		},
	}
}

func repoShowCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: "Show a repository",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := c.client().Repository(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(r, func() error {
				w := c.table()
				fmt.Fprintf(w, "id\t%s\nname\t%s\nkind\t%s\nbacking\t%s %s\nmountpoint\t%s\n", r.ID, r.Name, r.Kind, r.Backing.Kind, r.Backing.Name, r.Mountpoint)
				if r.Filesystem != "" {
					fmt.Fprintf(w, "filesystem\t%s\n", r.Filesystem)
				}
				fmt.Fprintf(w, "size\t%s (used %s, free %s)\nhealth\t%s\ncreated\t%s\n", humanBytes(r.Size), humanBytes(r.Used),
					humanBytes(r.Free), r.Health, when(&r.Created, c.local))
				fmt.Fprintf(w, "used by\t%s\n", dash(users(r.UsedBy)))
				return w.Flush()
			})
		},
	}
}

func users(us []api.StorageUser) string {
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.Kind + " " + u.Name
	}
	return strings.Join(names, ", ")
}

func repoCreateCmd(c *cli) *cobra.Command {
	var req api.RepositoryCreate
	var size string
	var wait bool
	cmd := &cobra.Command{
		Use:   "create NAME --kind KIND [--path P | --parent P --size S ...]",
		Short: "Create a repository (a task)",
		Long: "Kinds and their flags: folder --path (an existing folder); btrfs-subvol --path (a new subvolume on a\n" +
			"mounted btrfs); zfs-dataset --parent POOL[/DATASET] [--size QUOTA] [--compression lz4] [--mountpoint];\n" +
			"zfs-volume and lvm-lv --parent POOL or VG --size S [--filesystem ext4|xfs] [--mountpoint].",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := sizeArg(size)
			if err != nil {
				return fmt.Errorf("--size: %w", err)
			}
			req.Name, req.Size = args[0], uint64(n)
			t, err := c.client().CreateRepository(cmd.Context(), req)
			if err != nil {
				return err
			}
			return c.started(cmd.Context(), t, wait)
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.Kind, "kind", "", "zfs-dataset, zfs-volume, lvm-lv, btrfs-subvol or folder")
	f.StringVar(&req.Path, "path", "", "folder and btrfs-subvol: the folder, or the subvolume to create")
	f.StringVar(&req.Parent, "parent", "", "zfs kinds: the pool or dataset; lvm-lv: the volume group")
	f.StringVar(&size, "size", "", "zfs-volume and lvm-lv: its size; zfs-dataset: its quota (500M, 10G, 2T)")
	f.StringVar(&req.Filesystem, "filesystem", "", "zfs-volume and lvm-lv: ext4 (default) or xfs")
	f.StringVar(&req.Compression, "compression", "", "zfs-dataset: off, lz4 (default) or zstd")
	f.StringVar(&req.Mountpoint, "mountpoint", "", "zfs and lvm kinds: where it is mounted")
	f.BoolVar(&wait, "wait", false, "follow the task until it ends")
	_ = cmd.MarkFlagRequired("kind")
	return cmd
}

func repoRmCmd(c *cli) *cobra.Command {
	var yes string
	cmd := &cobra.Command{
		Use:   "rm ID [--yes NAME]",
		Short: "Delete a repository and the storage BAMS made for it (asks for its name unless --yes NAME)",
		Long: "Refused while anything uses it. A btrfs subvolume, ZFS dataset or volume, or LV is destroyed with\n" +
			"its files; a folder repository is only forgotten (its files stay).",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cl := c.client()
			r, err := cl.Repository(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if len(r.UsedBy) > 0 {
				return fmt.Errorf("repository %s is in use by %s: not deleted", r.ID, users(r.UsedBy))
			}
			name := yes
			if name == "" {
				lost := "its files are lost"
				if r.Kind == api.RepoFolder {
					lost = "its files stay in " + r.Mountpoint
				}
				fmt.Fprintf(c.errOut, "Delete repository %s (%s %s, %s used; %s)? Type its name to confirm: ", r.ID, r.Kind,
					r.Backing.Name, humanBytes(r.Used), lost)
				line, _ := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
				if !strings.HasSuffix(line, "\n") {
					fmt.Fprintln(c.errOut) // no answer (end of input): the refusal on a line of its own
				}
				name = strings.TrimSpace(line)
			}
			if name != r.Name {
				return fmt.Errorf("the name typed is not %s: not deleted", r.Name)
			}
			res, err := cl.DeleteRepository(cmd.Context(), r.ID, name)
			if err != nil {
				return err
			}
			return c.show(res, func() error {
				if res.Kept != "" {
					_, err := fmt.Fprintf(c.out, "repository %s forgotten; its files stay in %s\n", res.ID, res.Kept)
					return err
				}
				more := ""
				if res.Lost.Partial {
					more = "at least "
				}
				_, err := fmt.Fprintf(c.out, "repository %s deleted: %s%d files (%s) lost\n", res.ID, more, res.Lost.Files, humanBytes(uint64(res.Lost.Bytes)))
				return err
			})
		},
	}
	cmd.Flags().StringVar(&yes, "yes", "", "the repository's name: delete without asking")
	return cmd
}
