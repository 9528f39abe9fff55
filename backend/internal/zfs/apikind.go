package zfs

import "bams/backend/api"

// The API kind of each error (the HTTP layer asks errors for it).

// APIKind of a failed zpool or zfs command.
func (e *Error) APIKind() api.ErrorKind {
	switch e.Kind {
	case NotFound:
		return api.KindNotFound
	case Exists, HasChildren, InUse:
		return api.KindConflict
	case Busy:
		return api.KindBusy
	case Unavailable:
		return api.KindToolMissing
	}
	return api.KindToolFailed
}

// APIKind of a refused name.
func (e *NameError) APIKind() api.ErrorKind { return api.KindBadRequest }

// APIKind of a refused property.
func (e *PropError) APIKind() api.ErrorKind { return api.KindBadRequest }

// APIKind of a refused pool layout.
func (e *LayoutError) APIKind() api.ErrorKind { return api.KindBadRequest }
