package bacula

import (
	"strings"
	"time"
)

// Volume is one volume (medium) from `list volumes`, `list media` (the
// same output) or `llist volumes`. Fields a source does not print stay zero.
type Volume struct {
	MediaID   int64
	Name      string
	Pool      string // the "Pool:" heading it was listed under
	Status    string // Append, Full, Used, Recycle, Purged, Error, Archive, Disabled, Busy, Cleaning, Read-Only
	Enabled   bool
	Bytes     int64
	Files     int64
	Retention time.Duration
	Recycle   bool
	Slot      int64
	InChanger bool
	MediaType string
	// ExpiresIn is what is left of the retention after the last write,
	// as the director computed it when it answered.
	ExpiresIn   time.Duration
	LastWritten time.Time

	// llist only.
	FirstWritten, LabelDate time.Time
	Jobs, Blocks, Mounts    int64
	Errors, Writes          int64
	MaxBytes, MaxJobs       int64
	MaxFiles                int64
	UseDuration             time.Duration
	Comment                 string
}

// ParseVolumes reads `list volumes`, `list media` and `llist volumes`
// (times in the director's zone, loc). "No results to list." gives none.
func ParseVolumes(reply string, loc *time.Location) []Volume {
	var vols []Volume
	for _, r := range records(reply, "mediaid", "volumename") {
		if _, ok := r.fields["volumename"]; !ok {
			continue
		}
		vols = append(vols, Volume{
			MediaID:      r.int("mediaid"),
			Name:         r.str("volumename"),
			Pool:         r.pool(),
			Status:       r.str("volstatus"),
			Enabled:      r.str("enabled") == "1",
			Bytes:        r.int("volbytes"),
			Files:        r.int("volfiles"),
			Retention:    r.seconds("volretention"),
			Recycle:      r.bool("recycle"),
			Slot:         r.int("slot"),
			InChanger:    r.bool("inchanger"),
			MediaType:    r.str("mediatype"),
			ExpiresIn:    r.seconds("expiresin"),
			LastWritten:  r.time(loc, "lastwritten"),
			FirstWritten: r.time(loc, "firstwritten"),
			LabelDate:    r.time(loc, "labeldate"),
			Jobs:         r.int("voljobs"),
			Blocks:       r.int("volblocks"),
			Mounts:       r.int("volmounts"),
			Errors:       r.int("volerrors"),
			Writes:       r.int("volwrites"),
			MaxBytes:     r.int("maxvolbytes"),
			MaxJobs:      r.int("maxvoljobs"),
			MaxFiles:     r.int("maxvolfiles"),
			UseDuration:  r.seconds("voluseduration"),
			Comment:      r.str("comment"),
		})
	}
	return vols
}

// Pool is one pool from `list pools` or `llist pools`.
type Pool struct {
	PoolID      int64
	Name        string
	Type        string // Backup, Copy, Migration, Scratch, ...
	NumVols     int64
	MaxVols     int64 // 0: no limit
	MaxVolBytes int64
	Retention   time.Duration
	Enabled     bool
	LabelFormat string // automatic labelling when set

	// llist only.
	UseDuration time.Duration
	MaxVolJobs  int64
	AutoPrune   bool
	Recycle     bool
}

// ParsePools reads `list pools` and `llist pools`.
func ParsePools(reply string) []Pool {
	var pools []Pool
	for _, r := range records(reply, "poolid", "name") {
		if _, ok := r.fields["poolid"]; !ok {
			continue
		}
		pools = append(pools, Pool{
			PoolID:      r.int("poolid"),
			Name:        r.str("name"),
			Type:        r.str("pooltype"),
			NumVols:     r.int("numvols"),
			MaxVols:     r.int("maxvols"),
			MaxVolBytes: r.int("maxvolbytes"),
			Retention:   r.seconds("volretention"),
			Enabled:     r.str("enabled") == "1",
			LabelFormat: r.str("labelformat"),
			UseDuration: r.seconds("voluseduration"),
			MaxVolJobs:  r.int("maxvoljobs"),
			AutoPrune:   r.bool("autoprune"),
			Recycle:     r.bool("recycle"),
		})
	}
	return pools
}

// Client is one client from `list clients` or `llist clients`.
type Client struct {
	ClientID      int64
	Name          string
	FileRetention time.Duration
	JobRetention  time.Duration
	Uname         string // llist: the client's version and platform, as it last reported them
	AutoPrune     bool   // llist
}

// ParseClients reads `list clients` and `llist clients`.
func ParseClients(reply string) []Client {
	var clients []Client
	for _, r := range records(reply, "clientid", "name") {
		if _, ok := r.fields["clientid"]; !ok {
			continue
		}
		clients = append(clients, Client{
			ClientID:      r.int("clientid"),
			Name:          r.str("name"),
			FileRetention: r.seconds("fileretention"),
			JobRetention:  r.seconds("jobretention"),
			Uname:         r.str("uname"),
			AutoPrune:     r.bool("autoprune"),
		})
	}
	return clients
}

// ParseNames reads the dot-commands that list resource names, one a line:
// `.jobs`, `.clients`, `.pools`, `.filesets`, `.storage`, `.schedule`,
// `.msgs`.
func ParseNames(reply string) []string {
	var names []string
	for _, line := range strings.Split(reply, "\n") {
		if n := strings.TrimSpace(line); n != "" {
			names = append(names, n)
		}
	}
	return names
}
