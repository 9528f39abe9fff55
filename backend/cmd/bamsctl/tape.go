package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"bams/backend/api"
	"bams/backend/client"
)

// tapeCmd is `bamsctl tape`: the libraries, cartridge moves (each a task
// in its library's move queue) and the media inventory.
func tapeCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "tape", Short: "Tape libraries: drives, slots, moves, cleaning and media"}
	var changer string
	cmd.PersistentFlags().StringVar(&changer, "changer", "", "the tape library (needed when there are several)")
	cmd.AddCommand(tapeLibraryCmd(c), tapeDrivesCmd(c, &changer), tapeSlotsCmd(c, &changer), tapeMediaCmd(c, &changer),
		tapeReconcileCmd(c), tapeFixCmd(c, &changer), tapeInventoryCmd(c, &changer), tapeVirtualCmd(c))
	drive := func(use, short string, start func(*client.Client, context.Context, int, api.TapeMove) (api.Task, error), slotArg bool) *cobra.Command {
		var wait bool
		args := cobra.RangeArgs(1, 2)
		if !slotArg {
			args = cobra.ExactArgs(1)
		}
		var slot int
		sub := &cobra.Command{Use: use, Short: short, Args: args,
			RunE: func(cmd *cobra.Command, args []string) error {
				n, err := number("DRIVE", args[0])
				if err != nil {
					return err
				}
				m := api.TapeMove{Changer: changer, Slot: slot}
				if len(args) == 2 {
					if m.Slot, err = number("SLOT", args[1]); err != nil {
						return err
					}
				}
				t, err := start(c.client(), cmd.Context(), n, m)
				if err != nil {
					return err
				}
				return c.started(cmd.Context(), t, wait)
			}}
		sub.Flags().BoolVar(&wait, "wait", false, "wait for the move to end")
		if !slotArg {
			sub.Flags().IntVar(&slot, "slot", 0, "the cleaning cartridge's slot (default: the least used one)")
		}
		return sub
	}
	slots := func(use, short string, start func(*client.Client, context.Context, api.TapeMove) (api.Task, error)) *cobra.Command {
		var wait bool
		sub := &cobra.Command{Use: use, Short: short, Args: cobra.ExactArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				from, err := number("FROM", args[0])
				if err != nil {
					return err
				}
				to, err := number("TO", args[1])
				if err != nil {
					return err
				}
				t, err := start(c.client(), cmd.Context(), api.TapeMove{Changer: changer, From: from, To: to})
				if err != nil {
					return err
				}
				return c.started(cmd.Context(), t, wait)
			}}
		sub.Flags().BoolVar(&wait, "wait", false, "wait for the move to end")
		return sub
	}
	cmd.AddCommand(
		drive("load DRIVE SLOT", "Load the cartridge in SLOT into DRIVE (refused while Bacula uses the drive)", (*client.Client).TapeLoad, true),
		drive("unload DRIVE [SLOT]", "Put DRIVE's cartridge into SLOT (default: back where it came from); its data stays on it", (*client.Client).TapeUnload, true),
		drive("clean DRIVE", "Clean DRIVE with a cleaning cartridge (loaded, ejected by the drive, put back, use counted)", (*client.Client).TapeClean, false),
		slots("transfer FROM TO", "Move a cartridge from storage slot FROM to storage slot TO", (*client.Client).TapeTransfer),
		slots("import MAILSLOT SLOT", "Move a cartridge from an import/export slot into a storage slot", (*client.Client).TapeImport),
		slots("export SLOT MAILSLOT", "Move a cartridge into an import/export slot to take it out; its data and catalog record stay", (*client.Client).TapeExport),
	)
	return cmd
}

func number(name, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s %q must be a number", name, s)
	}
	return n, nil
}

func tapeLibraryCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "library",
		Short: "List the tape libraries: drives, slots, mail slots, move queue",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().TapeLibrary(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "NAME\tDEVICE\tMODEL\tDRIVES\tSLOTS\tMAIL SLOTS\tBACULA STORAGE\tQUEUE")
				for _, ch := range l.Changers {
					fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%d\t%s\t%d\n", ch.Name, ch.Device, strings.TrimSpace(ch.Vendor+" "+ch.Model),
						ch.Drives, ch.Slots, ch.MailSlots, dash(ch.BaculaStorage), len(ch.Queue))
				}
				if err := w.Flush(); err != nil {
					return err
				}
				for _, ch := range l.Changers {
					if ch.Error != "" {
						fmt.Fprintf(c.out, "%s: %s\n", ch.Name, ch.Error)
					}
					for _, q := range ch.Queue {
						state := "waiting"
						if q.Running {
							state = "running"
						}
						fmt.Fprintf(c.out, "%s: %s (%s, task %s)\n", ch.Name, q.What, state, q.TaskID)
					}
					for _, wn := range ch.Warnings {
						fmt.Fprintf(c.out, "%s: warning: %s\n", ch.Name, wn)
					}
				}
				return nil
			})
		},
	}
}

func tapeDrivesCmd(c *cli, changer *string) *cobra.Command {
	return &cobra.Command{
		Use:   "drives",
		Short: "List the drives: what each holds, where it came from, whether Bacula uses it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().TapeDrives(cmd.Context(), *changer)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "LIBRARY\tDRIVE\tDEVICE\tHOLDS\tFROM SLOT\tIN USE\tTAPEALERT")
				for _, d := range l.Drives {
					holds, from := "-", "-"
					if d.Full {
						holds = dash(d.Barcode)
						from = strconv.Itoa(d.SourceSlot)
						if d.SourceUnknown {
							from = "unknown"
							if d.SuggestedSlot > 0 {
								from += fmt.Sprintf(" (was in %d)", d.SuggestedSlot)
							}
						}
					}
					fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%s\t%s\n", d.Changer, d.Number, dash(d.Device), holds, from, dash(d.InUse),
						dash(strings.Join(d.TapeAlerts, ", ")))
				}
				return w.Flush()
			})
		},
	}
}

func tapeSlotsCmd(c *cli, changer *string) *cobra.Command {
	return &cobra.Command{
		Use:   "slots",
		Short: "List the storage and import/export slots with their barcodes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := c.client().TapeSlots(cmd.Context(), *changer)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "LIBRARY\tSLOT\tKIND\tBARCODE")
				for _, s := range l.Slots {
					kind := "storage"
					if s.MailSlot {
						kind = "mail"
					}
					holds := "(empty)"
					if s.Full {
						holds = dash(s.Barcode)
						if s.Cleaning {
							holds += " (cleaning)"
						}
					}
					fmt.Fprintf(w, "%s\t%d\t%s\t%s\n", s.Changer, s.Number, kind, holds)
				}
				return w.Flush()
			})
		},
	}
}

// mediaCmd is `bamsctl media list|reconcile`: the media inventory and its
// reconciliation with the Bacula catalog, the same commands as `bamsctl
// tape media` and `bamsctl tape reconcile` under the names an operator
// looking for media tries first.
func mediaCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{Use: "media", Short: "The tape media inventory and its reconciliation with Bacula"}
	var changer string
	cmd.PersistentFlags().StringVar(&changer, "changer", "", "the tape library (needed when there are several)")
	list := tapeMediaCmd(c, &changer)
	list.Use = "list [--pool P] [--location slot|drive|mail-slot|outside]"
	cmd.AddCommand(list, tapeReconcileCmd(c))
	return cmd
}

func tapeMediaCmd(c *cli, changer *string) *cobra.Command {
	var q client.TapeMediaQuery
	cmd := &cobra.Command{
		Use:   "media [--pool P] [--location slot|drive|mail-slot|outside]",
		Short: "List the media inventory: where each cartridge is, its Bacula pool and status",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q.Changer = *changer
			l, err := c.client().TapeMedia(cmd.Context(), q)
			if err != nil {
				return err
			}
			return c.show(l, func() error {
				w := c.table()
				fmt.Fprintln(w, "BARCODE\tLOCATION\tPOOL\tSTATUS\tLAST SEEN\tLAST WRITTEN")
				for _, m := range l.Media {
					where := m.Location
					if m.Location != api.TapeOutside {
						where = fmt.Sprintf("%s %d of %s", m.Location, m.Number, m.Changer)
					}
					status := dash(m.VolumeStatus)
					if m.Cleaning {
						status = fmt.Sprintf("cleaning, used %d times", m.CleaningUses)
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", m.Barcode, where, dash(m.Pool), status, when(m.LastSeen, c.local), when(m.LastWritten, c.local))
				}
				if err := w.Flush(); err != nil {
					return err
				}
				if l.CatalogError != "" {
					fmt.Fprintf(c.out, "pools and statuses are the last known: %s\n", l.CatalogError)
				}
				if l.Next != "" {
					fmt.Fprintf(c.out, "more: --cursor %s\n", l.Next)
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&q.Pool, "pool", "", "only this Bacula pool")
	f.StringVar(&q.Location, "location", "", "only slot, drive, mail-slot or outside")
	f.IntVar(&q.Limit, "limit", 0, "page size (1-1000, default 100)")
	f.StringVar(&q.Cursor, "cursor", "", "the next page, from a previous listing")
	return cmd
}

func tapeReconcileCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "reconcile",
		Short: "Compare the libraries with the Bacula catalog, with the fix for each difference",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := c.client().TapeReconcile(cmd.Context())
			if err != nil {
				return err
			}
			return c.show(r, func() error {
				if len(r.Findings) == 0 {
					_, err := fmt.Fprintln(c.out, "the libraries and the catalog agree")
					return err
				}
				w := c.table()
				fmt.Fprintln(w, "LIBRARY\tBARCODE\tFINDING\tFIX")
				for _, f := range r.Findings {
					fix := fmt.Sprintf("bamsctl tape fix %s --slots %d", f.Fix, f.Slot)
					if f.Fix == api.TapeFixLabelBarcodes {
						fix += " --pool POOL"
					}
					if f.Slot == 0 {
						fix = "-"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", f.Changer, f.Barcode, f.Text, fix)
				}
				return w.Flush()
			})
		},
	}
}

func tapeFixCmd(c *cli, changer *string) *cobra.Command {
	var fix api.TapeFix
	var slots string
	var wait bool
	cmd := &cobra.Command{
		Use:   "fix update-slots|label-barcodes --slots 3,7 [--pool P]",
		Short: "Run a catalog fix through bconsole (update slots, or label barcodes into a pool)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fix.Fix, fix.Changer = args[0], *changer
			for _, s := range strings.Split(slots, ",") {
				n, err := number("--slots", strings.TrimSpace(s))
				if err != nil {
					return err
				}
				fix.Slots = append(fix.Slots, n)
			}
			t, err := c.client().TapeFix(cmd.Context(), fix)
			if err != nil {
				return err
			}
			return c.started(cmd.Context(), t, wait)
		},
	}
	cmd.Flags().StringVar(&slots, "slots", "", "the slots, comma separated")
	cmd.Flags().StringVar(&fix.Pool, "pool", "", "label-barcodes: the pool the new volumes go to")
	cmd.Flags().BoolVar(&wait, "wait", false, "wait for the task to end")
	return cmd
}

func tapeInventoryCmd(c *cli, changer *string) *cobra.Command {
	var wait bool
	cmd := &cobra.Command{
		Use:   "inventory [--wait]",
		Short: "Make the library re-read every barcode (mtx inventory), in its move queue",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t, err := c.client().TapeInventory(cmd.Context(), api.TapeInventory{Changer: *changer})
			if err != nil {
				return err
			}
			return c.started(cmd.Context(), t, wait)
		},
	}
	cmd.Flags().BoolVar(&wait, "wait", false, "wait for the task to end")
	return cmd
}

func tapeVirtualCmd(c *cli) *cobra.Command {
	var spec api.TapeVirtualSpec
	cmd := &cobra.Command{
		Use:   "virtual --drives N --slots N [--mail-slots N] [--model LTO-8] [--prefix BAM --cartridges N]",
		Short: "Generate and check mhvtl's configuration for a virtual library, with the steps to start it (nothing is run)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := c.client().TapeVirtual(cmd.Context(), spec)
			if err != nil {
				return err
			}
			return c.show(p, func() error {
				names := make([]string, 0, len(p.Files))
				for name := range p.Files {
					names = append(names, name)
				}
				sort.Strings(names)
				for _, name := range names {
					fmt.Fprintf(c.out, "# %s\n%s\n", name, p.Files[name])
				}
				for _, pr := range p.Problems {
					fmt.Fprintf(c.out, "problem: %s\n", pr)
				}
				for i, s := range p.Steps {
					fmt.Fprintf(c.out, "%d. %s\n", i+1, s.Title)
					for _, command := range s.Commands {
						fmt.Fprintf(c.out, "   %s\n", command)
					}
					if s.Note != "" {
						fmt.Fprintf(c.out, "   (%s)\n", s.Note)
					}
				}
				_, err := fmt.Fprintln(c.out, p.Note)
				return err
			})
		},
	}
	f := cmd.Flags()
	f.IntVar(&spec.ID, "id", 0, "mhvtl's library id, 1-99 (default 10)")
	f.IntVar(&spec.Drives, "drives", 0, "drives, 1-16")
	f.IntVar(&spec.Slots, "slots", 0, "storage slots")
	f.IntVar(&spec.MailSlots, "mail-slots", 0, "import/export slots")
	f.StringVar(&spec.Model, "model", "", "drive model: LTO-5, LTO-6, LTO-7 or LTO-8 (default LTO-8)")
	f.StringVar(&spec.BarcodePrefix, "prefix", "", "barcode prefix of the cartridges (BAM makes BAM001L8, ...)")
	f.IntVar(&spec.Cartridges, "cartridges", 0, "how many cartridges fill the first slots")
	return cmd
}
