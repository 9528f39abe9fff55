package mtx

import (
	"context"
	"strconv"
	"strings"
	"time"

	"bams/backend/internal/execx"
)

// DefaultTimeout bounds one mtx call: an LTO load threads the tape and
// can take minutes, a library re-scanning after its door closed longer.
const DefaultTimeout = 30 * time.Minute

// Options are per call.
type Options struct {
	Timeout time.Duration // per mtx run; 0: DefaultTimeout
	Retry   Retry
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

// run runs `mtx -f dev args...`, retrying only what Kind.Retryable allows.
func run(ctx context.Context, r *execx.Runner, dev string, o Options, args ...string) (execx.Result, error) {
	if err := CheckDevice(dev); err != nil {
		return execx.Result{}, err
	}
	argv := append([]string{"-f", dev}, args...)
	var res execx.Result
	var err error
	attempts := 0
	o.Retry.do(ctx, func() bool {
		attempts++
		res, err = r.Run(ctx, execx.Cmd{Name: "mtx", Args: argv, Timeout: o.timeout()})
		err = classify(ctx, argv, res, err)
		e, ok := err.(*Error)
		if ok {
			e.Attempts = attempts
		}
		return ok && e.Kind.Retryable()
	})
	if e, ok := err.(*Error); ok && e.Kind.Retryable() && ctx.Err() != nil {
		// Cancelled while waiting to retry: say so, not "becoming ready".
		return res, &Error{Kind: Cancelled, Args: argv, Attempts: attempts, Err: ctx.Err()}
	}
	return res, err
}

// ReadStatus runs `mtx status`. Its warnings (lines it could not read)
// come with the answer; stderr's sense noise (a library reporting a unit
// attention before answering, recorded) does not make it fail.
func ReadStatus(ctx context.Context, r *execx.Runner, dev string, o Options) (Status, error) {
	res, err := run(ctx, r, dev, o, "status")
	if err != nil {
		return Status{}, err
	}
	st := ParseStatus(string(res.Stdout))
	st.Sense = append(st.Sense, senseLines(string(res.Stderr))...)
	return st, nil
}

func senseLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if isSenseLine(l) {
			out = append(out, l)
		}
	}
	return out
}

// Inquire runs `mtx inquiry`.
func Inquire(ctx context.Context, r *execx.Runner, dev string, o Options) (Inquiry, error) {
	res, err := run(ctx, r, dev, o, "inquiry")
	if err != nil {
		return Inquiry{}, err
	}
	return ParseInquiry(string(res.Stdout)), nil
}

// Inventory runs `mtx inventory` (the library re-reads every slot's
// barcode, which takes minutes on a big one) and then `mtx status`.
func Inventory(ctx context.Context, r *execx.Runner, dev string, o Options) (Status, error) {
	if _, err := run(ctx, r, dev, o, "inventory"); err != nil {
		return Status{}, err
	}
	return ReadStatus(ctx, r, dev, o)
}

// MoveArgs is the argv after `mtx -f DEV` for a validated move. An
// unload always names its slot, so mtx never guesses one.
func MoveArgs(m Move) ([]string, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	itoa := strconv.Itoa
	switch m.Kind {
	case Load, Clean:
		return []string{"load", itoa(m.From), itoa(m.Drive)}, nil
	case Unload:
		if m.To == 0 {
			return nil, &ArgError{"slot", "0", "an unload needs its destination slot (CheckMove fills it in)"}
		}
		return []string{"unload", itoa(m.To), itoa(m.Drive)}, nil
	}
	// Transfer, import and export are all MOVE MEDIUM between storage
	// elements, which is mtx's transfer; the mail slots are numbered with them.
	return []string{"transfer", itoa(m.From), itoa(m.To)}, nil
}

// Run performs one move. The caller has checked it against a fresh
// status with CheckMove (which also fills in an unload's slot); Run only
// validates the numbers.
func Run(ctx context.Context, r *execx.Runner, dev string, m Move, o Options) error {
	args, err := MoveArgs(m)
	if err != nil {
		return err
	}
	_, err = run(ctx, r, dev, o, args...)
	if m.Kind == Clean && IsKind(err, CleaningEjected) {
		// Some drives clean and eject at once and the library reports it
		// as a failed move (30/03): for a clean that is the success.
		return nil
	}
	return err
}

// LoadSlot, UnloadDrive and TransferSlot are Run for one kind each.
func LoadSlot(ctx context.Context, r *execx.Runner, dev string, slot, drive int, o Options) error {
	return Run(ctx, r, dev, Move{Kind: Load, From: slot, Drive: drive}, o)
}

func UnloadDrive(ctx context.Context, r *execx.Runner, dev string, drive, slot int, o Options) error {
	return Run(ctx, r, dev, Move{Kind: Unload, Drive: drive, To: slot}, o)
}

func TransferSlot(ctx context.Context, r *execx.Runner, dev string, from, to int, o Options) error {
	return Run(ctx, r, dev, Move{Kind: Transfer, From: from, To: to}, o)
}

// ImportSlot moves a cartridge from a mail slot into storage; ExportSlot
// the reverse.
func ImportSlot(ctx context.Context, r *execx.Runner, dev string, mail, slot int, o Options) error {
	return Run(ctx, r, dev, Move{Kind: Import, From: mail, To: slot}, o)
}

func ExportSlot(ctx context.Context, r *execx.Runner, dev string, slot, mail int, o Options) error {
	return Run(ctx, r, dev, Move{Kind: Export, From: slot, To: mail}, o)
}
