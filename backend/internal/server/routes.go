package server

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

// routes is the one route table, assembled from each feature's slice,
// which lives beside that feature's handlers.
func routes() []route {
	var all []route
	for _, feature := range [][]route{systemRoutes(), taskRoutes(), hostRoutes(), scheduleRoutes(), retentionRoutes(), restoreRoutes(), baculaStorageRoutes(), baculaJobRoutes(), storageRoutes(), repositoryRoutes(), iscsiRoutes(), tapeRoutes(), eventRoutes(), auditRoutes(), alertRoutes(), notifyRoutes(), logRoutes(), diagnosticsRoutes(), metricsRoutes(), historyRoutes(),
		snapTaskRoutes(), replicationRoutes()} {
		all = append(all, feature...)
	}
	all = append(all, snapshotRoutes()...)
	return all
}
