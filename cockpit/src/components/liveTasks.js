// How task events change a task already on screen. task-state events carry
// the whole task; task-progress events only id, state and progress, so
// they must not overwrite the rest with empty values.
// A task has ended: nothing but a log line changes it again.
export const isDone = state => state === "succeeded" || state === "failed" || state === "cancelled";

export function applyTaskEvent(task, event) {
    if (event.task?.id !== task.id)
        return task;
    // A progress event published while the task ended can arrive after its
    // final state: it must not take the task back to running.
    if (isDone(task.state) && event.type === "task-progress")
        return task;
    if (event.type === "task-state")
        return { ...event.task, log: task.log };
    if (event.type === "task-progress")
        return { ...task, state: event.task.state || task.state, progress: event.task.progress, stalled: event.task.stalled };
    if (event.type === "task-log" && event.log)
        return { ...task, log: [...(task.log || []), event.log] };
    return task;
}

// A task list filtered by state gains tasks that enter the state, loses
// those that leave it, and updates the rest in place.
export function applyToList(tasks, event, stateFilter) {
    if (!event.task || !["task-state", "task-progress"].includes(event.type))
        return tasks;
    const known = tasks.some(t => t.id === event.task.id);
    const fits = !stateFilter || event.task.state === stateFilter;
    if (!known)
        return event.type === "task-state" && fits ? [event.task, ...tasks] : tasks;
    if (!fits)
        return tasks.filter(t => t.id !== event.task.id);
    return tasks.map(t => applyTaskEvent(t, event));
}
