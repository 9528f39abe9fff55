package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"bams/backend/api"
)

func notifyCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "notify", Short: "Notification targets: email through an SMTP relay, webhooks"}
	list := &cobra.Command{
		Use:   "list",
		Short: "List notification targets (secrets are never shown)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().NotifyTargets(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "NAME\tKIND\tENABLED\tLEVEL\tCLASSES\tTO")
				for _, t := range l.Targets {
					fmt.Fprintf(w, "%s\t%s\t%t\t%s+\t%s\t%s\n", t.Name, t.Kind, t.Enabled, t.MinLevel, dash(strings.Join(t.Classes, ",")), targetWhere(t))
				}
				return w.Flush()
			})
		},
	}

	var t api.NotifyTarget
	var email api.EmailTarget
	var hook api.WebhookTarget
	var passwordFile, secretFile string
	var disabled bool
	add := &cobra.Command{
		Use:   "add NAME (--email-to ADDR... --relay HOST:PORT --from ADDR | --webhook URL)",
		Short: "Add a target; secrets are read from a file or stdin (-), never from the command line",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t.Name, t.Enabled = args[0], !disabled
			switch {
			case hook.URL != "" && len(email.To) > 0:
				return fmt.Errorf("give --webhook or --email-to, not both")
			case hook.URL != "":
				t.Kind, t.Webhook = api.NotifyWebhook, &hook
				if secretFile != "" {
					var err error
					if hook.Secret, err = readSecret(cmd.InOrStdin(), secretFile); err != nil {
						return fmt.Errorf("--secret-file: %w", err)
					}
				}
			case len(email.To) > 0:
				t.Kind, t.Email = api.NotifyEmail, &email
				if passwordFile != "" {
					var err error
					if email.Password, err = readSecret(cmd.InOrStdin(), passwordFile); err != nil {
						return fmt.Errorf("--password-file: %w", err)
					}
				}
			default:
				return fmt.Errorf("give --webhook URL or --email-to ADDRESS")
			}
			created, err := c.client().CreateNotifyTarget(cmd.Context(), t)
			if err != nil {
				return err
			}
			return c.show(created, func() error {
				fmt.Fprintf(c.out, "target %s added (%s to %s); try it with: bamsctl notify test %s\n", created.Name, created.Kind, targetWhere(created), created.Name)
				return nil
			})
		},
	}
	add.Flags().StringVar((*string)(&t.MinLevel), "min-level", "warning", "send alerts of this level and above (info, warning, error, critical)")
	add.Flags().StringSliceVar(&t.Classes, "class", nil, "only alerts of these classes (e.g. backup-failed); default all")
	add.Flags().BoolVar(&disabled, "disabled", false, "add it switched off")
	add.Flags().StringSliceVar(&email.To, "email-to", nil, "email: recipients")
	add.Flags().StringVar(&email.Relay, "relay", "", "email: the SMTP relay, host:port (usually 587)")
	add.Flags().StringVar(&email.From, "from", "", "email: the sender address")
	add.Flags().StringVar(&email.TLS, "tls", "starttls", "email: starttls, or none for a relay on this machine")
	add.Flags().StringVar(&email.CAFile, "ca-file", "", "email: PEM certificates to trust for the relay (default the system's)")
	add.Flags().StringVar(&email.Username, "user", "", "email: the relay login")
	add.Flags().StringVar(&passwordFile, "password-file", "", "email: a file holding the relay password (- = stdin)")
	add.Flags().StringVar(&hook.URL, "webhook", "", "webhook: the URL to POST alerts to")
	add.Flags().StringVar(&secretFile, "secret-file", "", "webhook: a file holding the HMAC secret (- = stdin)")

	test := &cobra.Command{
		Use:   "test NAME",
		Short: "Send a test notification now; exit non-zero when it did not go",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := c.client().TestNotifyTarget(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if err := c.show(r, func() error {
				if r.Sent {
					fmt.Fprintf(c.out, "test notification sent to %s\n", r.Target)
				}
				return nil
			}); err != nil {
				return err
			}
			if !r.Sent {
				return fmt.Errorf("the test notification to %s was not sent: %s", r.Target, r.Error)
			}
			return nil
		},
	}
	rm := &cobra.Command{
		Use:   "rm NAME",
		Short: "Remove a target (and the notifications waiting for it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := c.client().DeleteNotifyTarget(cmd.Context(), args[0]); err != nil {
				return err
			}
			return c.show(map[string]string{"deleted": args[0]}, func() error {
				fmt.Fprintf(c.out, "target %s removed\n", args[0])
				return nil
			})
		},
	}
	queue := &cobra.Command{
		Use:   "queue",
		Short: "Show notifications waiting to be delivered (oldest first)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q, err := c.client().NotifyQueue(cmd.Context(), 50)
			if err != nil {
				return err
			}
			return c.show(q, func() error {
				w := c.table()
				fmt.Fprintf(w, "%d waiting\n", q.Total)
				fmt.Fprintln(w, "TARGET\tEVENT\tALERT\tATTEMPTS\tNEXT\tLAST ERROR")
				for _, n := range q.Notifications {
					fmt.Fprintf(w, "%s\t%s\t%s %s\t%d\t%s\t%s\n", n.Target, n.Event, n.Alert.ID, n.Alert.Subject, n.Attempts,
						n.NextAttempt.In(c.local).Format("2006-01-02 15:04:05"), dash(n.LastError))
				}
				return w.Flush()
			})
		},
	}
	cmd.AddCommand(list, add, test, rm, queue)
	return cmd
}

func targetWhere(t api.NotifyTarget) string {
	switch {
	case t.Email != nil:
		return strings.Join(t.Email.To, ",") + " via " + t.Email.Relay
	case t.Webhook != nil:
		return t.Webhook.URL
	}
	return "-"
}
