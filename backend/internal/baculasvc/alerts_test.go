package baculasvc

import (
	"errors"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/bacula"
	"bams/backend/internal/execx"
)

func TestDirectorConditions(t *testing.T) {
	other := errors.New("bconsole: exit status 1")
	for _, tc := range []struct {
		name    string
		err     error
		want    int
		wantErr error
	}{
		{"answers", nil, 0, nil},
		{"no bconsole: no Bacula here", &execx.MissingError{Tool: "bconsole"}, 0, nil},
		{"down", &bacula.Error{Kind: bacula.DirectorUnreachable, Detail: "connection refused"}, 1, nil},
		{"silent", &bacula.Error{Kind: bacula.Timeout, Command: "version", Detail: "no reply in 30s"}, 1, nil},
		{"something else fails the check", other, 0, other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := directorConditions(tc.err)
			if len(got) != tc.want || err != tc.wantErr {
				t.Fatalf("got %+v %v", got, err)
			}
			if tc.want == 1 && (got[0].Class != "director-unreachable" || got[0].Level != api.AlertCritical || got[0].Text != tc.err.Error()) {
				t.Fatalf("condition %+v", got[0])
			}
		})
	}
}
