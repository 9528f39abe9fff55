package retention

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// token hashes the decisions, newest snapshot first, so it does not depend
// on the order the caller listed snapshots in. Only names and verdicts go
// in: reasons are for people, and rewording one must not void a preview.
// Names are length-prefixed so no two lists of names hash alike by
// running together. 128 bits of SHA-256 are plenty to notice a change.
func token(order []int32, decisions []Decision) string {
	hash := sha256.New()
	buf := make([]byte, 0, 4096)
	for _, i := range order {
		d := decisions[i]
		buf = binary.AppendUvarint(buf, uint64(len(d.Name)))
		buf = append(buf, d.Name...)
		verdict := byte('d')
		if d.Keep {
			verdict = 'k'
		}
		buf = append(buf, verdict)
		if len(buf) >= 4096 {
			hash.Write(buf)
			buf = buf[:0]
		}
	}
	hash.Write(buf)
	return hex.EncodeToString(hash.Sum(nil)[:16])
}
