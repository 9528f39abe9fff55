package scst

import (
	"os"
	"path/filepath"
)

// AtomicWrite replaces path with data so that a crash leaves either the
// old file or the new one, never a mix: a temporary file in the same
// folder (a rename is atomic only within one filesystem), written and
// fsynced, renamed over path, then the folder fsynced so the rename
// itself survives a power cut. /etc/scst.conf holds CHAP secrets: perm is
// normally 0600.
func AtomicWrite(path string, data []byte, perm os.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	// Chmod before writing, so the data never sits in a file with other
	// permissions than the ones asked for.
	if err = f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if _, err = f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err = f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
