package client

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"time"
)

// query encodes q, a struct whose every field names its query parameter
// in a `query:"name"` tag, as "?..." ("" when nothing is set). A zero
// field is left out, so bamsd applies its default; a list travels as one
// parameter joined with commas, a time as RFC 3339 in UTC.
func query(q any) string {
	v := url.Values{}
	rv := reflect.ValueOf(q)
	for i := range rv.NumField() {
		field, f := rv.Type().Field(i), rv.Field(i)
		name := field.Tag.Get("query")
		if name == "" {
			panic(fmt.Sprintf("client: %s.%s has no query tag", rv.Type(), field.Name))
		}
		if f.IsZero() {
			continue
		}
		switch x := f.Interface().(type) {
		case time.Time:
			v.Set(name, x.UTC().Format(time.RFC3339))
		default:
			if f.Kind() != reflect.Slice {
				v.Set(name, fmt.Sprint(x))
				continue
			}
			parts := make([]string, f.Len())
			for j := range parts {
				parts[j] = fmt.Sprint(f.Index(j))
			}
			if len(parts) > 0 {
				v.Set(name, strings.Join(parts, ","))
			}
		}
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}
