package server

import (
	"net/http"
	"net/url"
	"regexp"

	"bams/backend/api"
)

var forcePattern = regexp.MustCompile(`^(true|false)$`)

// GET /api/v1/backup/clients
func (s *Server) getBaculaClients(r *request) response {
	clients, err := s.Bacula.Clients(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(api.BaculaClientList{Clients: clients})
}

// GET /api/v1/backup/clients/{name}
func (s *Server) getBaculaClient(r *request) response {
	c, err := s.Bacula.Client(r.Context(), r.param("name"))
	if err != nil {
		return fail(err)
	}
	return ok(c)
}

// GET /api/v1/backup/storage/pools
func (s *Server) getBaculaPools(r *request) response {
	pools, err := s.Bacula.Pools(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(api.BaculaPoolList{Pools: pools})
}

// POST /api/v1/backup/storage/pools: 201 with the pool.
func (s *Server) postBaculaPool(r *request) response {
	req := *input[api.BaculaPoolCreate](r)
	p, err := s.Bacula.CreatePool(r.Context(), req)
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: p, location: "/api/v1/backup/storage/pools/" + url.PathEscape(p.Name)}
}

// DELETE /api/v1/backup/storage/pools/{name}: 409 naming the volumes and
// jobs that still use it.
func (s *Server) deleteBaculaPool(r *request) response {
	name := r.param("name")
	if err := s.Bacula.DeletePool(r.Context(), name); err != nil {
		return fail(err)
	}
	return ok(map[string]string{"deleted": name})
}

// GET /api/v1/backup/storage/volumes?pool=
func (s *Server) getBaculaVolumes(r *request) response {
	q := r.query()
	if q.err != nil {
		return q.err
	}
	vols, err := s.Bacula.Volumes(r.Context(), q.vals["pool"])
	if err != nil {
		return fail(err)
	}
	return ok(api.BaculaVolumeList{Volumes: vols})
}

// POST /api/v1/backup/storage/volumes: label a volume; 201 with it.
func (s *Server) postBaculaVolume(r *request) response {
	req := *input[api.BaculaVolumeLabel](r)
	v, err := s.Bacula.LabelVolume(r.Context(), req)
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: v, location: "/api/v1/backup/storage/volumes/" + url.PathEscape(v.Name)}
}

// PUT /api/v1/backup/storage/volumes/{name}
func (s *Server) putBaculaVolume(r *request) response {
	req := *input[api.BaculaVolumeUpdate](r)
	v, err := s.Bacula.UpdateVolume(r.Context(), r.param("name"), req)
	if err != nil {
		return fail(err)
	}
	return ok(v)
}

// DELETE /api/v1/backup/storage/volumes/{name}?force=true: 409 naming the
// jobs it holds unless forced.
func (s *Server) deleteBaculaVolume(r *request) response {
	q := r.query()
	force := q.match("force", forcePattern, "true or false") == "true"
	if q.err != nil {
		return q.err
	}
	res, err := s.Bacula.DeleteVolume(r.Context(), r.param("name"), force)
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

// GET /api/v1/backup/media
func (s *Server) getBaculaMedia(r *request) response {
	media, err := s.Bacula.Media(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(api.BaculaMediaList{Media: media})
}

// GET /api/v1/backup/media/{name}
func (s *Server) getBaculaMedium(r *request) response {
	m, err := s.Bacula.Medium(r.Context(), r.param("name"))
	if err != nil {
		return fail(err)
	}
	return ok(m)
}

// GET /api/v1/backup/storage/daemons
func (s *Server) getBaculaStorages(r *request) response {
	st, err := s.Bacula.StorageDaemons(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(api.BaculaStorageList{Storages: st})
}

// GET /api/v1/bacula/status: the local storage daemon.
func (s *Server) getSDStatus(r *request) response {
	st, err := s.Bacula.SDStatus(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(st)
}

// GET /api/v1/bacula/config: passwords redacted.
func (s *Server) getSDConfig(r *request) response {
	c, err := s.Bacula.SDConfig()
	if err != nil {
		return fail(err)
	}
	return ok(c)
}

// POST /api/v1/bacula/config: the File devices BAMS manages.
func (s *Server) postSDConfig(r *request) response {
	req := *input[api.BaculaSDConfigSet](r)
	c, err := s.Bacula.SetSDConfig(r.Context(), req)
	if err != nil {
		return fail(err)
	}
	return ok(c)
}

// POST /api/v1/bacula/inventory: a task; 409 without an autochanger.
func (s *Server) postSDInventory(r *request) response {
	t, err := s.Bacula.StartInventory(r.Context(), r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// POST /api/v1/bacula/restart
func (s *Server) postSDRestart(r *request) response {
	res, err := s.Bacula.RestartSD(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

// baculaStorageRoutes: Bacula clients, pools, volumes, media and the storage daemon.
func baculaStorageRoutes() []route {
	return []route{
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
	}
}
