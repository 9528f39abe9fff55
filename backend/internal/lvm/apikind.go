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

// APIField names the request field a refused name came from, in the
// storage API's words (an LV's name is the request's name).
func (e *NameError) APIField() string {
	switch e.Field {
	case "lv":
		return "name"
	case "device":
		return "devices"
	}
	return e.Field
}
