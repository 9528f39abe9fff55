package lvm

import "bams/backend/api"

// The API kind of each error (the HTTP layer asks errors for it).

// APIKind of a failed LVM command.
func (e *Error) APIKind() api.ErrorKind {
	switch e.Kind {
	case NotFound:
		return api.KindNotFound
	case Exists, DeviceUnusable, NoSpace, NoDeviceMapper, InUse:
		return api.KindConflict
	}
	return api.KindToolFailed
}

// APIKind of a refused name.
func (e *NameError) APIKind() api.ErrorKind { return api.KindBadRequest }
