package iscsisvc

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/scst"
)

// Input is checked here with the API's field names (portals[0].address,
// chap.incoming[1].secret), before anything is stored; scst's own
// Validate checks the rendered configuration again at apply.

const (
	maxPortals    = 32
	maxInitiators = 256
	maxCHAPUsers  = 32
	maxLUNs       = 256
	maxLUNNumber  = 16383 // SCST's largest LUN with flat addressing
	maxAlias      = 255
)

var (
	// ZFS dataset names: pool/parent/volume; no component starts with '-'.
	zfsVolumeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]*(/[A-Za-z0-9][A-Za-z0-9_.:-]*)+$`)
	// LVM: vg/lv, names in LVM's own characters, never starting with '-'.
	lvmLVRE = regexp.MustCompile(`^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*/[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$`)
	// Repository ids as the repository service names them.
	repositoryRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
	// A file on a repository: relative components in characters scst.conf
	// takes unquoted; none starts with '.', so none is "." or "..".
	fileRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.+@=,:-]*(/[A-Za-z0-9_][A-Za-z0-9_.+@=,:-]*)*$`)
)

func bad(field, format string, args ...any) error {
	return &api.Error{Kind: api.KindBadRequest, Field: field, Message: field + " " + fmt.Sprintf(format, args...)}
}

// ValidName checks a target's name (its id): an IQN or an EUI.
func ValidName(name string) error {
	if err := scst.CheckISCSIName(name); err != nil {
		return bad("name", "%q: %s", name, err.(*scst.ValidationError).Reason)
	}
	return nil
}

// validate checks a whole target as it would be stored (secrets merged).
func validate(t api.ISCSITarget) error {
	if err := ValidName(t.Name); err != nil {
		return err
	}
	if len(t.Alias) > maxAlias || strings.ContainsAny(t.Alias, "\"\r\n\x00") || strings.ContainsFunc(t.Alias, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return bad("alias", "must be at most %d printable characters without double quotes", maxAlias)
	}
	if len(t.Portals) > maxPortals {
		return bad("portals", "holds more than %d portals", maxPortals)
	}
	seen := map[string]bool{}
	for i, p := range t.Portals {
		f := "portals[" + strconv.Itoa(i) + "]"
		a, err := netip.ParseAddr(p.Address)
		if err != nil || a.Zone() != "" {
			return bad(f+".address", "%q is not an IP address (without a zone)", p.Address)
		}
		if p.Port != 0 && p.Port != scst.DefaultPort {
			return bad(f+".port", "must be 3260: SCST's iSCSI target listens on that port only")
		}
		if seen[a.String()] {
			return bad(f+".address", "%s is listed twice", a)
		}
		seen[a.String()] = true
	}
	if len(t.Initiators) > maxInitiators {
		return bad("initiators", "holds more than %d initiators", maxInitiators)
	}
	seen = map[string]bool{}
	for i, in := range t.Initiators {
		f := "initiators[" + strconv.Itoa(i) + "]"
		if err := scst.CheckISCSIName(in); err != nil {
			return bad(f, "%q: %s", in, err.(*scst.ValidationError).Reason)
		}
		if seen[in] {
			return bad(f, "%q is listed twice", in)
		}
		seen[in] = true
	}
	if err := validateCHAP(t.CHAP); err != nil {
		return err
	}
	if len(t.LUNs) > maxLUNs {
		return bad("luns", "holds more than %d LUNs", maxLUNs)
	}
	numbers := map[uint32]bool{}
	for i, l := range t.LUNs {
		f := "luns[" + strconv.Itoa(i) + "]"
		if err := validateLUN(f, l); err != nil {
			return err
		}
		if numbers[l.LUN] {
			return bad(f+".lun", "%d is used twice", l.LUN)
		}
		numbers[l.LUN] = true
	}
	return nil
}

func validateCHAP(c api.ISCSICHAP) error {
	if len(c.Incoming) > maxCHAPUsers {
		return bad("chap.incoming", "holds more than %d users", maxCHAPUsers)
	}
	users := map[string]bool{}
	for i, u := range c.Incoming {
		f := "chap.incoming[" + strconv.Itoa(i) + "]"
		if err := checkUser(f, u); err != nil {
			return err
		}
		if users[u.User] {
			return bad(f+".user", "%q is listed twice", u.User)
		}
		users[u.User] = true
	}
	if c.Outgoing != nil {
		if err := checkUser("chap.outgoing", *c.Outgoing); err != nil {
			return err
		}
		if len(c.Incoming) == 0 {
			return bad("chap.outgoing", "needs an incoming user too: mutual CHAP is the target answering an initiator that proved itself")
		}
		for _, u := range c.Incoming {
			// RFC 3720 8.2.1: a reflection attack answers one with the other.
			if u.Secret == c.Outgoing.Secret {
				return bad("chap.outgoing.secret", "must differ from the incoming secret of %s", u.User)
			}
		}
	}
	return nil
}

// checkUser maps scst's check to the API's field names; the message never
// holds the secret.
func checkUser(field string, u api.ISCSICHAPUser) error {
	err := scst.CheckCHAPUser(field, scst.CHAPUser{User: u.User, Secret: scst.NewSecret(u.Secret)})
	if err == nil {
		return nil
	}
	ve := err.(*scst.ValidationError)
	if strings.HasSuffix(ve.Field, ".secret") && u.Secret == "" {
		return bad(ve.Field, "is required for a new user")
	}
	return bad(ve.Field, "%s", ve.Reason)
}

func validateLUN(f string, l api.ISCSILUN) error {
	if l.LUN > maxLUNNumber {
		return bad(join(f, "lun"), "must be at most %d", maxLUNNumber)
	}
	switch {
	case l.Object != nil && (l.Repository != "" || l.File != ""):
		return bad(join(f, "object"), "is backed either by a storage object or by a file on a repository, not both")
	case l.Object != nil:
		switch l.Object.Kind {
		case api.ObjectZFSVolume:
			if !zfsVolumeRE.MatchString(l.Object.Name) || len(l.Object.Name) > 200 {
				return bad(join(f, "object.name"), "%q is not a ZFS volume name (pool/volume)", l.Object.Name)
			}
		case api.ObjectLVMLV:
			if !lvmLVRE.MatchString(l.Object.Name) || len(l.Object.Name) > 200 {
				return bad(join(f, "object.name"), "%q is not an LVM logical volume (vg/lv)", l.Object.Name)
			}
		default:
			return bad(join(f, "object.kind"), "must be %s or %s", api.ObjectZFSVolume, api.ObjectLVMLV)
		}
	case l.Repository != "" || l.File != "":
		if !repositoryRE.MatchString(l.Repository) {
			return bad(join(f, "repository"), "%q is not a repository id", l.Repository)
		}
		if !fileRE.MatchString(l.File) || len(l.File) > 1024 {
			return bad(join(f, "file"), "must be a clean path relative to the repository, without '..', spaces or quotes")
		}
	default:
		return bad(join(f, "object"), "needs a backing: object (a ZFS volume or LVM LV) or repository and file")
	}
	return nil
}

// join names a member of the field f ("" for the body itself).
func join(f, member string) string {
	if f == "" {
		return member
	}
	return f + "." + member
}
