package daemon

import (
	"fmt"
	"net"

	"github.com/coreos/go-systemd/v22/activation"
)

// sdListeners returns the sockets systemd passed (LISTEN_FDS), if any.
func sdListeners() ([]net.Listener, error) {
	lns, err := activation.Listeners()
	if err != nil {
		return nil, fmt.Errorf("socket activation: %w", err)
	}
	var out []net.Listener
	for _, l := range lns {
		if l != nil {
			out = append(out, l)
		}
	}
	return out, nil
}
