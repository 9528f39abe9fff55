package server

import (
	"net/http"
	"regexp"
	"strconv"

	"bams/backend/api"
	"bams/backend/internal/tapesvc"
)

var (
	changerPattern   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
	printablePattern = regexp.MustCompile(`^[!-~]{1,64}$`) // a pool name or a barcode cursor: printable ASCII, no spaces
	drivePattern     = regexp.MustCompile(`^[0-9]{1,5}$`)
)

// GET /api/v1/tape/library
func (s *Server) getTapeLibrary(r *request) response {
	lib, err := s.Tape.Library(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(lib)
}

// GET /api/v1/tape/drives?changer=
func (s *Server) getTapeDrives(r *request) response {
	q := r.query()
	changer := q.match("changer", changerPattern, "a tape library's name")
	if q.err != nil {
		return q.err
	}
	drives, err := s.Tape.Drives(r.Context(), changer)
	if err != nil {
		return fail(err)
	}
	return ok(api.TapeDriveList{Drives: drives})
}

// GET /api/v1/tape/slots?changer=
func (s *Server) getTapeSlots(r *request) response {
	q := r.query()
	changer := q.match("changer", changerPattern, "a tape library's name")
	if q.err != nil {
		return q.err
	}
	slots, err := s.Tape.Slots(r.Context(), changer)
	if err != nil {
		return fail(err)
	}
	return ok(api.TapeSlotList{Slots: slots})
}

// drive reads the {drive} path parameter, mtx's 0-based drive number.
func (r *request) drive() (int, response) {
	v := r.param("drive")
	if !drivePattern.MatchString(v) {
		return 0, badRequest("drive", "drive must be a drive number (0, 1, ...)")
	}
	n, _ := strconv.Atoi(v)
	return n, nil
}

// driveMove is a move of one drive: 202 with its task.
func (s *Server) driveMove(r *request, start func(*tapesvc.Service, *request, int, api.TapeMove) (api.Task, error)) response {
	n, bad := r.drive()
	if bad != nil {
		return bad
	}
	t, err := start(s.Tape, r, n, *input[api.TapeMove](r))
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// POST /api/v1/tape/drives/{drive}/load
func (s *Server) postTapeLoad(r *request) response {
	return s.driveMove(r, func(t *tapesvc.Service, r *request, n int, m api.TapeMove) (api.Task, error) {
		return t.Load(r.Context(), r.peer.Caller(), n, m)
	})
}

// POST /api/v1/tape/drives/{drive}/unload
func (s *Server) postTapeUnload(r *request) response {
	return s.driveMove(r, func(t *tapesvc.Service, r *request, n int, m api.TapeMove) (api.Task, error) {
		return t.Unload(r.Context(), r.peer.Caller(), n, m)
	})
}

// POST /api/v1/tape/drives/{drive}/clean
func (s *Server) postTapeClean(r *request) response {
	return s.driveMove(r, func(t *tapesvc.Service, r *request, n int, m api.TapeMove) (api.Task, error) {
		return t.Clean(r.Context(), r.peer.Caller(), n, m)
	})
}

// slotMove is a slot-to-slot move: 202 with its task.
func (s *Server) slotMove(r *request, start func(*tapesvc.Service, *request, api.TapeMove) (api.Task, error)) response {
	t, err := start(s.Tape, r, *input[api.TapeMove](r))
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// POST /api/v1/tape/transfer
func (s *Server) postTapeTransfer(r *request) response {
	return s.slotMove(r, func(t *tapesvc.Service, r *request, m api.TapeMove) (api.Task, error) {
		return t.Transfer(r.Context(), r.peer.Caller(), m)
	})
}

// POST /api/v1/tape/import
func (s *Server) postTapeImport(r *request) response {
	return s.slotMove(r, func(t *tapesvc.Service, r *request, m api.TapeMove) (api.Task, error) {
		return t.Import(r.Context(), r.peer.Caller(), m)
	})
}

// POST /api/v1/tape/export
func (s *Server) postTapeExport(r *request) response {
	return s.slotMove(r, func(t *tapesvc.Service, r *request, m api.TapeMove) (api.Task, error) {
		return t.Export(r.Context(), r.peer.Caller(), m)
	})
}

// POST /api/v1/tape/inventory
func (s *Server) postTapeInventory(r *request) response {
	t, err := s.Tape.Inventory(r.Context(), r.peer.Caller(), *input[api.TapeInventory](r))
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// GET /api/v1/tape/media?pool=&location=&changer=&limit=&cursor=
func (s *Server) getTapeMedia(r *request) response {
	q := r.query()
	f := tapesvc.MediaFilter{Pool: q.match("pool", printablePattern, "a pool name"),
		Location: q.vals["location"], Changer: q.match("changer", changerPattern, "a tape library's name"),
		Cursor: q.match("cursor", printablePattern, "a value from a previous page's next"), Limit: q.limit()}
	if q.err != nil {
		return q.err
	}
	l, err := s.Tape.Media(r.Context(), f)
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// GET /api/v1/tape/media/reconcile
func (s *Server) getTapeReconcile(r *request) response {
	rec, err := s.Tape.Reconcile(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(rec)
}

// POST /api/v1/tape/media/fix: a task running the bconsole fix.
func (s *Server) postTapeFix(r *request) response {
	t, err := s.Tape.Fix(r.Context(), r.peer.Caller(), *input[api.TapeFix](r))
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// POST /api/v1/tape/virtual: mhvtl's files and start steps; changes nothing.
func (s *Server) postTapeVirtual(r *request) response {
	p, err := tapesvc.VirtualPlan(*input[api.TapeVirtualSpec](r))
	if err != nil {
		return fail(err)
	}
	return ok(p)
}

// tapeRoutes: the tape libraries, their moves, and the media inventory.
// Moving cartridges is operating (no data is lost by a move); so is a
// catalog fix, which only records what is in the library.
func tapeRoutes() []route {
	move := bodyOf[api.TapeMove]
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/tape/library", Action: api.ActionRead, handle: (*Server).getTapeLibrary},
		{Method: http.MethodGet, Pattern: "/api/v1/tape/drives", Action: api.ActionRead, Query: []string{"changer"}, handle: (*Server).getTapeDrives},
		{Method: http.MethodGet, Pattern: "/api/v1/tape/slots", Action: api.ActionRead, Query: []string{"changer"}, handle: (*Server).getTapeSlots},
		{Method: http.MethodPost, Pattern: "/api/v1/tape/drives/{drive}/load", Action: api.ActionOperate, Body: move, handle: (*Server).postTapeLoad},
		{Method: http.MethodPost, Pattern: "/api/v1/tape/drives/{drive}/unload", Action: api.ActionOperate, Body: move, handle: (*Server).postTapeUnload},
		{Method: http.MethodPost, Pattern: "/api/v1/tape/drives/{drive}/clean", Action: api.ActionOperate, Body: move, handle: (*Server).postTapeClean},
		{Method: http.MethodPost, Pattern: "/api/v1/tape/transfer", Action: api.ActionOperate, Body: move, handle: (*Server).postTapeTransfer},
		{Method: http.MethodPost, Pattern: "/api/v1/tape/import", Action: api.ActionOperate, Body: move, handle: (*Server).postTapeImport},
		{Method: http.MethodPost, Pattern: "/api/v1/tape/export", Action: api.ActionOperate, Body: move, handle: (*Server).postTapeExport},
		{Method: http.MethodPost, Pattern: "/api/v1/tape/inventory", Action: api.ActionOperate, Body: bodyOf[api.TapeInventory], handle: (*Server).postTapeInventory},
		{Method: http.MethodGet, Pattern: "/api/v1/tape/media", Action: api.ActionRead, Query: []string{"pool", "location", "changer", "limit", "cursor"}, handle: (*Server).getTapeMedia},
		{Method: http.MethodGet, Pattern: "/api/v1/tape/media/reconcile", Action: api.ActionRead, handle: (*Server).getTapeReconcile},
		{Method: http.MethodPost, Pattern: "/api/v1/tape/media/fix", Action: api.ActionOperate, Body: bodyOf[api.TapeFix], handle: (*Server).postTapeFix},
		{Method: http.MethodPost, Pattern: "/api/v1/tape/virtual", Action: api.ActionRead, Body: bodyOf[api.TapeVirtualSpec], handle: (*Server).postTapeVirtual},
	}
}
