package server

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"bams/backend/api"
)

// Every route declares an action; only health and me are public.
func TestEveryRouteDeclaresItsAction(t *testing.T) {
	valid := map[string]bool{api.Public: true, ActionOfTask: true}
	for _, a := range api.Actions() {
		valid[a] = true
	}
	seen := map[string]bool{}
	for _, rt := range routes() {
		key := rt.Method + " " + rt.Pattern
		if seen[key] {
			t.Errorf("%s declared twice", key)
		}
		seen[key] = true
		if !valid[rt.Action] {
			t.Errorf("%s: action %q is not a known action", key, rt.Action)
		}
		if rt.Action == ActionOfTask && rt.actionFor == nil {
			t.Errorf("%s: %q needs an actionFor", key, ActionOfTask)
		}
		if rt.handle == nil {
			t.Errorf("%s: no handler", key)
		}
		public := key == "GET /api/v1/health" || key == "GET /api/v1/me"
		if (rt.Action == api.Public) != public {
			t.Errorf("%s: only GET /api/v1/health and /api/v1/me may be public", key)
		}
	}
}

// docs/api.md lists exactly the routes of the table, with their actions.
func TestAPIReferenceMatchesRoutes(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "api.md"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `([A-Z]+)` \\| `(/api/[^`]+|/metrics)` \\| `([^`]+)` \\|$")
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		documented[m[1]+" "+m[2]] = m[3]
	}
	for _, rt := range routes() {
		key := rt.Method + " " + rt.Pattern
		action, ok := documented[key]
		switch {
		case !ok:
			t.Errorf("docs/api.md does not list %s", key)
		case action != rt.Action:
			t.Errorf("docs/api.md says %s needs %q, the route table says %q", key, action, rt.Action)
		}
		delete(documented, key)
	}
	for key := range documented {
		t.Errorf("docs/api.md lists %s, which is not a route", key)
	}
}

// Every action a route may need is defined in the shipped polkit policy,
// and granted by the shipped rules to the group api.GroupFor names.
func TestActionsExistInPolicy(t *testing.T) {
	policy, err := os.ReadFile(filepath.Join("..", "..", "..", "polkit", "org.bams.policy"))
	if err != nil {
		t.Fatal(err)
	}
	rules, err := os.ReadFile(filepath.Join("..", "..", "..", "polkit", "50-bams.rules"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range api.Actions() {
		if !strings.Contains(string(policy), `<action id="`+a+`">`) {
			t.Errorf("polkit/org.bams.policy does not define %s", a)
		}
		if !strings.Contains(string(rules), api.GroupFor(a)) {
			t.Errorf("polkit/50-bams.rules never mentions %s (for %s)", api.GroupFor(a), a)
		}
	}
}
