// Snapshots: ZFS snapshots of any dataset, and the btrfs snapshots BAMS
// owns of a subvolume.
import { request } from "./transport.js";

const enc = encodeURIComponent;

export const listZFSSnapshots = ({ dataset, recursive, name, owner, cursor, limit } = {}) =>
    request("GET", "/zfs/snapshots", { params: { dataset, recursive: recursive ? "true" : undefined, name, owner, cursor, limit } });
export const createZFSSnapshot = req => request("POST", "/zfs/snapshots", { body: req });
export const destroyZFSSnapshot = (name, confirm) => request("DELETE", `/zfs/snapshots/${enc(name)}`, { params: { confirm } });
export const rollbackPreview = name => request("GET", `/zfs/snapshots/${enc(name)}/rollback`);
export const rollbackZFS = (name, confirm, token) => request("POST", `/zfs/snapshots/${enc(name)}/rollback`, { body: { confirm, token } });
export const cloneZFSSnapshot = (name, target) => request("POST", `/zfs/snapshots/${enc(name)}/clone`, { body: { target } });
export const holdZFSSnapshot = (name, tag) => request("POST", `/zfs/snapshots/${enc(name)}/hold`, { body: { tag } });
export const releaseZFSSnapshot = (name, tag) => request("POST", `/zfs/snapshots/${enc(name)}/release`, { body: { tag } });

export const listBtrfsSnapshots = subvolume => request("GET", "/btrfs/snapshots", { params: { subvolume } });
export const createBtrfsSnapshot = (subvolume, name) => request("POST", "/btrfs/snapshots", { body: { subvolume, name } });
export const deleteBtrfsSnapshot = (subvolume, owner, name, confirm) =>
    request("DELETE", "/btrfs/snapshots", { params: { subvolume, owner, name, confirm } });
