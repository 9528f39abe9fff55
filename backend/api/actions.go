package api

// Polkit action ids. Each route declares exactly one of these (or Public);
// polkit/org.bams.policy must define every one of them.
const (
	ActionRead    = "org.bams.read"    // view state and metadata, never backed-up file contents
	ActionOperate = "org.bams.operate" // run a backup or job now, tape moves, acknowledge alerts
	ActionManage  = "org.bams.manage"  // create, change, delete configuration; accept host keys; apply retention
	ActionRestore = "org.bams.restore" // list, read, download and restore files inside backups
	ActionConsole = "org.bams.console" // allow-listed raw bconsole commands
)

// Public marks the routes anyone who can connect may call (health, me).
const Public = "public"

// Actions lists every polkit action in order of increasing privilege.
func Actions() []string {
	return []string{ActionRead, ActionOperate, ActionManage, ActionRestore, ActionConsole}
}

// GroupFor names the unix group whose members the shipped polkit rules grant
// action, so error messages and the UI can tell a user whom to ask.
func GroupFor(action string) string {
	switch action {
	case ActionRead:
		return "bams-viewer"
	case ActionOperate:
		return "bams-operator"
	default:
		return "bams-admin"
	}
}
