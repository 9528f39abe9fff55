package server

import (
	"fmt"
	"testing"

	"bams/backend/api"
)

type refusedValue struct{ field string }

func (e refusedValue) Error() string          { return "bad value" }
func (e refusedValue) APIKind() api.ErrorKind { return api.KindBadRequest }
func (e refusedValue) APIField() string       { return e.field }

// A tool package's refused value answers 400 naming its request field,
// wrapped or not.
func TestFailNamesTheField(t *testing.T) {
	for _, err := range []error{refusedValue{"properties.quota"}, fmt.Errorf("creating: %w", refusedValue{"properties.quota"})} {
		r := fail(err).(errorResponse)
		if r.status() != 400 || r.e.Field != "properties.quota" || r.e.Kind != api.KindBadRequest {
			t.Errorf("%v: %d %+v", err, r.status(), r.e)
		}
	}
}
