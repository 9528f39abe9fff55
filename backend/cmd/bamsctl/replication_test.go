package main

import (
	"strings"
	"testing"
)

// bamsctl replication ...: each command's output, as a table and as -o
// json, against recorded answers (the cases of TestCommandOutput, in a
// table of their own).
func TestReplicationCommandOutput(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   string
		routes map[string]reply
	}{
		{"replication-list", "replication list", map[string]reply{"GET /api/v1/replications": {file: "replication_list"}}},
		{"replication-show", "replication show offsite", map[string]reply{"GET /api/v1/replications/offsite": {file: "replication"}}},
		{"replication-create", "replication create offsite --source tank/web --address 192.0.2.7 --user bams --dataset backup/web --cron @hourly --keep-target 48", map[string]reply{
			"POST /api/v1/replications": {file: "replication_created", body: `{"name":"offsite","kind":"zfs","source":"tank/web",
				"target":{"address":"192.0.2.7","user":"bams","dataset":"backup/web"},"cron":"@hourly","enabled":true,"keep_target":48}`}}},
		{"replication-create-bad", "replication create offsite --source tank/web --address -oProxyCommand=x --user bams --dataset backup/web", map[string]reply{
			"POST /api/v1/replications": {file: "replication_bad_request", status: 400}}},
		// flags not given keep their value: only keep-target and bwlimit change
		{"replication-update", "replication update offsite --keep-target 10 --bwlimit 0", map[string]reply{
			"GET /api/v1/replications/offsite": {file: "replication"},
			"PUT /api/v1/replications/offsite": {file: "replication", body: `{"name":"offsite","kind":"zfs","source":"tank/web","recursive":true,
				"target":{"address":"192.0.2.7","user":"bams","dataset":"backup/web"},"cron":"@hourly","enabled":true,"keep_target":10,"keep_source":2}`}}},
		{"replication-delete", "replication delete offsite", map[string]reply{"DELETE /api/v1/replications/offsite": {file: "replication_deleted"}}},
		{"replication-run", "replication run offsite", map[string]reply{"POST /api/v1/replications/offsite/run": {file: "replication_task", status: 202}}},
		{"replication-run-busy", "replication run offsite", map[string]reply{"POST /api/v1/replications/offsite/run": {file: "replication_busy", status: 409}}},
		{"replication-test", "replication test offsite", map[string]reply{"POST /api/v1/replications/offsite/test": {file: "replication_test"}}},
		{"replication-accept-key", "replication accept-key offsite SHA256:Qm9ndXNGaW5nZXJwcmludA", map[string]reply{
			"POST /api/v1/replications/offsite/hostkey": {file: "replication", body: `{"fingerprint":"SHA256:Qm9ndXNGaW5nZXJwcmludA"}`}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			socket := fakeAPI(t, tc.routes)
			args := strings.Fields(tc.args)
			golden(t, tc.name+".txt", transcript(t, socket, args...))
			golden(t, tc.name+".json", transcript(t, socket, append([]string{"-o", "json"}, args...)...))
		})
	}
}
