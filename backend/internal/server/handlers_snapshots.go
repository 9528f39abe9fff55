package server

import (
	"net/http"
	"net/url"
	"regexp"

	"bams/backend/api"
	"bams/backend/internal/storagesvc"
)

// The Snapshots page: ZFS snapshots (/api/v1/zfs/snapshots, a snapshot's
// full name percent-encoded in one path segment) and the btrfs snapshots
// BAMS owns of a subvolume (/api/v1/btrfs/snapshots).

// snapshotOwnerPattern: an owner ("manual", "snaptask:<id>") or "none";
// the service checks the owner's own rule.
var snapshotOwnerPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(?::[A-Za-z0-9][A-Za-z0-9_.:-]{0,127})?$`)

// GET /api/v1/zfs/snapshots?dataset=&recursive=&name=&owner=&cursor=&limit=
func (s *Server) getZFSSnapshots(r *request) response {
	q := r.query()
	sq := storagesvc.SnapshotQuery{Dataset: q.match("dataset", anyName, "a dataset's name"), Recursive: q.match("recursive", recursivePattern, "true or false") == "true",
		Name: q.match("name", anyName, "part of a snapshot's name"), Owner: q.match("owner", snapshotOwnerPattern, `an owner (manual, snaptask:ID, replication:ID) or "none"`),
		Cursor: q.cursor(), Limit: q.limit()}
	if q.err != nil {
		return q.err
	}
	l, err := s.Storage.ZFSSnapshots(r.Context(), sq)
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// POST /api/v1/zfs/snapshots: 201, owner "manual".
func (s *Server) postZFSSnapshot(r *request) response {
	snap, err := s.Storage.CreateZFSSnapshot(r.Context(), *input[api.ZFSSnapshotCreate](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: snap, location: "/api/v1/zfs/snapshots/" + url.PathEscape(snap.Name)}
}

// DELETE /api/v1/zfs/snapshots/{name}?confirm=NAME: 409 while held or cloned.
func (s *Server) deleteZFSSnapshot(r *request) response {
	name, bad := r.name("name")
	if bad != nil {
		return bad
	}
	q := r.query()
	confirm := q.match("confirm", anyName, "the snapshot's full name")
	if q.err != nil {
		return q.err
	}
	d, err := s.Storage.DestroyZFSSnapshot(r.Context(), name, confirm)
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// GET /api/v1/zfs/snapshots/{name}/rollback: what a rollback destroys, and its token.
func (s *Server) getZFSRollback(r *request) response {
	name, bad := r.name("name")
	if bad != nil {
		return bad
	}
	p, err := s.Storage.RollbackPreview(r.Context(), name)
	if err != nil {
		return fail(err)
	}
	return ok(p)
}

// POST /api/v1/zfs/snapshots/{name}/rollback {"confirm": DATASET, "token": ...}
func (s *Server) postZFSRollback(r *request) response {
	name, bad := r.name("name")
	if bad != nil {
		return bad
	}
	done, err := s.Storage.RollbackZFS(r.Context(), name, *input[api.ZFSRollback](r))
	if err != nil {
		return fail(err)
	}
	r.auditNote("destroyed", done.Destroyed)
	return ok(done)
}

// POST /api/v1/zfs/snapshots/{name}/clone {"target": DATASET}: 201.
func (s *Server) postZFSClone(r *request) response {
	name, bad := r.name("name")
	if bad != nil {
		return bad
	}
	d, err := s.Storage.CloneZFSSnapshot(r.Context(), name, *input[api.ZFSClone](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: d, location: "/api/v1/disk/datasets/" + url.PathEscape(d.Name)}
}

// POST /api/v1/zfs/snapshots/{name}/hold {"tag": TAG}
func (s *Server) postZFSHold(r *request) response { return s.holdZFS(r, false) }

// POST /api/v1/zfs/snapshots/{name}/release {"tag": TAG}
func (s *Server) postZFSRelease(r *request) response { return s.holdZFS(r, true) }

func (s *Server) holdZFS(r *request, release bool) response {
	name, bad := r.name("name")
	if bad != nil {
		return bad
	}
	snap, err := s.Storage.HoldZFSSnapshot(r.Context(), name, *input[api.ZFSHold](r), release)
	if err != nil {
		return fail(err)
	}
	return ok(snap)
}

// GET /api/v1/btrfs/snapshots?subvolume=PATH
func (s *Server) getBtrfsSnapshots(r *request) response {
	q := r.query()
	subvol := q.match("subvolume", anyName, "a subvolume's path")
	if q.err != nil {
		return q.err
	}
	if subvol == "" {
		return badRequest("subvolume", "subvolume is required")
	}
	l, err := s.Storage.BtrfsSnapshots(r.Context(), subvol)
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// POST /api/v1/btrfs/snapshots: 201, owner "manual".
func (s *Server) postBtrfsSnapshot(r *request) response {
	snap, err := s.Storage.CreateBtrfsSnapshot(r.Context(), *input[api.BtrfsSnapshotCreate](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: snap}
}

// DELETE /api/v1/btrfs/snapshots?subvolume=&owner=&name=&confirm=PATH
func (s *Server) deleteBtrfsSnapshot(r *request) response {
	q := r.query()
	subvol := q.match("subvolume", anyName, "a subvolume's path")
	owner := q.match("owner", snapshotOwnerPattern, "an owner (manual, snaptask:ID, replication:ID)")
	name := q.match("name", anyName, "a snapshot's name")
	confirm := q.match("confirm", anyName, "the snapshot's path")
	if q.err != nil {
		return q.err
	}
	d, err := s.Storage.DeleteBtrfsSnapshot(r.Context(), subvol, owner, name, confirm)
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// snapshotRoutes: taking a snapshot and holding one lose nothing, so an
// operator may (like running a backup now); release (it lets pruning
// remove what a replication or an admin kept), clone (a new dataset, as
// dataset create is), destroy and rollback are an admin's.
func snapshotRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/zfs/snapshots", Action: api.ActionRead, Query: []string{"dataset", "recursive", "name", "owner", "cursor", "limit"}, handle: (*Server).getZFSSnapshots},
		{Method: http.MethodPost, Pattern: "/api/v1/zfs/snapshots", Action: api.ActionOperate, Body: bodyOf[api.ZFSSnapshotCreate], handle: (*Server).postZFSSnapshot},
		{Method: http.MethodDelete, Pattern: "/api/v1/zfs/snapshots/{name}", Action: api.ActionManage, Query: []string{"confirm"}, handle: (*Server).deleteZFSSnapshot},
		{Method: http.MethodGet, Pattern: "/api/v1/zfs/snapshots/{name}/rollback", Action: api.ActionRead, handle: (*Server).getZFSRollback},
		{Method: http.MethodPost, Pattern: "/api/v1/zfs/snapshots/{name}/rollback", Action: api.ActionManage, Body: bodyOf[api.ZFSRollback], handle: (*Server).postZFSRollback},
		{Method: http.MethodPost, Pattern: "/api/v1/zfs/snapshots/{name}/clone", Action: api.ActionManage, Body: bodyOf[api.ZFSClone], handle: (*Server).postZFSClone},
		{Method: http.MethodPost, Pattern: "/api/v1/zfs/snapshots/{name}/hold", Action: api.ActionOperate, Body: bodyOf[api.ZFSHold], handle: (*Server).postZFSHold},
		{Method: http.MethodPost, Pattern: "/api/v1/zfs/snapshots/{name}/release", Action: api.ActionManage, Body: bodyOf[api.ZFSHold], handle: (*Server).postZFSRelease},
		{Method: http.MethodGet, Pattern: "/api/v1/btrfs/snapshots", Action: api.ActionRead, Query: []string{"subvolume"}, handle: (*Server).getBtrfsSnapshots},
		{Method: http.MethodPost, Pattern: "/api/v1/btrfs/snapshots", Action: api.ActionOperate, Body: bodyOf[api.BtrfsSnapshotCreate], handle: (*Server).postBtrfsSnapshot},
		{Method: http.MethodDelete, Pattern: "/api/v1/btrfs/snapshots", Action: api.ActionManage, Query: []string{"subvolume", "owner", "name", "confirm"}, handle: (*Server).deleteBtrfsSnapshot},
	}
}
