package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"bams/backend/internal/testutil/fakezfs"
)

// What replication needs of zfs: guids, `zfs send [-n -v -P] -w [-R]
// [-I from] snap`, `zfs send [-n -v -P] -t token` and `zfs receive -s -u
// -x mountpoint target`, with OpenZFS's checks and messages (libzfs_sendrecv.c).
//
// The stream is a JSON header line naming what is sent (dataset-relative
// names, guids, creation times, owners) and then snapshotBytes of filler
// per snapshot, so a receiving fake with its own state makes the same
// snapshots with the same guids, and bytes can be counted on the way.

// snapshotBytes is each snapshot's share of a stream.
const snapshotBytes = 96 << 10

type streamSnap struct {
	Rel      string // "" for the top dataset, "/child" below it
	Snap     string
	GUID     string
	Creation int64
	Owner    string `json:",omitempty"`
}

type streamHeader struct {
	Source   string // the sending dataset
	FromGUID string `json:",omitempty"` // incremental base of the top dataset ("" for full)
	Resume   bool   `json:",omitempty"`
	Offset   int64  `json:",omitempty"` // bytes of the first snapshot already received (resume)
	Snaps    []streamSnap
}

// resumeToken is what the fake's receive_resume_token encodes.
type resumeToken struct {
	ToName   string // dataset@snap on the sending side
	ToGUID   string
	FromGUID string `json:",omitempty"`
	Bytes    int64
}

// guid: a received snapshot keeps its sender's (Props["guid"]); one made
// here gets its own, different in every fake's state even for the same
// name and time, as real guids are random.
func (f *fake) guid(name string, d *fakezfs.Dataset) string {
	if g := d.Props["guid"]; g != "" {
		return g
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%d", os.Getenv("FAKEZFS_STATE"), name, d.Creation)
	return strconv.FormatUint(h.Sum64()>>1, 10)
}

func (f *fake) replication(sub string, args []string) int {
	if sub == "send" {
		opts, rest := flags(args, "It")
		return f.send(opts, rest)
	}
	opts, rest := flags(args, "ox")
	return f.receive(opts, rest)
}

// snapsOf lists ds's snapshots oldest first.
func (f *fake) snapsOf(ds string) []string {
	var names []string
	for n, d := range f.st.Datasets {
		if d.Type == "snapshot" && strings.HasPrefix(n, ds+"@") {
			names = append(names, n)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := f.st.Datasets[names[i]], f.st.Datasets[names[j]]
		if a.Creation != b.Creation {
			return a.Creation < b.Creation
		}
		return names[i] < names[j]
	})
	return names
}

func (f *fake) send(opts map[string][]string, rest []string) int {
	_, dry := opts["n"]
	var h streamHeader
	if tok := opts["t"]; len(tok) > 0 {
		b, err := base64.RawURLEncoding.DecodeString(tok[0])
		var t resumeToken
		if err != nil || json.Unmarshal(b, &t) != nil {
			return f.fail(255, "cannot resume send: resume token is corrupt (invalid format)")
		}
		d := f.st.Datasets[t.ToName]
		if d == nil {
			return f.fail(255, "cannot resume send: '%s' used in the initial send no longer exists", t.ToName)
		}
		if f.guid(t.ToName, d) != t.ToGUID {
			return f.fail(255, "cannot resume send: '%s' is no longer the same snapshot used in the initial send", t.ToName)
		}
		ds, snap, _ := strings.Cut(t.ToName, "@")
		h = streamHeader{Source: ds, FromGUID: t.FromGUID, Resume: true, Offset: t.Bytes,
			Snaps: []streamSnap{{Snap: snap, GUID: t.ToGUID, Creation: d.Creation, Owner: d.Props["bams:owner"]}}}
	} else {
		if len(rest) != 1 || !strings.Contains(rest[0], "@") {
			return f.fail(2, "missing snapshot argument\nusage:\n\tsend [-DLPbcehnpsVvw] [-i|-I snapshot]\n\t     [-R [-X dataset[,dataset]...]]     <snapshot>")
		}
		ds, snap, _ := strings.Cut(rest[0], "@")
		if f.st.Datasets[rest[0]] == nil {
			return f.fail(1, "cannot open '%s': dataset does not exist", rest[0])
		}
		all := f.snapsOf(ds)
		first := 0
		h.Source = ds
		if from := opts["I"]; len(from) > 0 {
			base := from[0]
			if !strings.Contains(base, "@") {
				base = ds + "@" + strings.TrimPrefix(base, "@")
			}
			i := indexOf(all, base)
			if i < 0 {
				return f.fail(1, "cannot open '%s': dataset does not exist", base)
			}
			h.FromGUID = f.guid(base, f.st.Datasets[base])
			first = i + 1
		}
		last := indexOf(all, rest[0])
		if last < first {
			return f.fail(1, "cannot send '%s': incremental source must be an earlier snapshot", rest[0])
		}
		_, recursive := opts["R"]
		for _, full := range all[first : last+1] {
			_, s, _ := strings.Cut(full, "@")
			for _, child := range f.sendSet(ds, s, recursive) {
				d := f.st.Datasets[child+"@"+s]
				h.Snaps = append(h.Snaps, streamSnap{Rel: strings.TrimPrefix(child, ds), Snap: s, GUID: f.guid(child+"@"+s, d), Creation: d.Creation, Owner: d.Props["bams:owner"]})
			}
		}
		_ = snap
	}
	total := int64(len(h.Snaps))*snapshotBytes - h.Offset
	if dry {
		for _, s := range h.Snaps {
			if h.FromGUID == "" && !h.Resume {
				fmt.Fprintf(&f.out, "full\t%s%s@%s\t%d\n", h.Source, s.Rel, s.Snap, snapshotBytes)
			} else {
				fmt.Fprintf(&f.out, "incremental\t-\t%s%s@%s\t%d\n", h.Source, s.Rel, s.Snap, snapshotBytes)
			}
		}
		fmt.Fprintf(&f.out, "size\t%d\n", total)
		return 0
	}
	line, _ := json.Marshal(h)
	w := bufio.NewWriter(os.Stdout)
	w.Write(append(line, '\n'))
	chunk := make([]byte, 16<<10)
	for sent := int64(0); sent < total; sent += int64(len(chunk)) {
		if left := total - sent; left < int64(len(chunk)) {
			chunk = chunk[:left]
		}
		if _, err := w.Write(chunk); err != nil {
			return f.fail(1, "warning: cannot send '%s': signal received", h.Source)
		}
		if f.st.SendPace > 0 {
			w.Flush()
			time.Sleep(time.Duration(f.st.SendPace) * time.Millisecond)
		}
	}
	if err := w.Flush(); err != nil {
		return f.fail(1, "warning: cannot send '%s': signal received", h.Source)
	}
	return 0
}

// sendSet is the datasets whose snapshot s goes in the stream: ds, and
// with -R each descendant that has it.
func (f *fake) sendSet(ds, s string, recursive bool) []string {
	set := []string{ds}
	if recursive {
		for n, d := range f.st.Datasets {
			if d.Type != "snapshot" && strings.HasPrefix(n, ds+"/") && f.st.Datasets[n+"@"+s] != nil {
				set = append(set, n)
			}
		}
		sort.Strings(set)
	}
	return set
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func (f *fake) receive(opts map[string][]string, rest []string) int {
	if len(rest) != 1 {
		return f.fail(2, "missing snapshot argument\nusage:\n\treceive [-vMnsFhu] [-o <property>=<value>] ... [-x <property>] ...\n\t    <filesystem|volume|snapshot>")
	}
	target := rest[0]
	in := bufio.NewReader(os.Stdin)
	line, err := in.ReadBytes('\n')
	var h streamHeader
	if err != nil || json.Unmarshal(line, &h) != nil {
		return f.fail(1, "cannot receive: failed to read from stream")
	}
	what := "incremental stream"
	switch {
	case h.Resume:
		what = "resume stream"
	case h.FromGUID == "":
		what = "new filesystem stream"
	}
	top := f.st.Datasets[target]
	token := ""
	if top != nil {
		token = top.Props["receive_resume_token"]
	}
	switch {
	case h.Resume:
		var t resumeToken
		b, _ := base64.RawURLEncoding.DecodeString(token)
		if top == nil || token == "" || json.Unmarshal(b, &t) != nil || t.ToGUID != h.Snaps[0].GUID {
			return f.fail(1, "cannot receive resume stream: provided resume token does not match dataset")
		}
	case token != "":
		return f.fail(1, "cannot receive %s: destination %s contains partially-complete state from \"zfs receive -s\".", what, target)
	case h.FromGUID == "" && top != nil:
		return f.fail(1, "cannot receive new filesystem stream: destination '%s' exists\nmust specify -F to overwrite it", target)
	case h.FromGUID == "":
		parent := target[:max(strings.LastIndex(target, "/"), 0)]
		if f.st.Datasets[parent] == nil {
			return f.fail(1, "cannot receive new filesystem stream: destination '%s' does not exist", parent)
		}
	case top == nil:
		return f.fail(1, "cannot receive incremental stream: destination '%s' does not exist", target)
	default:
		snaps := f.snapsOf(target)
		if len(snaps) == 0 || f.guid(snaps[len(snaps)-1], f.st.Datasets[snaps[len(snaps)-1]]) != h.FromGUID {
			return f.fail(1, "cannot receive incremental stream: most recent snapshot of %s does not\nmatch incremental source", target)
		}
	}
	cut := f.st.ReceiveCut
	f.st.ReceiveCut = 0
	var got int64
	for i, s := range h.Snaps {
		want := int64(snapshotBytes)
		if i == 0 {
			want -= h.Offset
		}
		if cut > 0 && got+want > cut {
			want = cut - got
		}
		n, _ := io.CopyN(io.Discard, in, want)
		got += n
		full := target + s.Rel + "@" + s.Snap
		if n < int64(snapshotBytes) && !(i == 0 && n == int64(snapshotBytes)-h.Offset) {
			return f.partial(target, what, resumeToken{ToName: h.Source + s.Rel + "@" + s.Snap, ToGUID: s.GUID, FromGUID: h.FromGUID, Bytes: n + offsetIf(i == 0, h.Offset)})
		}
		if f.st.Datasets[target+s.Rel] == nil {
			f.st.Datasets[target+s.Rel] = &fakezfs.Dataset{Type: "filesystem", Props: map[string]string{}, Creation: s.Creation}
		}
		// user properties of snapshots travel only with -p (or -R): the
		// target knows the snapshot by its guid alone
		f.st.Datasets[full] = &fakezfs.Dataset{Type: "snapshot", Props: map[string]string{"guid": s.GUID}, Creation: s.Creation}
	}
	if top := f.st.Datasets[target]; top != nil {
		delete(top.Props, "receive_resume_token")
	}
	return 0
}

func offsetIf(first bool, off int64) int64 {
	if first {
		return off
	}
	return 0
}

// partial saves the resume state (as -s does) and fails as zfs does.
func (f *fake) partial(target, what string, t resumeToken) int {
	b, _ := json.Marshal(t)
	tok := base64.RawURLEncoding.EncodeToString(b)
	d := f.st.Datasets[target]
	if d == nil {
		// a full receive that stopped: the dataset exists, holding only the state
		d = &fakezfs.Dataset{Type: "filesystem", Props: map[string]string{}, Creation: f.now()}
		f.st.Datasets[target] = d
	}
	if d.Props == nil {
		d.Props = map[string]string{}
	}
	d.Props["receive_resume_token"] = tok
	f.persist()
	return f.fail(1, "cannot receive %s: checksum mismatch or incomplete stream.\nPartially received snapshot is saved.\nA resuming stream can be generated on the sending system by running:\n    zfs send -t %s", what, tok)
}

// persist writes the state even though the command fails (a partial
// receive keeps what it saved).
func (f *fake) persist() {
	path := os.Getenv("FAKEZFS_STATE")
	b, _ := json.MarshalIndent(f.st, "", "  ")
	if os.WriteFile(path+".new", b, 0o644) == nil {
		os.Rename(path+".new", path)
	}
}
