package tapesvc

import (
	"context"
	"fmt"
	"time"

	"bams/backend/api"
	"bams/backend/internal/mtx"
	"bams/backend/internal/tasks"
)

// Waiting for a drive to finish cleaning: it ejects the cartridge when
// done (a minute or two for LTO); until then the unload is refused.
const (
	cleanPoll = 15 * time.Second
	cleanWait = 15 * time.Minute
)

// Clean cleans drive with the cleaning cartridge in req.Slot, or (0) the
// least used one that is not used up: it loads it, waits for the drive to
// clean and eject it, puts it back and counts the use.
func (s *Service) Clean(ctx context.Context, by api.Caller, drive int, req api.TapeMove) (api.Task, error) {
	m := mtx.Move{Kind: mtx.Clean, Drive: drive, From: req.Slot}
	if m.From != 0 {
		if err := m.Validate(); err != nil {
			return api.Task{}, badMove(err)
		}
	} else if err := mtx.CheckDrive(drive); err != nil {
		return api.Task{}, badMove(err)
	}
	c, err := s.lookup(ctx, req.Changer)
	if err != nil {
		return api.Task{}, err
	}
	// pick chooses the cartridge (when none was named) and checks the move
	// against st, under the context of whoever asks: the request, then the task.
	pick := func(ctx context.Context, st *mtx.Status) (mtx.Move, error) {
		mv := m
		if mv.From == 0 {
			slot, err := s.cleaningSlot(st)
			if err != nil {
				return mv, err
			}
			mv.From = slot
		}
		return s.check(ctx, c, st, mv)
	}
	if c.queue.idle() {
		st, _, err := s.status(ctx, c)
		if err != nil {
			return api.Task{}, err
		}
		if _, err := pick(ctx, &st); err != nil {
			return api.Task{}, err
		}
	}
	return s.queued(c, TaskClean, fmt.Sprintf("clean drive %d", drive), by, func(ctx context.Context, run *tasks.Run) error {
		st, _, err := s.readStatus(ctx, c)
		if err != nil {
			return err
		}
		m, err := pick(ctx, &st)
		if err != nil {
			return err
		}
		sl, _ := st.Slot(m.From)
		run.Progress(api.Progress{Percent: 10, Step: fmt.Sprintf("loading cleaning cartridge %s from slot %d into drive %d", sl.Tag, m.From, drive)})
		if err := s.move(ctx, run, c, m); err != nil {
			return err
		}
		if err := s.countUse(sl.Tag); err != nil {
			run.Log("warn", "counting the cleaning cartridge's use: "+err.Error())
		}
		run.Progress(api.Progress{Percent: 50, Step: fmt.Sprintf("drive %d is cleaning; putting %s back into slot %d once it ejects it", drive, sl.Tag, m.From)})
		return s.returnCleaning(ctx, run, c, drive, m.From)
	})
}

// cleaningSlot picks the cleaning cartridge with the fewest uses that is
// not used up.
func (s *Service) cleaningSlot(st *mtx.Status) (int, error) {
	uses := map[string]int{}
	s.o.Store.ListTapeMedia("", func(r api.TapeMedium) bool {
		if r.Cleaning {
			uses[r.Barcode] = r.CleaningUses
		}
		return true
	})
	best, bestUses := 0, 0
	for _, sl := range st.Slots {
		if !sl.Full || sl.MailSlot || !mtx.IsCleaning(sl.Tag, s.o.CleaningPrefix) || uses[sl.Tag] >= s.o.CleaningMaxUses {
			continue
		}
		if best == 0 || uses[sl.Tag] < bestUses {
			best, bestUses = sl.Number, uses[sl.Tag]
		}
	}
	if best == 0 {
		return 0, &api.Error{Kind: api.KindConflict, Field: "slot", Message: fmt.Sprintf(
			"no usable cleaning cartridge (barcode %s..., fewer than %d uses) in a storage slot: import one", s.o.CleaningPrefix, s.o.CleaningMaxUses)}
	}
	return best, nil
}

// returnCleaning unloads the cleaning cartridge into its slot once the
// drive has ejected it (some drives eject at once and the library already
// put it back: then the drive is empty and nothing is left to do).
func (s *Service) returnCleaning(ctx context.Context, run *tasks.Run, c *changer, drive, slot int) error {
	deadline := s.o.Now().Add(cleanWait)
	for {
		st, _, err := s.readStatus(context.WithoutCancel(ctx), c)
		if err != nil {
			return err
		}
		if d, ok := st.Drive(drive); ok && !d.Full {
			run.Log("info", fmt.Sprintf("drive %d is empty again: the library put the cartridge back", drive))
			return nil
		}
		err = mtx.Run(context.WithoutCancel(ctx), s.o.Runner, c.Device, mtx.Move{Kind: mtx.Unload, Drive: drive, To: slot}, s.mtxOptions())
		if err == nil {
			_, _, err = s.readStatus(context.WithoutCancel(ctx), c)
			return err
		}
		if !(mtx.IsKind(err, mtx.NeedsEject) || mtx.IsKind(err, mtx.MediumRemovalPrevented)) || s.o.Now().After(deadline) {
			return err
		}
		run.Log("info", "the drive is still cleaning: "+err.Error())
		select {
		case <-ctx.Done():
			return fmt.Errorf("cancelled while drive %d cleans: the cleaning cartridge is still in it; unload it into slot %d", drive, slot)
		case <-time.After(s.cleanPoll()):
		}
	}
}

func (s *Service) cleanPoll() time.Duration {
	if s.o.CleanPoll > 0 {
		return s.o.CleanPoll
	}
	return cleanPoll
}

// countUse adds one use to a cleaning cartridge's record.
func (s *Service) countUse(tag string) error {
	if !usableBarcode(tag) {
		return nil
	}
	return s.o.Store.UpdateTapeMedia(func(m map[string]api.TapeMedium) error {
		r := m[tag]
		r.Barcode, r.Cleaning = tag, true
		r.CleaningUses++
		m[tag] = r
		return nil
	})
}
