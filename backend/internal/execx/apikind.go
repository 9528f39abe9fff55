package execx

import "bams/backend/api"

// The API kind each error means for a caller: the HTTP layer asks every
// error for its kind (APIKind) instead of knowing each tool's types.

// APIKind of a tool that is not installed.
func (e *MissingError) APIKind() api.ErrorKind { return api.KindToolMissing }

// APIKind of a tool that ran and failed (or timed out).
func (e *ExitError) APIKind() api.ErrorKind { return api.KindToolFailed }
