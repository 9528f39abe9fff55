package api

import "time"

// TapeLibrary answers GET /api/v1/tape/library: every changer BAMS knows
// (configured, else found with lsscsi -g).
type TapeLibrary struct {
	Changers []TapeChanger `json:"changers"`
}

// TapeChanger is one medium changer and what its last `mtx status` said.
type TapeChanger struct {
	Name      string `json:"name"`   // BAMS's name for it (config, else "changer0", ...)
	Device    string `json:"device"` // the sg node or stable link mtx opens
	Vendor    string `json:"vendor,omitempty"`
	Model     string `json:"model,omitempty"`
	Drives    int    `json:"drives"`
	Slots     int    `json:"slots"`      // storage slots, without the mail slots
	MailSlots int    `json:"mail_slots"` // import/export slots
	// BaculaStorage is the director's Storage resource for this changer,
	// which reconciliation and the catalog fixes name.
	BaculaStorage string `json:"bacula_storage,omitempty"`
	// Queue is the changer's move queue: the running move first, then the
	// waiting ones, each a task.
	Queue []TapeQueued `json:"queue"`
	// StatusAt is when the status below was read; while a move runs the
	// last one read is shown (the robot answers one command at a time).
	StatusAt *time.Time `json:"status_at,omitempty"`
	// Warnings are the lines of mtx status BAMS did not understand, and
	// what it checked that did not add up; never fatal.
	Warnings []string `json:"warnings"`
	Error    string   `json:"error,omitempty"` // why the status could not be read
}

// TapeQueued is one move in a changer's queue.
type TapeQueued struct {
	TaskID  string `json:"task_id"`
	What    string `json:"what"` // "load slot 3 into drive 0"
	Running bool   `json:"running"`
}

// TapeDrive is one drive of a changer.
type TapeDrive struct {
	Changer string `json:"changer"`
	Number  int    `json:"number"` // mtx's 0-based drive number
	Device  string `json:"device,omitempty"`
	Full    bool   `json:"full"`
	Barcode string `json:"barcode,omitempty"`
	// SourceSlot is the slot the library says the cartridge came from; 0
	// with SourceUnknown when it does not know (after a power cycle): an
	// unload must then name a free slot, and SuggestedSlot is the one the
	// cartridge was last seen in, when that is free.
	SourceSlot    int  `json:"source_slot,omitempty"`
	SourceUnknown bool `json:"source_unknown,omitempty"`
	SuggestedSlot int  `json:"suggested_slot,omitempty"`
	Cleaning      bool `json:"cleaning,omitempty"` // it holds a cleaning cartridge
	// InUse says what the Bacula storage daemon does with the drive (a
	// mounted volume, a running job); moves touching it are refused.
	InUse string `json:"in_use,omitempty"`
	// TapeAlert flags the drive reported at the last check (sg_logs).
	TapeAlerts []string `json:"tape_alerts,omitempty"`
}

// TapeDriveList answers GET /api/v1/tape/drives.
type TapeDriveList struct {
	Drives []TapeDrive `json:"drives"`
}

// TapeSlot is a storage slot or an import/export (mail) slot.
type TapeSlot struct {
	Changer  string `json:"changer"`
	Number   int    `json:"number"` // mtx's 1-based element number, mail slots last
	MailSlot bool   `json:"mail_slot"`
	Full     bool   `json:"full"`
	Barcode  string `json:"barcode,omitempty"`
	Cleaning bool   `json:"cleaning,omitempty"`
}

// TapeSlotList answers GET /api/v1/tape/slots.
type TapeSlotList struct {
	Slots []TapeSlot `json:"slots"`
}

// TapeMove is the body of the move routes. Changer may be left out when
// there is only one. For load and clean, Slot is the source (clean: the
// cleaning cartridge; 0 picks one); for unload the destination (0: where
// the library says it came from). Transfer, import and export use From and To.
type TapeMove struct {
	Changer string `json:"changer,omitempty"`
	Slot    int    `json:"slot,omitempty"`
	From    int    `json:"from,omitempty"`
	To      int    `json:"to,omitempty"`
}

// TapeInventory is the body of POST /api/v1/tape/inventory.
type TapeInventory struct {
	Changer string `json:"changer,omitempty"`
}

// Tape media locations.
const (
	TapeInSlot     = "slot"
	TapeInDrive    = "drive"
	TapeInMailSlot = "mail-slot"
	TapeOutside    = "outside" // not in the library when it was last read
)

// TapeMedium is one cartridge of the media inventory, kept in bbolt and
// updated on every status read and reconciliation.
type TapeMedium struct {
	Barcode  string `json:"barcode"`
	Changer  string `json:"changer,omitempty"` // the library it was last seen in
	Location string `json:"location"`          // slot, drive, mail-slot, outside
	Number   int    `json:"number,omitempty"`  // the slot or drive number
	// LastSlot is the storage slot it was last seen in: where a cartridge
	// goes back to when a drive holds it and the library forgot its source.
	LastSlot int  `json:"last_slot,omitempty"`
	Cleaning bool `json:"cleaning"`
	// CleaningUses counts the cleans BAMS ran with it.
	CleaningUses int        `json:"cleaning_uses,omitempty"`
	Pool         string     `json:"pool,omitempty"`          // the Bacula pool, from the catalog
	VolumeStatus string     `json:"volume_status,omitempty"` // Append, Full, ... ("" unknown to Bacula)
	LastSeen     *time.Time `json:"last_seen,omitempty"`     // last read in the library
	LastWritten  *time.Time `json:"last_written,omitempty"`  // by Bacula, from the catalog
}

// TapeMediaList answers GET /api/v1/tape/media.
type TapeMediaList struct {
	Media []TapeMedium `json:"media"`
	Next  string       `json:"next,omitempty"` // the cursor of the next page
	// CatalogError says why the Bacula catalog could not be read: the
	// pools and statuses shown are then the last known ones.
	CatalogError string `json:"catalog_error,omitempty"`
}

// Reconciliation finding kinds.
const (
	TapeUnknownToBacula = "unknown-to-bacula"     // in the library, no volume in the catalog
	TapeMissing         = "missing-from-library"  // the catalog says InChanger, the library has no such barcode
	TapeWrongSlot       = "wrong-slot"            // in the library, in another slot than the catalog says
	TapeNotInChanger    = "in-library-not-marked" // in the library, the catalog says InChanger=no
)

// TapeFinding is one difference between the library and the Bacula
// catalog, with the bconsole command BAMS can run to fix it.
type TapeFinding struct {
	Kind    string `json:"kind"`
	Changer string `json:"changer"`
	Barcode string `json:"barcode"`
	Slot    int    `json:"slot,omitempty"`         // where the library has it
	Catalog int    `json:"catalog_slot,omitempty"` // where the catalog has it
	Text    string `json:"text"`
	// Fix is what POST /api/v1/tape/media/fix runs: update-slots, or
	// label-barcodes (which needs a pool).
	Fix string `json:"fix"`
}

// TapeReconcile answers GET /api/v1/tape/media/reconcile.
type TapeReconcile struct {
	Findings []TapeFinding `json:"findings"`
}

// Fixes BAMS runs through bconsole.
const (
	TapeFixUpdateSlots   = "update-slots"
	TapeFixLabelBarcodes = "label-barcodes"
)

// TapeFix is the body of POST /api/v1/tape/media/fix: run one fix as a task.
type TapeFix struct {
	Changer string `json:"changer,omitempty"`
	Fix     string `json:"fix"`            // update-slots or label-barcodes
	Slots   []int  `json:"slots"`          // the slots it concerns
	Pool    string `json:"pool,omitempty"` // label-barcodes: the pool new volumes go to
}

// TapeVirtualSpec is the body of POST /api/v1/tape/virtual: a virtual
// library for mhvtl. Barcodes fill the slots from 1; or BarcodePrefix and
// Cartridges make that many sequential ones (PREFIX001L8, ...).
type TapeVirtualSpec struct {
	ID            int      `json:"id,omitempty"` // mhvtl's library id, 1-99 (default 10)
	Drives        int      `json:"drives"`
	Slots         int      `json:"slots"`
	MailSlots     int      `json:"mail_slots"`
	Model         string   `json:"model,omitempty"` // LTO-5 ... LTO-8 (default LTO-8)
	Barcodes      []string `json:"barcodes,omitempty"`
	BarcodePrefix string   `json:"barcode_prefix,omitempty"`
	Cartridges    int      `json:"cartridges,omitempty"`
}

// TapeVirtualPlan answers POST /api/v1/tape/virtual: mhvtl's configuration
// files for the library, checked the way mhvtl reads them, and the steps an
// administrator runs to build and start mhvtl. BAMS writes and runs nothing.
type TapeVirtualPlan struct {
	Files    map[string]string `json:"files"`    // device.conf, library_contents.N
	Problems []string          `json:"problems"` // what the check of the generated files found
	Steps    []TapeVirtualStep `json:"steps"`
	Note     string            `json:"note"`
}

// TapeVirtualStep is one step of starting mhvtl, commands for a root shell.
type TapeVirtualStep struct {
	Title    string   `json:"title"`
	Commands []string `json:"commands"`
	Note     string   `json:"note,omitempty"`
}
