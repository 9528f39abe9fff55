// Follows one task that this page started: live state and progress from the
// events stream, and the whole task (with its result) once it has ended.
import { useEffect, useRef, useState } from "react";

import { getTask } from "../api/system.js";
import { useEvents } from "../hooks.js";
import { isDone } from "./TaskState.jsx";
import { applyTaskEvent } from "./liveTasks.js";

// How many tasks' last state events are kept for a follow that comes later.
const EARLY = 20;

// An answer that arrives late never takes an ended task back to running.
const newer = (cur, next) => (cur && cur.id === next.id && isDone(cur.state) && !isDone(next.state) ? cur : next);

export function useFollowedTask() {
    const [task, setTask] = useState(null);
    const [error, setError] = useState(null);
    const fetched = useRef(null);

    // The end of a short task can arrive before the answer to the request
    // that started it (another channel): the last state events of tasks not
    // followed yet are kept (a few), and a task followed later starts from them.
    const early = useRef(new Map());
    useEvents(event => {
        if (event.type === "task-state" && event.task?.id) {
            early.current.delete(event.task.id);
            early.current.set(event.task.id, event.task);
            if (early.current.size > EARLY)
                early.current.delete(early.current.keys().next().value);
        }
        setTask(cur => (cur ? applyTaskEvent(cur, event) : cur));
    });

    // The ended task once more, for its result (events need not carry it).
    useEffect(() => {
        if (!task || !isDone(task.state) || fetched.current === task.id)
            return;
        fetched.current = task.id;
        getTask(task.id).then(t => setTask(cur => (cur?.id === t.id ? t : cur)), setError);
    }, [task]);

    const follow = started => {
        setError(null);
        const seen = early.current.get(started.id);
        setTask(seen ? newer(started, { ...seen, log: started.log }) : started);
        // events sent before the answer to the request were not known to be ours
        getTask(started.id).then(t => setTask(cur => (cur?.id === t.id ? newer(cur, t) : cur)), setError);
    };
    const clear = () => setTask(null);

    return { task, error, follow, clear };
}
