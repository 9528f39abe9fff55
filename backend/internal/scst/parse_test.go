package scst

import (
	"net/netip"
	"os"
	"reflect"
	"strings"
	"testing"
)

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var confFixtures = []string{
	"scst.conf.write_config-output.scst-test.conf",
	"scst.conf.example-syntax.scstadmin-examples.conf",
	"scst.conf.minimal-iscsi.iscsi-scst-etc.conf",
}

// What -write_config wrote is read back whole, and rendering it gives the
// same bytes after the header line: the renderer lays files out as
// scstadmin does.
func TestWriteConfigOutputRoundTripsByteForByte(t *testing.T) {
	t.Parallel()
	text := fixture(t, "scst.conf.write_config-output.scst-test.conf")
	c, warns := Parse(text)
	if warns != nil {
		t.Fatal(warns)
	}
	_, wantBody, _ := strings.Cut(text, "\n")
	_, gotBody, _ := strings.Cut(string(Render(c)), "\n")
	if gotBody != wantBody {
		t.Errorf("render differs from -write_config:\n%s", gotBody)
	}
	if len(c.Handlers) != 2 || !reflect.DeepEqual(c.Handlers[0].Devices[0], Device{Name: "disk0", Filename: "/dev/scstadmin-regression-test-vdisk", Attrs: []Attr{{"read_only", "1"}}}) {
		t.Errorf("%+v", c.Handlers)
	}
	tgt := c.Drivers[0].Targets[0]
	if c.Drivers[0].Name != "scst_local" || tgt.Name != "local" || len(tgt.LUNs) != 1 || tgt.LUNs[0].Device != "nodev" {
		t.Errorf("%+v", c.Drivers)
	}
	g := tgt.Groups[0]
	if g.Name != "ig" || len(g.LUNs) != 2 || !reflect.DeepEqual(g.LUNs[0].Attrs, []Attr{{"read_only", "1"}}) ||
		len(g.Initiators) != 2 || g.Initiators[1].Name != "ini2" {
		t.Errorf("%+v", g)
	}
	dg := c.DeviceGroups[0]
	if dg.Name != "dgroup1" || len(dg.TargetGroups) != 2 || !reflect.DeepEqual(dg.TargetGroups[1].Targets[0], TargetGroupMember{Name: "remote", Attrs: []Attr{{"rel_tgt_id", "11"}}}) {
		t.Errorf("%+v", dg)
	}
}

// Every fixture: render(parse(f)) means what f means (parsing it again
// gives the same model), and parse(render(m)) == m.
func TestFixturesRoundTrip(t *testing.T) {
	t.Parallel()
	for _, f := range confFixtures {
		c, warns := Parse(fixture(t, f))
		if warns != nil {
			t.Errorf("%s: %v", f, warns)
		}
		again, warns := Parse(string(Render(c)))
		if warns != nil || !reflect.DeepEqual(again, c) {
			t.Errorf("%s: round trip\n got %+v\nwant %+v\n%v", f, again, c, warns)
		}
	}
}

func TestExampleSyntax(t *testing.T) {
	t.Parallel()
	c, _ := Parse(fixture(t, "scst.conf.example-syntax.scstadmin-examples.conf"))
	if !reflect.DeepEqual(c.Attrs, []Attr{{"setup_id", "0x1234"}}) {
		t.Errorf("%+v", c.Attrs)
	}
	var iscsi Driver
	for _, d := range c.Drivers {
		if d.Name == ISCSI {
			iscsi = d
		}
	}
	if !iscsi.Enabled || len(iscsi.CHAP.Incoming) != 1 || iscsi.CHAP.Incoming[0].User != "joe" || iscsi.CHAP.Incoming[0].Secret.Reveal() != "12charsecret" {
		t.Errorf("driver %+v", iscsi)
	}
	tgt := iscsi.Targets[0]
	if tgt.Name != "iqn.2006-10.net.vlnb:tgt" || !tgt.Enabled || len(tgt.CHAP.Incoming) != 1 ||
		!reflect.DeepEqual(tgt.Attrs, []Attr{{"HeaderDigest", "CRC32C,None"}}) || len(tgt.LUNs) != 3 ||
		!reflect.DeepEqual(tgt.LUNs[2], LUN{Number: 2, Device: "blockio1", Attrs: []Attr{{"read_only", "1"}}}) {
		t.Errorf("target %+v", tgt)
	}
	if h := c.Handlers[0]; h.Name != "dev_disk" || len(h.Devices) != 2 || h.Devices[0].Name != "1:0:0:0" || h.Devices[0].Attrs != nil {
		t.Errorf("%+v", h)
	}
}

// The syntax as scstadmin reads it: comments (taking the character before
// '#' along), escapes, quotes, one-line blocks, a stray '}'.
func TestSyntaxEdges(t *testing.T) {
	t.Parallel()
	text := "# comment\n" +
		"setup_id 0x12# trailing\n" +
		"HANDLER vdisk_fileio {\n" +
		"\tDEVICE d1 {\n\t\tfilename /srv/a\\#b\n\t\tt10_vend_id \"BAMS disk\"\n\t}\n" +
		"\tDEVICE d2 { filename /x }\n" +
		"}\n" +
		"TARGET_DRIVER iscsi {\n" +
		"\tTARGET iqn.2026-01.org.example:t1 {\n" +
		"\t\tallowed_portal 192.0.2.10\n\t\tallowed_portal 10.1.?.*\n" +
		"\t\tIncomingUser bad\n" +
		"\t\tLUN x d1\n" +
		"\t\tenabled 0\n" +
		"\t}\n" +
		"}\n" +
		"}\n" +
		"ignored 1\n"
	c, warns := Parse(text)
	if !reflect.DeepEqual(c.Attrs, []Attr{{"setup_id", "0x1"}}) {
		t.Errorf("comment: %+v", c.Attrs)
	}
	d := c.Handlers[0].Devices
	if d[0].Filename != "/srv/a#b" || !reflect.DeepEqual(d[0].Attrs, []Attr{{"t10_vend_id", "BAMS disk"}}) {
		t.Errorf("%+v", d[0])
	}
	if d[1].Filename != "" {
		t.Errorf("text before } on its line is dropped by scstadmin: %+v", d[1])
	}
	tgt := c.Drivers[0].Targets[0]
	if len(tgt.Portals) != 1 || tgt.Portals[0] != (Portal{netip.MustParseAddr("192.0.2.10"), DefaultPort}) ||
		!reflect.DeepEqual(tgt.Attrs, []Attr{{"IncomingUser", "bad"}, {"allowed_portal", "10.1.?.*"}}) || tgt.Enabled || tgt.LUNs != nil {
		t.Errorf("%+v", tgt)
	}
	var reasons []string
	for _, w := range warns {
		reasons = append(reasons, w.String())
	}
	all := strings.Join(reasons, "\n")
	for _, want := range []string{"text before '}'", "CHAP line", "LUN number", "closes nothing"} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in\n%s", want, all)
		}
	}
	if strings.Contains(all, "bad") {
		t.Errorf("a CHAP line's value was quoted in a warning:\n%s", all)
	}
}

// A second definition of the same name replaces the first, as in
// scstadmin's hash-based reader.
func TestDuplicatesLastWins(t *testing.T) {
	t.Parallel()
	c, warns := Parse("HANDLER vdisk_fileio {\n\tDEVICE d {\n\t\tfilename /a\n\t}\n\tDEVICE d {\n\t\tfilename /b\n\t}\n}\n")
	if len(c.Handlers[0].Devices) != 1 || c.Handlers[0].Devices[0].Filename != "/b" || len(warns) != 1 {
		t.Errorf("%+v %v", c.Handlers, warns)
	}
}
