package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func hostTestCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "test NAME",
		Short: "Show the host's key fingerprints and try to log in",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := c.client().TestHost(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return c.show(r, func() error {
				if r.Error != "" {
					return fmt.Errorf("%s", r.Error)
				}
				w := c.table()
				for _, k := range r.Keys {
					mark := ""
					if k.Fingerprint == r.Accepted {
						mark = "(accepted)"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\n", k.Type, k.Fingerprint, mark)
				}
				fmt.Fprintf(w, "login\t%s\n", r.Login)
				if err := w.Flush(); err != nil {
					return err
				}
				if r.Accepted == "" {
					fmt.Fprintf(c.out, "compare a fingerprint with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then:\n  bamsctl host accept-key %s FINGERPRINT\n", args[0])
				}
				return nil
			})
		},
	}
}

func hostAcceptKeyCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "accept-key NAME FINGERPRINT",
		Short: "Trust the host key with this fingerprint (as shown by host test)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := c.client().AcceptHostKey(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			return c.show(h, func() error {
				fmt.Fprintf(c.out, "host key %s of %s accepted\n", h.HostKey, h.Name)
				return nil
			})
		},
	}
}

func sshKeyCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "ssh-key",
		Short: "Print bamsd's SSH public key, to install in a host's authorized_keys",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			k, err := c.client().SSHKey(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(k, func() error {
				fmt.Fprintln(c.out, k.PublicKey)
				return nil
			})
		},
	}
}

func backupCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "backup", Short: "Run pull backups"}
	var wait, prune bool
	run := &cobra.Command{
		Use:   "run HOST",
		Short: "Back up a host now",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := c.client().Backup(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			// a failed backup never prunes: wait fails first
			if err := c.started(cmd.Context(), t, wait || prune); err != nil || !prune {
				return err
			}
			return c.pruneAfter(cmd.Context(), args[0])
		},
	}
	run.Flags().BoolVar(&wait, "wait", false, "follow the backup until it ends")
	run.Flags().BoolVar(&prune, "prune", false, "after a successful backup, apply the host's retention policy (needs org.bams.manage)")
	cmd.AddCommand(run)
	return cmd
}
