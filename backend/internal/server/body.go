package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
)

const (
	// maxStringBytes bounds every string in a request body: a 4096-byte
	// path fits, even as the base64 of a name that is not UTF-8.
	maxStringBytes = 8192
	// maxDepth bounds nesting: no request type nests deeper than a few levels.
	maxDepth = 32
)

// bodyOf declares, in the route table, the JSON body a route takes.
func bodyOf[T any]() any { return new(T) }

// input is the route's decoded body, of the type its table entry declares.
func input[T any](r *request) *T { return r.input.(*T) }

// inputOver decodes the route's body over v, so only the members the body
// names change (PUT keeps what it leaves out; POST starts from defaults).
// The dispatcher has already checked the body against the declared type,
// of which v must be one, so this cannot fail on what the caller sent.
func inputOver[T any](r *request, v *T) response {
	if len(bytes.TrimSpace(r.body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		return badRequest("", "the body does not fit what it was checked against: %v", err)
	}
	return nil
}

// decodeBody is the one decode path of every route: v points to the
// route's body type (an empty struct for a route that takes none). An
// empty body is {}. Anything else must be one JSON object, which
// encoding/json alone takes too loosely: so a first pass walks its tokens
// (top-level shape, duplicate keys, NUL, overlong strings, each named by
// its path), and a second decodes it strictly (unknown fields, wrong
// types), with errors that name the field and never print a Go type.
// A null member is the member left out, as in encoding/json.
func decodeBody(body []byte, v any) response {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if bad := checkJSON(body); bad != nil {
		return bad
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr):
		return badRequest(typeErr.Field, "%s must be %s", typeErr.Field, jsonKind(typeErr.Type))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		if reflect.TypeOf(v).Elem().NumField() == 0 {
			return badRequest(field, "this route takes no body (or {}), so not %q", field)
		}
		return badRequest(field, "unknown field %q", field)
	}
	// The first pass found well-formed JSON, so this is a value its
	// field's own decoder refused (a time that is not RFC 3339, say),
	// whose error names neither the field nor anything but Go.
	if f, ok := refusedField(body, v); ok {
		return badRequest(jsonName(f), "%s must be %s", jsonName(f), jsonKind(f.Type))
	}
	return badRequest("", "the body has a value of the wrong kind")
}

// refusedField finds the top-level field whose value alone fails to decode.
func refusedField(body []byte, v any) (reflect.StructField, bool) {
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) != nil {
		return reflect.StructField{}, false
	}
	t := reflect.TypeOf(v).Elem()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if raw, ok := members[jsonName(f)]; ok && json.Unmarshal(raw, reflect.New(f.Type).Interface()) != nil {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// checkJSON: the body is exactly one well-formed JSON object, with no key
// twice in one object, no NUL in any string, no string over maxStringBytes.
func checkJSON(body []byte) response {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // a number is only checked here, never converted
	first, err := dec.Token()
	if err != nil {
		return malformed(err)
	}
	if first != json.Delim('{') {
		return badRequest("", "the body must be a JSON object {...}, not %s", describe(first))
	}
	if bad := walkObject(dec, "", 1); bad != nil {
		return bad
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("", "malformed JSON: data after the object")
	}
	return nil
}

// walkObject reads an object's members, after its '{'.
func walkObject(dec *json.Decoder, path string, depth int) response {
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return malformed(err)
		}
		key, _ := tok.(string)
		field := join(path, key)
		if bad := checkString(field, key); bad != nil {
			return bad
		}
		if seen[key] {
			return badRequest(field, "%s is given more than once", field)
		}
		seen[key] = true
		if bad := walkValue(dec, field, depth); bad != nil {
			return bad
		}
	}
	_, err := dec.Token() // '}'
	return malformed(err)
}

func walkValue(dec *json.Decoder, path string, depth int) response {
	tok, err := dec.Token()
	if err != nil {
		return malformed(err)
	}
	switch t := tok.(type) {
	case string:
		return checkString(path, t)
	case json.Delim:
		if depth >= maxDepth {
			return badRequest(path, "%s is nested too deeply", path)
		}
		if t == '{' {
			return walkObject(dec, path, depth+1)
		}
		for i := 0; dec.More(); i++ {
			if bad := walkValue(dec, join(path, strconv.Itoa(i)), depth+1); bad != nil {
				return bad
			}
		}
		_, err := dec.Token() // ']'
		return malformed(err)
	}
	return nil
}

func checkString(field, s string) response {
	switch {
	case len(s) > maxStringBytes:
		return badRequest(field, "%s is %d bytes long; at most %d are accepted", field, len(s), maxStringBytes)
	case strings.IndexByte(s, 0) >= 0:
		return badRequest(field, "%s must not contain NUL (\\u0000)", field)
	}
	return nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// malformed reports a token error (nil: none).
func malformed(err error) response {
	var syntax *json.SyntaxError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &syntax):
		return badRequest("", "malformed JSON at byte %d: %s", syntax.Offset, syntax.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("", "malformed JSON: the body ends in the middle of a value")
	}
	return badRequest("", "malformed JSON: %v", err)
}

// describe names a JSON token for an error message.
func describe(tok json.Token) string {
	switch t := tok.(type) {
	case nil:
		return "null"
	case json.Delim:
		if t == '[' {
			return "a list [...]"
		}
		return strconv.Quote(t.String())
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	}
	return "that"
}

// jsonKind says in JSON's words what a Go type accepts.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeFor[time.Time]() {
		return "an RFC 3339 time like 2026-11-22T10:00:00Z"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number (within range)"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number, 0 or more (within range)"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "base64 text"
		}
		return "a list [...]"
	case reflect.Map, reflect.Struct:
		return "an object {...}"
	}
	return "another kind of value"
}
