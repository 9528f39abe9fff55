package zfs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseStatusJSON reads `zpool status -j [--json-int]` (OpenZFS 2.3+).
// Two key sets exist: the zpool-status(8) example (pool "guid", a short
// "status") and what 2.3 prints (github.com/openzfs/zfs PR #16217:
// "pool_guid", "status"/"action" texts with "msgid"/"moreinfo", and a
// "scan_stats" object). Both are read. Vdev objects keep the order zpool
// printed them in, so the tree matches the text form.
func ParseStatusJSON(out []byte) ([]PoolStatus, error) {
	var doc struct {
		Pools json.RawMessage `json:"pools"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, fmt.Errorf("zpool status -j: %w", err)
	}
	keys, vals, err := orderedObject(doc.Pools)
	if err != nil {
		return nil, fmt.Errorf("zpool status -j: pools: %w", err)
	}
	var pools []PoolStatus
	for i := range keys {
		var jp struct {
			Name      string          `json:"name"`
			State     string          `json:"state"`
			Status    string          `json:"status"`
			Action    string          `json:"action"`
			MsgID     string          `json:"msgid"`
			MoreInfo  string          `json:"moreinfo"`
			ScanStats map[string]any  `json:"scan_stats"`
			Vdevs     json.RawMessage `json:"vdevs"`
			Logs      json.RawMessage `json:"logs"`
			L2Cache   json.RawMessage `json:"l2cache"`
			Spares    json.RawMessage `json:"spares"`
			Special   json.RawMessage `json:"special"`
			Dedup     json.RawMessage `json:"dedup"`
			ErrCount  any             `json:"error_count"`
		}
		if err := json.Unmarshal(vals[i], &jp); err != nil {
			return nil, fmt.Errorf("zpool status -j: pool %s: %w", keys[i], err)
		}
		p := PoolStatus{Name: jp.Name, State: jp.State, Status: jp.Status, Action: jp.Action, See: jp.MoreInfo,
			Scan: scanFromJSON(jp.ScanStats)}
		if p.Name == "" {
			p.Name = keys[i]
		}
		if p.Status == "OK" { // the man page's placeholder for "no status message"
			p.Status = ""
		}
		var warns []string
		p.Config = jsonVdevs(jp.Vdevs, &warns)
		for _, g := range []struct {
			name string
			raw  json.RawMessage
		}{{"logs", jp.Logs}, {"cache", jp.L2Cache}, {"spares", jp.Spares}, {"special", jp.Special}, {"dedup", jp.Dedup}} {
			if len(g.raw) > 0 {
				p.Config = append(p.Config, Vdev{Name: g.name, Children: jsonVdevs(g.raw, &warns)})
			}
		}
		for _, w := range warns {
			p.Warnings = append(p.Warnings, Warning{Text: p.Name, Reason: w})
		}
		if n := jsonUint(jp.ErrCount); n == 0 {
			p.Errors = "No known data errors"
		} else {
			p.Errors = strconv.FormatUint(n, 10) + " data errors, use '-v' for a list"
		}
		pools = append(pools, p)
	}
	return pools, nil
}

func jsonVdevs(raw json.RawMessage, warns *[]string) []Vdev {
	if len(raw) == 0 {
		return nil
	}
	keys, vals, err := orderedObject(raw)
	if err != nil {
		*warns = append(*warns, "vdevs: "+err.Error())
		return nil
	}
	var out []Vdev
	for i := range keys {
		var jv struct {
			Name     string          `json:"name"`
			Path     string          `json:"path"`
			State    string          `json:"state"`
			Read     any             `json:"read_errors"`
			Write    any             `json:"write_errors"`
			Checksum any             `json:"checksum_errors"`
			Vdevs    json.RawMessage `json:"vdevs"`
		}
		if err := json.Unmarshal(vals[i], &jv); err != nil {
			*warns = append(*warns, "vdev "+keys[i]+": "+err.Error())
			continue
		}
		v := Vdev{Name: jv.Name, State: jv.State, Read: jsonUint(jv.Read), Write: jsonUint(jv.Write), Checksum: jsonUint(jv.Checksum)}
		if v.Name == "" {
			v.Name = keys[i]
		}
		if jv.Path != "" && jv.Path != v.Name {
			v.Note = jv.Path
		}
		v.Children = jsonVdevs(jv.Vdevs, warns)
		out = append(out, v)
	}
	return out
}

// scanFromJSON reads scan_stats: function SCRUB/RESILVER, state
// SCANNING/FINISHED/CANCELED, byte counts (strings, or numbers with
// --json-int), start/end times as text or epoch seconds.
func scanFromJSON(m map[string]any) Scan {
	s := Scan{State: ScanNone, Percent: -1, ETA: -1}
	if m == nil {
		return s
	}
	str := func(k string) string { v, _ := m[k].(string); return v }
	s.Func = ScanFunc(strings.ToLower(str("function")))
	switch str("state") {
	case "SCANNING":
		s.State = ScanInProgress
		if p := str("scrub_pause"); p != "" && p != "-" && p != "0" {
			s.State = ScanPaused
		}
	case "FINISHED":
		s.State, s.Percent = ScanFinished, 100
	case "CANCELED":
		s.State = ScanCanceled
	}
	s.Total = jsonUint(m["to_examine"])
	s.Scanned = jsonUint(m["examined"])
	s.Issued = jsonUint(m["issued"])
	s.Errors = jsonUint(m["errors"])
	s.Repaired = jsonUint(m["processed"])
	s.When = fmt.Sprint(m["start_time"])
	if s.State == ScanInProgress && s.Total > 0 {
		done := s.Issued
		if done == 0 {
			done = s.Scanned
		}
		s.Percent = 100 * float64(done) / float64(s.Total)
	}
	start, end := jsonUint(m["start_time"]), jsonUint(m["end_time"])
	if s.State == ScanFinished && start > 0 && end >= start {
		s.Took = time.Duration(end-start) * time.Second
	}
	return s
}

// jsonUint reads a number or a numeric string ("0", "1.32K" is not one:
// JSON counts are exact).
func jsonUint(v any) uint64 {
	switch x := v.(type) {
	case float64:
		return uint64(x)
	case string:
		n, err := strconv.ParseUint(x, 10, 64)
		if err != nil {
			n, _ = parseHumanSize(x)
		}
		return n
	case json.Number:
		n, _ := strconv.ParseUint(x.String(), 10, 64)
		return n
	}
	return 0
}

// orderedObject splits a JSON object into its keys and raw values in the
// order they appear (encoding/json maps lose it).
func orderedObject(raw json.RawMessage) ([]string, []json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, fmt.Errorf("not an object")
	}
	var keys []string
	var vals []json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		keys, vals = append(keys, key), append(vals, v)
	}
	return keys, vals, nil
}
