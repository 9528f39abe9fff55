// Repositories: the places backups go.
import { request } from "./transport.js";

const enc = encodeURIComponent;

export const listRepositories = () => request("GET", "/disk/repositories");
export const getRepository = id => request("GET", `/disk/repositories/${enc(id)}`);
export const createRepository = repo => request("POST", "/disk/repositories", { body: repo });
export const deleteRepository = (id, confirm) =>
    request("DELETE", `/disk/repositories/${enc(id)}`, { params: { confirm: confirm || undefined } });
