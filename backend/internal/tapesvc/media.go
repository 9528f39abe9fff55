package tapesvc

import (
	"context"
	"fmt"
	"time"
	"unicode"

	"bams/backend/api"
	"bams/backend/internal/mtx"
)

// seenEvery: a cartridge that stays where it is has its last-seen time
// rewritten at most this often, so status reads do not rewrite the store.
const seenEvery = 10 * time.Minute

// maxBarcode bounds what a library may make BAMS store as a barcode (SCSI
// volume tags are 32 bytes).
const maxBarcode = 64

// recordSeen writes where each cartridge of st is, and marks those of c
// that are gone as outside the library.
func (s *Service) recordSeen(c *changer, st *mtx.Status, now time.Time) error {
	type place struct {
		where string
		n     int
	}
	here := map[string]place{}
	for _, d := range st.Drives {
		if d.Full && usableBarcode(d.Tag) {
			here[d.Tag] = place{api.TapeInDrive, d.Number}
		}
	}
	for _, sl := range st.Slots {
		if sl.Full && usableBarcode(sl.Tag) {
			where := api.TapeInSlot
			if sl.MailSlot {
				where = api.TapeInMailSlot
			}
			here[sl.Tag] = place{where, sl.Number}
		}
	}
	return s.o.Store.UpdateTapeMedia(func(m map[string]api.TapeMedium) error {
		for tag, p := range here {
			r, ok := m[tag]
			if !ok {
				r = api.TapeMedium{Barcode: tag}
			}
			moved := r.Changer != c.Name || r.Location != p.where || r.Number != p.n
			r.Changer, r.Location, r.Number = c.Name, p.where, p.n
			r.Cleaning = mtx.IsCleaning(tag, s.o.CleaningPrefix)
			if p.where == api.TapeInSlot {
				r.LastSlot = p.n
			}
			if moved || r.LastSeen == nil || now.Sub(*r.LastSeen) >= seenEvery {
				t := now
				r.LastSeen = &t
			}
			m[tag] = r
		}
		for tag, r := range m {
			if _, ok := here[tag]; !ok && r.Changer == c.Name && r.Location != api.TapeOutside {
				r.Location, r.Number = api.TapeOutside, 0
				m[tag] = r
			}
		}
		return nil
	})
}

// usableBarcode: a barcode BAMS keeps (a library's tag is untrusted text).
func usableBarcode(tag string) bool {
	if tag == "" || len(tag) > maxBarcode {
		return false
	}
	for _, r := range tag {
		if !unicode.IsPrint(r) || r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// suggestSlot is the storage slot a drive's cartridge was last seen in,
// when it is free now (0: none known).
func (s *Service) suggestSlot(st *mtx.Status, tag string) int {
	if !usableBarcode(tag) {
		return 0
	}
	var slot int
	s.o.Store.UpdateTapeMedia(func(m map[string]api.TapeMedium) error {
		slot = m[tag].LastSlot
		return nil
	})
	if sl, ok := st.Slot(slot); ok && !sl.Full && !sl.MailSlot {
		return slot
	}
	return 0
}

// MediaFilter selects media (GET /api/v1/tape/media).
type MediaFilter struct {
	Pool, Location, Changer string
	Cursor                  string // the last barcode of the previous page
	Limit                   int    // 0: 500
}

// maxMediaPage bounds one page of the media list.
const maxMediaPage = 5000

// Media lists the inventory, after merging what the Bacula catalog says
// of each volume (pool, status, last written). A catalog that does not
// answer leaves the last known values, said in CatalogError.
func (s *Service) Media(ctx context.Context, f MediaFilter) (api.TapeMediaList, error) {
	switch f.Location {
	case "", api.TapeInSlot, api.TapeInDrive, api.TapeInMailSlot, api.TapeOutside:
	default:
		return api.TapeMediaList{}, &api.Error{Kind: api.KindBadRequest, Field: "location",
			Message: fmt.Sprintf("location %q must be slot, drive, mail-slot or outside", f.Location)}
	}
	if f.Limit == 0 {
		f.Limit = 500
	}
	if f.Limit < 1 || f.Limit > maxMediaPage {
		return api.TapeMediaList{}, &api.Error{Kind: api.KindBadRequest, Field: "limit", Message: fmt.Sprintf("limit must be from 1 to %d", maxMediaPage)}
	}
	out := api.TapeMediaList{Media: []api.TapeMedium{}}
	if _, err := s.catalog(ctx, listAsk); err != nil {
		out.CatalogError = err.Error()
	}
	err := s.o.Store.ListTapeMedia(f.Cursor, func(r api.TapeMedium) bool {
		if (f.Pool != "" && r.Pool != f.Pool) || (f.Location != "" && r.Location != f.Location) || (f.Changer != "" && r.Changer != f.Changer) {
			return true
		}
		if len(out.Media) == f.Limit {
			out.Next = out.Media[len(out.Media)-1].Barcode
			return false
		}
		out.Media = append(out.Media, r)
		return true
	})
	return out, err
}

// catalog reads the Bacula catalog's volumes (waiting for the director at
// most within) and writes each one's pool, status and last write into the
// media records of the same barcode.
func (s *Service) catalog(ctx context.Context, within time.Duration) (map[string]api.BaculaVolume, error) {
	if s.o.Bacula == nil {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	vols, err := s.o.Bacula.Volumes(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("the Bacula catalog could not be read: %w", err)
	}
	byName := make(map[string]api.BaculaVolume, len(vols))
	for _, v := range vols {
		byName[v.Name] = v
	}
	err = s.o.Store.UpdateTapeMedia(func(m map[string]api.TapeMedium) error {
		for tag, r := range m {
			v, ok := byName[tag]
			if !ok {
				r.Pool, r.VolumeStatus, r.LastWritten = "", "", nil
			} else {
				r.Pool, r.VolumeStatus, r.LastWritten = v.Pool, v.Status, v.LastWritten
			}
			m[tag] = r
		}
		return nil
	})
	return byName, err
}
