// #/tasks is the list, #/tasks/<id> one task with its log.
import { TaskDetail } from "./TaskDetail.jsx";
import { TaskList } from "./TaskList.jsx";

export function TasksPage({ path, options }) {
    return path[0] ? <TaskDetail id={path[0]} /> : <TaskList options={options} />;
}
