package bacula

import (
	"strings"
)

// FirstResource returns the directives of the first resource of the given
// type ("Director", "Storage", ...) in a Bacula config file, keyed by
// their normalized names (see DirectiveName), values unquoted; nil if the
// file has none. It reads top-level resources only, as bconsole.conf and
// bacula-sd.conf lay them out, and ignores comments.
func FirstResource(conf, kind string) map[string]string {
	want := DirectiveName(kind)
	var found map[string]string
	inside, depth := false, 0
	for _, raw := range strings.Split(conf, "\n") {
		line, _, _ := strings.Cut(raw, "#")
		line = strings.TrimSpace(line)
		if depth == 0 {
			name, body, opens := strings.Cut(line, "{")
			if !opens {
				continue
			}
			inside, depth, line = DirectiveName(name) == want, 1, body
			if inside {
				found = map[string]string{}
			}
		}
		// Only text at the resource's own level holds its directives; a
		// nested resource (Device { ... }) may sit on one line or several.
		own, _, _ := strings.Cut(line, "{")
		own, _, _ = strings.Cut(own, "}")
		if inside && depth == 1 {
			for _, stmt := range strings.Split(own, ";") { // "a = b; c = d" may share a line
				if k, v, ok := strings.Cut(stmt, "="); ok {
					found[DirectiveName(k)] = strings.Trim(strings.TrimSpace(v), `"`)
				}
			}
		}
		if depth += strings.Count(line, "{") - strings.Count(line, "}"); depth <= 0 {
			if inside {
				return found
			}
			depth = 0
		}
	}
	return nil
}

// DirectiveName normalizes a directive or resource name as Bacula matches
// them: any case, spaces and underscores ignored ("DIR Port" = "dirport").
func DirectiveName(s string) string {
	return strings.NewReplacer(" ", "", "_", "", "\t", "").Replace(strings.ToLower(strings.TrimSpace(s)))
}
