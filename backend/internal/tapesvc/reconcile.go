package tapesvc

import (
	"context"
	"fmt"
	"sort"

	"bams/backend/api"
	"bams/backend/internal/mtx"
	"bams/backend/internal/tasks"
)

// Reconcile compares each library with the Bacula catalog (`llist
// volumes`: Slot, InChanger) and says, for each difference, which console
// fix BAMS can run for it.
func (s *Service) Reconcile(ctx context.Context) (api.TapeReconcile, error) {
	if s.o.Bacula == nil {
		return api.TapeReconcile{}, &api.Error{Kind: api.KindConflict, Message: "no Bacula director is configured here to reconcile with"}
	}
	vols, err := s.catalog(ctx, baculaAsk)
	if err != nil {
		return api.TapeReconcile{}, err
	}
	all, err := s.libraries(ctx)
	if err != nil {
		return api.TapeReconcile{}, err
	}
	out := api.TapeReconcile{Findings: []api.TapeFinding{}}
	for _, c := range all {
		st, _, err := s.status(ctx, c)
		if err != nil {
			return api.TapeReconcile{}, err
		}
		out.Findings = append(out.Findings, findings(c.Name, c.BaculaStorage, len(all) == 1, &st, vols, s.o.CleaningPrefix)...)
	}
	return out, nil
}

// findings is the pure comparison of one library's status with the
// catalog. A catalog volume counts for this library when its storage is
// the library's Bacula storage (or, with one library and none configured,
// any volume the catalog has in a changer).
func findings(name, storage string, only bool, st *mtx.Status, vols map[string]api.BaculaVolume, cleaning string) []api.TapeFinding {
	out := []api.TapeFinding{}
	inLibrary := map[string]bool{}
	for _, d := range st.Drives {
		if d.Full && d.Tag != "" {
			inLibrary[d.Tag] = true // a loaded volume keeps its home slot in the catalog
		}
	}
	for _, sl := range st.Slots {
		if !sl.Full || sl.Tag == "" {
			continue
		}
		inLibrary[sl.Tag] = true
		if sl.MailSlot || mtx.IsCleaning(sl.Tag, cleaning) {
			continue // Bacula uses neither
		}
		f := api.TapeFinding{Changer: name, Barcode: sl.Tag, Slot: sl.Number}
		v, known := vols[sl.Tag]
		switch {
		case !known:
			f.Kind, f.Fix = api.TapeUnknownToBacula, api.TapeFixLabelBarcodes
			f.Text = fmt.Sprintf("%s in slot %d is not a volume of the Bacula catalog: label it into a pool", sl.Tag, sl.Number)
		case !v.InChanger:
			f.Kind, f.Fix, f.Catalog = api.TapeNotInChanger, api.TapeFixUpdateSlots, int(v.Slot)
			f.Text = fmt.Sprintf("%s is in slot %d, but the catalog says it is not in the library", sl.Tag, sl.Number)
		case int(v.Slot) != sl.Number:
			f.Kind, f.Fix, f.Catalog = api.TapeWrongSlot, api.TapeFixUpdateSlots, int(v.Slot)
			f.Text = fmt.Sprintf("%s is in slot %d, but the catalog says slot %d", sl.Tag, sl.Number, v.Slot)
		default:
			continue
		}
		out = append(out, f)
	}
	var missing []api.BaculaVolume
	for _, v := range vols {
		ours := v.Storage == storage && storage != "" || storage == "" && only
		if v.InChanger && ours && !inLibrary[v.Name] {
			missing = append(missing, v)
		}
	}
	sort.Slice(missing, func(i, j int) bool { return missing[i].Name < missing[j].Name })
	for _, v := range missing {
		f := api.TapeFinding{Kind: api.TapeMissing, Changer: name, Barcode: v.Name, Catalog: int(v.Slot), Fix: api.TapeFixUpdateSlots,
			Text: fmt.Sprintf("the catalog says %s is in slot %d, but the library does not have it", v.Name, v.Slot)}
		if v.Slot > 0 {
			f.Slot = int(v.Slot) // update slots re-reads that slot, which marks the volume out of the changer
		}
		out = append(out, f)
	}
	return out
}

// Fix runs one reconciliation fix as an operator task, in the changer's
// move queue: `label barcodes` loads each cartridge into a drive, and
// `update slots` reads the library, so neither may race a move.
func (s *Service) Fix(ctx context.Context, by api.Caller, req api.TapeFix) (api.Task, error) {
	if s.o.Bacula == nil {
		return api.Task{}, &api.Error{Kind: api.KindConflict, Message: "no Bacula director is configured here"}
	}
	c, err := s.lookup(ctx, req.Changer)
	if err != nil {
		return api.Task{}, err
	}
	if c.BaculaStorage == "" {
		return api.Task{}, &api.Error{Kind: api.KindConflict, Field: "changer", Message: fmt.Sprintf(
			"tape library %s has no Bacula storage configured (tape.changers[].bacula_storage): BAMS cannot tell the director which changer to read", c.Name)}
	}
	switch req.Fix {
	case api.TapeFixUpdateSlots, api.TapeFixLabelBarcodes:
	default:
		return api.Task{}, &api.Error{Kind: api.KindBadRequest, Field: "fix", Message: fmt.Sprintf("fix %q must be update-slots or label-barcodes", req.Fix)}
	}
	if len(req.Slots) == 0 || len(req.Slots) > 0xFFFF {
		return api.Task{}, &api.Error{Kind: api.KindBadRequest, Field: "slots", Message: "slots: name the slots the fix is for"}
	}
	if req.Fix == api.TapeFixLabelBarcodes && req.Pool == "" {
		return api.Task{}, &api.Error{Kind: api.KindBadRequest, Field: "pool", Message: "pool: label-barcodes needs the pool the new volumes go to"}
	}
	return s.queued(c, TaskFix, req.Fix+" on "+c.BaculaStorage, by, func(ctx context.Context, run *tasks.Run) error {
		run.Progress(api.Progress{Percent: 10, Step: req.Fix + " through bconsole"})
		if err := s.o.Bacula.TapeFix(ctx, c.BaculaStorage, req, func(l string) { run.Log("info", l) }); err != nil {
			return err
		}
		_, _, err := s.readStatus(ctx, c)
		return err
	})
}
