// The tasks of one host (its backups, restores and retention runs), newest
// first, kept live by the events stream. The tasks API filters by kind and
// target, so each kind is one query. onFinished runs when one of them ends.
import { _ } from "../../cockpit.js";
import { listTasks } from "../../api/system.js";
import { useEvents, useReloadOn, useResource } from "../../hooks.js";
import { isDone } from "../../components/TaskState.jsx";
import { applyTaskEvent } from "../../components/liveTasks.js";

export const TASK_KINDS = { backup: _("Backup"), restore: _("Restore"), retention: _("Retention") };
const HOST_TASK_KINDS = Object.keys(TASK_KINDS);
const LIMIT = 50;

const isTaskOf = (task, name) => HOST_TASK_KINDS.includes(task?.kind) && task.target === name;
const newestFirst = (a, b) => Date.parse(b.created) - Date.parse(a.created);

function withTask(tasks, task) {
    return tasks.some(t => t.id === task.id)
        ? tasks.map(t => (t.id === task.id ? { ...task, log: t.log } : t))
        : [task, ...tasks];
}

function loadHostTasks(name) {
    return Promise.all(HOST_TASK_KINDS.map(kind => listTasks({ kind, target: name, limit: LIMIT })))
            .then(answers => answers.flatMap(a => a.tasks).sort(newestFirst));
}

export function useHostRuns(name, onFinished) {
    const runs = useResource(() => loadHostTasks(name), [name]);

    useReloadOn([], runs.reload); // only to catch up after a stream reconnect
    useEvents(event => {
        if (event.type === "task-state" && isTaskOf(event.task, name)) {
            runs.update(tasks => withTask(tasks, event.task));
            if (isDone(event.task.state))
                onFinished(event.task);
        } else if (event.type === "task-progress") {
            runs.update(tasks => tasks.map(t => applyTaskEvent(t, event)));
        }
    });
    return runs;
}
