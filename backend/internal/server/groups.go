package server

import (
	"os/user"
	"strconv"
)

// groupsOf names the caller's groups from the user database (what polkit's
// isInGroup consults), not the connecting process's own group list.
func groupsOf(p *Peer) []string {
	names := []string{}
	u, err := user.LookupId(strconv.FormatUint(uint64(p.UID), 10))
	if err != nil {
		return names
	}
	ids, err := u.GroupIds()
	if err != nil {
		return names
	}
	for _, id := range ids {
		if g, err := user.LookupGroupId(id); err == nil {
			names = append(names, g.Name)
		}
	}
	return names
}
