package api

// ISCSITarget is one iSCSI target of the desired configuration (what BAMS
// applies to SCST). Its Name is its id in paths: an IQN
// (iqn.2026-01.org.example:backup) or an EUI (eui.0123456789ABCDEF); a
// target is renamed by creating the new one and deleting the old.
type ISCSITarget struct {
	Name    string `json:"name"`
	Alias   string `json:"alias,omitempty"` // iSCSI TargetAlias, shown by initiators
	Enabled bool   `json:"enabled"`
	// Portals are the addresses the target answers on; none: every
	// address iscsi-scstd listens on. SCST's iSCSI port is 3260 only.
	Portals []ISCSIPortal `json:"portals"`
	// Initiators is the target's initiator group: the initiator IQNs
	// allowed to see its LUNs. None: every initiator that passes CHAP.
	Initiators []string   `json:"initiators"`
	CHAP       ISCSICHAP  `json:"chap"`
	LUNs       []ISCSILUN `json:"luns"`
}

// ISCSIPortal is an address a target answers on.
type ISCSIPortal struct {
	Address string `json:"address"`        // an IPv4 or IPv6 address
	Port    int    `json:"port,omitempty"` // 3260 (the default; SCST listens on no other)
}

// ISCSICHAP is a target's CHAP: the incoming users (initiators prove who
// they are) and, for mutual CHAP, the outgoing user (the target proves
// itself back). Outgoing is null without mutual CHAP: a PUT sends null to
// end it (left out, it is kept).
type ISCSICHAP struct {
	Incoming []ISCSICHAPUser `json:"incoming"`
	Outgoing *ISCSICHAPUser  `json:"outgoing"`
}

// ISCSICHAPUser is a CHAP user. Secret is write-only: a request sets it
// (12 to 255 characters), no answer, log, audit record or bundle holds it;
// answers say SecretSet instead. A request that names an existing user
// without a secret keeps that user's secret.
type ISCSICHAPUser struct {
	User      string `json:"user"`
	Secret    string `json:"secret,omitempty"`
	SecretSet bool   `json:"secret_set"`
}

// ISCSILUN is a LUN of a target and what backs it: either a block device
// the storage layer manages (Object: a zfs-volume, /dev/zvol/<name>, or an
// lvm-lv, /dev/<vg>/<lv>) or a file on a repository (Repository and File,
// a path relative to the repository's mountpoint).
type ISCSILUN struct {
	LUN        uint32         `json:"lun"`
	Object     *StorageObject `json:"object,omitempty"`
	Repository string         `json:"repository,omitempty"`
	File       string         `json:"file,omitempty"`
	ReadOnly   bool           `json:"read_only"`
	// Device is the SCST device BAMS names for this LUN (answers only).
	Device string `json:"device,omitempty"`
}

// ISCSITargetList answers GET /api/v1/iscsi/targets.
type ISCSITargetList struct {
	Targets []ISCSITarget `json:"targets"`
}

// ISCSIConfirm is the body of a removal: the target's name (or the LUN
// number, for a LUN) typed by the admin.
type ISCSIConfirm struct {
	Confirm string `json:"confirm"`
}

// ISCSIChange is one step of a plan: what applying changes in SCST.
type ISCSIChange struct {
	Action string `json:"action"` // add, remove, change
	Object string `json:"object"` // target, lun, device, initiator, portal, incoming-user, ...
	Path   string `json:"path,omitempty"`
	Name   string `json:"name"`
	From   string `json:"from,omitempty"` // never a CHAP secret: a changed secret is a change with no values
	To     string `json:"to,omitempty"`
	// NeedsForce: scstadmin makes this change only with -force (a removal,
	// a re-opened device, a disable).
	NeedsForce bool   `json:"needs_force"`
	Text       string `json:"text"` // the change in words
}

// ISCSIPlan answers GET /api/v1/iscsi/plan and .../targets/{id}/plan: what
// an apply would change from what SCST runs now. Token identifies it: an
// apply sends it back and is refused if SCST or the desired state changed
// since.
type ISCSIPlan struct {
	Target  string        `json:"target,omitempty"` // the one target planned; "" for all
	Changes []ISCSIChange `json:"changes"`
	// Force: the plan removes something, so apply runs with -force.
	Force bool `json:"force"`
	// Drops are the sessions that end (or lose a LUN for a moment) when
	// this plan is applied; apply refuses them unless drop_sessions.
	Drops []ISCSISession `json:"drops"`
	Token string         `json:"token"`
}

// ISCSIApply is the body of POST /api/v1/iscsi/apply and
// .../targets/{id}/apply.
type ISCSIApply struct {
	PlanToken string `json:"plan_token"` // from the plan that was reviewed
	// DropSessions confirms that the sessions the plan drops will end.
	DropSessions bool `json:"drop_sessions"`
}

// ISCSIApplyResult answers a successful apply.
type ISCSIApplyResult struct {
	Plan     ISCSIPlan `json:"plan"`
	Changes  int       `json:"changes"`  // what scstadmin reported done
	Warnings []string  `json:"warnings"` // -check_config warnings that change nothing
	// ConfigFile is the scst.conf written (atomically) after success.
	ConfigFile string `json:"config_file"`
}

// ISCSISession is an initiator logged in to a target, and the LUNs it sees.
type ISCSISession struct {
	Target      string   `json:"target"`
	Initiator   string   `json:"initiator"`
	Group       string   `json:"group,omitempty"`
	LUNs        []uint32 `json:"luns"`
	Connections []string `json:"connections"` // the initiator's addresses
}

// ISCSISessionList answers GET /api/v1/iscsi/sessions.
type ISCSISessionList struct {
	Sessions []ISCSISession `json:"sessions"`
}
