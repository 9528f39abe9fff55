package execx

import "regexp"

// Pattern names a kind of failure by what a tool printed. Tool packages
// keep a table of them, tested on recorded output, and read a failure with
// FirstMatch.
type Pattern[K any] struct {
	Kind K
	RE   *regexp.Regexp
}

// FirstMatch is the kind of the first pattern that matches text, or def.
func FirstMatch[K any](text string, patterns []Pattern[K], def K) K {
	for _, p := range patterns {
		if p.RE.MatchString(text) {
			return p.Kind
		}
	}
	return def
}
