package bacula

import (
	"bufio"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"bams/backend/api"
)

// passwordValue matches a directive whose name holds "password" (as Bacula
// reads names: any case, spaces ignored), with "=" as configuration files
// write it or ":" as some `show` lines do, up to its value's end: a quoted
// string (with \" escapes) or a bare word.
var passwordValue = regexp.MustCompile(`(?i)([a-z ]*pass\s*word\s*[=:]\s*)("(?:[^"\\]|\\.)*"|[^\s;]+)`)

// RedactPasswords hides every password value in a configuration file or
// in console output, in comments too (an old password left in a comment
// is still one). The value becomes "[redacted]" in quotes, so a redacted
// configuration still reads as one.
func RedactPasswords(text string) string {
	return passwordValue.ReplaceAllString(text, `${1}"`+api.Redacted+`"`)
}

// DefaultSDPort is bacula-sd's port when its Storage resource names none.
const DefaultSDPort = 9103

// StorageDaemon reads a storage daemon's configuration for its own Storage
// resource: its Name and SDPort.
func StorageDaemon(conf string) (name string, port int) {
	port = DefaultSDPort
	st := FirstResource(conf, "Storage")
	if p, err := strconv.Atoi(st["sdport"]); err == nil {
		port = p
	}
	return st["name"], port
}

// Includes reports whether conf has an include line for file ("@file").
func Includes(conf, file string) bool {
	sc := bufio.NewScanner(strings.NewReader(conf))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "@") && strings.Trim(strings.TrimPrefix(line, "@"), `"`) == file {
			return true
		}
	}
	return false
}

// FileDevice is a File device of the storage daemon: a folder volumes are
// written to as files.
type FileDevice struct {
	Name, Directory, MediaType string
}

// FileDevices is the text of a configuration file holding devs, whose
// names, folders and media types were checked to need no quoting. Each
// device has a media type of its own unless one is given: the director
// mounts a volume on any device of the volume's media type, so two folders
// sharing one would have it look for a volume in the wrong folder.
func FileDevices(header string, devs []FileDevice) string {
	var b strings.Builder
	b.WriteString(header)
	for _, d := range devs {
		mt := d.MediaType
		if mt == "" {
			mt = d.Name
		}
		fmt.Fprintf(&b, "Device {\n  Name = \"%s\"\n  Media Type = \"%s\"\n  Archive Device = \"%s\"\n", d.Name, mt, d.Directory)
		b.WriteString("  Device Type = File\n  LabelMedia = yes\n  Random Access = yes\n  AutomaticMount = yes\n" +
			"  RemovableMedia = no\n  AlwaysOpen = no\n  Maximum Concurrent Jobs = 5\n}\n")
	}
	return b.String()
}

// fileDeviceLine reads the directives FileDevices writes.
var fileDeviceLine = regexp.MustCompile(`^\s*(Name|Media Type|Archive Device) = "([^"]*)"\s*$`)

// ParseFileDevices reads back a file that FileDevices wrote.
func ParseFileDevices(text string) []FileDevice {
	out := []FileDevice{}
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "Device {") {
			out = append(out, FileDevice{})
			continue
		}
		m := fileDeviceLine.FindStringSubmatch(line)
		if m == nil || len(out) == 0 {
			continue
		}
		d := &out[len(out)-1]
		switch m[1] {
		case "Name":
			d.Name = m[2]
		case "Media Type":
			d.MediaType = m[2]
		case "Archive Device":
			d.Directory = m[2]
		}
	}
	return out
}
