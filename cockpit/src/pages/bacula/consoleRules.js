// The console commands the API runs (docs/api.md, "Bacula jobs, history and
// the console"); anything else it refuses with a 400 naming the rule.
import { _ } from "../../cockpit.js";

export const ALLOWED = [
    { verb: "list / llist", what: _("jobs, jobid=N, joblog, jobmedia, jobtotals, files, volumes, pools, clients, media; with NAME=VALUE selectors"), example: "list jobs" },
    { verb: "show", what: _("jobs, pools, clients, storages, filesets, schedules, or one as job=NAME"), example: "show pools" },
    { verb: "status", what: _("dir, client=NAME, storage=NAME, schedule"), example: "status dir" },
    { verb: "version", what: _("the director's version"), example: "version" },
    { verb: ".jobs .clients .pools .storage .filesets .schedule", what: _("names only"), example: ".jobs" },
];

export const REFUSED = _(".sql, .bvfs_*, .api, messages, a bare status, estimate, @ commands, more than one line and control characters are refused.");
