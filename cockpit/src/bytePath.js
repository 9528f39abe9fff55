// File names are bytes, not text. A name that is not valid UTF-8 (an old
// Latin-1 file, say) comes from the API with its exact bytes in base64
// (name_base64, path_base64). The pages keep every path as a string all
// the same, with each byte that is not part of valid UTF-8 written as the
// lone surrogate U+DC80+byte (Python's "surrogateescape"): joins, keys and
// sets keep working, and toBytes() gives back exactly the host's bytes
// when the path goes to the API. Pure: no DOM, no Cockpit.

import { visible } from "./visible.js";

const ESCAPED = /[\uDC80-\uDCFF]/u; // with "u", only a lone surrogate matches
const encoder = new TextEncoder();

// The code point of the valid UTF-8 sequence at b[i] and its length, or
// null when b[i] does not start one (bad lead, cut short, overlong,
// surrogate or beyond U+10FFFF).
function sequence(b, i) {
    const c = b[i];
    if (c < 0x80)
        return [c, 1];
    const [n, min] = c >= 0xc2 && c <= 0xdf ? [2, 0x80] : c >= 0xe0 && c <= 0xef ? [3, 0x800] : c >= 0xf0 && c <= 0xf4 ? [4, 0x10000] : [0];
    if (!n || i + n > b.length)
        return null;
    let cp = c & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) {
        if ((b[i + k] & 0xc0) !== 0x80)
            return null;
        cp = (cp << 6) | (b[i + k] & 0x3f);
    }
    return cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? null : [cp, n];
}

// fromBytes turns bytes (a Uint8Array) into a page path string.
export function fromBytes(b) {
    let out = "";
    for (let i = 0; i < b.length;) {
        const seq = sequence(b, i);
        out += seq ? String.fromCodePoint(seq[0]) : String.fromCharCode(0xdc00 + b[i]);
        i += seq ? seq[1] : 1;
    }
    return out;
}

// toBytes is the inverse of fromBytes.
export function toBytes(s) {
    const out = [];
    for (const ch of s) {
        const cp = ch.codePointAt(0);
        if (cp >= 0xdc80 && cp <= 0xdcff)
            out.push(cp - 0xdc00);
        else
            out.push(...encoder.encode(ch));
    }
    return Uint8Array.from(out);
}

// isBytes tells a path that is not valid UTF-8 (JSON text can't carry it).
export const isBytes = s => ESCAPED.test(s);

// display shows a path with U+FFFD for each byte that is not UTF-8, and
// its control characters escaped (visible.js).
export const display = s => visible(s.replace(/[\uDC80-\uDCFF]/gu, "\uFFFD"));

export const toBase64 = s => btoa(String.fromCharCode(...toBytes(s)));
export const fromBase64 = b64 => fromBytes(Uint8Array.from(atob(b64), c => c.charCodeAt(0)));

// A listed entry's name, and a listing's path, as page path strings.
export const entryName = e => (e.name_base64 ? fromBase64(e.name_base64) : e.name);
export const listPath = l => (l.path_base64 ? fromBase64(l.path_base64) : l.path);

// queryValue percent-encodes a path's bytes for a URL query: Go reads
// any bytes back from it, where encodeURIComponent refuses lone surrogates.
export function queryValue(s) {
    let out = "";
    for (const b of toBytes(s))
        out += /[A-Za-z0-9_.~/-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : "%" + b.toString(16).toUpperCase().padStart(2, "0");
    return out;
}
