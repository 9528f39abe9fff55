package tapesvc

import (
	"context"
	"errors"
	"fmt"

	"bams/backend/api"
	"bams/backend/internal/mtx"
	"bams/backend/internal/tasks"
)

// Task kinds of the tape service.
const (
	TaskMove      = "tape-move"
	TaskInventory = "tape-inventory"
	TaskClean     = "tape-clean"
	TaskFix       = "tape-catalog-fix"
)

// Load loads the cartridge in slot into drive.
func (s *Service) Load(ctx context.Context, by api.Caller, drive int, req api.TapeMove) (api.Task, error) {
	return s.startMove(ctx, by, req.Changer, mtx.Move{Kind: mtx.Load, Drive: drive, From: req.Slot})
}

// Unload puts drive's cartridge into req.Slot, or back where the library
// says it came from (0).
func (s *Service) Unload(ctx context.Context, by api.Caller, drive int, req api.TapeMove) (api.Task, error) {
	return s.startMove(ctx, by, req.Changer, mtx.Move{Kind: mtx.Unload, Drive: drive, To: req.Slot})
}

// Transfer moves a cartridge between storage slots.
func (s *Service) Transfer(ctx context.Context, by api.Caller, req api.TapeMove) (api.Task, error) {
	return s.startMove(ctx, by, req.Changer, mtx.Move{Kind: mtx.Transfer, From: req.From, To: req.To})
}

// Import moves a cartridge from a mail slot into a storage slot.
func (s *Service) Import(ctx context.Context, by api.Caller, req api.TapeMove) (api.Task, error) {
	return s.startMove(ctx, by, req.Changer, mtx.Move{Kind: mtx.Import, From: req.From, To: req.To})
}

// Export moves a cartridge from a storage slot into a mail slot. Its data
// stays on it; the catalog keeps the volume.
func (s *Service) Export(ctx context.Context, by api.Caller, req api.TapeMove) (api.Task, error) {
	return s.startMove(ctx, by, req.Changer, mtx.Move{Kind: mtx.Export, From: req.From, To: req.To})
}

// Inventory makes the library re-read every barcode (`mtx inventory`),
// then reads its status, in the move queue.
func (s *Service) Inventory(ctx context.Context, by api.Caller, req api.TapeInventory) (api.Task, error) {
	c, err := s.lookup(ctx, req.Changer)
	if err != nil {
		return api.Task{}, err
	}
	return s.queued(c, TaskInventory, "inventory", by, func(ctx context.Context, run *tasks.Run) error {
		run.Progress(api.Progress{Percent: 10, Step: "the library re-reads every slot's barcode"})
		st, err := mtx.Inventory(context.WithoutCancel(ctx), s.o.Runner, c.Device, s.mtxOptions())
		if err != nil {
			return err
		}
		now := s.o.Now().UTC()
		c.mu.Lock()
		c.status, c.statusAt, c.err = &st, now, nil
		c.mu.Unlock()
		if err := s.recordSeen(c, &st, now); err != nil {
			return err
		}
		run.Log("info", fmt.Sprintf("%d drives, %d slots read", len(st.Drives), len(st.Slots)))
		return nil
	})
}

// startMove validates m, checks it now when the robot is free (a refusal
// is then an answer, not a failed task), and queues it as a task that
// checks again against a fresh status when its turn comes.
func (s *Service) startMove(ctx context.Context, by api.Caller, name string, m mtx.Move) (api.Task, error) {
	if err := m.Validate(); err != nil {
		return api.Task{}, badMove(err)
	}
	c, err := s.lookup(ctx, name)
	if err != nil {
		return api.Task{}, err
	}
	if c.queue.idle() {
		st, _, err := s.status(ctx, c)
		if err != nil {
			return api.Task{}, err
		}
		if _, err := s.check(ctx, c, &st, m); err != nil {
			return api.Task{}, err
		}
	}
	return s.queued(c, TaskMove, m.String(), by, func(ctx context.Context, run *tasks.Run) error {
		st, _, err := s.readStatus(ctx, c)
		if err != nil {
			return err
		}
		m, err := s.check(ctx, c, &st, m)
		if err != nil {
			return err
		}
		run.Progress(api.Progress{Percent: 20, Step: m.String()})
		return s.move(ctx, run, c, m)
	})
}

// queued starts a task that waits for its turn in c's queue, then holds
// the robot while fn runs.
func (s *Service) queued(c *changer, kind, what string, by api.Caller, fn tasks.Func) (api.Task, error) {
	t := c.queue.join(what)
	task, err := s.o.Tasks.Start(kind, c.Name, api.ActionOperate, by, func(ctx context.Context, run *tasks.Run) error {
		if !c.queue.first(t) {
			run.Progress(api.Progress{Step: "waiting for the moves before it in " + c.Name + "'s queue"})
		}
		if err := c.queue.wait(ctx, t); err != nil {
			return err
		}
		defer c.queue.leave(t)
		c.dev.Lock()
		defer c.dev.Unlock()
		return fn(ctx, run)
	})
	if err != nil {
		c.queue.leave(t)
		return api.Task{}, err
	}
	c.queue.named(t, task.ID)
	return task, nil
}

// check is mtx.CheckMove with what Bacula is doing: a drive the storage
// daemon uses, or a cartridge a running job uses, is refused, naming why.
func (s *Service) check(ctx context.Context, c *changer, st *mtx.Status, m mtx.Move) (mtx.Move, error) {
	use := s.baculaUse(ctx, baculaAsk)
	checked, err := mtx.CheckMove(st, m, use.busyDrives(c, st), s.o.CleaningPrefix)
	if err != nil {
		return m, err
	}
	switch m.Kind {
	case mtx.Transfer, mtx.Import, mtx.Export:
		from, _ := st.Slot(m.From)
		why := use.volumeJob(from.Tag)
		if use.err != nil {
			why = "the Bacula director did not answer (" + use.err.Error() + "), so whether a job uses " + tagOr(from.Tag) + " is unknown"
		}
		if why != "" {
			return m, &mtx.RefusedError{Move: m, Reason: mtx.DriveBusy, Detail: why}
		}
	}
	return checked, nil
}

// move runs one checked move. Once the robot has it, a move runs to its
// end: stopping mtx half-way can leave a cartridge in the picker, so a
// cancel only stops a move still waiting in the queue.
func (s *Service) move(ctx context.Context, run *tasks.Run, c *changer, m mtx.Move) error {
	err := mtx.Run(context.WithoutCancel(ctx), s.o.Runner, c.Device, m, s.mtxOptions())
	// The library's state after a failure is not the checked one (a
	// hardware error can leave the cartridge in the picker): read it again
	// either way, so the page and the inventory show what is true.
	if _, _, rerr := s.readStatus(context.WithoutCancel(ctx), c); rerr != nil {
		run.Log("warn", "reading the status after the move: "+rerr.Error())
	}
	if err != nil {
		var e *mtx.Error
		if errors.As(err, &e) && e.Attempts > 1 {
			run.Log("warn", fmt.Sprintf("the library was becoming ready: %d attempts", e.Attempts))
		}
		return err
	}
	run.Log("info", m.String()+": done")
	return nil
}

// badMove is a refused number as a 400 naming the body field.
func badMove(err error) error {
	var a *mtx.ArgError
	if errors.As(err, &a) {
		return &api.Error{Kind: api.KindBadRequest, Field: a.Field, Message: err.Error()}
	}
	return err
}

func tagOr(tag string) string {
	if tag == "" {
		return "the cartridge"
	}
	return tag
}
