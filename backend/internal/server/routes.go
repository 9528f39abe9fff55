package server

import (
	"net/http"

	"bams/backend/api"
)

// route is one endpoint. Every route declares the polkit action it needs
// and the input it takes
// (api.Public for the two anyone may call); routes whose action depends on
// their target say so with actionFor. A test walks this table and fails on
// a route without an action, and checks docs/api.md lists every route.
type route struct {
	Method  string
	Pattern string
	Action  string
	// Query names the query parameters the route takes, and Body the JSON
	// body (bodyOf[T]; nil: none). The dispatcher refuses any other
	// parameter and decodes the body strictly (body.go) before the handler
	// runs, so every route gets the same strictness, routes added later too.
	Query []string
	Body  func() any
	// actionFor, when set, decides the action from the request (cancelling
	// a task needs the action that started it). Action then documents it.
	actionFor func(s *Server, r *request) string
	handle    func(s *Server, r *request) response
}

// ActionOfTask documents routes whose action is the target task's own.
const ActionOfTask = "task's own action"

func routes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/health", Action: api.Public, handle: (*Server).getHealth},
		{Method: http.MethodGet, Pattern: "/api/v1/me", Action: api.Public, handle: (*Server).getMe},
		{Method: http.MethodGet, Pattern: "/api/v1/dashboard", Action: api.ActionRead, handle: (*Server).getDashboard},
		{Method: http.MethodPost, Pattern: "/api/v1/system/selfcheck", Action: api.ActionOperate, handle: (*Server).postSelfcheck},

		{Method: http.MethodGet, Pattern: "/api/v1/tasks", Action: api.ActionRead, Query: []string{"state", "kind", "target", "limit", "cursor"}, handle: (*Server).getTasks},
		{Method: http.MethodGet, Pattern: "/api/v1/tasks/{id}", Action: api.ActionRead, handle: (*Server).getTask},
		{Method: http.MethodDelete, Pattern: "/api/v1/tasks/{id}", Action: ActionOfTask, actionFor: (*Server).taskAction, handle: (*Server).deleteTask},

		{Method: http.MethodGet, Pattern: "/api/v1/hosts", Action: api.ActionRead, handle: (*Server).getHosts},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts", Action: api.ActionManage, Body: bodyOf[api.Host], handle: (*Server).postHost},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}", Action: api.ActionRead, handle: (*Server).getHost},
		{Method: http.MethodPut, Pattern: "/api/v1/hosts/{name}", Action: api.ActionManage, Body: bodyOf[api.Host], handle: (*Server).putHost},
		{Method: http.MethodDelete, Pattern: "/api/v1/hosts/{name}", Action: api.ActionManage, handle: (*Server).deleteHost},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/snapshots", Action: api.ActionRead, Query: []string{"kind", "state", "year", "month", "day"}, handle: (*Server).getSnapshots},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/snapshots/discover", Action: api.ActionManage, handle: (*Server).postDiscover},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/backup", Action: api.ActionOperate, Body: bodyOf[api.BackupRequest], handle: (*Server).postBackup},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/test", Action: api.ActionOperate, handle: (*Server).postHostTest},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/hostkey", Action: api.ActionManage, Body: bodyOf[api.AcceptHostKey], handle: (*Server).postHostKey},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/schedule", Action: api.ActionRead, handle: (*Server).getSchedule},
		{Method: http.MethodPut, Pattern: "/api/v1/hosts/{name}/schedule", Action: api.ActionManage, Body: bodyOf[scheduleSet], handle: (*Server).putSchedule},
		{Method: http.MethodGet, Pattern: "/api/v1/schedules", Action: api.ActionRead, handle: (*Server).getSchedules},
		{Method: http.MethodGet, Pattern: "/api/v1/ssh/key", Action: api.ActionRead, handle: (*Server).getSSHKey},

		{Method: http.MethodGet, Pattern: "/api/v1/retention/policy", Action: api.ActionRead, handle: (*Server).getRetentionPolicy},
		{Method: http.MethodPut, Pattern: "/api/v1/retention/policy", Action: api.ActionManage, Body: bodyOf[api.RetentionPolicy], handle: (*Server).putRetentionPolicy},
		{Method: http.MethodDelete, Pattern: "/api/v1/retention/policy", Action: api.ActionManage, handle: (*Server).deleteRetentionPolicy},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/retention/policy", Action: api.ActionRead, handle: (*Server).getRetentionPolicy},
		{Method: http.MethodPut, Pattern: "/api/v1/hosts/{name}/retention/policy", Action: api.ActionManage, Body: bodyOf[api.RetentionPolicy], handle: (*Server).putRetentionPolicy},
		{Method: http.MethodDelete, Pattern: "/api/v1/hosts/{name}/retention/policy", Action: api.ActionManage, handle: (*Server).deleteRetentionPolicy},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/retention/plan", Action: api.ActionRead, Query: []string{"kind", "as_of"}, handle: (*Server).getRetentionPlan},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/retention/plan", Action: api.ActionRead, Query: []string{"kind", "as_of"}, Body: bodyOf[api.RetentionPolicy], handle: (*Server).postRetentionPlan},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/retention/apply", Action: api.ActionManage, Body: bodyOf[api.RetentionApply], handle: (*Server).postRetentionApply},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/retention/space", Action: api.ActionOperate, Body: bodyOf[api.RetentionSpaceRequest], handle: (*Server).postRetentionSpace},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/snapshots/{snap}/mark", Action: api.ActionManage, Body: bodyOf[api.MarkRequest], handle: (*Server).postMark},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/snapshots/{snap}/protect", Action: api.ActionManage, Body: bodyOf[api.ProtectRequest], handle: (*Server).postProtect},
		{Method: http.MethodDelete, Pattern: "/api/v1/hosts/{name}/snapshots/{snap}/protect", Action: api.ActionManage, handle: (*Server).deleteProtect},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/snapshots/{snap}/files", Action: api.ActionRestore, Query: []string{"path", "limit", "cursor"}, handle: (*Server).getFiles},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/snapshots/{snap}/download", Action: api.ActionRestore, Query: []string{"path"}, handle: (*Server).getDownload},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/restore", Action: api.ActionRestore, Body: bodyOf[api.RestoreRequest], handle: (*Server).postRestore},

		{Method: http.MethodGet, Pattern: "/api/v1/backup/clients", Action: api.ActionRead, handle: (*Server).getBaculaClients},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/clients/{name}", Action: api.ActionRead, handle: (*Server).getBaculaClient},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/storage/pools", Action: api.ActionRead, handle: (*Server).getBaculaPools},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/storage/pools", Action: api.ActionManage, Body: bodyOf[api.BaculaPoolCreate], handle: (*Server).postBaculaPool},
		{Method: http.MethodDelete, Pattern: "/api/v1/backup/storage/pools/{name}", Action: api.ActionManage, handle: (*Server).deleteBaculaPool},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/storage/volumes", Action: api.ActionRead, Query: []string{"pool"}, handle: (*Server).getBaculaVolumes},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/storage/volumes", Action: api.ActionManage, Body: bodyOf[api.BaculaVolumeLabel], handle: (*Server).postBaculaVolume},
		{Method: http.MethodPut, Pattern: "/api/v1/backup/storage/volumes/{name}", Action: api.ActionManage, Body: bodyOf[api.BaculaVolumeUpdate], handle: (*Server).putBaculaVolume},
		{Method: http.MethodDelete, Pattern: "/api/v1/backup/storage/volumes/{name}", Action: api.ActionManage, Query: []string{"force"}, handle: (*Server).deleteBaculaVolume},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/media", Action: api.ActionRead, handle: (*Server).getBaculaMedia},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/media/{name}", Action: api.ActionRead, handle: (*Server).getBaculaMedium},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/storage/daemons", Action: api.ActionRead, handle: (*Server).getBaculaStorages},
		{Method: http.MethodGet, Pattern: "/api/v1/bacula/status", Action: api.ActionRead, handle: (*Server).getSDStatus},
		{Method: http.MethodGet, Pattern: "/api/v1/bacula/config", Action: api.ActionRead, handle: (*Server).getSDConfig},
		{Method: http.MethodPost, Pattern: "/api/v1/bacula/config", Action: api.ActionManage, Body: bodyOf[api.BaculaSDConfigSet], handle: (*Server).postSDConfig},
		{Method: http.MethodPost, Pattern: "/api/v1/bacula/inventory", Action: api.ActionOperate, handle: (*Server).postSDInventory},
		{Method: http.MethodPost, Pattern: "/api/v1/bacula/restart", Action: api.ActionManage, handle: (*Server).postSDRestart},

		{Method: http.MethodGet, Pattern: "/api/v1/backup/dashboard/stats", Action: api.ActionRead, handle: (*Server).getBaculaStats},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/jobs", Action: api.ActionRead, Query: []string{"status", "client", "schedule", "limit", "cursor"}, handle: (*Server).getBaculaJobs},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/jobs", Action: api.ActionManage, Body: bodyOf[api.BaculaJobCreate], handle: (*Server).postBaculaJob},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/resources", Action: api.ActionRead, handle: (*Server).getBaculaJobResources},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/jobs/{name}", Action: api.ActionRead, handle: (*Server).getBaculaJob},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/jobs/{name}/run", Action: api.ActionOperate, Body: bodyOf[api.BaculaJobRun], handle: (*Server).postBaculaJobRun},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/history", Action: api.ActionRead, Query: []string{"status", "client", "job", "type", "since", "until", "limit", "cursor"}, handle: (*Server).getBaculaHistory},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/history/reconcile", Action: api.ActionOperate, handle: (*Server).postBaculaReconcile},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/history/{jobid}", Action: api.ActionRead, handle: (*Server).getBaculaRun},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/history/{jobid}/cancel", Action: api.ActionOperate, handle: (*Server).postBaculaCancel},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/history/{jobid}/restore", Action: api.ActionRestore, Body: bodyOf[api.BaculaRestore], handle: (*Server).postBaculaRestore},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/console/execute", Action: api.ActionConsole, Body: bodyOf[api.BaculaConsoleCommand], handle: (*Server).postBaculaConsole},

		{Method: http.MethodGet, Pattern: "/api/v1/events", Action: api.ActionRead, handle: (*Server).getEvents},
		{Method: http.MethodGet, Pattern: "/api/v1/audit", Action: api.ActionRead, Query: []string{"user", "action", "since", "until", "limit", "cursor"}, handle: (*Server).getAudit},
	}
}
