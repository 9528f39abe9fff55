package baculasvc

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/bacula"
)

// tapeFixTimeout bounds one catalog fix: `label barcodes` loads and labels
// each cartridge in turn, minutes apiece.
const tapeFixTimeout = 4 * time.Hour

// TapeFix runs one of the tape service's catalog fixes on an autochanger's
// Storage resource, in its own console (it runs long, and must not hold
// the shared session): `update slots` re-reads the barcodes of the slots
// into the catalog (Slot, InChanger); `label barcodes` labels the
// cartridges of the slots, named by their barcodes, into pool. It is how
// BAMS changes the catalog for tape, and the only way.
func (s *Service) TapeFix(ctx context.Context, storage string, fix api.TapeFix, log func(string)) error {
	if err := validName("storage", storage); err != nil {
		return err
	}
	if err := s.mustExist(ctx, ".storage", "storage", storage); err != nil {
		return err
	}
	cmd, err := tapeFixCommand(storage, fix)
	if err != nil {
		return err
	}
	if fix.Fix == api.TapeFixLabelBarcodes {
		if err := s.mustExist(ctx, ".pools", "pool", fix.Pool); err != nil {
			return err
		}
	}
	cfg := s.console
	cfg.CommandTimeout = tapeFixTimeout
	log(cmd)
	replies, err := bacula.Run(ctx, s.runner, cfg, cmd)
	for _, r := range replies {
		for _, line := range strings.Split(strings.TrimSpace(r), "\n") {
			log(line)
		}
	}
	return err
}

// tapeFixCommand is the console command of a fix (pure, tested).
func tapeFixCommand(storage string, fix api.TapeFix) (string, error) {
	if len(fix.Slots) == 0 {
		return "", &api.Error{Kind: api.KindBadRequest, Field: "slots", Message: "slots: name at least one slot"}
	}
	slots := make([]string, len(fix.Slots))
	for i, n := range fix.Slots {
		if n < 1 || n > 0xFFFF {
			return "", &api.Error{Kind: api.KindBadRequest, Field: "slots", Message: fmt.Sprintf("slot %d must be from 1 to 65535", n)}
		}
		slots[i] = strconv.Itoa(n)
	}
	list := strings.Join(slots, ",")
	switch fix.Fix {
	case api.TapeFixUpdateSlots:
		return "update slots storage=" + storage + " slots=" + list + " drive=0", nil
	case api.TapeFixLabelBarcodes:
		if err := validName("pool", fix.Pool); err != nil {
			return "", err
		}
		return "label barcodes storage=" + storage + " pool=" + fix.Pool + " slots=" + list + " drive=0 yes", nil
	}
	return "", &api.Error{Kind: api.KindBadRequest, Field: "fix", Message: fmt.Sprintf("fix %q must be update-slots or label-barcodes", fix.Fix)}
}
