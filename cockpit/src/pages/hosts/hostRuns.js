// The backup runs of one host, newest first, kept live by the events
// stream. The tasks API filters by kind only, so the host's runs are picked
// out of the backup tasks here. onFinished runs when one of them ends.
import { listTasks } from "../../api.js";
import { useEvents, useReloadOn, useResource } from "../../hooks.js";
import { isDone } from "../../components/TaskState.jsx";
import { applyTaskEvent } from "../tasks/liveTasks.js";

const isRunOf = (task, name) => task?.kind === "backup" && task.target === name;

function withRun(tasks, task) {
    return tasks.some(t => t.id === task.id)
        ? tasks.map(t => (t.id === task.id ? { ...task, log: t.log } : t))
        : [task, ...tasks];
}

export function useHostRuns(name, onFinished) {
    const runs = useResource(() => listTasks({ kind: "backup" }).then(d => d.tasks.filter(t => isRunOf(t, name))),
                             [name]);

    useReloadOn([], runs.reload); // only to catch up after a stream reconnect
    useEvents(event => {
        if (event.type === "task-state" && isRunOf(event.task, name)) {
            runs.update(tasks => withRun(tasks, event.task));
            if (isDone(event.task.state))
                onFinished();
        } else if (event.type === "task-progress") {
            runs.update(tasks => tasks.map(t => applyTaskEvent(t, event)));
        }
    });
    return runs;
}
