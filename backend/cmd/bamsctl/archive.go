package main

import (
	"errors"
	"io"
	"os"
)

// archiveOut is where a command writes a binary archive: a new file
// (mode 0600, never over an existing one), or stdout unless that is a
// terminal. close ends it.
func archiveOut(file string) (w io.Writer, close func() error, err error) {
	if file != "" {
		f, err := os.OpenFile(file, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, nil, err
		}
		return f, f.Close, nil
	}
	if st, err := os.Stdout.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		return nil, nil, errors.New("the archive is binary: redirect it (> file.tar.gz) or give --file")
	}
	return os.Stdout, func() error { return nil }, nil
}
