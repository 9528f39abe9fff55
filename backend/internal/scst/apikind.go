package scst

import (
	"errors"

	"bams/backend/api"
)

// What each error of this package is in the API's terms.

func (e *ValidationError) APIKind() api.ErrorKind { return api.KindBadRequest }

func (e *Error) APIKind() api.ErrorKind {
	switch e.Kind {
	case Cancelled:
		return api.KindTimeout
	case BadConfig:
		return api.KindBadRequest
	}
	return api.KindToolFailed
}

func (e *MismatchError) APIKind() api.ErrorKind { return api.KindToolFailed }

// APIKind: a refused plan (StepConfirm) is a conflict the caller can
// resolve; a desired configuration SCST refuses is bad input; the rest is
// SCST's or scstadmin's failure. A missing scstadmin stays tool-missing.
func (e *ApplyError) APIKind() api.ErrorKind {
	var k interface{ APIKind() api.ErrorKind }
	switch {
	case e.Step == StepConfirm:
		return api.KindConflict
	case e.Step == StepValidate:
		return api.KindBadRequest
	case errors.As(e.Err, &k) && e.Step != StepVerify:
		return k.APIKind()
	}
	return api.KindToolFailed
}
