package server

import (
	"net/http"
	"net/url"
	"regexp"

	"bams/backend/api"
	"bams/backend/internal/storagesvc"
)

var (
	datasetTypePattern = regexp.MustCompile(`^(datasets|snapshots)$`)
	recursivePattern   = regexp.MustCompile(`^(true|false)$`)
)

// GET /api/v1/disk/pools
func (s *Server) getPools(r *request) response {
	l, err := s.Storage.Pools(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// POST /api/v1/disk/pools: 201 with its status; 409 naming what holds a disk.
func (s *Server) postPool(r *request) response {
	p, err := s.Storage.CreatePool(r.Context(), *input[api.PoolCreate](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: p, location: "/api/v1/disk/pools/" + url.PathEscape(p.Name)}
}

// GET /api/v1/disk/pools/{name}: status, vdev tree, scan.
func (s *Server) getPool(r *request) response {
	p, err := s.Storage.Pool(r.Context(), r.param("name"))
	if err != nil {
		return fail(err)
	}
	return ok(p)
}

// DELETE /api/v1/disk/pools/{name}?confirm=NAME: destroy it.
func (s *Server) deletePool(r *request) response {
	q := r.query()
	confirm := q.match("confirm", anyName, "the pool's name")
	if q.err != nil {
		return q.err
	}
	d, err := s.Storage.DestroyPool(r.Context(), r.param("name"), confirm)
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// POST /api/v1/disk/pools/{name}/export {"confirm": NAME}
func (s *Server) postPoolExport(r *request) response {
	d, err := s.Storage.ExportPool(r.Context(), r.param("name"), input[api.Confirm](r).Confirm)
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// POST /api/v1/disk/pools/{name}/scrub: a task; cancel it to stop the scrub.
func (s *Server) postPoolScrub(r *request) response {
	t, err := s.Storage.StartPoolScrub(r.Context(), r.param("name"), r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// DELETE /api/v1/disk/pools/{name}/scrub: stop the scrub, however it was started.
func (s *Server) deletePoolScrub(r *request) response {
	if err := s.Storage.StopPoolScrub(r.Context(), r.param("name")); err != nil {
		return fail(err)
	}
	return ok(map[string]string{"stopped": r.param("name")})
}

// GET /api/v1/disk/imports: the pools zpool import finds.
func (s *Server) getImports(r *request) response {
	l, err := s.Storage.Importable(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// POST /api/v1/disk/imports: import one; 201 with its status.
func (s *Server) postImport(r *request) response {
	p, err := s.Storage.ImportPool(r.Context(), *input[api.PoolImport](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: p, location: "/api/v1/disk/pools/" + url.PathEscape(p.Name)}
}

// GET /api/v1/disk/datasets?pool=&type=datasets|snapshots&cursor=&limit=
func (s *Server) getDatasets(r *request) response {
	q := r.query()
	dq := storagesvc.DatasetQuery{Pool: q.match("pool", anyName, "a pool's name"), Cursor: q.cursor(), Limit: q.limit(),
		Snapshot: q.match("type", datasetTypePattern, "datasets or snapshots") == "snapshots"}
	if q.err != nil {
		return q.err
	}
	l, err := s.Storage.Datasets(r.Context(), dq)
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// POST /api/v1/disk/datasets: a filesystem or volume; 201.
func (s *Server) postDataset(r *request) response {
	d, err := s.Storage.CreateDataset(r.Context(), *input[api.DatasetCreate](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: d, location: "/api/v1/disk/datasets/" + url.PathEscape(d.Name)}
}

// GET /api/v1/disk/datasets/{name}: properties, dependents, users.
func (s *Server) getDataset(r *request) response {
	name, bad := r.name("name")
	if bad != nil {
		return bad
	}
	d, err := s.Storage.Dataset(r.Context(), name)
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// PUT /api/v1/disk/datasets/{name}: set properties.
func (s *Server) putDataset(r *request) response {
	name, bad := r.name("name")
	if bad != nil {
		return bad
	}
	d, err := s.Storage.UpdateDataset(r.Context(), name, *input[api.DatasetUpdate](r))
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// DELETE /api/v1/disk/datasets/{name}?confirm=NAME&recursive=true
func (s *Server) deleteDataset(r *request) response {
	name, bad := r.name("name")
	if bad != nil {
		return bad
	}
	q := r.query()
	confirm := q.match("confirm", anyName, "the dataset's name")
	recursive := q.match("recursive", recursivePattern, "true or false") == "true"
	if q.err != nil {
		return q.err
	}
	d, err := s.Storage.DestroyDataset(r.Context(), name, confirm, recursive)
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// GET /api/v1/disk/arc
func (s *Server) getARC(r *request) response {
	a, err := s.Storage.ARC()
	if err != nil {
		return fail(err)
	}
	return ok(a)
}

func zfsRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/disk/pools", Action: api.ActionRead, handle: (*Server).getPools},
		{Method: http.MethodPost, Pattern: "/api/v1/disk/pools", Action: api.ActionManage, Body: bodyOf[api.PoolCreate], handle: (*Server).postPool},
		{Method: http.MethodGet, Pattern: "/api/v1/disk/pools/{name}", Action: api.ActionRead, handle: (*Server).getPool},
		{Method: http.MethodDelete, Pattern: "/api/v1/disk/pools/{name}", Action: api.ActionManage, Query: []string{"confirm"}, handle: (*Server).deletePool},
		{Method: http.MethodPost, Pattern: "/api/v1/disk/pools/{name}/export", Action: api.ActionManage, Body: bodyOf[api.Confirm], handle: (*Server).postPoolExport},
		{Method: http.MethodPost, Pattern: "/api/v1/disk/pools/{name}/scrub", Action: api.ActionOperate, handle: (*Server).postPoolScrub},
		{Method: http.MethodDelete, Pattern: "/api/v1/disk/pools/{name}/scrub", Action: api.ActionOperate, handle: (*Server).deletePoolScrub},
		{Method: http.MethodGet, Pattern: "/api/v1/disk/imports", Action: api.ActionRead, handle: (*Server).getImports},
		{Method: http.MethodPost, Pattern: "/api/v1/disk/imports", Action: api.ActionManage, Body: bodyOf[api.PoolImport], handle: (*Server).postImport},
		{Method: http.MethodGet, Pattern: "/api/v1/disk/datasets", Action: api.ActionRead, Query: []string{"pool", "type", "cursor", "limit"}, handle: (*Server).getDatasets},
		{Method: http.MethodPost, Pattern: "/api/v1/disk/datasets", Action: api.ActionManage, Body: bodyOf[api.DatasetCreate], handle: (*Server).postDataset},
		{Method: http.MethodGet, Pattern: "/api/v1/disk/datasets/{name}", Action: api.ActionRead, handle: (*Server).getDataset},
		{Method: http.MethodPut, Pattern: "/api/v1/disk/datasets/{name}", Action: api.ActionManage, Body: bodyOf[api.DatasetUpdate], handle: (*Server).putDataset},
		{Method: http.MethodDelete, Pattern: "/api/v1/disk/datasets/{name}", Action: api.ActionManage, Query: []string{"confirm", "recursive"}, handle: (*Server).deleteDataset},
		{Method: http.MethodGet, Pattern: "/api/v1/disk/arc", Action: api.ActionRead, handle: (*Server).getARC},
	}
}
