// Unit tests of the plugin's pure modules: node --test cockpit/test/
import { test } from "node:test";
import assert from "node:assert/strict";

import { visible, visibleText } from "../src/visible.js";
import { display, fromBytes } from "../src/bytePath.js";

const hostile = "evil\x1b[2J\x07name\rfake\nline";

test("visible escapes ESC, BEL, CR and newline", () => {
    assert.equal(visible(hostile), "evil\\x1b[2J\\x07name\\x0dfake\\x0aline");
    assert.equal(visible("ok name.txt"), "ok name.txt");
    assert.equal(visible("a\u202eb\u0085"), "a\\u202eb\\u0085");
    assert.equal(visible(undefined), undefined);
});

test("visibleText keeps the lines of multi-line output", () => {
    assert.equal(visibleText("a\tb\n" + hostile), "a\tb\nevil\\x1b[2J\\x07name\\x0dfake\nline");
});

test("a path shown from bytes is escaped too", () => {
    const path = fromBytes(Uint8Array.from([0x2f, 0x61, 0x1b, 0xff, 0x0a]));
    assert.equal(display(path), "/a\\x1b\uFFFD\\x0a");
});
