package scst

import (
	"errors"
	"strings"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/execx"
)

func TestErrorsSayTheirAPIKind(t *testing.T) {
	for _, c := range []struct {
		err  error
		want api.ErrorKind
	}{
		{&ValidationError{"iqn", "x", "bad"}, api.KindBadRequest},
		{&Error{Kind: BadConfig}, api.KindBadRequest},
		{&Error{Kind: Fatal}, api.KindToolFailed},
		{&Error{Kind: Cancelled}, api.KindTimeout},
		{&ApplyError{Step: StepConfirm, Err: errors.New("sessions")}, api.KindConflict},
		{&ApplyError{Step: StepValidate, Err: &ValidationError{}}, api.KindBadRequest},
		{&ApplyError{Step: StepCheck, Err: &execx.MissingError{Tool: "scstadmin"}}, api.KindToolMissing},
		{&ApplyError{Step: StepApply, Err: &Error{Kind: Fatal}}, api.KindToolFailed},
		{&ApplyError{Step: StepVerify, Err: &MismatchError{}}, api.KindToolFailed},
	} {
		var k interface{ APIKind() api.ErrorKind }
		if !errors.As(c.err, &k) || k.APIKind() != c.want {
			t.Errorf("%T %v: want %s", c.err, c.err, c.want)
		}
	}
}

// RedactError reaches into an apply's error and its rollback's.
func TestRedactErrorInAnApplyError(t *testing.T) {
	err := RedactError(&ApplyError{Step: StepSave,
		Err:         &Error{Kind: Fatal, Messages: []string{"bad user u s3cret-value-1"}, Output: "s3cret-value-1"},
		RollbackErr: errors.New("again s3cret-value-1")}, []string{"s3cret-value-1"})
	var ae *ApplyError
	var se *Error
	if !errors.As(err, &ae) || !errors.As(ae.Err, &se) || se.Output != redacted || ae.RollbackErr.Error() != "again "+redacted {
		t.Fatalf("%+v", err)
	}
	if ae.Step != StepSave || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("%v", err)
	}
}
