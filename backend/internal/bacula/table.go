package bacula

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// record is one row of a `list` table or one block of `llist` output,
// keyed by lower-case column name (Bacula prints "JobId", Bareos "jobid").
type record struct {
	heading string // the "Pool: NAME" line the row was listed under, if any
	fields  map[string]string
}

// table is one "+----+" bordered table of `list` output.
type table struct {
	heading string
	columns []string // lower case
	rows    [][]string
}

// tables reads every bordered table in a reply. Rows of a one-column table
// may span lines: a `list joblog` entry ends in a newline, so its row runs
// on until a line holding only "\" padding and "|"
// (testdata/list_joblog_jobid1.txt).
func tables(reply string) []table {
	var out []table
	var cur *table
	heading := ""
	borders := 0 // borders seen in the current table: header, then rows, then end
	var open []string
	for _, line := range strings.Split(reply, "\n") {
		if open != nil {
			if joblogRowEnd.MatchString(line) {
				cur.rows = append(cur.rows, []string{strings.TrimRight(strings.Join(open, "\n"), "\n")})
				open = nil
			} else {
				open = append(open, line)
			}
			continue
		}
		switch {
		case strings.HasPrefix(line, "+-"):
			// Three borders make a table: above and below the header, and
			// at the end. Two tables may follow each other (jobtotals).
			if cur == nil || borders == 3 {
				out = append(out, table{heading: heading})
				cur, borders = &out[len(out)-1], 0
			}
			borders++
		case strings.HasPrefix(line, "|") && cur != nil && borders == 1:
			for _, c := range splitRow(line, 0) {
				cur.columns = append(cur.columns, strings.ToLower(c))
			}
		case strings.HasPrefix(line, "|") && cur != nil && borders == 2:
			if len(cur.columns) == 1 && !strings.HasSuffix(strings.TrimRight(line, " "), "|") {
				open = []string{strings.TrimPrefix(strings.TrimPrefix(line, "|"), " ")}
				continue
			}
			cur.rows = append(cur.rows, splitRow(line, len(cur.columns)))
		default:
			cur = nil
			if t := strings.TrimSpace(line); t != "" {
				heading = t
			}
		}
	}
	return out
}

// joblogRowEnd ends a multi-line row: "\" then padding then "|".
var joblogRowEnd = regexp.MustCompile(`^\\ *\|\s*$`)

// splitRow splits "| a | b |" into trimmed cells. A one-column table keeps
// its cell whole, since a file name may hold " | ".
func splitRow(line string, ncol int) []string {
	inner := strings.TrimSpace(line)
	inner = strings.TrimSuffix(strings.TrimPrefix(inner, "|"), "|")
	if ncol == 1 {
		return []string{strings.TrimSpace(inner)}
	}
	cells := strings.Split(inner, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// records returns the rows of the tables that have all of the columns
// wanted, or, when the reply holds no table, the blocks of `llist` output.
func records(reply string, wanted ...string) []record {
	ts := tables(reply)
	if len(ts) == 0 {
		return longRecords(reply)
	}
	var out []record
	for _, t := range ts {
		if !hasColumns(t.columns, wanted) {
			continue
		}
		for _, row := range t.rows {
			f := make(map[string]string, len(t.columns))
			for i, c := range t.columns {
				if i < len(row) {
					f[c] = row[i]
				}
			}
			out = append(out, record{heading: t.heading, fields: f})
		}
	}
	return out
}

func hasColumns(have, wanted []string) bool {
	for _, w := range wanted {
		found := false
		for _, h := range have {
			found = found || h == w
		}
		if !found {
			return false
		}
	}
	return true
}

// longField is one "    Key: value" line of `llist` output: keys are
// right-aligned, so they start with a space; headings such as
// "Pool: FilePool" and "Using Catalog ..." do not.
var longField = regexp.MustCompile(`^\s+([A-Za-z][A-Za-z0-9_]*): ?(.*)$`)

// longRecords reads `llist` output: blocks of "Key: value" lines separated
// by blank lines, under an optional "Pool: NAME" heading.
func longRecords(reply string) []record {
	var out []record
	heading := ""
	var cur map[string]string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, record{heading: heading, fields: cur})
		}
		cur = nil
	}
	for _, line := range strings.Split(reply, "\n") {
		if m := longField.FindStringSubmatch(line); m != nil {
			if cur == nil {
				cur = map[string]string{}
			}
			cur[strings.ToLower(m[1])] = strings.TrimRight(m[2], " ")
			continue
		}
		flush()
		if t := strings.TrimSpace(line); t != "" {
			heading = t
		}
	}
	flush()
	return out
}

// poolHeading is the "Pool: NAME" line `list volumes` prints per pool.
var poolHeading = regexp.MustCompile(`^Pool: (.+)$`)

func (r record) pool() string {
	if m := poolHeading.FindStringSubmatch(r.heading); m != nil {
		return m[1]
	}
	return ""
}

func (r record) str(keys ...string) string {
	for _, k := range keys {
		if v, ok := r.fields[k]; ok && v != "NULL" {
			return v
		}
	}
	return ""
}

// int reads a count; Bacula prints some with thousands separators.
func (r record) int(keys ...string) int64 {
	n, _ := strconv.ParseInt(strings.ReplaceAll(r.str(keys...), ",", ""), 10, 64)
	return n
}

func (r record) bool(keys ...string) bool { return r.int(keys...) != 0 }

func (r record) seconds(keys ...string) time.Duration {
	return time.Duration(r.int(keys...)) * time.Second
}

// time reads a catalog time ("2026-11-21 23:43:50", the director's local
// time); "0", "NULL" and "" (a job not yet started or ended) are zero.
func (r record) time(loc *time.Location, keys ...string) time.Time {
	v := r.str(keys...)
	t, err := time.ParseInLocation(time.DateTime, v, loc)
	if err != nil {
		return time.Time{}
	}
	return t
}
