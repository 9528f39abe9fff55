package tapesvc

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/mtx"
	"bams/backend/internal/sglogs"
)

// Alert classes of the tape service.
const (
	AlertDriveNeedsCleaning = "drive-needs-cleaning"
	AlertCleaningUsedUp     = "cleaning-cartridge-used-up"
	AlertDriveUnknownSource = "drive-unknown-source"
)

// AlertConditions is the tape service's periodic check: drives that ask
// to be cleaned (TapeAlert, where sg_logs and the drive's node are here),
// cleaning cartridges used up (by BAMS's count, or the drive saying so),
// and drives holding a cartridge whose source slot the library forgot.
// It is the one reader of the drives' TapeAlert page, which a drive
// clears when it is read.
func (s *Service) AlertConditions(ctx context.Context) ([]api.AlertCondition, error) {
	all, err := s.libraries(ctx)
	if err != nil {
		return nil, err
	}
	var in []libraryCheck
	var errs []error
	for _, c := range all {
		st, _, err := s.status(ctx, c)
		if err != nil {
			errs = append(errs, fmt.Errorf("tape library %s: %w", c.Name, err))
			continue
		}
		lc := libraryCheck{name: c.Name, status: &st, alerts: s.tapeAlerts(ctx, c)}
		in = append(in, lc)
		flags := map[int][]string{}
		for n, ta := range lc.alerts {
			for _, f := range ta.Active {
				flags[n] = append(flags[n], f.Name)
			}
		}
		c.mu.Lock()
		c.alerts = flags
		c.mu.Unlock()
	}
	var media []api.TapeMedium
	if err := s.o.Store.ListTapeMedia("", func(r api.TapeMedium) bool {
		if r.Cleaning {
			media = append(media, r)
		}
		return true
	}); err != nil {
		errs = append(errs, err)
	}
	return conditions(in, media, s.o.CleaningMaxUses, s.o.CleaningPrefix), errors.Join(errs...)
}

// libraryCheck is what the check read of one library.
type libraryCheck struct {
	name   string
	status *mtx.Status
	alerts map[int]sglogs.TapeAlert // by drive number, where read
}

// tapeAlerts reads each configured drive's TapeAlert page. A machine
// without sg_logs, or a drive without the page, has none.
func (s *Service) tapeAlerts(ctx context.Context, c *changer) map[int]sglogs.TapeAlert {
	out := map[int]sglogs.TapeAlert{}
	for n, dev := range c.Drives {
		ta, err := sglogs.Read(ctx, s.o.Runner, dev)
		var missing *execx.MissingError
		if errors.As(err, &missing) {
			return out
		}
		if err != nil {
			s.o.Log.Debug("tape alert", "drive", dev, "err", err)
			continue
		}
		out[n] = ta
	}
	return out
}

// conditions is the pure part of the check.
func conditions(libs []libraryCheck, cleaning []api.TapeMedium, maxUses int, prefix string) []api.AlertCondition {
	out := []api.AlertCondition{}
	usedUp := map[string]string{}
	for _, l := range libs {
		for _, d := range l.status.Drives {
			subject := fmt.Sprintf("tape-drive/%s/%d", l.name, d.Number)
			if d.Full && d.Source == 0 {
				out = append(out, api.AlertCondition{Class: AlertDriveUnknownSource, Subject: subject, Level: api.AlertWarning,
					Text: fmt.Sprintf("drive %d of %s holds %s and the library does not know which slot it came from (a power cycle?): unload it into a free slot you name",
						d.Number, l.name, tagOr(d.Tag))})
			}
			ta, ok := l.alerts[d.Number]
			if !ok {
				continue
			}
			switch {
			case ta.Has(sglogs.CleanNow):
				out = append(out, api.AlertCondition{Class: AlertDriveNeedsCleaning, Subject: subject, Level: api.AlertError,
					Text: fmt.Sprintf("drive %d of %s must be cleaned now (TapeAlert 20)", d.Number, l.name)})
			case ta.Has(sglogs.CleanPeriodic):
				out = append(out, api.AlertCondition{Class: AlertDriveNeedsCleaning, Subject: subject, Level: api.AlertWarning,
					Text: fmt.Sprintf("drive %d of %s is due for its periodic cleaning (TapeAlert 21)", d.Number, l.name)})
			}
			if ta.Has(sglogs.ExpiredCleaningMedia) && d.Full && mtx.IsCleaning(d.Tag, prefix) {
				usedUp[d.Tag] = fmt.Sprintf("drive %d of %s reports cleaning cartridge %s expired (TapeAlert 22): replace it", d.Number, l.name, d.Tag)
			}
		}
	}
	for _, r := range cleaning {
		if r.CleaningUses >= maxUses && r.Location != api.TapeOutside {
			if _, ok := usedUp[r.Barcode]; !ok {
				usedUp[r.Barcode] = fmt.Sprintf("cleaning cartridge %s has been used %d times (of %d): replace it", r.Barcode, r.CleaningUses, maxUses)
			}
		}
	}
	tags := make([]string, 0, len(usedUp))
	for t := range usedUp {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	for _, t := range tags {
		out = append(out, api.AlertCondition{Class: AlertCleaningUsedUp, Subject: "tape-cartridge/" + t, Level: api.AlertWarning, Text: usedUp[t]})
	}
	return out
}
