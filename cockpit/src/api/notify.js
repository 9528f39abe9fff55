// Notification targets (email relays, webhooks), the send-test action and
// the retry queue.
import { request } from "./transport.js";

const enc = encodeURIComponent;

export const listNotifyTargets = () => request("GET", "/notifications/targets");
export const createNotifyTarget = target => request("POST", "/notifications/targets", { body: target });
export const updateNotifyTarget = (name, target) => request("PUT", `/notifications/targets/${enc(name)}`, { body: target });
export const deleteNotifyTarget = name => request("DELETE", `/notifications/targets/${enc(name)}`);
export const testNotifyTarget = name => request("POST", `/notifications/targets/${enc(name)}/test`);
export const getNotifyQueue = ({ limit } = {}) => request("GET", "/notifications/queue", { params: { limit } });
