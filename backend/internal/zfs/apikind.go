package zfs

import "bams/backend/api"

// The API kind of each error (the HTTP layer asks errors for it).

// APIKind of a failed zpool or zfs command.
func (e *Error) APIKind() api.ErrorKind {
	switch e.Kind {
	case NotFound:
		return api.KindNotFound
	case Exists, HasChildren, InUse, Scrubbing, Newer:
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

// APIField names the request field a refused name came from, in the
// storage API's words (a pool, dataset or volume is the request's name).
func (e *NameError) APIField() string {
	switch e.Field {
	case "pool", "dataset", "volume", "snapshot":
		return "name"
	case "device":
		return "devices"
	}
	return e.Field
}

// APIField of a refused property: properties.<name>.
func (e *PropError) APIField() string { return "properties." + e.Property }

// APIField of a refused layout: its data vdevs (the layout as a whole).
func (e *LayoutError) APIField() string { return "data" }
