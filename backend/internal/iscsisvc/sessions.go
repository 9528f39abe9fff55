package iscsisvc

import (
	"errors"
	"io/fs"
	"path/filepath"

	"bams/backend/api"
	"bams/backend/internal/scst"
)

// maxSessions bounds what one answer lists (an initiator per host; a
// thousand is far beyond a backup server's).
const maxSessions = 4096

// Sessions lists the iSCSI sessions in SCST's sysfs tree: the initiator,
// the target, the LUNs it sees and its connections.
func (s *Service) Sessions() ([]api.ISCSISession, error) {
	entries, err := scst.ReadSysfs(s.o.SysfsRoot)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &api.Error{Kind: api.KindToolMissing, Message: "SCST is not loaded: there is no " + filepath.Join(s.o.SysfsRoot, "targets")}
	}
	if err != nil {
		return nil, err
	}
	out := []api.ISCSISession{}
	for _, se := range scst.Sessions(entries) {
		if se.Driver != scst.ISCSI || len(out) == maxSessions {
			continue
		}
		a := api.ISCSISession{Target: se.Target, Initiator: se.Initiator, Group: se.Group, LUNs: []uint32{}, Connections: []string{}}
		for _, l := range se.LUNs {
			a.LUNs = append(a.LUNs, l.LUN)
		}
		a.Connections = append(a.Connections, se.Connections...)
		out = append(out, a)
	}
	return out, nil
}

// sessionsOrNil is for showing a plan: without sessions it still shows
// the changes (apply reads them again, and refuses when it cannot).
func (s *Service) sessionsOrNil() []api.ISCSISession {
	ss, _ := s.Sessions()
	return ss
}
