package tapesvc

import (
	"context"
	"fmt"
	"time"

	"bams/backend/api"
	"bams/backend/internal/mtx"
)

// Library lists every changer with its counts, queue and warnings. A
// changer whose status cannot be read is listed with the error.
func (s *Service) Library(ctx context.Context) (api.TapeLibrary, error) {
	all, err := s.libraries(ctx)
	if err != nil {
		return api.TapeLibrary{}, err
	}
	out := api.TapeLibrary{Changers: make([]api.TapeChanger, 0, len(all))}
	for _, c := range all {
		w := api.TapeChanger{Name: c.Name, Device: c.Device, Vendor: c.vendor, Model: c.model,
			BaculaStorage: c.BaculaStorage, Queue: c.queue.list(), Warnings: []string{}}
		st, at, err := s.status(ctx, c)
		if err != nil {
			w.Error = err.Error()
			out.Changers = append(out.Changers, w)
			continue
		}
		w.StatusAt = &at
		w.Drives = len(st.Drives)
		for _, sl := range st.Slots {
			if sl.MailSlot {
				w.MailSlots++
			} else {
				w.Slots++
			}
		}
		for _, wn := range st.Warnings {
			w.Warnings = append(w.Warnings, wn.String())
		}
		out.Changers = append(out.Changers, w)
	}
	return out, nil
}

// Drives lists the drives of one changer ("" all), with what Bacula does
// with each and the slot to unload a cartridge of unknown source into.
func (s *Service) Drives(ctx context.Context, name string) ([]api.TapeDrive, error) {
	cs, err := s.selected(ctx, name)
	if err != nil {
		return nil, err
	}
	use := s.baculaUse(ctx, listAsk)
	out := []api.TapeDrive{}
	for _, c := range cs {
		st, _, err := s.status(ctx, c)
		if err != nil {
			return nil, err
		}
		busy := use.busyDrives(c, &st)
		c.mu.Lock()
		alerts := c.alerts
		c.mu.Unlock()
		for _, d := range st.Drives {
			w := api.TapeDrive{Changer: c.Name, Number: d.Number, Full: d.Full, Barcode: d.Tag, SourceSlot: d.Source,
				SourceUnknown: d.Full && d.Source == 0, Cleaning: mtx.IsCleaning(d.Tag, s.o.CleaningPrefix),
				InUse: busy[d.Number], TapeAlerts: alerts[d.Number]}
			if d.Number < len(c.Drives) {
				w.Device = c.Drives[d.Number]
			}
			if w.SourceUnknown {
				w.SuggestedSlot = s.suggestSlot(&st, d.Tag)
			}
			out = append(out, w)
		}
	}
	return out, nil
}

// Slots lists the storage and mail slots of one changer ("" all).
func (s *Service) Slots(ctx context.Context, name string) ([]api.TapeSlot, error) {
	cs, err := s.selected(ctx, name)
	if err != nil {
		return nil, err
	}
	out := []api.TapeSlot{}
	for _, c := range cs {
		st, _, err := s.status(ctx, c)
		if err != nil {
			return nil, err
		}
		for _, sl := range st.Slots {
			out = append(out, api.TapeSlot{Changer: c.Name, Number: sl.Number, MailSlot: sl.MailSlot, Full: sl.Full,
				Barcode: sl.Tag, Cleaning: mtx.IsCleaning(sl.Tag, s.o.CleaningPrefix)})
		}
	}
	return out, nil
}

// selected is one named changer, or all of them for "".
func (s *Service) selected(ctx context.Context, name string) ([]*changer, error) {
	if name == "" {
		return s.libraries(ctx)
	}
	c, err := s.lookup(ctx, name)
	if err != nil {
		return nil, err
	}
	return []*changer{c}, nil
}

// status reads the changer's status now, unless a move holds the robot:
// then the last status read is the answer (mtx talks to a changer one
// command at a time, and a load can take many minutes).
func (s *Service) status(ctx context.Context, c *changer) (mtx.Status, time.Time, error) {
	c.reads.Lock()
	defer c.reads.Unlock()
	if c.dev.TryLock() {
		defer c.dev.Unlock()
		return s.readStatus(ctx, c)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status == nil {
		return mtx.Status{}, time.Time{}, &api.Error{Kind: api.KindBusy,
			Message: fmt.Sprintf("tape library %s is moving a cartridge; its status is read when the move ends", c.Name)}
	}
	return *c.status, c.statusAt, nil
}

// readStatus runs `mtx status` (the caller holds c.dev), keeps it as the
// changer's last known status, and records where each cartridge is.
func (s *Service) readStatus(ctx context.Context, c *changer) (mtx.Status, time.Time, error) {
	st, err := mtx.ReadStatus(ctx, s.o.Runner, c.Device, mtx.Options{Retry: s.o.Retry})
	now := s.o.Now().UTC()
	c.mu.Lock()
	if err == nil {
		c.status, c.statusAt = &st, now
	}
	c.err = err
	c.mu.Unlock()
	if err != nil {
		return mtx.Status{}, time.Time{}, err
	}
	if err := s.recordSeen(c, &st, now); err != nil {
		s.o.Log.Error("tape media inventory", "changer", c.Name, "err", err)
	}
	return st, now, nil
}
