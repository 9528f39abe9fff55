package ssh

import (
	"errors"
	"testing"
)

// The checks other packages call instead of keeping copies of the patterns.
func TestValidators(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		field string
		err   error
		ok    bool
	}{
		{"name", ValidHostName("name", "web-1.example_2"), true},
		{"name", ValidHostName("name", "Web1"), false},
		{"name", ValidHostName("name", "-oProxyCommand=x"), false},
		{"address", ValidAddress("address", "192.0.2.10"), true},
		{"address", ValidAddress("address", "fe80::1%eth0"), true},
		{"address", ValidAddress("address", "a b"), false},
		{"address", ValidAddress("address", "-host"), false},
		{"port", ValidPort("port", 22), true},
		{"port", ValidPort("port", 0), false},
		{"port", ValidPort("port", 65536), false},
		{"user", ValidUser("user", "backup_1"), true},
		{"user", ValidUser("user", "Root"), false},
		{"user", ValidUser("user", "-l"), false},
	} {
		var ve *ValidationError
		switch {
		case c.ok && c.err != nil:
			t.Errorf("%s: %v", c.field, c.err)
		case !c.ok && (!errors.As(c.err, &ve) || ve.Field != c.field || ve.Reason == ""):
			t.Errorf("%s: got %v, want a ValidationError naming it", c.field, c.err)
		}
	}
}
