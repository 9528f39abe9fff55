// Names and text from hosts, tools and users (a file a host chose to name
// "a\x1b[2J\rb\nc", a tool's output) may hold control characters that a
// page shows as nothing or as a line break, so that one name passes for
// another. visible() writes each of them as \xNN, the way bamsctl does;
// visibleText() keeps the newlines and tabs of multi-line output. Pure.

// C0 controls, DEL, C1 controls, and the invisible format characters
// (bidi overrides, zero-width ones) that can disguise a name.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/gu;
const UNSAFE_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/gu;

const escape = ch => {
    const cp = ch.codePointAt(0);
    if (cp < 0x80)
        return "\\x" + cp.toString(16).padStart(2, "0");
    return "\\u" + cp.toString(16).padStart(4, "0");
};

export const visible = s => (s === undefined || s === null ? s : String(s).replace(UNSAFE, escape));
export const visibleText = s => (s === undefined || s === null ? s : String(s).replace(UNSAFE_BUT_LINES, escape));
