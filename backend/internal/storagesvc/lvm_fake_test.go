package storagesvc

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
)

// What needs device-mapper (a thin pool, growing a filesystem on an active
// LV) cannot run on this machine: fake lvs, lvcreate, lvextend and
// lvremove stand in. lvs prints LVM's JSON report (the layout of
// backend/internal/lvm/testdata/lvs.json) for a thin pool holding one thin
// volume, with the attributes LVM gives them (t... and V...).
func TestFakeDeviceMapperThinPoolAndResize(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	report := `{"report":[{"lv":[
 {"lv_name":"pool0","vg_name":"vg0","lv_uuid":"u1","lv_attr":"twi-aotz--","lv_size":"1073741824","lv_path":"","origin":"","pool_lv":"","data_percent":"12.50","lv_active":"active","lv_time":"2026-12-01 10:00:00 +0000","lv_tags":""},
 {"lv_name":"thin1","vg_name":"vg0","lv_uuid":"u2","lv_attr":"Vwi-aotz--","lv_size":"10737418240","lv_path":"/dev/vg0/thin1","origin":"","pool_lv":"pool0","data_percent":"1.25","lv_active":"active","lv_time":"2026-12-01 10:00:01 +0000","lv_tags":""}]}]}`
	file := filepath.Join(t.TempDir(), "lvs.json")
	if err := os.WriteFile(file, []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	d.Replay("lvs", file, 0)
	for _, tool := range []string{"lvcreate", "lvextend", "lvremove"} {
		d.Script(tool, "exit 0")
	}
	s := New(Options{Runner: &execx.Runner{Path: d.Path, Timeout: 10 * time.Second}})
	ctx := context.Background()

	lvs, err := s.LVs(ctx, "vg0")
	if err != nil || len(lvs.LVs) != 2 || lvs.LVs[0].Kind != "thin-pool" || lvs.LVs[1].Kind != "thin" || lvs.LVs[1].Pool != "pool0" ||
		lvs.LVs[0].DataPercent == nil || *lvs.LVs[0].DataPercent != 12.5 {
		t.Fatalf("%+v %v", lvs, err)
	}
	// lvremove -y of a pool would take its thin volumes along: refused first
	_, err = s.RemoveLV(ctx, "vg0", "pool0", "vg0/pool0")
	if apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "thin1") {
		t.Errorf("remove a pool with a thin volume: %v", err)
	}
	if n := len(d.Calls("lvremove")); n != 0 {
		t.Errorf("lvremove ran %d times", n)
	}
	if _, err := s.CreateLV(ctx, api.LVCreate{VG: "vg0", Name: "thin1", Type: "thin", Pool: "pool0", Size: 10 << 30}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(d.Calls("lvcreate")[0], " "); got != "-y -n thin1 --type thin --thinpool pool0 -V 10737418240b vg0" {
		t.Errorf("lvcreate %s", got)
	}
	if _, err := s.ExtendLV(ctx, "vg0", "thin1", api.LVExtend{Size: 20 << 30, ResizeFS: true}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(d.Calls("lvextend")[0], " "); got != "-L 21474836480b --resizefs vg0/thin1" {
		t.Errorf("lvextend %s", got)
	}
	if _, err := s.RemoveLV(ctx, "vg0", "thin1", "vg0/thin1"); err != nil || len(d.Calls("lvremove")) != 1 {
		t.Errorf("remove a thin volume: %v", err)
	}
}
