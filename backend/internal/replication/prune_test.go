package replication

import (
	"reflect"
	"testing"
)

func TestPruneOwn(t *testing.T) {
	own := []string{"a", "b", "c", "d"}
	cases := []struct {
		keep int
		base string
		want []string
	}{
		{0, "d", nil},
		{4, "d", nil},
		{2, "d", []string{"a", "b"}},
		{1, "b", []string{"a", "c"}}, // the base stays, whatever its age
		{9, "d", nil},
	}
	for _, c := range cases {
		if got := pruneOwn(own, c.keep, c.base); !reflect.DeepEqual(got, c.want) {
			t.Errorf("keep %d base %s: %v, want %v", c.keep, c.base, got, c.want)
		}
	}
}
