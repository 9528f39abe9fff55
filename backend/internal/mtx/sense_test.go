package mtx

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func senseReport(key, asc, ascq string) string {
	return "mtx: Request Sense: Long Report=yes\nmtx: Request Sense: Valid Residual=no\nmtx: Request Sense: Error Code=70 (Current)\n" +
		"mtx: Request Sense: Sense Key=" + key + "\nmtx: Request Sense: FileMark=no\nmtx: Request Sense: EOM=no\nmtx: Request Sense: ILI=no\n" +
		"mtx: Request Sense: Additional Sense Code = " + asc + "\nmtx: Request Sense: Additional Sense Qualifier = " + ascq + "\n" +
		"mtx: Request Sense: BPV=no\nmtx: Request Sense: Error in CDB=no\nmtx: Request Sense: SKSV=no\n"
}

// The recorded unload failure (a combined capture: stdout's "Unloading
// ..." joins the first sense line) is medium-removal-prevented, and not
// retryable: the drive holds the tape until whoever mounted it lets go.
func TestClassifyRecordedRemovalPrevented(t *testing.T) {
	t.Parallel()
	rec := readFixture(t, "mtx-unload-error-medium-removal-prevented.txt")
	for _, split := range []struct{ stdout, stderr string }{{"", rec}, {rec, ""}} {
		kind, sense, msg := Classify(split.stdout, split.stderr)
		if kind != MediumRemovalPrevented || kind.Retryable() {
			t.Errorf("kind %s", kind)
		}
		if sense == nil || *sense != (Sense{"Illegal Request", 0x53, 0x03}) {
			t.Errorf("sense %+v", sense)
		}
		if msg == "" {
			t.Error("no message")
		}
	}
	// With mtx's closing line (the recording may have been cut before it).
	kind, _, msg := Classify("Unloading drive 0 into Storage Element 6...", senseReport("Illegal Request", "53", "02")+
		"/usr/sbin/mtx: MOVE MEDIUM from Element Address 500 to 1005 Failed\n")
	if kind != MediumRemovalPrevented || msg != "/usr/sbin/mtx: MOVE MEDIUM from Element Address 500 to 1005 Failed" {
		t.Errorf("%s %q", kind, msg)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	noDevice := readFixture(t, "transcript-no-device-here.txt")
	cases := []struct {
		stderr string
		want   Kind
	}{
		{senseReport("Not Ready", "04", "01") + "mtx: MOVE MEDIUM from Element Address 1000 to 500 Failed", BecomingReady},
		{senseReport("Not Ready", "3E", "00"), BecomingReady},
		{senseReport("Not Ready", "04", "03"), NotReady}, // manual intervention required: a person must act
		{senseReport("Not Ready", "3A", "00"), NotReady},
		{senseReport("Unit Attention", "28", "00"), StateChanged},
		{senseReport("Unit Attention", "29", "00"), StateChanged},
		{senseReport("Illegal Request", "3B", "0E"), SourceEmpty},
		{senseReport("Illegal Request", "3B", "0D"), DestinationFull},
		{senseReport("Hardware Error", "15", "01"), HardwareError},
		{"mtx: Source Element Address 1003 is Empty\n", SourceEmpty},
		{"/usr/sbin/mtx: Destination Element Address 1004 is Already Full\n", DestinationFull},
		{"/usr/sbin/mtx: Drive 0 Full (Storage Element 3 loaded)\n", DestinationFull},
		{"/usr/sbin/mtx: Storage Element 6 is Already Full\n", DestinationFull},
		{"/usr/sbin/mtx: Data Transfer Element 1 is Empty\n", SourceEmpty},
		{"/usr/sbin/mtx: No Source for tape in drive 0!\n", UnknownSource},
		{"/usr/sbin/mtx: Invalid <storage-element-number> argument '99' to 'load' command\n", NoSuchElement},
		{"/usr/sbin/mtx: Drive needs offline before move\n", NeedsEject},
		{"/usr/sbin/mtx: Cleaning Cartridge Installed and Ejected\n", CleaningEjected},
		{"cannot open SCSI device '/dev/sg0' - No such file or directory\n", NoDevice},
		{"/dev/null is not an sg device, or old sg driver\n", NotChanger},
		{"something new\n", Failed},
	}
	for _, c := range cases {
		if got, _, _ := Classify("", c.stderr); got != c.want {
			t.Errorf("%q: got %s, want %s", c.stderr, got, c.want)
		}
		if got, _, _ := Classify("", c.stderr); got.Retryable() != (c.want == BecomingReady) {
			t.Errorf("%s retryable %v", got, got.Retryable())
		}
	}
	// The recorded transcript of a machine without a changer.
	for _, block := range strings.Split(noDevice, "\n$ ")[1:] {
		if !strings.HasPrefix(block, "mtx -f") {
			continue
		}
		want := NoDevice
		if strings.Contains(block, "not an sg device") {
			want = NotChanger
		}
		if got, _, _ := Classify("", block); got != want {
			t.Errorf("%q: %s", block, got)
		}
	}
}

func TestParseSenseSeveral(t *testing.T) {
	t.Parallel()
	got := ParseSense(senseReport("Not Ready", "04", "01") + "Loading...\n" + senseReport("Unit Attention", "28", "00"))
	want := []Sense{{"Not Ready", 4, 1}, {"Unit Attention", 0x28, 0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%+v", got)
	}
	if ParseSense("nothing here") != nil {
		t.Error("sense from nothing")
	}
}

func TestRetryWaits(t *testing.T) {
	t.Parallel()
	if got := (Retry{}).Waits(); !reflect.DeepEqual(got, []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second}) {
		t.Errorf("default %v", got)
	}
	if got := (Retry{Attempts: 4, Wait: time.Minute, MaxWait: 90 * time.Second}).Waits(); !reflect.DeepEqual(got, []time.Duration{time.Minute, 90 * time.Second, 90 * time.Second}) {
		t.Errorf("capped %v", got)
	}
	if got := (Retry{Attempts: 1}).Waits(); got != nil {
		t.Errorf("off %v", got)
	}
}
