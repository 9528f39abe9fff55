package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"bams/backend/api"
)

// iscsiCmd: `bamsctl iscsi ...`, the desired iSCSI targets and their apply.
func iscsiCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "iscsi", Short: "iSCSI targets (SCST): desired state, plan, apply, sessions"}
	cmd.AddCommand(iscsiTargetCmd(c), iscsiLUNCmd(c), iscsiPlanCmd(c), iscsiApplyCmd(c), iscsiSessionsCmd(c))
	return cmd
}

// targetFlags are what create and set take. CHAP secrets are read from a
// file ("-": stdin), never from the command line, where every local user
// could read them in the process list.
type targetFlags struct {
	t                   api.ISCSITarget
	disabled            bool
	portals             []string
	inUser, outUser     string
	inSecret, outSecret string
	noCHAP, noMutual    bool
}

func (f *targetFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.t.Alias, "alias", "", "TargetAlias initiators show")
	fl.BoolVar(&f.disabled, "disabled", false, "define the target but do not let initiators log in")
	fl.StringArrayVar(&f.portals, "portal", nil, "an address the target answers on (repeatable; port 3260)")
	fl.StringArrayVar(&f.t.Initiators, "initiator", nil, "an initiator IQN allowed to see the LUNs (repeatable)")
	fl.StringVar(&f.inUser, "chap-user", "", "incoming CHAP user (initiators authenticate)")
	fl.StringVar(&f.inSecret, "chap-secret-file", "", "file holding the incoming CHAP secret (- for stdin)")
	fl.StringVar(&f.outUser, "mutual-user", "", "outgoing CHAP user (mutual CHAP: the target authenticates)")
	fl.StringVar(&f.outSecret, "mutual-secret-file", "", "file holding the outgoing CHAP secret (- for stdin)")
	fl.BoolVar(&f.noCHAP, "no-chap", false, "no CHAP: any allowed initiator logs in without a secret")
	fl.BoolVar(&f.noMutual, "no-mutual", false, "no mutual CHAP")
	cmd.MarkFlagsMutuallyExclusive("no-chap", "chap-user")
	cmd.MarkFlagsMutuallyExclusive("no-chap", "mutual-user")
	cmd.MarkFlagsMutuallyExclusive("no-mutual", "mutual-user")
}

// apply puts the flags the user gave onto t.
func (f *targetFlags) apply(cmd *cobra.Command, t *api.ISCSITarget) error {
	set := cmd.Flags().Changed
	if set("alias") {
		t.Alias = f.t.Alias
	}
	if set("disabled") {
		t.Enabled = !f.disabled
	}
	if set("portal") {
		t.Portals = nil
		for _, p := range f.portals {
			t.Portals = append(t.Portals, api.ISCSIPortal{Address: p})
		}
	}
	if set("initiator") {
		t.Initiators = f.t.Initiators
	}
	if f.noCHAP {
		t.CHAP = api.ISCSICHAP{Incoming: []api.ISCSICHAPUser{}}
	}
	if f.noMutual {
		t.CHAP.Outgoing = nil
	}
	if set("chap-user") {
		u, err := chapUser(cmd, f.inUser, f.inSecret)
		if err != nil {
			return err
		}
		t.CHAP.Incoming = []api.ISCSICHAPUser{u}
	}
	if set("mutual-user") {
		u, err := chapUser(cmd, f.outUser, f.outSecret)
		if err != nil {
			return err
		}
		t.CHAP.Outgoing = &u
	}
	return nil
}

// chapUser is user with the secret in file; without a file the stored
// secret of that user is kept.
func chapUser(cmd *cobra.Command, user, file string) (api.ISCSICHAPUser, error) {
	u := api.ISCSICHAPUser{User: user}
	if file == "" {
		return u, nil
	}
	s, err := readSecret(cmd.InOrStdin(), file)
	u.Secret = s
	return u, err
}

// readSecret reads the first line of file ("-": stdin).
func readSecret(stdin io.Reader, file string) (string, error) {
	r := stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return "", err
		}
		defer f.Close()
		r = f
	}
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func iscsiTargetCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "target", Short: "Desired iSCSI targets (nothing changes in SCST until apply)"}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the desired targets",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().ISCSITargets(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "NAME\tALIAS\tENABLED\tLUNS\tINITIATORS\tCHAP\tPORTALS")
				for _, t := range l.Targets {
					fmt.Fprintf(w, "%s\t%s\t%v\t%d\t%s\t%s\t%s\n", t.Name, dash(t.Alias), t.Enabled, len(t.LUNs),
						allOr(t.Initiators, "any"), chapText(t.CHAP), portalsText(t.Portals))
				}
				return w.Flush()
			})
		},
	}
	show := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a target with its LUNs",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.showTarget(c.client().ISCSITarget(cmd.Context(), args[0]))
		},
	}
	var cf targetFlags
	create := &cobra.Command{
		Use:   "create NAME",
		Short: "Add a target (an IQN or EUI) to the desired state",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t := api.ISCSITarget{Name: args[0], Enabled: true}
			if err := cf.apply(cmd, &t); err != nil {
				return err
			}
			return c.showTarget(c.client().CreateISCSITarget(cmd.Context(), t))
		},
	}
	cf.register(create)
	var sf targetFlags
	set := &cobra.Command{
		Use:     "set NAME",
		Aliases: []string{"edit"},
		Short:   "Change a target's settings (the flags given; CHAP users keep their secrets unless a file is given)",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := c.client().ISCSITarget(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if err := sf.apply(cmd, &t); err != nil {
				return err
			}
			return c.showTarget(c.client().UpdateISCSITarget(cmd.Context(), args[0], t))
		},
	}
	sf.register(set)
	var yes string
	rm := &cobra.Command{
		Use:   "rm NAME [--yes NAME]",
		Short: "Remove a target and its LUNs from the desired state (SCST drops it at the next apply)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if err := c.confirmRemoval(cmd, yes, "target", name, "its LUNs in the desired state (the next apply ends its sessions)"); err != nil {
				return err
			}
			if err := c.client().DeleteISCSITarget(cmd.Context(), name, name); err != nil {
				return err
			}
			fmt.Fprintf(c.out, "target %s removed from the desired state; run bamsctl iscsi plan, then apply\n", name)
			return nil
		},
	}
	rm.Flags().StringVar(&yes, "yes", "", "confirm by giving the target's name")
	cmd.AddCommand(list, show, create, set, rm)
	return cmd
}

// confirmRemoval asks for name to be typed (confirmName), unless --yes
// already gave it; the desired state changes only when it matches.
func (c *cli) confirmRemoval(cmd *cobra.Command, yes, what, name, lost string) error {
	typed, err := c.confirmName(cmd, yes, what, name, lost)
	if err != nil {
		return err
	}
	if typed != name {
		return fmt.Errorf("--yes %q is not %q: nothing removed", typed, name)
	}
	return nil
}

func iscsiLUNCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "lun", Short: "LUNs of a desired target"}
	var zvol, lv, repo, file string
	var readOnly bool
	add := &cobra.Command{
		Use:   "add TARGET LUN (--zvol POOL/VOL | --lv VG/LV | --repository ID --file PATH)",
		Short: "Add a LUN backed by a ZFS volume, an LVM LV or a file on a repository",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.ParseUint(args[1], 10, 32)
			if err != nil {
				return fmt.Errorf("LUN %q must be a number", args[1])
			}
			l := api.ISCSILUN{LUN: uint32(n), Repository: repo, File: file, ReadOnly: readOnly}
			switch {
			case zvol != "":
				l.Object = &api.StorageObject{Kind: api.ObjectZFSVolume, Name: zvol}
			case lv != "":
				l.Object = &api.StorageObject{Kind: api.ObjectLVMLV, Name: lv}
			}
			return c.showTarget(c.client().AddISCSILUN(cmd.Context(), args[0], l))
		},
	}
	add.Flags().StringVar(&zvol, "zvol", "", "a ZFS volume, POOL/VOL")
	add.Flags().StringVar(&lv, "lv", "", "an LVM logical volume, VG/LV")
	add.Flags().StringVar(&repo, "repository", "", "a repository id (with --file)")
	add.Flags().StringVar(&file, "file", "", "a file on the repository, relative to its mountpoint")
	add.Flags().BoolVar(&readOnly, "read-only", false, "initiators may only read")
	add.MarkFlagsMutuallyExclusive("zvol", "lv", "repository")
	var yes string
	rm := &cobra.Command{
		Use:   "rm TARGET LUN [--yes LUN]",
		Short: "Remove a LUN from the desired state (initiators lose it at the next apply)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.ParseUint(args[1], 10, 32)
			if err != nil {
				return fmt.Errorf("LUN %q must be a number", args[1])
			}
			if err := c.confirmRemoval(cmd, yes, "LUN", args[1], "what initiators of "+args[0]+" see as LUN "+args[1]+" (at the next apply)"); err != nil {
				return err
			}
			if err := c.client().RemoveISCSILUN(cmd.Context(), args[0], uint32(n), args[1]); err != nil {
				return err
			}
			fmt.Fprintf(c.out, "LUN %s of %s removed from the desired state; run bamsctl iscsi plan, then apply\n", args[1], args[0])
			return nil
		},
	}
	rm.Flags().StringVar(&yes, "yes", "", "confirm by giving the LUN number")
	cmd.AddCommand(add, rm)
	return cmd
}

func iscsiPlanCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "plan [TARGET]",
		Short: "Show what apply would change in SCST (of every target, or of one); empty: no drift",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := c.client().ISCSIPlan(cmd.Context(), firstArg(args))
			if err != nil {
				return err
			}
			return c.show(p, func() error { return printISCSIPlan(c, p) })
		},
	}
}

func iscsiApplyCmd(c *cli) *cobra.Command {
	var yes, dropSessions bool
	cmd := &cobra.Command{
		Use:   "apply [TARGET] [--yes] [--drop-sessions]",
		Short: "Show the plan, then apply it as one transaction (rolled back on any failure)",
		Long: "Prints the plan and asks before applying it (--yes applies without asking). bamsd refuses when SCST\n" +
			"or the desired state changed since the plan was shown, and when the plan ends sessions unless\n" +
			"--drop-sessions.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			target := firstArg(args)
			p, err := c.client().ISCSIPlan(cmd.Context(), target)
			if err != nil {
				return err
			}
			if len(p.Changes) == 0 {
				return c.show(p, func() error { return printISCSIPlan(c, p) })
			}
			if !yes {
				if err := printISCSIPlan(c, p); err != nil {
					return err
				}
				fmt.Fprint(c.out, "Apply this plan? Type yes: ")
				if typed, err := readSecret(cmd.InOrStdin(), "-"); err != nil || typed != "yes" {
					return fmt.Errorf("not applied")
				}
			}
			res, err := c.client().ApplyISCSI(cmd.Context(), target, api.ISCSIApply{PlanToken: p.Token, DropSessions: dropSessions})
			if err != nil {
				return err
			}
			return c.show(res, func() error {
				fmt.Fprintf(c.out, "applied %d changes; %s written\n", len(res.Plan.Changes), res.ConfigFile)
				for _, w := range res.Warnings {
					fmt.Fprintf(c.out, "warning: %s\n", w)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "apply without asking")
	cmd.Flags().BoolVar(&dropSessions, "drop-sessions", false, "confirm that the sessions the plan ends will drop")
	return cmd
}

func iscsiSessionsCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "sessions",
		Short: "List the initiators logged in, and the LUNs they see",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().ISCSISessions(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "TARGET\tINITIATOR\tLUNS\tCONNECTIONS")
				for _, s := range l.Sessions {
					var luns []string
					for _, n := range s.LUNs {
						luns = append(luns, strconv.FormatUint(uint64(n), 10))
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", s.Target, s.Initiator, allOr(luns, "-"), allOr(s.Connections, "-"))
				}
				return w.Flush()
			})
		},
	}
}

// showTarget prints a target a call answered, or its error.
func (c *cli) showTarget(t api.ISCSITarget, err error) error {
	if err != nil {
		return err
	}
	return c.show(t, func() error { return printISCSITarget(c, t) })
}

func printISCSITarget(c *cli, t api.ISCSITarget) error {
	w := c.table()
	fmt.Fprintf(w, "name\t%s\nalias\t%s\nenabled\t%v\nportals\t%s\ninitiators\t%s\nchap\t%s\n",
		t.Name, dash(t.Alias), t.Enabled, portalsText(t.Portals), allOr(t.Initiators, "any"), chapText(t.CHAP))
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(c.out)
	w = c.table()
	fmt.Fprintln(w, "LUN\tBACKING\tREAD-ONLY\tDEVICE")
	for _, l := range t.LUNs {
		backing := "file " + l.File + " on " + l.Repository
		if l.Object != nil {
			backing = l.Object.Kind + " " + l.Object.Name
		}
		fmt.Fprintf(w, "%d\t%s\t%v\t%s\n", l.LUN, backing, l.ReadOnly, l.Device)
	}
	return w.Flush()
}

func printISCSIPlan(c *cli, p api.ISCSIPlan) error {
	if len(p.Changes) == 0 {
		fmt.Fprintln(c.out, "nothing to apply: SCST runs the desired state")
		return nil
	}
	force := ""
	if p.Force {
		force = " (removes something: applied with -force)"
	}
	fmt.Fprintf(c.out, "%d changes%s:\n", len(p.Changes), force)
	for _, ch := range p.Changes {
		fmt.Fprintf(c.out, "  %s\n", ch.Text)
	}
	for _, s := range p.Drops {
		fmt.Fprintf(c.out, "drops the session of %s on %s\n", s.Initiator, s.Target)
	}
	return nil
}

func chapText(ch api.ISCSICHAP) string {
	switch {
	case len(ch.Incoming) == 0:
		return "none"
	case ch.Outgoing != nil:
		return "mutual (" + ch.Incoming[0].User + ", " + ch.Outgoing.User + ")"
	}
	return "incoming (" + ch.Incoming[0].User + ")"
}

func portalsText(ps []api.ISCSIPortal) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Address)
	}
	return allOr(out, "all")
}

func allOr(s []string, none string) string {
	if len(s) == 0 {
		return none
	}
	return strings.Join(s, ",")
}

func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}
