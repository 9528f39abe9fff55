package mtx

import "bams/backend/api"

// APIKind of a move CheckMove refused: the library's state does not allow it.
func (e *RefusedError) APIKind() api.ErrorKind { return api.KindConflict }

// APIKind of a number or device path refused before anything ran.
func (e *ArgError) APIKind() api.ErrorKind { return api.KindBadRequest }

// APIKind of a failed mtx command.
func (e *Error) APIKind() api.ErrorKind {
	switch e.Kind {
	case TimedOut:
		return api.KindTimeout
	case SourceEmpty, DestinationFull, UnknownSource, MediumRemovalPrevented, NeedsEject, StateChanged, NotReady:
		return api.KindConflict // the library's state refused it: re-read status, or act at the drive
	}
	return api.KindToolFailed
}
