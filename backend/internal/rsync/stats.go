package rsync

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Stats is rsync's --stats block.
type Stats struct {
	Files int64 // "Number of files": every entry of the file list
	// The breakdown of Files (reg, dir, link, dev, special).
	RegularFiles, Dirs, Links, Devices, Specials int64
	// CreatedFiles are entries new in Dest: neither hard-linked from a
	// --link-dest base nor updated from one.
	CreatedFiles     int64
	DeletedFiles     int64
	TransferredFiles int64 // "Number of regular files transferred"
	TotalSize        int64 // "Total file size": every file of the snapshot
	TransferredSize  int64 // "Total transferred file size": see NewBytes
	LiteralData      int64 // bytes of file data sent as such
	MatchedData      int64 // bytes rebuilt from a basis file (delta transfer)
	FileListSize     int64
	BytesSent        int64 // by this side, on the wire
	BytesReceived    int64
}

// NewBytes is the data a snapshot holds that is not linked from its base.
// With --link-dest an unchanged file is a hard link into the base and
// counts in no transfer figure; a changed file is written whole as a new
// file, even when the delta algorithm rebuilt most of it from the base
// (MatchedData), so the new space is the size of the transferred files,
// "Total transferred file size" - not LiteralData, which is only what
// crossed the wire. (Directories and symlinks, made anew each time, are
// not in it; sparse files take less.)
func (s Stats) NewBytes() int64 { return s.TransferredSize }

// ParseStats reads the --stats block out of rsync's output (other lines,
// such as "--link-dest arg does not exist", are skipped). Numbers may
// carry thousands separators or --human-readable suffixes.
func ParseStats(out string) (Stats, error) {
	var s Stats
	fields := map[string]*int64{
		"Number of regular files transferred": &s.TransferredFiles,
		"Total file size":                     &s.TotalSize,
		"Total transferred file size":         &s.TransferredSize,
		"Literal data":                        &s.LiteralData,
		"Matched data":                        &s.MatchedData,
		"File list size":                      &s.FileListSize,
		"Total bytes sent":                    &s.BytesSent,
		"Total bytes received":                &s.BytesReceived,
	}
	seen := false
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ": ")
		if !ok {
			continue
		}
		var err error
		switch key {
		case "Number of files":
			seen = true
			s.Files, err = parseCounts(val, map[string]*int64{
				"reg": &s.RegularFiles, "dir": &s.Dirs, "link": &s.Links, "dev": &s.Devices, "special": &s.Specials})
		case "Number of created files":
			s.CreatedFiles, err = parseCounts(val, nil)
		case "Number of deleted files": // "3 (reg: 2, dir: 1)" once --delete deleted something
			s.DeletedFiles, err = parseCounts(val, nil)
		default:
			p, known := fields[key]
			if !known {
				continue
			}
			*p, err = parseNumber(strings.TrimSuffix(val, " bytes"))
		}
		if err != nil {
			return Stats{}, fmt.Errorf("rsync --stats: %s: %w", key, err)
		}
	}
	if !seen {
		return Stats{}, errors.New("rsync printed no --stats block")
	}
	return s, sc.Err()
}

// parseCounts reads "60 (reg: 44, dir: 14, link: 1)" into its total and,
// when parts is given, the named parts. Parts are separated by ", ";
// numbers hold "," without a space.
func parseCounts(val string, parts map[string]*int64) (int64, error) {
	total, rest, _ := strings.Cut(val, " (")
	n, err := parseNumber(total)
	if err != nil || parts == nil || rest == "" {
		return n, err
	}
	for _, part := range strings.Split(strings.TrimSuffix(rest, ")"), ", ") {
		name, num, ok := strings.Cut(part, ": ")
		p, known := parts[name]
		if !ok || !known {
			continue // a kind this rsync does not print yet
		}
		if *p, err = parseNumber(num); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// parseNumber reads "50,824,552", or "50.33M" from --human-readable
// (powers of 1000, as a single -h gives; the value is then approximate).
func parseNumber(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := 1.0
	if i := strings.IndexAny(s, "KMGTP"); i >= 0 && i == len(s)-1 {
		mult = map[byte]float64{'K': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15}[s[i]]
		s = s[:i]
	}
	if mult == 1 {
		return strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return int64(f*mult + 0.5), err
}

// Add sums two runs' figures (a backup of several sources runs rsync once
// per source).
func (s Stats) Add(o Stats) Stats {
	return Stats{
		Files: s.Files + o.Files, RegularFiles: s.RegularFiles + o.RegularFiles, Dirs: s.Dirs + o.Dirs,
		Links: s.Links + o.Links, Devices: s.Devices + o.Devices, Specials: s.Specials + o.Specials,
		CreatedFiles: s.CreatedFiles + o.CreatedFiles, DeletedFiles: s.DeletedFiles + o.DeletedFiles,
		TransferredFiles: s.TransferredFiles + o.TransferredFiles, TotalSize: s.TotalSize + o.TotalSize,
		TransferredSize: s.TransferredSize + o.TransferredSize, LiteralData: s.LiteralData + o.LiteralData,
		MatchedData: s.MatchedData + o.MatchedData, FileListSize: s.FileListSize + o.FileListSize,
		BytesSent: s.BytesSent + o.BytesSent, BytesReceived: s.BytesReceived + o.BytesReceived,
	}
}
