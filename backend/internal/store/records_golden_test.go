package store

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"bams/backend/api"
)

var updateRecords = flag.Bool("update-records", false, "rewrite testdata/records/*.json from the current types")

// storedTypes are the api types whose JSON the store keeps in bbolt. The
// JSON of an api type is the stored format, so renaming or retyping a
// wire field silently changes what older records mean: these golden files
// make that a failing test, to be answered with a migration (or, for a
// new field, by updating the golden file with -update-records).
var storedTypes = map[string]any{
	"task":             api.Task{},
	"task_log_line":    api.LogLine{},
	"audit_record":     api.AuditRecord{},
	"host":             api.Host{},
	"snapshot":         api.Snapshot{},
	"schedule":         api.Schedule{},
	"retention_policy": api.RetentionPolicy{},
	"bacula_run":       api.BaculaRun{},
	"selfcheck_tool":   api.ToolStatus{},
	"repository":       api.Repository{},
	"iscsi_target":     api.ISCSITarget{},
	"tape_medium":      api.TapeMedium{},
	"alert":            api.Alert{},
	"notify_target":    api.NotifyTarget{},
	"notification":     api.Notification{},
	"sample":           api.Sample{},
}

func TestStoredRecordsKeepTheirFormat(t *testing.T) {
	for name, zero := range storedTypes {
		t.Run(name, func(t *testing.T) {
			v := reflect.New(reflect.TypeOf(zero))
			fill(v.Elem(), new(int))
			got, err := json.MarshalIndent(v.Interface(), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "records", name+".json")
			if *updateRecords {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./backend/internal/store -run StoredRecords -update-records once)", err)
			}
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Errorf("the stored format of %s changed (a renamed, retyped or new field): records already in bbolt "+
					"would read differently. Add a migration, or for a new field update %s with -update-records.\n got %s\nwant %s",
					name, golden, got, want)
			}
			// A record written by the previous bamsd still decodes, whole.
			back := reflect.New(reflect.TypeOf(zero))
			if err := json.Unmarshal(want, back.Interface()); err != nil {
				t.Fatalf("the golden %s does not decode: %v", name, err)
			}
			if again, _ := json.MarshalIndent(back.Interface(), "", "  "); !bytes.Equal(bytes.TrimSpace(again), bytes.TrimSpace(want)) {
				t.Errorf("%s does not survive a decode and encode:\n got %s\nwant %s", name, again, want)
			}
		})
	}
}

// fill gives every field a distinct value (n counts them), so each field
// shows in the JSON under its name.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + strconv.Itoa(*n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.Type() == reflect.TypeOf(time.Duration(0)) {
			v.SetInt(int64(*n) * int64(time.Second))
		} else {
			v.SetInt(int64(*n))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), n)
		v.Set(p)
	case reflect.Slice:
		if v.Type() == reflect.TypeOf(json.RawMessage(nil)) {
			v.SetBytes([]byte(`{"k":` + strconv.Itoa(*n) + `}`))
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), n)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, n)
		fill(e, n)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Interface:
		v.Set(reflect.ValueOf("s" + strconv.Itoa(*n)))
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2026, 11, 20, 2, 15, *n%60, 0, time.UTC)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	}
}
