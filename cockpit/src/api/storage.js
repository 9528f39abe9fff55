// Storage: disks, ZFS pools and datasets, LVM, btrfs.
import { request } from "./transport.js";

const enc = encodeURIComponent;

export const listDisks = () => request("GET", "/disk/disks");

export const listPools = () => request("GET", "/disk/pools");
export const getPool = name => request("GET", `/disk/pools/${enc(name)}`);
export const createPool = pool => request("POST", "/disk/pools", { body: pool });
export const destroyPool = (name, confirm) => request("DELETE", `/disk/pools/${enc(name)}`, { params: { confirm } });
export const exportPool = (name, confirm) => request("POST", `/disk/pools/${enc(name)}/export`, { body: { confirm } });
export const scrubPool = name => request("POST", `/disk/pools/${enc(name)}/scrub`);
export const stopPoolScrub = name => request("DELETE", `/disk/pools/${enc(name)}/scrub`);
export const listImports = () => request("GET", "/disk/imports");
export const importPool = req => request("POST", "/disk/imports", { body: req });
export const listDatasets = ({ pool, type, cursor, limit } = {}) =>
    request("GET", "/disk/datasets", { params: { pool, type, cursor, limit } });
export const getARC = () => request("GET", "/disk/arc");

export const listVGs = () => request("GET", "/disk/vgs");
export const createVG = vg => request("POST", "/disk/vgs", { body: vg });
export const removeVG = (name, confirm) => request("DELETE", `/disk/vgs/${enc(name)}`, { params: { confirm } });
export const listLVs = () => request("GET", "/disk/lvs");
export const createLV = lv => request("POST", "/disk/lvs", { body: lv });
export const removeLV = (vg, name, confirm) => request("DELETE", `/disk/lvs/${enc(vg)}/${enc(name)}`, { params: { confirm } });

export const listBtrfs = () => request("GET", "/disk/btrfs");
export const createBtrfs = fs => request("POST", "/disk/btrfs", { body: fs });
export const listSubvolumes = uuid => request("GET", `/disk/btrfs/${enc(uuid)}/subvolumes`);
export const createSubvolume = (uuid, req) => request("POST", `/disk/btrfs/${enc(uuid)}/subvolumes`, { body: req });
export const deleteSubvolume = (uuid, path, confirm) =>
    request("DELETE", `/disk/btrfs/${enc(uuid)}/subvolumes/${enc(path)}`, { params: { confirm } });
export const scrubBtrfs = uuid => request("POST", `/disk/btrfs/${enc(uuid)}/scrub`);
export const stopBtrfsScrub = uuid => request("DELETE", `/disk/btrfs/${enc(uuid)}/scrub`);
