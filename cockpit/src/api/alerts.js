// Alerts: the list with its filters (and the active count for the badge),
// one alert, acknowledging.
import { request } from "./transport.js";

const enc = encodeURIComponent;

export const listAlerts = ({ state, level, source, class: cls, subject, limit, cursor } = {}) =>
    request("GET", "/alerts", { params: { state, level, source, class: cls, subject, limit, cursor } });
export const getAlert = id => request("GET", `/alerts/${enc(id)}`);
export const acknowledgeAlert = id => request("POST", `/alerts/${enc(id)}/acknowledge`);
