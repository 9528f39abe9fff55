package server

import "testing"

// The replication handlers, as an admin uses them on an appliance with no
// tools: each answer is what docs/api.md says.
func TestReplicationHandlers(t *testing.T) {
	s := testServer(t)
	create := `{"name":"offsite","kind":"zfs","source":"tank/web","target":{"address":"192.0.2.7","user":"bams","dataset":"backup/web"},"cron":"@hourly"}`
	runSteps(t, s, 4242, []step{
		{"GET", "/api/v1/replications", "", 200, []string{`"replications":[]`, `"time_zone":`}},
		{"POST", "/api/v1/replications", create, 201, []string{`"name":"offsite"`, `"enabled":true`, `"state":"idle"`, `"next_run":`}},
		{"POST", "/api/v1/replications", create, 409, []string{`"kind":"conflict"`, `"field":"name"`}},
		{"POST", "/api/v1/replications", `{"name":"dr","kind":"zfs","source":"tank/web","target":{"address":"-oProxyCommand=x","user":"bams","dataset":"b/w"}}`,
			400, []string{`"field":"target.address"`}},
		{"POST", "/api/v1/replications", `{"name":"dr","state":"ok"}`, 400, []string{`"field":"state"`}}, // read-only fields are not input
		{"PUT", "/api/v1/replications/offsite", `{"keep_target":5}`, 200, []string{`"keep_target":5`, `"cron":"@hourly"`}},
		{"PUT", "/api/v1/replications/offsite", `{"name":"other"}`, 400, []string{`"field":"name"`}},
		{"GET", "/api/v1/replications/nope", "", 404, []string{`"kind":"not-found"`}},
		{"GET", "/api/v1/replications/Bad%20Name", "", 400, []string{`"field":"name"`}},
		{"POST", "/api/v1/replications/offsite/run", `{}`, 409, []string{`is not accepted yet`}},
		{"POST", "/api/v1/replications/offsite/hostkey", `{"fingerprint":"SHA256:x"}`, 400, []string{`"field":"fingerprint"`}},
		{"DELETE", "/api/v1/replications/offsite", "", 200, []string{`"deleted":"offsite"`, `kept on both machines`}},
		{"GET", "/api/v1/replications/offsite", "", 404, nil},
	})
}
