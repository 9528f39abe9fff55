// Command fakemtx is the stateful fake mtx of package fakemtx:
// `fakemtx -f DEV COMMAND ARGS`, state in $FAKEMTX_STATE. Output follows
// mtx 1.3.12 (mtx.c Status(), Load(), Unload(), Transfer(), Move()) and
// the recordings in backend/internal/mtx/testdata: progress on stdout
// without a newline before the robot moves, sense reports on stderr, fatal
// errors prefixed with argv[0], exit status 1.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"bams/backend/internal/testutil/fakemtx"
)

type fake struct {
	st      fakemtx.State
	argv0   string
	changed bool
}

// Element addresses as a library reports them; mtx's errors name these.
func driveAddr(d int) int { return 500 + d }
func slotAddr(s int) int  { return 1000 + s - 1 }

func main() {
	path := os.Getenv("FAKEMTX_STATE")
	args := os.Args[1:]
	logCall(path, args)
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakemtx:", err)
		os.Exit(99)
	}
	f := &fake{argv0: os.Getenv("FAKE_ARGV0")}
	if err := json.Unmarshal(b, &f.st); err != nil {
		fmt.Fprintln(os.Stderr, "fakemtx:", err)
		os.Exit(99)
	}
	code := f.main(args)
	if f.changed {
		b, _ = json.MarshalIndent(f.st, "", "  ")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "fakemtx:", err)
			os.Exit(99)
		}
	}
	os.Exit(code)
}

func logCall(path string, args []string) {
	line, _ := json.Marshal(fakemtx.Call{Args: args})
	fh, err := os.OpenFile(path+".log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		fh.Write(append(line, '\n'))
		fh.Close()
	}
}

// fatal is mtx's FatalError: argv[0], the message, exit 1.
func (f *fake) fatal(format string, a ...any) int {
	fmt.Fprintf(os.Stderr, "%s: "+format+"\n", append([]any{f.argv0}, a...)...)
	return 1
}

func (f *fake) usage() int {
	fmt.Fprint(os.Stderr, "Usage:\n\tmtx --version\n\tmtx [ -f <loader-dev> ] status\n")
	return 1
}

func (f *fake) main(args []string) int {
	if len(args) < 2 || args[0] != "-f" {
		fmt.Fprintln(os.Stderr, "cannot open SCSI device '/dev/changer' - No such file or directory")
		return 1
	}
	if args[1] != f.st.Device {
		fmt.Fprintf(os.Stderr, "cannot open SCSI device '%s' - No such file or directory\n", args[1])
		return 1
	}
	args = args[2:]
	if len(args) == 0 {
		return f.usage()
	}
	nums := []int{}
	for _, a := range args[1:] {
		if a == "" || a[0] < '0' || a[0] > '9' {
			return f.usage()
		}
		n, _ := strconv.Atoi(a)
		nums = append(nums, n)
	}
	arg := func(i int) int {
		if i < len(nums) {
			return nums[i]
		}
		return -1
	}
	switch args[0] {
	case "status":
		f.status()
		return 0
	case "inquiry":
		fmt.Print("Product Type: Medium Changer\nVendor ID: 'STK     '\nProduct ID: 'L700            '\nRevision: '0108'\nAttached Changer API: No\n")
		return 0
	case "inventory":
		if f.st.NotReady > 0 {
			return f.notReady()
		}
		return 0
	case "load":
		return f.load(arg(0), arg(1))
	case "unload":
		return f.unload(arg(0), arg(1))
	case "transfer":
		return f.transfer(arg(0), arg(1))
	}
	return f.usage()
}

func (f *fake) tag(t string) string {
	if f.st.PadTags {
		return fmt.Sprintf("%-32s", t)
	}
	return t
}

func (f *fake) status() {
	mail := 0
	for _, s := range f.st.Slots {
		if s.MailSlot {
			mail++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  Storage Changer %s:%d Drives, %d Slots ( %d Import/Export )\n", f.st.Device, len(f.st.Drives), len(f.st.Slots), mail)
	for i, d := range f.st.Drives {
		fmt.Fprintf(&b, "Data Transfer Element %d:", i)
		if !d.Full {
			b.WriteString("Empty\n")
			continue
		}
		if d.Source > 0 {
			fmt.Fprintf(&b, "Full (Storage Element %d Loaded)", d.Source)
		} else {
			b.WriteString("Full (Unknown Storage Element Loaded)")
		}
		if d.Tag != "" {
			fmt.Fprintf(&b, ":VolumeTag = %s", f.tag(d.Tag))
		}
		b.WriteString("\n")
	}
	for i, s := range f.st.Slots {
		ie, state := "", "Empty"
		if s.MailSlot {
			ie = " IMPORT/EXPORT"
		}
		if s.Full {
			state = "Full "
		}
		fmt.Fprintf(&b, "      Storage Element %d%s:%s", i+1, ie, state)
		if s.Full && s.Tag != "" {
			fmt.Fprintf(&b, ":VolumeTag=%s", f.tag(s.Tag))
		}
		b.WriteString("\n")
	}
	os.Stdout.WriteString(b.String())
}

// sense prints mtx's PrintRequestSense block, as recorded.
func sense(key string, asc, ascq int) {
	fmt.Fprintf(os.Stderr, "mtx: Request Sense: Long Report=yes\nmtx: Request Sense: Valid Residual=no\nmtx: Request Sense: Error Code=70 (Current)\n"+
		"mtx: Request Sense: Sense Key=%s\nmtx: Request Sense: FileMark=no\nmtx: Request Sense: EOM=no\nmtx: Request Sense: ILI=no\n"+
		"mtx: Request Sense: Additional Sense Code = %02X\nmtx: Request Sense: Additional Sense Qualifier = %02X\n"+
		"mtx: Request Sense: BPV=no\nmtx: Request Sense: Error in CDB=no\nmtx: Request Sense: SKSV=no\n", key, asc, ascq)
}

func (f *fake) notReady() int {
	f.st.NotReady--
	f.changed = true
	sense("Not Ready", 0x04, 0x01)
	return 1
}

// move is mtx's Move(): the robot's part, with the failures it reports.
// take and put change the state; put is skipped when the robot fails
// half-way.
func (f *fake) move(src, dst int, srcFull, dstFull bool, take func() string, put func(string)) int {
	if f.st.NotReady > 0 {
		f.notReady()
		return f.fatal("MOVE MEDIUM from Element Address %d to %d Failed", src, dst)
	}
	if !srcFull {
		return f.fatal("Source Element Address %d is Empty", src)
	}
	if dstFull {
		return f.fatal("Destination Element Address %d is Already Full", dst)
	}
	f.changed = true
	t := take()
	if f.st.FailHalfway {
		f.st.FailHalfway = false
		f.st.Picker = t
		sense("Hardware Error", 0x15, 0x01) // mechanical positioning error
		return f.fatal("MOVE MEDIUM from Element Address %d to %d Failed", src, dst)
	}
	put(t)
	return 0
}

func (f *fake) slot(n int) *fakemtx.Slot {
	if n < 1 || n > len(f.st.Slots) {
		return nil
	}
	return &f.st.Slots[n-1]
}

func (f *fake) load(s, d int) int {
	if s < 1 {
		return f.fatal("No source specified")
	}
	if d < 0 {
		d = 0
	}
	sl := f.slot(s)
	if sl == nil {
		return f.fatal("Invalid <storage-element-number> argument '%d' to 'load' command", s)
	}
	if d >= len(f.st.Drives) {
		return f.fatal("illegal <drive-number> argument '%d' to 'load' command", d)
	}
	dr := &f.st.Drives[d]
	if dr.Full {
		return f.fatal("Drive %d Full (Storage Element %d loaded)", d, dr.Source)
	}
	fmt.Printf("Loading media from Storage Element %d into drive %d...", s, d)
	code := f.move(slotAddr(s), driveAddr(d), sl.Full, false,
		func() string { t := sl.Tag; sl.Full, sl.Tag = false, ""; return t },
		func(t string) { dr.Full, dr.Tag, dr.Source = true, t, s })
	if code == 0 {
		fmt.Println("done")
	}
	return code
}

func (f *fake) unload(s, d int) int {
	if d < 0 {
		d = 0
	}
	if d >= len(f.st.Drives) {
		return f.fatal("illegal <drive-number> argument '%d' to 'unload' command", d)
	}
	dr := &f.st.Drives[d]
	if s < 0 {
		if dr.Source < 1 {
			return f.fatal("No Source for tape in drive %d!", d)
		}
		s = dr.Source
	}
	sl := f.slot(s)
	if sl == nil {
		return f.fatal("illegal <storage-element-number> argument '%d' to 'unload' command", s)
	}
	if !dr.Full {
		return f.fatal("Data Transfer Element %d is Empty", d)
	}
	if sl.Full {
		return f.fatal("Storage Element %d is Already Full", s)
	}
	fmt.Printf("Unloading drive %d into Storage Element %d...", d, s)
	if dr.PreventRemoval {
		sense("Illegal Request", 0x53, 0x03) // the recorded failure
		return f.fatal("MOVE MEDIUM from Element Address %d to %d Failed", driveAddr(d), slotAddr(s))
	}
	code := f.move(driveAddr(d), slotAddr(s), true, false,
		func() string { t := dr.Tag; *dr = fakemtx.Drive{}; return t },
		func(t string) { sl.Full, sl.Tag = true, t })
	if code == 0 {
		fmt.Println("done")
	}
	return code
}

func (f *fake) transfer(s, d int) int {
	if s < 1 {
		return f.fatal("No source specified")
	}
	if d < 1 {
		return f.fatal("No destination specified")
	}
	from, to := f.slot(s), f.slot(d)
	if from == nil {
		return f.fatal("Invalid source")
	}
	if to == nil {
		return f.fatal("Invalid destination")
	}
	return f.move(slotAddr(s), slotAddr(d), from.Full, to.Full,
		func() string { t := from.Tag; from.Full, from.Tag = false, ""; return t },
		func(t string) { to.Full, to.Tag = true, t })
}
