package disks

import (
	"context"
	"errors"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
)

func TestParseSmartNVMePassed(t *testing.T) {
	t.Parallel()
	s, err := ParseSmart(readFile(t, "smartctl-a-j-nvme-passed.scrutiny.json"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Health != HealthPassed || s.Temperature == nil || *s.Temperature != 36 || s.PowerOnHours == nil ||
		*s.PowerOnHours != 2401 || s.Model != "INTEL SSDPEKNW010T8" || s.Serial != "BTNH93710FS91P0B" || s.Protocol != "NVMe" {
		t.Errorf("%+v", s)
	}
}

// Exit status 216 (failing, prefail attributes, error and self-test log
// entries) is a verdict about the disk, not a failure to read it.
func TestParseSmartATAFailed(t *testing.T) {
	t.Parallel()
	s, err := ParseSmart(readFile(t, "smartctl-a-j-ata-failed.scrutiny.json"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Health != HealthFailed || *s.Temperature != 25 || *s.PowerOnHours != 65592 || s.ExitStatus != 216 || s.Device != "/dev/sdc" {
		t.Errorf("%+v", s)
	}
}

func TestParseSmartUnreadable(t *testing.T) {
	t.Parallel()
	s, err := ParseSmart(readFile(t, "smartctl-j-a-virtio-vda.here.json"))
	var se *SmartError
	if !errors.As(err, &se) || se.ExitStatus != 1 || len(se.Messages) != 1 || se.Messages[0] != "/dev/vda: Unable to detect device type" {
		t.Fatalf("%v", err)
	}
	if s.Health != HealthUnknown || s.Temperature != nil {
		t.Errorf("%+v", s)
	}
}

func TestReadSmartExitCodes(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	r := &execx.Runner{Path: d.Path, Timeout: 10 * time.Second}
	ctx := context.Background()
	// smartctl exits with the low byte of its status.
	d.Replay("smartctl", "testdata/smartctl-a-j-ata-failed.scrutiny.json", 216)
	s, err := ReadSmart(ctx, r, "/dev/sdc")
	if err != nil || s.Health != HealthFailed {
		t.Fatalf("%+v %v", s, err)
	}
	if c := d.Calls("smartctl"); len(c) != 1 || len(c[0]) != 3 || c[0][0] != "-j" || c[0][1] != "-a" || c[0][2] != "/dev/sdc" {
		t.Errorf("argv %q", c)
	}
	d.Replay("smartctl", "testdata/smartctl-j-a-virtio-vda.here.json", 1)
	_, err = ReadSmart(ctx, r, "/dev/vda")
	var se *SmartError
	if !errors.As(err, &se) || se.Device != "/dev/vda" {
		t.Fatalf("%v", err)
	}
	for _, bad := range []string{"-a", "sda", "/dev/../etc/passwd"} {
		if _, err := ReadSmart(ctx, r, bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := ReadSmart(ctx, &execx.Runner{Path: t.TempDir()}, "/dev/sda"); !errors.As(err, new(*execx.MissingError)) {
		t.Errorf("missing smartctl: %v", err)
	}
}
