package bacula

import (
	"regexp"
	"strconv"
	"strings"
)

// NamePattern: a name of something the director already has (a client, a
// volume, a storage), as it goes unquoted on a console command line: never
// a space, "=", a quote, nor a leading "-" that would read as an option.
var NamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,126}$`)

// ValidName reports whether name can go on a console command line as is.
func ValidName(name string) bool { return NamePattern.MatchString(name) }

// ClientResource is a Client resource as `show client=NAME` or `show
// clients` prints it. Its retentions are left to the catalog (`llist
// clients`), which gives them in seconds rather than words.
type ClientResource struct {
	Name      string
	Enabled   bool
	Address   string
	Port      int
	MaxJobs   int
	AutoPrune bool
}

// clientField is one "Key=value" word of a client's own lines:
// "Client: Name=test-fd Enabled=1 Address=127.0.0.1 FDport=9102 MaxJobs=1 ...".
var clientField = regexp.MustCompile(`\b(Name|Enabled|Address|FDport|MaxJobs|AutoPrune)=(\S+)`)

// ParseClientResources reads `show clients` or `show client=NAME` (Bacula
// 9.6): a "Client:" line per client and its continuation lines; the
// resources it refers to ("  --> Catalog: ...") and their lines are not
// the client's.
func ParseClientResources(reply string) []ClientResource {
	var out []ClientResource
	own := false
	for _, line := range strings.Split(reply, "\n") {
		if strings.HasPrefix(line, "Client: ") {
			out, own = append(out, ClientResource{}), true
		} else if strings.HasPrefix(strings.TrimSpace(line), "-->") {
			own = false
		}
		if !own {
			continue
		}
		c := &out[len(out)-1]
		for _, m := range clientField.FindAllStringSubmatch(line, -1) {
			switch m[1] {
			case "Name":
				c.Name = m[2]
			case "Enabled":
				c.Enabled = m[2] == "1"
			case "Address":
				c.Address = m[2]
			case "FDport":
				c.Port, _ = strconv.Atoi(m[2])
			case "MaxJobs":
				c.MaxJobs, _ = strconv.Atoi(m[2])
			case "AutoPrune":
				c.AutoPrune = m[2] == "1"
			}
		}
	}
	return out
}

// StorageResource is a Storage resource of the director as `show storages`
// prints it.
type StorageResource struct {
	Name, Address, Device, MediaType string
	Port                             int
	Autochanger                      bool
}

// ParseStorageResources reads `show storages`: per resource a line
// "Storage: name=File address=127.0.0.1 SDport=9103 MaxJobs=10 NumJobs=0"
// and a line "DeviceName=FileDev MediaType=File StorageId=1 Autochanger=0".
func ParseStorageResources(reply string) []StorageResource {
	var out []StorageResource
	for _, line := range strings.Split(reply, "\n") {
		line = strings.TrimSpace(line)
		rest, heading := strings.CutPrefix(line, "Storage: ")
		if !heading && len(out) == 0 {
			continue
		}
		if heading {
			out = append(out, StorageResource{})
		} else {
			rest = line
		}
		st := &out[len(out)-1]
		for _, word := range strings.Fields(rest) {
			k, v, ok := strings.Cut(word, "=")
			if !ok {
				continue
			}
			switch k {
			case "name":
				st.Name = v
			case "address":
				st.Address = v
			case "SDport":
				st.Port, _ = strconv.Atoi(v)
			case "DeviceName":
				st.Device = v
			case "MediaType":
				st.MediaType = v
			case "Autochanger":
				st.Autochanger = v != "0"
			}
		}
	}
	return out
}
