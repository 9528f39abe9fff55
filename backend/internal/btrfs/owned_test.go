package btrfs

import (
	"strings"
	"testing"
)

// The place alone never makes a snapshot BAMS's: the parent UUID must be
// the subvolume's, it must be read-only, and directly below its owner.
func TestClassifyOwned(t *testing.T) {
	self := Subvolume{ID: 256, UUID: "u-data", Path: "pool/data"}
	sub := func(id uint64, parent uint64, parentUUID, uuid, path string) Subvolume {
		return Subvolume{ID: id, Parent: parent, ParentUUID: parentUUID, UUID: uuid, Path: path}
	}
	children := []Subvolume{
		sub(257, 256, "u-data", "u1", "pool/data/.bams-snapshots/snaptask:hourly/auto-1"),
		sub(258, 256, "u-other", "u2", "pool/data/.bams-snapshots/snaptask:hourly/auto-2"),
		sub(259, 256, "u-data", "u3", "pool/data/.bams-snapshots/snaptask:hourly/auto-3"),
		sub(260, 256, "u-data", "u4", "pool/data/.bams-snapshots/loose"),
		sub(261, 256, "u-data", "u5", "pool/data/elsewhere/auto-5"),
		sub(262, 999, "u-data", "u6", "pool/data/.bams-snapshots/snaptask:hourly/nested"),
		sub(263, 256, "u-data", "u7", "pool/data/.bams-snapshots/Bad Owner/x"),
	}
	readOnly := map[string]bool{"u1": true, "u2": true, "u4": true, "u5": true, "u6": true, "u7": true}
	owned, other := classifyOwned(self, children, readOnly)
	if len(owned) != 1 || owned[0].Name != "auto-1" || owned[0].Owner != "snaptask:hourly" || owned[0].Subvolume.ID != 257 {
		t.Fatalf("owned %+v", owned)
	}
	want := ".bams-snapshots/snaptask:hourly/auto-2: not a snapshot of this subvolume\n" +
		".bams-snapshots/snaptask:hourly/auto-3: not read-only\n" +
		".bams-snapshots/loose: not at .bams-snapshots/<owner>/<name>\n" +
		".bams-snapshots/Bad Owner/x: not at .bams-snapshots/<owner>/<name>"
	if got := strings.Join(other, "\n"); got != want {
		t.Fatalf("other\n%s\nwant\n%s", got, want)
	}

	// The filesystem's top level: paths have no prefix.
	top := Subvolume{ID: 5, UUID: "u-top", Path: "<FS_TREE>"}
	owned, _ = classifyOwned(top, []Subvolume{sub(300, 5, "u-top", "u9", ".bams-snapshots/manual/m1")}, map[string]bool{"u9": true})
	if len(owned) != 1 || owned[0].Name != "m1" {
		t.Fatalf("top level %+v", owned)
	}
}
