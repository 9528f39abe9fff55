package baculasvc

import (
	"context"
	"fmt"

	"bams/backend/api"
	"bams/backend/internal/bacula"
)

// Media lists every volume as a physical medium: label, type, status and
// where it is.
func (s *Service) Media(ctx context.Context) ([]api.BaculaMedium, error) {
	vols, err := s.catalogVolumes(ctx)
	if err != nil {
		return nil, err
	}
	storages, err := s.storages(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]api.BaculaMedium, 0, len(vols))
	for _, v := range vols {
		out = append(out, medium(wireVolume(v, storages)))
	}
	return out, nil
}

// Medium is one medium with its properties, usage and the runs on it.
func (s *Service) Medium(ctx context.Context, name string) (api.BaculaMediumDetail, error) {
	if err := validName("name", name); err != nil {
		return api.BaculaMediumDetail{}, err
	}
	v, err := s.volume(ctx, name)
	if err != nil {
		return api.BaculaMediumDetail{}, err
	}
	raw, _, err := s.catalogVolume(ctx, name)
	if err != nil {
		return api.BaculaMediumDetail{}, err
	}
	jobs, err := s.volumeJobs(ctx, name)
	if err != nil {
		return api.BaculaMediumDetail{}, err
	}
	return api.BaculaMediumDetail{BaculaMedium: medium(v), Volume: v, Usage: usage(raw), History: jobs}, nil
}

// wireVolume is a catalog volume on the wire. Its storage is the one
// whose media type it has: that is where the director would mount it.
func wireVolume(v bacula.Volume, storages []bacula.StorageResource) api.BaculaVolume {
	w := api.BaculaVolume{Name: v.Name, MediaID: v.MediaID, Pool: v.Pool, Status: v.Status, Enabled: v.Enabled,
		MediaType: v.MediaType, Bytes: v.Bytes, MaximumBytes: v.MaxBytes, Jobs: v.Jobs, Files: v.Files,
		Recycle: v.Recycle, RetentionSeconds: int64(v.Retention.Seconds()), LabelDate: timePtr(v.LabelDate),
		FirstWritten: timePtr(v.FirstWritten), LastWritten: timePtr(v.LastWritten), Slot: v.Slot, InChanger: v.InChanger}
	if !v.LastWritten.IsZero() {
		w.Expires = timePtr(v.LastWritten.Add(v.Retention))
	}
	for _, st := range storages {
		if st.MediaType == v.MediaType {
			w.Storage = st.Name
			break
		}
	}
	return w
}

// medium is a volume seen as a physical thing.
func medium(v api.BaculaVolume) api.BaculaMedium {
	return api.BaculaMedium{Label: v.Name, MediaType: v.MediaType, Status: v.Status, Pool: v.Pool,
		Location: location(v), Bytes: v.Bytes, LastWritten: v.LastWritten}
}

// location says where a medium is: in a changer's slot, on a storage, or
// nowhere BAMS knows (a tape on a shelf).
func location(v api.BaculaVolume) string {
	switch {
	case v.InChanger && v.Storage != "":
		return fmt.Sprintf("slot %d of %s", v.Slot, v.Storage)
	case v.InChanger:
		return fmt.Sprintf("slot %d", v.Slot)
	case v.Storage != "":
		return "storage " + v.Storage
	}
	return "offline"
}

// usage is how full and how worn a volume is.
func usage(v bacula.Volume) api.BaculaUsage {
	u := api.BaculaUsage{Bytes: v.Bytes, MaximumBytes: v.MaxBytes, Jobs: v.Jobs, Files: v.Files, Blocks: v.Blocks,
		Mounts: v.Mounts, Writes: v.Writes, Errors: v.Errors}
	if v.MaxBytes > 0 {
		p := float64(v.Bytes) * 100 / float64(v.MaxBytes)
		u.Percent = &p
	}
	return u
}

// storages reads the director's Storage resources.
func (s *Service) storages(ctx context.Context) ([]bacula.StorageResource, error) {
	reply, err := s.command(ctx, "show storages")
	if err != nil {
		return nil, err
	}
	return bacula.ParseStorageResources(reply), nil
}
