package replication

import (
	"context"
	"os"
	"sync"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/zfs"
)

// stream runs `zfs send` here into `zfs receive` on the target:
//
//	zfs send ─stdout→ meter (counts, paces) ─os.Pipe→ ssh … zfs receive
//
// The bytes pass through bamsd, so it counts them for progress and paces
// them for the bandwidth limit in the copy itself: no pv or mbuffer to
// install on either side, and the limit applies to exactly what goes on
// the wire. The receiving end is a real pipe handed to ssh (no copying
// goroutine that could outlive it): when receive dies, the next write
// fails with EPIPE, the send is stopped, and when the send ends the pipe
// closes and receive sees the end of the stream.
func stream(ctx context.Context, src, dst zfsSide, sendArgv, recvArgv []string, limit int64, onSend func(pgid int), progress Progress, estimate int64) (int64, error) {
	recvCmd, err := dst.command(recvArgv)
	if err != nil {
		return 0, err
	}
	sendCmd, err := src.command(sendArgv)
	if err != nil {
		return 0, err
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return 0, err
	}
	var closeRead sync.Once
	dropRead := func() { closeRead.Do(func() { pr.Close() }) }
	defer dropRead()
	// Only the receiving child may hold the read end: bamsd's copy is
	// closed as soon as it runs, so its death breaks the pipe.
	recvCmd.Stdin, recvCmd.Timeout, recvCmd.OnStart = pr, -1, func(int) { dropRead() }

	sendCtx, stopSend := context.WithCancel(ctx)
	defer stopSend()
	type outcome struct {
		res execx.Result
		err error
	}
	// A cancel stops the send; the receive then sees the stream end and
	// saves its partial state itself (-s), which the next run resumes. It
	// is killed only if it has not ended recvGrace later.
	recvCtx, stopRecv := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRecv()
	stopAfter := context.AfterFunc(ctx, func() { time.AfterFunc(recvGrace, stopRecv) })
	defer stopAfter()
	recvDone := make(chan outcome, 1)
	go func() {
		res, err := dst.r.Run(recvCtx, recvCmd)
		dropRead()
		if err != nil {
			stopSend() // nothing reads any more: the send would only block
		}
		recvDone <- outcome{res, err}
	}()

	// the copy loop the btrfs engine uses too (btrfs_stream.go)
	m := &meter{ctx: sendCtx, w: pw, limit: limit, progress: progress, estimate: estimate}
	sendCmd.Stdout, sendCmd.Timeout, sendCmd.MaxStdout, sendCmd.OnStart = m, -1, 1, onSend // the stream is not kept
	sendRes, sendErr := src.r.Run(sendCtx, sendCmd)
	pw.Close()
	recv := <-recvDone
	if progress != nil {
		progress(m.sent, estimate) // the last bytes, which the meter may not have reported
	}

	if ctx.Err() != nil {
		return m.sent, &zfs.Error{Kind: zfs.Cancelled, Tool: "zfs", Args: sendArgv[1:], Err: ctx.Err()}
	}
	if recv.err != nil {
		// a refused or cut receive is the story; the send only saw a broken pipe
		return m.sent, dst.streamFailure(ctx, recv.res, recv.err)
	}
	if sendErr != nil {
		// receive took what came, but the send failed: a stale resume token,
		// a source snapshot gone
		return m.sent, src.streamFailure(ctx, sendRes, sendErr)
	}
	return m.sent, nil
}

// recvGrace: how long a cancelled run's receive may take to save its
// partial state before it is killed.
const recvGrace = 10 * time.Second
