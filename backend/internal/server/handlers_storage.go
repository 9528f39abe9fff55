package server

import (
	"net/http"
	"net/url"
	"regexp"

	"bams/backend/api"
)

// Object names in paths: a dataset (tank/a/b), an LV's VG and name, a
// subvolume's path are sent percent-encoded in one segment (%2F for "/"),
// and decoded here; the service validates what they name.
func (r *request) name(param string) (string, response) {
	v, err := url.PathUnescape(r.param(param))
	if err != nil || v == "" {
		return "", badRequest(param, "%s must be a percent-encoded name", param)
	}
	return v, nil
}

// anyName is the shape of ?confirm= and ?vg=: printable, no control
// characters; the service compares or validates the value itself.
var anyName = regexp.MustCompile(`^[^\x00-\x1f\x7f]{1,1000}$`)

// GET /api/v1/disk/disks
func (s *Server) getDisks(r *request) response {
	l, err := s.Storage.Disks(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// GET /api/v1/disk/vgs
func (s *Server) getVGs(r *request) response {
	l, err := s.Storage.VGs(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// POST /api/v1/disk/vgs: 201 with the VG; 409 naming what holds a disk.
func (s *Server) postVG(r *request) response {
	v, err := s.Storage.CreateVG(r.Context(), *input[api.VGCreate](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: v, location: "/api/v1/disk/vgs/" + url.PathEscape(v.Name)}
}

// DELETE /api/v1/disk/vgs/{name}?confirm=NAME
func (s *Server) deleteVG(r *request) response {
	q := r.query()
	confirm := q.match("confirm", anyName, "the volume group's name")
	if q.err != nil {
		return q.err
	}
	d, err := s.Storage.RemoveVG(r.Context(), r.param("name"), confirm)
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// GET /api/v1/disk/lvs?vg=
func (s *Server) getLVs(r *request) response {
	q := r.query()
	vg := q.match("vg", anyName, "a volume group's name")
	if q.err != nil {
		return q.err
	}
	l, err := s.Storage.LVs(r.Context(), vg)
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// POST /api/v1/disk/lvs: 201 with the LV.
func (s *Server) postLV(r *request) response {
	lv, err := s.Storage.CreateLV(r.Context(), *input[api.LVCreate](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: lv, location: "/api/v1/disk/lvs/" + url.PathEscape(lv.VG) + "/" + url.PathEscape(lv.Name)}
}

// PUT /api/v1/disk/lvs/{vg}/{name}: grow it.
func (s *Server) putLV(r *request) response {
	lv, err := s.Storage.ExtendLV(r.Context(), r.param("vg"), r.param("name"), *input[api.LVExtend](r))
	if err != nil {
		return fail(err)
	}
	return ok(lv)
}

// DELETE /api/v1/disk/lvs/{vg}/{name}?confirm=VG/NAME
func (s *Server) deleteLV(r *request) response {
	q := r.query()
	confirm := q.match("confirm", anyName, "vg/name of the logical volume")
	if q.err != nil {
		return q.err
	}
	d, err := s.Storage.RemoveLV(r.Context(), r.param("vg"), r.param("name"), confirm)
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// GET /api/v1/disk/btrfs
func (s *Server) getBtrfs(r *request) response {
	l, err := s.Storage.Btrfs(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// POST /api/v1/disk/btrfs: mkfs on free disks (and mount); 201.
func (s *Server) postBtrfs(r *request) response {
	fs, err := s.Storage.CreateBtrfs(r.Context(), *input[api.BtrfsCreate](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: fs, location: "/api/v1/disk/btrfs/" + fs.UUID}
}

// GET /api/v1/disk/btrfs/{uuid}/subvolumes
func (s *Server) getSubvolumes(r *request) response {
	l, err := s.Storage.Subvolumes(r.Context(), r.param("uuid"))
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// POST /api/v1/disk/btrfs/{uuid}/subvolumes: a subvolume or a read-only snapshot; 201.
func (s *Server) postSubvolume(r *request) response {
	sv, err := s.Storage.CreateSubvolume(r.Context(), r.param("uuid"), *input[api.BtrfsSubvolumeCreate](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: sv}
}

// DELETE /api/v1/disk/btrfs/{uuid}/subvolumes/{path}?confirm=PATH
func (s *Server) deleteSubvolume(r *request) response {
	path, bad := r.name("path")
	if bad != nil {
		return bad
	}
	q := r.query()
	confirm := q.match("confirm", anyName, "the subvolume's path")
	if q.err != nil {
		return q.err
	}
	d, err := s.Storage.DeleteSubvolume(r.Context(), r.param("uuid"), path, confirm)
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// POST /api/v1/disk/btrfs/{uuid}/scrub: a task; cancel it to stop.
func (s *Server) postBtrfsScrub(r *request) response {
	t, err := s.Storage.StartBtrfsScrub(r.Context(), r.param("uuid"), r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// DELETE /api/v1/disk/btrfs/{uuid}/scrub: cancel the scrub, however it was started.
func (s *Server) deleteBtrfsScrub(r *request) response {
	if err := s.Storage.StopBtrfsScrub(r.Context(), r.param("uuid")); err != nil {
		return fail(err)
	}
	return ok(map[string]string{"stopped": r.param("uuid")})
}

// storageRoutes: disks, ZFS, LVM and btrfs (handlers_storage*.go).
func storageRoutes() []route {
	return append([]route{
		{Method: http.MethodGet, Pattern: "/api/v1/disk/disks", Action: api.ActionRead, handle: (*Server).getDisks},
		{Method: http.MethodGet, Pattern: "/api/v1/disk/vgs", Action: api.ActionRead, handle: (*Server).getVGs},
		{Method: http.MethodPost, Pattern: "/api/v1/disk/vgs", Action: api.ActionManage, Body: bodyOf[api.VGCreate], handle: (*Server).postVG},
		{Method: http.MethodDelete, Pattern: "/api/v1/disk/vgs/{name}", Action: api.ActionManage, Query: []string{"confirm"}, handle: (*Server).deleteVG},
		{Method: http.MethodGet, Pattern: "/api/v1/disk/lvs", Action: api.ActionRead, Query: []string{"vg"}, handle: (*Server).getLVs},
		{Method: http.MethodPost, Pattern: "/api/v1/disk/lvs", Action: api.ActionManage, Body: bodyOf[api.LVCreate], handle: (*Server).postLV},
		{Method: http.MethodPut, Pattern: "/api/v1/disk/lvs/{vg}/{name}", Action: api.ActionManage, Body: bodyOf[api.LVExtend], handle: (*Server).putLV},
		{Method: http.MethodDelete, Pattern: "/api/v1/disk/lvs/{vg}/{name}", Action: api.ActionManage, Query: []string{"confirm"}, handle: (*Server).deleteLV},
		{Method: http.MethodGet, Pattern: "/api/v1/disk/btrfs", Action: api.ActionRead, handle: (*Server).getBtrfs},
		{Method: http.MethodPost, Pattern: "/api/v1/disk/btrfs", Action: api.ActionManage, Body: bodyOf[api.BtrfsCreate], handle: (*Server).postBtrfs},
		{Method: http.MethodGet, Pattern: "/api/v1/disk/btrfs/{uuid}/subvolumes", Action: api.ActionRead, handle: (*Server).getSubvolumes},
		{Method: http.MethodPost, Pattern: "/api/v1/disk/btrfs/{uuid}/subvolumes", Action: api.ActionManage, Body: bodyOf[api.BtrfsSubvolumeCreate], handle: (*Server).postSubvolume},
		{Method: http.MethodDelete, Pattern: "/api/v1/disk/btrfs/{uuid}/subvolumes/{path}", Action: api.ActionManage, Query: []string{"confirm"}, handle: (*Server).deleteSubvolume},
		{Method: http.MethodPost, Pattern: "/api/v1/disk/btrfs/{uuid}/scrub", Action: api.ActionOperate, handle: (*Server).postBtrfsScrub},
		{Method: http.MethodDelete, Pattern: "/api/v1/disk/btrfs/{uuid}/scrub", Action: api.ActionOperate, handle: (*Server).deleteBtrfsScrub},
	}, zfsRoutes()...)
}
