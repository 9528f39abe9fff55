package replication

// Result is what one replication run did.
type Result struct {
	Snapshot string   // the snapshot sent this run
	Parent   string   // the incremental parent ("" for a full send)
	Bytes    int64    // stream bytes sent
	Pruned   []string // target snapshots deleted by the task's target retention
}

// Progress is called as bytes go out: sent so far, and the estimate (0 when unknown).
type Progress func(sent, estimate int64)
