package tapesvc

import (
	"context"
	"errors"
	"fmt"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/mtx"
)

// baculaAsk bounds asking Bacula before a move or a reconciliation;
// listAsk when only showing drives or media (a page must not wait long).
const (
	baculaAsk = 30 * time.Second
	listAsk   = 5 * time.Second
)

// baculaUse is what the storage daemons said they are doing, asked just
// before a move (`status storage` of each Storage resource).
type baculaUse struct {
	storages []api.BaculaStorage
	// err: Bacula is here but did not answer, so whether a drive is in use
	// cannot be known; a move touching a drive is then refused.
	err error
}

func (s *Service) baculaUse(ctx context.Context, within time.Duration) baculaUse {
	if s.o.Bacula == nil {
		return baculaUse{}
	}
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	st, err := s.o.Bacula.StorageDaemons(ctx)
	var missing *execx.MissingError
	if errors.As(err, &missing) {
		return baculaUse{} // no Bacula console on this machine: nothing of Bacula can hold a drive
	}
	return baculaUse{storages: st, err: err}
}

// busyDrives names the drives of c the storage daemon uses, with why: a
// device on the drive's node that is mounted or has a job, or a device or
// job holding the volume whose barcode the drive holds (which needs no
// configured node). When a relevant daemon did not answer, every drive is
// "unknown", which refuses the move too.
func (u baculaUse) busyDrives(c *changer, st *mtx.Status) map[int]string {
	busy := map[int]string{}
	if u.err != nil {
		for _, d := range st.Drives {
			busy[d.Number] = "the Bacula director did not answer (" + u.err.Error() + "), so whether its storage daemon uses the drive is unknown"
		}
		return busy
	}
	for _, sd := range u.storages {
		if sd.Daemon == nil {
			if sd.Name == c.BaculaStorage || (c.BaculaStorage == "" && sd.Autochanger) {
				for _, d := range st.Drives {
					busy[d.Number] = fmt.Sprintf("the storage daemon of %s did not answer (%s), so whether it uses the drive is unknown", sd.Name, sd.DaemonError)
				}
			}
			continue
		}
		for _, d := range st.Drives {
			if why := deviceUse(sd, c, d); why != "" {
				busy[d.Number] = why
			}
		}
	}
	return busy
}

// deviceUse says how storage daemon sd uses drive d, "" when it does not.
func deviceUse(sd api.BaculaStorage, c *changer, d mtx.Drive) string {
	node := ""
	if d.Number < len(c.Drives) {
		node = c.Drives[d.Number]
	}
	for _, dev := range sd.Daemon.Devices {
		ours := node != "" && dev.ArchiveDevice == node
		holds := d.Tag != "" && dev.Volume == d.Tag
		if !ours && !holds {
			continue
		}
		for _, j := range sd.Daemon.Running {
			if j.Device == dev.Name || (d.Tag != "" && j.Volume == d.Tag) {
				return fmt.Sprintf("Bacula job %d (%s) is using device %s of %s%s", j.JobID, j.Name, dev.Name, sd.Name, volumeNote(j.Volume))
			}
		}
		if dev.Mounted || (holds && dev.Open) {
			return fmt.Sprintf("Bacula's storage daemon %s has device %s mounted%s: release or unmount it there first", sd.Name, dev.Name, volumeNote(dev.Volume))
		}
	}
	return ""
}

// volumeJob names a running job that uses the volume of barcode tag, "" none.
func (u baculaUse) volumeJob(tag string) string {
	if tag == "" {
		return ""
	}
	for _, sd := range u.storages {
		if sd.Daemon == nil {
			continue
		}
		for _, j := range sd.Daemon.Running {
			if j.Volume == tag {
				return fmt.Sprintf("Bacula job %d (%s) is using volume %s", j.JobID, j.Name, tag)
			}
		}
	}
	return ""
}

func volumeNote(v string) string {
	if v == "" {
		return ""
	}
	return " with volume " + v
}
