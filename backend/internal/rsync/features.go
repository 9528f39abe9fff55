package rsync

import (
	"context"
	"fmt"
	"strings"

	"bams/backend/internal/execx"
)

// Features are what the local rsync can do that older ones cannot.
type Features struct {
	// ConfineRoot: --confine-root (rsync 3.4.2 and later; Debian 12's
	// 3.5.0+ds1-0+deb12u1 has it). Older rsyncs fail on the option.
	ConfineRoot bool
}

// ParseHelp reads Features from `rsync --help`.
func ParseHelp(help string) Features {
	return Features{ConfineRoot: strings.Contains(help, "--confine-root=")}
}

// LocalFeatures asks the local rsync what it can do.
func LocalFeatures(ctx context.Context, r *execx.Runner) (Features, error) {
	res, err := r.Run(ctx, execx.Cmd{Name: "rsync", Args: []string{"--help"}})
	if err != nil {
		return Features{}, fmt.Errorf("rsync --help: %w", err)
	}
	return ParseHelp(string(res.Stdout)), nil
}
