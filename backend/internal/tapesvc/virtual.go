package tapesvc

import (
	"errors"
	"fmt"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/mhvtl"
)

// virtualNote is why BAMS only plans a virtual library.
const virtualNote = "mhvtl is not packaged for Debian and needs its own kernel module: BAMS generates and checks its " +
	"configuration and lists the steps, and does not install or start it. Once it runs, add its changer to tape.changers."

// VirtualPlan generates and validates mhvtl's device.conf and
// library_contents.N for a library, with the steps that start it. It
// changes nothing on the machine.
func VirtualPlan(req api.TapeVirtualSpec) (api.TapeVirtualPlan, error) {
	spec := mhvtl.Spec{ID: req.ID, Drives: req.Drives, Slots: req.Slots, MailSlots: req.MailSlots, Model: req.Model, Barcodes: req.Barcodes}
	if spec.ID == 0 {
		spec.ID = 10
	}
	if spec.Model == "" {
		spec.Model = "LTO-8"
	}
	if req.Cartridges != 0 || req.BarcodePrefix != "" {
		if len(req.Barcodes) > 0 {
			return api.TapeVirtualPlan{}, &api.Error{Kind: api.KindBadRequest, Field: "barcodes", Message: "give barcodes or barcode_prefix with cartridges, not both"}
		}
		if req.Cartridges < 1 || req.Cartridges > req.Slots || len(req.BarcodePrefix) > 5 {
			return api.TapeVirtualPlan{}, &api.Error{Kind: api.KindBadRequest, Field: "cartridges",
				Message: "cartridges must be from 1 to the number of slots, with a barcode_prefix of at most 5 characters"}
		}
		spec.Barcodes = mhvtl.SequentialBarcodes(req.BarcodePrefix, 1, req.Cartridges, "L"+spec.Model[len(spec.Model)-1:])
	}
	files, err := mhvtl.Files(spec)
	if err != nil {
		return api.TapeVirtualPlan{}, specError(err)
	}
	steps, err := mhvtl.StartSteps(spec, "")
	if err != nil {
		return api.TapeVirtualPlan{}, specError(err)
	}
	contents := map[string]string{}
	for name, text := range files {
		if strings.HasPrefix(name, "library_contents.") {
			contents[name] = text
		}
	}
	out := api.TapeVirtualPlan{Files: files, Problems: []string{}, Note: virtualNote}
	for _, p := range mhvtl.Validate(files["device.conf"], contents) {
		out.Problems = append(out.Problems, p.String())
	}
	for _, s := range steps {
		out.Steps = append(out.Steps, api.TapeVirtualStep{Title: s.Title, Commands: s.Commands, Note: s.Note})
	}
	return out, nil
}

// specError is a refused spec as a 400 naming its field.
func specError(err error) error {
	var se *mhvtl.SpecError
	if errors.As(err, &se) {
		return &api.Error{Kind: api.KindBadRequest, Field: se.Field, Message: fmt.Sprintf("%s %s", se.Field, se.Reason)}
	}
	return err
}
