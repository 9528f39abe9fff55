// Builds the plugin into dist/: one JS bundle, one CSS bundle (PatternFly's
// base plus the styles of the components actually used), fonts, and the two
// static files Cockpit reads (manifest.json, index.html).
//   node build.js          production build, prints the gzipped sizes
//   node build.js --watch  rebuild on change (for `make devel-install`)
const esbuild = require("esbuild");
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const out = path.join(__dirname, "dist");
const watch = process.argv.includes("--watch");

// Cockpit serves index.html and manifest.json as they are; copy them after every build.
const copyStatic = {
    name: "copy-static",
    setup(build) {
        build.onEnd(() => {
            for (const f of ["index.html", "manifest.json"])
                fs.copyFileSync(path.join(__dirname, "src", f), path.join(out, f));
        });
    },
};

// The size target (JS + CSS under 500 KB gzipped) is checked on every build.
function reportSizes() {
    let total = 0;
    for (const f of ["index.js", "index.css"]) {
        const gz = zlib.gzipSync(fs.readFileSync(path.join(out, f))).length;
        total += gz;
        console.log(`${f}: ${(gz / 1024).toFixed(1)} KB gzipped`);
    }
    console.log(`plugin JS+CSS: ${(total / 1024).toFixed(1)} KB gzipped`);
}

const options = {
    entryPoints: [path.join(__dirname, "src", "index.jsx")],
    bundle: true,
    outdir: out,
    format: "iife",
    target: ["es2020"],
    jsx: "automatic",
    minify: !watch,
    sourcemap: watch ? "inline" : false,
    legalComments: "external",
    define: { "process.env.NODE_ENV": watch ? '"development"' : '"production"' },
    loader: { ".woff2": "file", ".woff": "file", ".svg": "file", ".jpg": "file", ".png": "file" },
    assetNames: "assets/[name]-[hash]",
    logLevel: "info",
    plugins: [copyStatic],
};

(async () => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    if (watch) {
        const ctx = await esbuild.context(options);
        await ctx.watch();
        return;
    }
    await esbuild.build(options);
    reportSizes();
})().catch(e => {
    console.error(e.message || e);
    process.exit(1);
});
