package pullbackup

import (
	"encoding/base64"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"syscall"
	"unicode/utf8"

	"bams/backend/api"
	"bams/backend/internal/snapstore"
)

// Files lists a path inside a snapshot: a folder's entries sorted by name,
// limit at a time after cursor (the previous page's Next: the last name
// it listed, base64url, so that any name survives JSON), or the one entry
// a file, link or device is. Symlinks are shown with their target text,
// never followed; the metadata file is not shown.
func (s *Service) Files(host, snap, userPath string, limit int, cursor string) (api.FileList, error) {
	after, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return api.FileList{}, invalid("cursor", "cursor must be a value from a previous page's next")
	}
	root, err := s.openSnapshot(host, snap)
	if err != nil {
		return api.FileList{}, err
	}
	defer root.Close()
	rel, fi, err := resolve(root, "path", userPath)
	if err != nil {
		return api.FileList{}, err
	}
	list := api.FileList{Host: host, Snapshot: snap, Path: displayPath(rel), PathBase64: nonUTF8(displayPath(rel)),
		Type: fileType(fi.Mode()), Entries: []api.FileEntry{}}
	if !fi.IsDir() {
		e, err := fileEntry(root, rel, fi)
		if err != nil {
			return api.FileList{}, err
		}
		list.Entries = append(list.Entries, e)
		return list, nil
	}
	dir := rel
	if dir == "" {
		dir = "."
	}
	f, err := root.Open(dir)
	if err != nil {
		return api.FileList{}, err
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return api.FileList{}, err
	}
	slices.Sort(names)
	for _, name := range names {
		if (rel == "" && name == snapstore.MetadataFile) || (len(after) > 0 && name <= string(after)) {
			continue
		}
		if len(list.Entries) == limit {
			list.Next = base64.RawURLEncoding.EncodeToString([]byte(list.Entries[limit-1].Name))
			break
		}
		p := path.Join(rel, name)
		st, err := root.Lstat(p)
		if err != nil {
			return api.FileList{}, err
		}
		e, err := fileEntry(root, p, st)
		if err != nil {
			return api.FileList{}, err
		}
		list.Entries = append(list.Entries, e)
	}
	return list, nil
}

// fileEntry describes one entry as it was on the host.
func fileEntry(root *os.Root, rel string, fi fs.FileInfo) (api.FileEntry, error) {
	e := api.FileEntry{Name: fi.Name(), NameBase64: nonUTF8(fi.Name()), Type: fileType(fi.Mode()), Size: fi.Size(), MTime: fi.ModTime().UTC()}
	if rel == "" {
		e.Name, e.NameBase64 = "/", nil
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		e.Mode = fmt.Sprintf("%04o", st.Mode&0o7777)
		e.UID, e.GID = st.Uid, st.Gid
	}
	if e.Type == api.FileSymlink {
		target, err := root.Readlink(rel)
		if err != nil {
			return api.FileEntry{}, err
		}
		e.Target = target
	}
	return e, nil
}

func fileType(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return api.FileRegular
	case m.IsDir():
		return api.FileDir
	case m&fs.ModeSymlink != 0:
		return api.FileSymlink
	case m&fs.ModeDevice != 0:
		return api.FileDevice
	case m&fs.ModeNamedPipe != 0:
		return api.FileFIFO
	}
	return api.FileSocket
}

// nonUTF8 is name's bytes when JSON can't carry it as text, else nil.
func nonUTF8(name string) []byte {
	if utf8.ValidString(name) {
		return nil
	}
	return []byte(name)
}
