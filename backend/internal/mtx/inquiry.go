package mtx

import (
	"strings"
)

// Inquiry is `mtx inquiry`: what the device says it is. Pointed at a
// drive's sg node it answers too (Product Type: Tape Drive, recorded), so
// a configured changer path is checked with it.
type Inquiry struct {
	ProductType string // "Medium Changer", "Tape Drive", ...
	Vendor      string // trimmed of SCSI's space padding
	Product     string
	Revision    string
	Serial      string // when mtx prints one
	// AttachedChanger: the drive has a changer API of its own (Attached
	// Changer API: Yes); such a changer is driven through the drive's node.
	AttachedChanger bool
	Other           map[string]string // lines with keys this parser does not know
	Warnings        []Warning
}

// IsChanger reports whether the device is a medium changer.
func (q Inquiry) IsChanger() bool { return q.ProductType == "Medium Changer" }

// ParseInquiry reads `mtx inquiry` output. Values are printed in quotes
// with their SCSI padding ('HP      '); both are removed.
func ParseInquiry(out string) Inquiry {
	var q Inquiry
	for i, line := range strings.Split(out, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			q.Warnings = append(q.Warnings, Warning{i + 1, line, "not a 'key: value' line"})
			continue
		}
		val = strings.TrimSpace(val)
		if len(val) >= 2 && val[0] == '\'' && val[len(val)-1] == '\'' {
			val = strings.TrimSpace(val[1 : len(val)-1])
		}
		switch strings.TrimSpace(key) {
		case "Product Type":
			q.ProductType = val
		case "Vendor ID":
			q.Vendor = val
		case "Product ID":
			q.Product = val
		case "Revision":
			q.Revision = val
		case "Serial Number":
			q.Serial = val
		case "Attached Changer API":
			q.AttachedChanger = val == "Yes"
		default:
			if q.Other == nil {
				q.Other = map[string]string{}
			}
			q.Other[strings.TrimSpace(key)] = val
		}
	}
	return q
}
