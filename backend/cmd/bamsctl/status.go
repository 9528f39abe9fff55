package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"bams/backend/api"
)

func statusCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show bamsd's health and the appliance at a glance",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			h, err := c.client().Health(ctx)
			if err != nil {
				return err
			}
			d, err := c.client().Dashboard(ctx)
			if err != nil {
				return err
			}
			both := struct {
				Health    api.Health    `json:"health"`
				Dashboard api.Dashboard `json:"dashboard"`
			}{h, d}
			return c.show(both, func() error {
				loc := c.location(d.TimeZone)
				w := c.table()
				fmt.Fprintf(w, "bamsd\t%s, version %s, up %s\n", h.Status, h.Version, time.Duration(h.Uptime)*time.Second)
				fmt.Fprintf(w, "host\t%s (%s, kernel %s)\n", d.Hostname, d.OS, d.Kernel)
				fmt.Fprintf(w, "uptime\t%s, load %.2f %.2f %.2f\n", time.Duration(d.UptimeSeconds)*time.Second, d.Load[0], d.Load[1], d.Load[2])
				fmt.Fprintf(w, "memory\t%s available of %s\n", humanBytes(d.Memory.Available), humanBytes(d.Memory.Total))
				fmt.Fprintf(w, "backup root\t%s\n", usageLine(d.BackupRoot))
				fmt.Fprintf(w, "restore root\t%s\n", usageLine(d.RestoreRoot))
				fmt.Fprintf(w, "time zone\t%s\n", d.TimeZone)
				fmt.Fprintf(w, "tools\t%s\n", toolSummary(d.Tools))
				fmt.Fprintf(w, "running tasks\t%d\n", len(d.Running))
				for _, t := range d.Failed {
					fmt.Fprintf(w, "failed task\t%s %s %s: %s\n", t.ID, t.Kind, when(t.Finished, loc), t.Error)
				}
				return w.Flush()
			})
		},
	}
}

// usageLine is a folder with the free space of its file system.
func usageLine(u api.DiskUsage) string {
	if u.Error != "" {
		return u.Path + ": " + u.Error
	}
	return fmt.Sprintf("%s: %s free of %s", u.Path, humanBytes(u.Free), humanBytes(u.Total))
}

func toolSummary(tools []api.ToolStatus) string {
	var parts []string
	checked := false
	for _, t := range tools {
		checked = checked || !t.Checked.IsZero()
		switch {
		case t.Checked.IsZero():
		case !t.Installed:
			parts = append(parts, t.Name+" (missing)")
		case t.Error != "":
			parts = append(parts, t.Name+" (error)")
		default:
			parts = append(parts, t.Name+" "+t.Version)
		}
	}
	if !checked {
		return "not checked yet: run `bamsctl selfcheck`"
	}
	return strings.Join(parts, ", ")
}

// location is the appliance's time zone as bamsd names it, else the local one.
func (c *cli) location(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return c.local
}

func when(t *time.Time, loc *time.Location) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.In(loc).Format("2006-01-02 15:04:05 MST")
}

func humanBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
