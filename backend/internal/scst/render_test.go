package scst

import (
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden-*.conf")

// The rendered file is byte-stable, sorted whatever order the model was
// built in, and exactly the golden file.
func TestRenderGolden(t *testing.T) {
	t.Parallel()
	c := exampleConfig()
	got := Render(c)
	if *update {
		if err := os.WriteFile("testdata/golden-iscsi.conf", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := fixture(t, "golden-iscsi.conf"); string(got) != want {
		t.Errorf("render differs from testdata/golden-iscsi.conf:\n%s", got)
	}
	// Reversed input, same bytes; the caller's model is not sorted.
	r := exampleConfig()
	r.Handlers[0], r.Handlers[1] = r.Handlers[1], r.Handlers[0]
	ts := r.Drivers[0].Targets
	ts[0], ts[1] = ts[1], ts[0]
	ins := ts[1].Groups[0].Initiators
	ins[0], ins[1] = ins[1], ins[0]
	if string(Render(r)) != string(got) {
		t.Error("render depends on input order")
	}
	if r.Handlers[0].Name != FileIO {
		t.Error("Render sorted the caller's config")
	}
}

func TestRenderParseRoundTrip(t *testing.T) {
	t.Parallel()
	want := exampleConfig()
	want.Sort()
	got, warns := Parse(string(Render(exampleConfig())))
	if warns != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("parse(render(m)) != m\n got %+v\nwant %+v\n%v", got, want, warns)
	}
	if got.Drivers[0].Targets[1].CHAP.Outgoing.Secret.Reveal() != "out-secret-0002" {
		t.Error("secret lost")
	}
}

// Values that need escaping come back unchanged: '#', '\', blanks.
func TestRenderEscapes(t *testing.T) {
	t.Parallel()
	c := Config{
		Attrs: []Attr{{"x_attr", `a#b\c d`}, {"empty", ""}},
		Drivers: []Driver{{Name: ISCSI, Targets: []Target{{
			Name: "iqn.2026-01.org.example:t", Alias: "Rack 3 # top",
			CHAP: CHAP{Incoming: []CHAPUser{{"u1", NewSecret("p#ss\\word12")}}},
		}}}},
	}
	got, warns := Parse(string(Render(c)))
	c.Sort()
	if warns != nil || !reflect.DeepEqual(got, c) {
		t.Errorf("\n got %+v\nwant %+v\n%v\n%s", got, c, warns, Render(c))
	}
	if !strings.Contains(string(Render(c)), `IncomingUser "u1 p\#ss\\word12"`) {
		t.Errorf("%s", Render(c))
	}
}
