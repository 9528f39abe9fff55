package pullbackup

import (
	"archive/tar"
	"bams/backend/internal/snapstore"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"time"
)

// Download is one path of a snapshot, ready to stream as a .tar.gz.
type Download struct {
	// Filename suggests a name for the archive: host-snapshot-name.tar.gz.
	Filename string
	// Path is the archived path as on the host ("/" for the whole snapshot).
	Path string
	root *os.Root
	rel  string
}

// unsafeFilename: what may not appear in a Content-Disposition filename.
var unsafeFilename = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// OpenDownload resolves a path inside a snapshot for Download.Stream, so
// a bad path is an error before any byte is sent. The caller must call
// Stream or Close.
func (s *Service) OpenDownload(host, snap, userPath string) (*Download, error) {
	root, err := s.openSnapshot(host, snap)
	if err != nil {
		return nil, err
	}
	rel, _, err := resolve(root, "path", userPath)
	if err != nil {
		root.Close()
		return nil, err
	}
	base := "snapshot"
	if rel != "" {
		base = unsafeFilename.ReplaceAllString(path.Base(rel), "_")
	}
	return &Download{Filename: host + "-" + snap + "-" + base + ".tar.gz", Path: displayPath(rel), root: root, rel: rel}, nil
}

// Close releases the snapshot without writing.
func (d *Download) Close() error { return d.root.Close() }

// Stream writes the archive to w and closes the snapshot. Names in the
// archive start at the asked path's own name ("www/index.html" for
// /srv/www), or at the snapshot's top for the whole snapshot, as
// `tar -C parent name` would. Entries keep their mode, times and numeric
// owners (no names: the appliance's user names mean nothing on the host);
// symlinks are stored as links, never followed; sockets, which tar cannot
// hold, are left out; hard-linked files are stored whole.
func (d *Download) Stream(w io.Writer) error {
	defer d.root.Close()
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	var err error
	if d.rel == "" {
		err = d.addChildren(tw, "")
	} else {
		err = d.add(tw, d.rel)
	}
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// archiveName is rel's name in the archive.
func (d *Download) archiveName(rel string) string {
	if parent := parentOf(d.rel); parent != "" {
		return rel[len(parent)+1:]
	}
	return rel
}

func (d *Download) add(tw *tar.Writer, rel string) error {
	fi, err := d.root.Lstat(rel)
	if err != nil {
		return err
	}
	if fi.Mode()&fs.ModeSocket != 0 {
		return nil
	}
	link := ""
	if fi.Mode()&fs.ModeSymlink != 0 {
		if link, err = d.root.Readlink(rel); err != nil {
			return err
		}
	}
	hdr, err := tar.FileInfoHeader(fi, link)
	if err != nil {
		return err
	}
	hdr.Name = d.archiveName(rel)
	if fi.IsDir() {
		hdr.Name += "/"
	}
	hdr.Uname, hdr.Gname = "", ""
	hdr.AccessTime, hdr.ChangeTime = time.Time{}, time.Time{}
	hdr.Format = tar.FormatPAX // exact times, long names, large files
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	switch {
	case fi.Mode().IsRegular():
		f, err := d.root.Open(rel)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(tw, f)
		return err
	case fi.IsDir():
		return d.addChildren(tw, rel)
	}
	return nil
}

func (d *Download) addChildren(tw *tar.Writer, rel string) error {
	dir := rel
	if dir == "" {
		dir = "."
	}
	f, err := d.root.Open(dir)
	if err != nil {
		return err
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return err
	}
	slices.Sort(names)
	for _, name := range names {
		if rel == "" && name == snapstore.MetadataFile {
			continue
		}
		if err := d.add(tw, path.Join(rel, name)); err != nil {
			return err
		}
	}
	return nil
}
