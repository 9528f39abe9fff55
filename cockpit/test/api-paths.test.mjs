// Every route the plugin calls exists in docs/api.md, which a Go test
// (server.TestAPIReferenceMatchesRoutes) holds to the daemon's route table:
// so a renamed or dropped route fails here, not in front of a user.
//
// The feature files in src/api/ call the transport as fn("METHOD", `path`)
// with the path written out; path parameters (${enc(name)}) read as {name}
// and match any parameter of the documented route at that place.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Not import.meta.dirname: Debian 12's node 18 lacks it.
const root = fileURLToPath(new URL("../..", import.meta.url));
const apiDir = path.join(root, "cockpit", "src", "api");

const CALL = /\b(request|streamLines|channelUrl)\(/g;
const CALL_WITH_PATH = /\b(request|streamLines|channelUrl)\(\s*([^,]+?)\s*,\s*(`[^`]*`|"[^"]*")/g;

// The calls in source text: [{method, path, call}], path without its query
// and with each parameter as {its variable}. A transport call whose path is
// not a literal (built elsewhere, a variable) is an error: it could not be
// checked.
function extractCalls(source) {
    const code = source.replace(/^\s*\/\/.*$/gm, "");
    const calls = [];
    for (const m of code.matchAll(CALL_WITH_PATH)) {
        const methods = [...m[2].matchAll(/"([A-Z]+)"/g)].map(x => x[1]);
        const literal = m[3].slice(1, -1).split("?")[0];
        const route = literal.replace(/\$\{\s*(?:\w+\()?\s*(\w+)\s*\)?\s*\}/g, "{$1}");
        if (methods.length === 0 || route.includes("$"))
            throw new Error(`cannot read the method or path of ${m[0]}`);
        for (const method of methods)
            calls.push({ method, path: route, call: m[0] });
    }
    const all = [...code.matchAll(CALL)].length;
    const read = new Set(calls.map(c => c.call)).size;
    if (read !== all)
        throw new Error(`${all - read} transport call(s) without a literal method and path`);
    return calls;
}

function documentedRoutes() {
    const doc = fs.readFileSync(path.join(root, "docs", "api.md"), "utf8");
    // The same rows the Go test reads.
    const row = /^\| `([A-Z]+)` \| `(\/api\/[^`]+)` \| `([^`]+)` \|$/gm;
    return [...doc.matchAll(row)].map(m => ({ method: m[1], path: m[2] }));
}

const shape = route => route.replace(/\{[^}]*\}/g, "{}");

test("the extraction reads methods, literal paths and parameters", () => {
    const src = [
        "// request(\"GET\", \"/commented-out\")",
        "export const a = name => request(\"GET\", `/hosts/${enc(name)}/snapshots/${enc(snap)}/files?path=${queryValue(path)}`, {});",
        "export const b = d => request(d ? \"POST\" : \"GET\", `/hosts/${ encodeURIComponent(name) }/retention/plan`);",
        "export const c = () => channelUrl(\"GET\", \"/x\");",
    ].join("\n");
    assert.deepEqual(extractCalls(src).map(c => `${c.method} ${c.path}`), [
        "GET /hosts/{name}/snapshots/{snap}/files",
        "POST /hosts/{name}/retention/plan",
        "GET /hosts/{name}/retention/plan",
        "GET /x",
    ]);
    assert.throws(() => extractCalls("request(\"GET\", hostPath(name));"), /without a literal/);
    assert.throws(() => extractCalls("request(method, \"/x\");"), /cannot read/);
});

test("every path the plugin calls is a route in docs/api.md", () => {
    const transport = fs.readFileSync(path.join(apiDir, "transport.js"), "utf8");
    const base = transport.match(/^const BASE = "([^"]+)";$/m)[1];
    const routes = new Set(documentedRoutes().map(r => `${r.method} ${shape(r.path)}`));
    assert.ok(routes.size > 40, "docs/api.md's route table was not found");

    const files = fs.readdirSync(apiDir).filter(f => f.endsWith(".js") && f !== "transport.js");
    let checked = 0;
    for (const file of files) {
        for (const { method, path: route } of extractCalls(fs.readFileSync(path.join(apiDir, file), "utf8"))) {
            assert.ok(routes.has(`${method} ${shape(base + route)}`),
                      `src/api/${file} calls ${method} ${base}${route}, which docs/api.md does not list`);
            checked++;
        }
    }
    assert.ok(checked > 40, `only ${checked} calls found in src/api/`);
});
