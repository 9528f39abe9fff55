package storagesvc

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"bams/backend/api"
)

// allUses asks every use source. One that fails fails the question:
// nothing may be destroyed while it is unknown who uses it.
func (s *Service) allUses(ctx context.Context) ([]api.StorageUse, error) {
	var all []api.StorageUse
	for _, src := range s.o.Uses {
		uses, err := src.StorageUses(ctx)
		if err != nil {
			return nil, &api.Error{Kind: api.KindConflict, Message: "cannot tell what uses the storage: " + err.Error()}
		}
		all = append(all, uses...)
	}
	return all, nil
}

// users is who uses o: every use of o or of anything inside it (a use of
// tank/backups/web1 is a use of tank/backups, of the pool tank and of its
// disks), and, through repositories among them, their own users.
type users struct {
	direct []api.StorageUser
	via    []string // "host web1 (through repository backups)"
}

func (u users) none() bool { return len(u.direct) == 0 }

func (t *topology) usersOf(o api.StorageObject, uses []api.StorageUse) users {
	var u users
	repos := map[string]string{} // repository id → name, of the direct users
	seen := map[api.StorageUser]bool{}
	for _, use := range uses {
		if use.Object == nil || seen[use.User] || !t.within(*use.Object)[o] {
			continue
		}
		seen[use.User] = true
		u.direct = append(u.direct, use.User)
		if use.User.Kind == api.UserRepository {
			repos[use.User.ID] = use.User.Name
		}
	}
	for _, use := range uses {
		if name, ok := repos[use.Repository]; ok && use.Repository != "" {
			u.via = append(u.via, fmt.Sprintf("%s (through repository %s)", describe(use.User), name))
		}
	}
	sort.Slice(u.direct, func(i, j int) bool { return describe(u.direct[i]) < describe(u.direct[j]) })
	sort.Strings(u.via)
	return u
}

// usedBy is the direct users of o, as listings show them.
func (t *topology) usedBy(o api.StorageObject, uses []api.StorageUse) []api.StorageUser {
	d := t.usersOf(o, uses).direct
	if d == nil {
		return []api.StorageUser{}
	}
	return d
}

func describe(u api.StorageUser) string {
	kind := map[string]string{api.UserRepository: "repository", api.UserHost: "host", api.UserBaculaDevice: "Bacula device",
		api.UserISCSILUN: "iSCSI LUN", api.UserReplication: "replication"}[u.Kind]
	if kind == "" {
		kind = u.Kind
	}
	return kind + " " + u.Name
}

// refuseUsed is the refusal of a destructive step on o while it is used.
func (s *Service) refuseUsed(ctx context.Context, t *topology, o api.StorageObject, what string) error {
	uses, err := s.allUses(ctx)
	if err != nil {
		return err
	}
	u := t.usersOf(o, uses)
	if u.none() {
		return nil
	}
	names := make([]string, 0, len(u.direct)+len(u.via))
	for _, d := range u.direct {
		names = append(names, describe(d))
	}
	names = append(names, u.via...)
	return &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf("%s is in use, by %s", what, strings.Join(names, ", "))}
}

// confirmed checks the name the caller typed for a destructive step.
func confirmed(typed, name, what string) error {
	if typed != name {
		return &api.Error{Kind: api.KindBadRequest, Field: "confirm", Message: fmt.Sprintf("type the %s's name (%s) to confirm", what, name)}
	}
	return nil
}

// requireFree refuses devices that are not whole disks or partitions lsblk
// knows, that something holds (naming it), or whole disks with a partition
// table (their partitions are named instead).
func (s *Service) requireFree(ctx context.Context, t *topology, field string, devices []string) error {
	if err := t.strict(); err != nil {
		return err
	}
	uses, err := s.allUses(ctx)
	if err != nil {
		return err
	}
	held := t.holders()
	seen := map[string]bool{}
	for _, dev := range devices {
		p := t.resolve(dev)
		d, ok := t.byPath[p]
		if !ok || (d.Type != "disk" && d.Type != "loop" && d.Type != "part") {
			return &api.Error{Kind: api.KindBadRequest, Field: field, Message: dev + " is not a disk or partition on this machine"}
		}
		if seen[p] {
			return &api.Error{Kind: api.KindBadRequest, Field: field, Message: dev + " is named twice"}
		}
		seen[p] = true
		if len(d.Partitions()) > 0 || d.PTType != "" {
			return &api.Error{Kind: api.KindConflict, Field: field, Message: dev + " has a partition table: name a free partition, or wipe the disk first"}
		}
		for _, h := range held[t.top[p]] {
			if h.Device == p || t.top[p] == p {
				return &api.Error{Kind: api.KindConflict, Field: field, Message: fmt.Sprintf("%s is not free: %s", dev, holderText(apiHolder(h)))}
			}
		}
		if u := t.usersOf(api.StorageObject{Kind: api.ObjectDisk, Name: p}, uses); !u.none() {
			return &api.Error{Kind: api.KindConflict, Field: field, Message: fmt.Sprintf("%s is not free: used by %s", dev, describe(u.direct[0]))}
		}
	}
	return nil
}

func holderText(h api.DiskHolder) string {
	switch h.Kind {
	case api.HolderMounted:
		return h.Device + " is mounted on " + h.Name
	case api.HolderSwap:
		return h.Device + " is swap"
	case api.HolderLVMPV:
		if h.Name == "" {
			return h.Device + " is an LVM physical volume"
		}
		return h.Device + " is an LVM physical volume of volume group " + h.Name
	case api.HolderZFSVdev:
		return h.Device + " is in ZFS pool " + h.Name
	case api.HolderBtrfs:
		return h.Device + " is a device of btrfs filesystem " + h.Name
	case api.HolderStacked:
		return h.Device + " holds " + h.Name
	case api.HolderSignature:
		return h.Device + " holds " + h.Name + " data"
	}
	return h.Device + " is used by " + h.Kind + " " + h.Name
}
