// Bacula storage: clients, pools, volumes and media.
import { request } from "./transport.js";

const enc = encodeURIComponent;

export const listBaculaClients = () => request("GET", "/backup/clients");
export const getBaculaClient = name => request("GET", `/backup/clients/${enc(name)}`);

export const listBaculaPools = () => request("GET", "/backup/storage/pools");
export const createBaculaPool = pool => request("POST", "/backup/storage/pools", { body: pool });
export const deleteBaculaPool = name => request("DELETE", `/backup/storage/pools/${enc(name)}`);

export const listBaculaVolumes = ({ pool } = {}) => request("GET", "/backup/storage/volumes", { params: { pool } });
export const labelBaculaVolume = volume => request("POST", "/backup/storage/volumes", { body: volume });
export const updateBaculaVolume = (name, change) =>
    request("PUT", `/backup/storage/volumes/${enc(name)}`, { body: change });
export const deleteBaculaVolume = (name, force) =>
    request("DELETE", `/backup/storage/volumes/${enc(name)}`, { params: { force: force ? "true" : undefined } });

export const listBaculaMedia = () => request("GET", "/backup/media");
export const getBaculaMedium = name => request("GET", `/backup/media/${enc(name)}`);
