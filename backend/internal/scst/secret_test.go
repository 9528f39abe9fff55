package scst

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	const v = "very-secret-value"
	s := NewSecret(v)
	u := CHAPUser{User: "joe", Secret: s}
	c := exampleConfig()
	c.Drivers[0].Targets[0].CHAP.Incoming[0].Secret = s
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10s", "%T"} {
		outs = append(outs, fmt.Sprintf(verb, s), fmt.Sprintf(verb, u), fmt.Sprintf(verb, &u), fmt.Sprintf(verb, c))
	}
	outs = append(outs, fmt.Sprint(s), fmt.Sprintln(u), s.String(), s.GoString())
	j, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	outs = append(outs, string(j))
	var logged bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logged, nil))
	log.Info("x", "secret", s, "user", u, "config", c)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "secret", s, "user", u)
	outs = append(outs, logged.String())
	for _, o := range outs {
		if strings.Contains(o, v) || strings.Contains(o, fmt.Sprintf("%x", v)) {
			t.Errorf("secret printed: %s", o)
		}
	}
	if !strings.Contains(string(j), `"Secret":"(secret)"`) {
		t.Errorf("JSON should say a secret is set: %s", j)
	}
	if b, _ := json.Marshal(NewSecret("")); string(b) != `""` {
		t.Errorf("empty: %s", b)
	}
	// Decoding into a Secret fails rather than store the placeholder.
	var back CHAPUser
	if err := json.Unmarshal([]byte(`{"User":"joe","Secret":"(secret)"}`), &back); err == nil {
		t.Error("a Secret was decoded from JSON")
	}
	if s.Reveal() != v || !s.IsSet() || NewSecret("").IsSet() || !s.Equal(NewSecret(v)) || s.Equal(NewSecret("other")) {
		t.Error("Reveal/IsSet/Equal")
	}
}
