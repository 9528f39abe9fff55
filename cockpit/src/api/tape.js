// Tape libraries: drives, slots, moves (each a task in its library's move
// queue), cleaning, the media inventory and its reconciliation with Bacula.
import { request } from "./transport.js";

export const getTapeLibrary = () => request("GET", "/tape/library");
export const listTapeDrives = changer => request("GET", "/tape/drives", { params: { changer } });
export const listTapeSlots = changer => request("GET", "/tape/slots", { params: { changer } });

export const loadTape = (drive, body) => request("POST", `/tape/drives/${Number(drive)}/load`, { body });
export const unloadTape = (drive, body) => request("POST", `/tape/drives/${Number(drive)}/unload`, { body });
export const cleanTapeDrive = (drive, body) => request("POST", `/tape/drives/${Number(drive)}/clean`, { body });
export const transferTape = body => request("POST", "/tape/transfer", { body });
export const importTape = body => request("POST", "/tape/import", { body });
export const exportTape = body => request("POST", "/tape/export", { body });
export const tapeInventory = body => request("POST", "/tape/inventory", { body });

export const listTapeMedia = ({ pool, location, cursor } = {}) =>
    request("GET", "/tape/media", { params: { pool, location, cursor } });
export const reconcileTapeMedia = () => request("GET", "/tape/media/reconcile");
export const fixTapeMedia = body => request("POST", "/tape/media/fix", { body });
export const planVirtualLibrary = spec => request("POST", "/tape/virtual", { body: spec });
