// How task events change a task on screen (liveTasks.js, pure).
import { test } from "node:test";
import assert from "node:assert/strict";

import { applyTaskEvent } from "../src/components/liveTasks.js";

const running = { id: "7", state: "running", progress: { percent: 40 }, log: [{ text: "started" }] };
const progress = state => ({ type: "task-progress", task: { id: "7", state, progress: { percent: 90 } } });

test("progress updates a running task, keeping what the event lacks", () => {
    const next = applyTaskEvent(running, progress("running"));
    assert.equal(next.progress.percent, 90);
    assert.deepEqual(next.log, running.log);
});

test("a final state event ends the task; a late progress event does not reopen it", () => {
    const ended = applyTaskEvent(running, { type: "task-state", task: { id: "7", state: "succeeded" } });
    assert.equal(ended.state, "succeeded");
    assert.deepEqual(ended.log, running.log);
    assert.equal(applyTaskEvent(ended, progress("running")), ended);
});

test("events of other tasks change nothing", () => {
    assert.equal(applyTaskEvent(running, { type: "task-state", task: { id: "8", state: "failed" } }), running);
});
