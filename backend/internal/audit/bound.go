package audit

import (
	"fmt"
	"maps"
	"slices"
	"unicode/utf8"
)

// Every string bamsd stores, logs or answers that a caller chose is
// bounded: the socket is open to every local user, and an unbounded
// path or value turned each denied request into megabytes of disk.
const (
	MaxText  = 1024 // a path or an error message in a record
	MaxValue = 512  // one parameter's value
	MaxKey   = 64   // one parameter's name
	MaxKeys  = 32   // parameters per object, and elements per list
)

// Clip returns s if it has at most limit bytes, else its first bytes (cut
// at a character) and a marker giving the original length, limit bytes in
// all: so clipping twice changes nothing.
func Clip(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	marker := fmt.Sprintf("…[%d bytes]", len(s))
	cut := max(0, limit-len(marker))
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + marker
}

// Bound copies a decoded JSON value with every string, name, object and
// list cut to the record's bounds (so one record stays a few KB), and
// anything nested deeper than a request type ever is replaced by a marker.
func Bound(v any) any { return bounded(v, 0) }

func bounded(v any, depth int) any {
	if depth > 4 {
		return "…"
	}
	switch t := v.(type) {
	case string:
		return Clip(t, MaxValue)
	case []any:
		out := make([]any, 0, min(len(t), MaxKeys+1))
		for i, e := range t {
			if i == MaxKeys {
				out = append(out, fmt.Sprintf("…[%d more]", len(t)-i))
				break
			}
			out = append(out, bounded(e, depth+1))
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for i, k := range slices.Sorted(maps.Keys(t)) {
			if i == MaxKeys {
				out["…"] = fmt.Sprintf("%d more", len(t)-i)
				break
			}
			out[Clip(k, MaxKey)] = bounded(t[k], depth+1)
		}
		return out
	}
	return v
}
