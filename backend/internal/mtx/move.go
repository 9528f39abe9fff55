package mtx

import (
	"fmt"
	"strings"
)

// MoveKind is what a move does.
type MoveKind string

const (
	Load     MoveKind = "load"     // slot From → Drive
	Unload   MoveKind = "unload"   // Drive → slot To (0: the slot the library says it came from)
	Transfer MoveKind = "transfer" // storage slot From → storage slot To
	Import   MoveKind = "import"   // mail slot From → storage slot To
	Export   MoveKind = "export"   // storage slot From → mail slot To
	Clean    MoveKind = "clean"    // cleaning cartridge in slot From → Drive (the drive cleans and ejects it)
)

// Move is one cartridge move, in mtx's numbering (slots from 1, drives from 0).
type Move struct {
	Kind     MoveKind
	Drive    int // Load, Unload, Clean
	From, To int // slots
}

func (m Move) String() string {
	switch m.Kind {
	case Load, Clean:
		return fmt.Sprintf("%s slot %d into drive %d", m.Kind, m.From, m.Drive)
	case Unload:
		if m.To == 0 {
			return fmt.Sprintf("unload drive %d", m.Drive)
		}
		return fmt.Sprintf("unload drive %d into slot %d", m.Drive, m.To)
	}
	return fmt.Sprintf("%s slot %d to slot %d", m.Kind, m.From, m.To)
}

// Validate checks the numbers alone (no status needed).
func (m Move) Validate() error {
	switch m.Kind {
	case Load, Clean:
		if err := CheckSlot(m.From); err != nil {
			return err
		}
		return CheckDrive(m.Drive)
	case Unload:
		if m.To != 0 {
			if err := CheckSlot(m.To); err != nil {
				return err
			}
		}
		return CheckDrive(m.Drive)
	case Transfer, Import, Export:
		if err := CheckSlot(m.From); err != nil {
			return err
		}
		if err := CheckSlot(m.To); err != nil {
			return err
		}
		if m.From == m.To {
			return &ArgError{"slot", fmt.Sprint(m.To), "source and destination are the same slot"}
		}
		return nil
	}
	return &ArgError{"move", string(m.Kind), "is not load, unload, transfer, import, export or clean"}
}

// Reason names why CheckMove refused a move.
type Reason string

const (
	NoSuchSlot      Reason = "no-such-slot"
	NoSuchDrive     Reason = "no-such-drive"
	SlotEmpty       Reason = "source-empty"
	DriveEmpty      Reason = "drive-empty"
	SlotFull        Reason = "destination-full"
	DriveFull       Reason = "drive-full"
	DriveBusy       Reason = "drive-busy"
	CleaningAsData  Reason = "cleaning-cartridge"     // a cleaning cartridge asked to load as data
	NotCleaning     Reason = "not-cleaning-cartridge" // a clean asked with a data cartridge
	WrongSlotKind   Reason = "wrong-slot-kind"        // a mail slot where a storage slot belongs, or the reverse
	SourceUnknown   Reason = "source-unknown"         // unload without a slot, and the library does not know where from
	SourceAmbiguous Reason = "source-ambiguous"       // unload without a slot, and two drives name the same one
	BadMove         Reason = "bad-move"               // Validate refused it
)

// DefaultCleaningID is the barcode prefix of cleaning cartridges unless
// configured otherwise (the LTO convention: CLN001L1, CLN003L1, recorded).
const DefaultCleaningID = "CLN"

// RefusedError: a move CheckMove will not let run, and why.
type RefusedError struct {
	Move   Move
	Reason Reason
	Detail string // a sentence for the operator
}

func (e *RefusedError) Error() string { return e.Move.String() + ": " + e.Detail }

// IsCleaning reports whether a barcode is a cleaning cartridge's: it
// starts with prefix ("" means DefaultCleaningID). An unreadable or
// missing barcode is not one.
func IsCleaning(tag, prefix string) bool {
	if prefix == "" {
		prefix = DefaultCleaningID
	}
	return tag != "" && strings.HasPrefix(strings.ToUpper(tag), strings.ToUpper(prefix))
}

// CheckMove decides, from a status read just before and without running
// anything, whether m can work, and returns it with an unload's
// destination filled in. busy names the drives another program uses (the
// tape service asks Bacula's storage daemon) with the reason to show;
// cleaningPrefix is the configured barcode prefix of cleaning cartridges.
// A cartridge whose barcode is unreadable is not known to be a cleaning
// one, so it loads as data.
func CheckMove(st *Status, m Move, busy map[int]string, cleaningPrefix string) (Move, error) {
	refuse := func(r Reason, format string, a ...any) (Move, error) {
		return m, &RefusedError{Move: m, Reason: r, Detail: fmt.Sprintf(format, a...)}
	}
	if err := m.Validate(); err != nil {
		return refuse(BadMove, "%v", err)
	}
	slot := func(n int) (Slot, bool) { return st.Slot(n) }
	switch m.Kind {
	case Load, Clean:
		s, ok := slot(m.From)
		if !ok {
			return refuse(NoSuchSlot, "the library has no slot %d", m.From)
		}
		d, ok := st.Drive(m.Drive)
		if !ok {
			return refuse(NoSuchDrive, "the library has no drive %d", m.Drive)
		}
		if !s.Full {
			return refuse(SlotEmpty, "slot %d is empty", m.From)
		}
		if d.Full {
			return refuse(DriveFull, "drive %d already holds %s", m.Drive, describe(d.Tag, d.Source))
		}
		if why, ok := busy[m.Drive]; ok {
			return refuse(DriveBusy, "drive %d is in use: %s", m.Drive, why)
		}
		cleaning := IsCleaning(s.Tag, cleaningPrefix)
		if m.Kind == Load && cleaning {
			return refuse(CleaningAsData, "%s in slot %d is a cleaning cartridge: it is loaded only to clean a drive", s.Tag, m.From)
		}
		if m.Kind == Clean && !cleaning {
			return refuse(NotCleaning, "%s in slot %d is not a cleaning cartridge", tagOr(s.Tag), m.From)
		}
		return m, nil

	case Unload:
		d, ok := st.Drive(m.Drive)
		if !ok {
			return refuse(NoSuchDrive, "the library has no drive %d", m.Drive)
		}
		if !d.Full {
			return refuse(DriveEmpty, "drive %d is empty", m.Drive)
		}
		if why, ok := busy[m.Drive]; ok {
			return refuse(DriveBusy, "drive %d is in use: %s", m.Drive, why)
		}
		if m.To == 0 {
			if d.Source == 0 {
				return refuse(SourceUnknown, "the library does not know which slot %s in drive %d came from: name a destination slot", tagOr(d.Tag), m.Drive)
			}
			for _, o := range st.Drives {
				if o.Number != d.Number && o.Full && o.Source == d.Source {
					return refuse(SourceAmbiguous, "drives %d and %d both report slot %d as their source: name a destination slot", d.Number, o.Number, d.Source)
				}
			}
			m.To = d.Source
		}
		s, ok := slot(m.To)
		if !ok {
			return refuse(NoSuchSlot, "the library has no slot %d", m.To)
		}
		if s.Full {
			return refuse(SlotFull, "slot %d already holds %s", m.To, tagOr(s.Tag))
		}
		return m, nil

	default: // Transfer, Import, Export
		from, ok := slot(m.From)
		if !ok {
			return refuse(NoSuchSlot, "the library has no slot %d", m.From)
		}
		to, ok := slot(m.To)
		if !ok {
			return refuse(NoSuchSlot, "the library has no slot %d", m.To)
		}
		wantFromMail, wantToMail := m.Kind == Import, m.Kind == Export
		if from.MailSlot != wantFromMail {
			return refuse(WrongSlotKind, "slot %d %s", m.From, slotKindWant(wantFromMail, m.Kind))
		}
		if to.MailSlot != wantToMail {
			return refuse(WrongSlotKind, "slot %d %s", m.To, slotKindWant(wantToMail, m.Kind))
		}
		if !from.Full {
			return refuse(SlotEmpty, "slot %d is empty", m.From)
		}
		if to.Full {
			return refuse(SlotFull, "slot %d already holds %s", m.To, tagOr(to.Tag))
		}
		return m, nil
	}
}

func slotKindWant(mail bool, k MoveKind) string {
	if mail {
		return "is not an import/export slot, which " + string(k) + " needs"
	}
	return "is an import/export slot: use import or export"
}

func tagOr(tag string) string {
	if tag == "" {
		return "a cartridge without a readable barcode"
	}
	return tag
}

func describe(tag string, source int) string {
	if source == 0 {
		return tagOr(tag) + " (source slot unknown)"
	}
	return fmt.Sprintf("%s (from slot %d)", tagOr(tag), source)
}
