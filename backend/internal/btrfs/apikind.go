package btrfs

import "bams/backend/api"

// The API kind of each error (the HTTP layer asks errors for it).

// APIKind of a failed btrfs command.
func (e *Error) APIKind() api.ErrorKind {
	switch e.Kind {
	case NotFound:
		return api.KindNotFound
	case Exists, HasFilesystem, QuotasOff, NotRunning, NotEmpty:
		return api.KindConflict
	case Busy:
		return api.KindBusy
	}
	return api.KindToolFailed
}

// APIKind of a refused device or path.
func (e *PathError) APIKind() api.ErrorKind { return api.KindBadRequest }

// APIField names the request field a refused value came from, in the
// storage API's words.
func (e *PathError) APIField() string {
	switch e.Field {
	case "device":
		return "devices"
	case "subvolume":
		return "path"
	}
	return e.Field
}
