package server

import (
	"net/http/httptest"
	"testing"
)

// Secrets never reach the audit trail, however deep in the body they are.
func TestAuditParamsRedactSecrets(t *testing.T) {
	r := &request{
		Request: httptest.NewRequest("POST", "/api/v1/x?limit=5&token=abc", nil),
		body:    []byte(`{"name":"web1","password":"hunter2","ssh":{"private_key":"-----BEGIN","port":22},"chap_secret":"s","users":[{"user":"u","secret":"s2"}]}`),
	}
	p := auditParams(r)
	for _, secret := range []string{"password", "chap_secret", "token"} {
		if p[secret] != "[redacted]" {
			t.Errorf("%s = %v, want [redacted]", secret, p[secret])
		}
	}
	if inner := p["ssh"].(map[string]any); inner["private_key"] != "[redacted]" || inner["port"] != float64(22) {
		t.Errorf("nested: %v", inner)
	}
	if u := p["users"].([]any)[0].(map[string]any); u["secret"] != "[redacted]" || u["user"] != "u" {
		t.Errorf("in an array: %v", u)
	}
	if p["name"] != "web1" || p["limit"] != "5" {
		t.Errorf("ordinary parameters must stay: %v", p)
	}
}
