// Package tapesvc is the tape service: the libraries (changers, drives,
// slots and mail slots, from `mtx status`), cartridge moves through one
// queue per changer, each checked before mtx runs (mtx.CheckMove plus what
// the Bacula storage daemon is doing with the drives), cleaning, the media
// inventory in the store reconciled with the Bacula catalog, and the
// alert conditions of all of it. The HTTP layer calls it and nothing else.
package tapesvc

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/lsscsi"
	"bams/backend/internal/mtx"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

// Bacula is what the tape service asks of Bacula (baculasvc implements it):
// what the storage daemons are doing now (`status storage`), the catalog's
// volumes (`llist volumes`), and the two catalog fixes BAMS runs.
type Bacula interface {
	StorageDaemons(ctx context.Context) ([]api.BaculaStorage, error)
	Volumes(ctx context.Context, pool string) ([]api.BaculaVolume, error)
	// TapeFix runs `update slots` or `label barcodes` on storage for the
	// slots (and pool, for labels), writing the director's reply to log.
	TapeFix(ctx context.Context, storage string, fix api.TapeFix, log func(string)) error
}

// Changer is one configured library (config tape.changers).
type Changer struct {
	Name          string
	Device        string
	Drives        []string // drive device nodes in mtx's drive order
	BaculaStorage string
}

// Options configure the service.
type Options struct {
	Runner          *execx.Runner
	Store           *store.Store
	Tasks           *tasks.Manager
	Bacula          Bacula // nil: no Bacula here, nothing is reported in use
	Changers        []Changer
	CleaningPrefix  string        // "": mtx.DefaultCleaningID
	CleaningMaxUses int           // 0: 50
	MoveTimeout     time.Duration // 0: mtx.DefaultTimeout
	Retry           mtx.Retry     // zero: mtx's back-off
	CleanPoll       time.Duration // how often a clean checks whether the drive ejected the cartridge; 0: 15 s
	Now             func() time.Time
	Log             *slog.Logger
}

// Service is the tape service. Create it with New.
type Service struct {
	o Options

	mu       sync.Mutex
	changers []*changer // nil until first found (configured ones at New)
	found    bool
}

// changer is a library and its move queue. dev is held while any mtx runs
// against it, so a status read never races a move; the queue orders moves.
// reads orders the status reads among themselves, so a read that finds dev
// held knows a move holds it (and answers the last status read).
type changer struct {
	Changer
	vendor, model string
	queue         queue
	dev           sync.Mutex
	reads         sync.Mutex

	mu       sync.Mutex // guards the cached status below
	status   *mtx.Status
	statusAt time.Time
	err      error
	alerts   map[int][]string // drive → TapeAlert flags at the last check
}

// New returns the service. Configured device paths are checked here, so a
// bad one stops bamsd at start naming its key.
func New(o Options) (*Service, error) {
	if o.CleaningPrefix == "" {
		o.CleaningPrefix = mtx.DefaultCleaningID
	}
	if o.CleaningMaxUses <= 0 {
		o.CleaningMaxUses = 50
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	s := &Service{o: o}
	for i, c := range o.Changers {
		if err := mtx.CheckDevice(c.Device); err != nil {
			return nil, fmt.Errorf("tape.changers[%d].device: %w", i, err)
		}
		for j, d := range c.Drives {
			if err := mtx.CheckDevice(d); err != nil {
				return nil, fmt.Errorf("tape.changers[%d].drives[%d]: %w", i, j, err)
			}
		}
		s.changers = append(s.changers, &changer{Changer: c})
	}
	s.found = len(s.changers) > 0
	return s, nil
}

// libraries returns the changers: the configured ones, else those
// `lsscsi -g` finds (asked once; a failure is asked again next time).
func (s *Service) libraries(ctx context.Context) ([]*changer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.found {
		return s.changers, nil
	}
	l, err := lsscsi.List(ctx, s.o.Runner)
	if err != nil {
		return nil, err
	}
	for i, c := range l.Changers {
		if c.Generic == "" || mtx.CheckDevice(c.Generic) != nil {
			s.o.Log.Warn("tape changer without a usable sg node", "hctl", c.HCTL)
			continue
		}
		s.changers = append(s.changers, &changer{Changer: Changer{Name: fmt.Sprintf("changer%d", i), Device: c.Generic},
			vendor: c.Vendor, model: c.Model})
	}
	s.found = true
	return s.changers, nil
}

// lookup finds a changer by name; "" is the only one.
func (s *Service) lookup(ctx context.Context, name string) (*changer, error) {
	all, err := s.libraries(ctx)
	if err != nil {
		return nil, err
	}
	if name == "" {
		switch len(all) {
		case 0:
			return nil, &api.Error{Kind: api.KindNotFound, Message: "no tape library: none is configured (tape.changers) and lsscsi -g lists no changer"}
		case 1:
			return all[0], nil
		}
		return nil, &api.Error{Kind: api.KindBadRequest, Field: "changer", Message: "there are several tape libraries: name one (changer)"}
	}
	for _, c := range all {
		if c.Name == name {
			return c, nil
		}
	}
	return nil, &api.Error{Kind: api.KindNotFound, Field: "changer", Message: fmt.Sprintf("no tape library %q", name)}
}

func (s *Service) mtxOptions() mtx.Options {
	return mtx.Options{Timeout: s.o.MoveTimeout, Retry: s.o.Retry}
}
