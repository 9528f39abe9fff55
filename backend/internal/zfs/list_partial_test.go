package zfs

import (
	"context"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
)

// zfs lists every dataset it can and exits 1 naming one it could not
// open: the others still list, and that one is a warning.
func TestListOneFailingDataset(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("zfs", `printf 'tank\tfilesystem\t100\t200\t50\t/tank\ntank/b\tfilesystem\t10\t200\t10\t/tank/b\n'
echo "cannot open 'tank/a': dataset does not exist" >&2
exit 1`)
	r := &execx.Runner{Path: d.Path, Timeout: 5 * time.Second}
	ds, warns, err := List(context.Background(), r, ListOptions{})
	if err != nil || len(ds) != 2 || ds[1].Name != "tank/b" || len(warns) != 1 || warns[0].Text != "cannot open 'tank/a': dataset does not exist" {
		t.Fatalf("%+v %+v %v", ds, warns, err)
	}
	// a failure with nothing listed is still a failure
	d.Script("zfs", `echo "cannot open 'nosuch': dataset does not exist" >&2; exit 1`)
	if _, _, err := List(context.Background(), r, ListOptions{Root: "nosuch"}); !IsKind(err, NotFound) {
		t.Errorf("%v", err)
	}
}
