package api

import "time"

// File types of a FileEntry.
const (
	FileRegular = "file"
	FileDir     = "dir"
	FileSymlink = "symlink"
	FileDevice  = "device"
	FileFIFO    = "fifo"
	FileSocket  = "socket"
)

// FileEntry is one entry inside a snapshot, as it was on the host.
type FileEntry struct {
	// Name is the entry's name; when it is not valid UTF-8 (JSON can't
	// carry it), Name shows it with U+FFFD for the bad bytes and
	// NameBase64 holds the exact bytes.
	Name       string    `json:"name"`
	NameBase64 []byte    `json:"name_base64,omitempty"`
	Type       string    `json:"type"`             // file, dir, symlink, device, fifo, socket
	Size       int64     `json:"size"`             // bytes (a symlink: its target's length)
	Mode       string    `json:"mode"`             // permission bits in octal with setuid/setgid/sticky: "0644", "4755"
	MTime      time.Time `json:"mtime"`            // modification time
	UID        uint32    `json:"uid"`              // owner on the host, by number
	GID        uint32    `json:"gid"`              // group on the host, by number
	Target     string    `json:"target,omitempty"` // a symlink's target text; never followed
}

// FileList answers GET /api/v1/hosts/{name}/snapshots/{snap}/files.
type FileList struct {
	Host     string `json:"host"`
	Snapshot string `json:"snapshot"`
	// Path is the listed path inside the snapshot, as on the host ("/srv/www");
	// "/" is the snapshot's top. PathBase64: its exact bytes, when it is not
	// valid UTF-8.
	Path       string `json:"path"`
	PathBase64 []byte `json:"path_base64,omitempty"`
	// Type is the type of Path: a dir lists its entries; anything else is
	// listed as its one entry.
	Type    string      `json:"type"`
	Entries []FileEntry `json:"entries"`
	Next    string      `json:"next,omitempty"` // the opaque cursor of the next page of a large folder
}

// RestoreRequest is the body of POST /api/v1/hosts/{name}/restore.
type RestoreRequest struct {
	Snapshot string `json:"snapshot"`
	// Paths inside the snapshot, as on the host ("/srv/www"); none: every
	// source path of the host that the snapshot holds. A path that is not
	// valid UTF-8 goes in PathsBase64 as its exact bytes; both lists count.
	Paths       []string `json:"paths,omitempty"`
	PathsBase64 [][]byte `json:"paths_base64,omitempty"`
	// To is "host" (the original place), "host:/other/path" (files land
	// at /other/path/<their full path>) or "local:/dir" (a folder under
	// the configured restore root, files at /dir/<their full path>).
	To string `json:"to"`
	// Delete removes files in the restored folders that the snapshot does
	// not hold. Never without it.
	Delete bool `json:"delete,omitempty"`
	// DryRun changes nothing and lists what would change.
	DryRun bool `json:"dry_run,omitempty"`
}

// RestoreResult is the result of a restore task.
type RestoreResult struct {
	Host     string   `json:"host"`
	Snapshot string   `json:"snapshot"`
	Paths    []string `json:"paths"`
	To       string   `json:"to"` // "host:/", "host:/other/path" or "local:/dir"
	Delete   bool     `json:"delete"`
	DryRun   bool     `json:"dry_run"`
	// Changes lists what changed (or, in a dry run, would change), at most
	// the first MaxRestoreChanges; ChangesTotal counts them all.
	Changes      []FileChange `json:"changes"`
	ChangesTotal int          `json:"changes_total"`
	Files        int64        `json:"files"`       // entries in the restored paths
	TotalBytes   int64        `json:"total_bytes"` // of the files in the restored paths
	BytesWritten int64        `json:"bytes_written"`
	Warning      string       `json:"warning,omitempty"`
}

// MaxRestoreChanges bounds RestoreResult.Changes.
const MaxRestoreChanges = 10000

// Operations of a FileChange.
const (
	ChangeCreate = "create" // the target does not have it
	ChangeUpdate = "update" // content differs: written anew
	ChangeAttrs  = "attrs"  // same content; mode, times or owner set back
	ChangeDelete = "delete" // on the target but not in the snapshot (only with delete)
	ChangeLink   = "link"   // a hard link to another restored file
)

// FileChange is one item of rsync's --itemize-changes.
type FileChange struct {
	Op   string `json:"op"`   // create, update, attrs, delete, link
	Type string `json:"type"` // file, dir, symlink, device, fifo ("" for a delete)
	Path string `json:"path"` // as on the host ("/srv/www/index.html"), below the target
	// What differs, in rsync's letters (s size, t time, p perms, o owner,
	// g group, c checksum); empty for create and delete.
	What   string `json:"what,omitempty"`
	Target string `json:"target,omitempty"` // a symlink's text, a hard link's other path
}
