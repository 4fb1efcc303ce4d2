// Builds the dashboard front end into src/innoscope/dashboard/static/ (committed, so that
// users need no npm): node build.mjs [outdir]
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] || join(here, "..", "src", "innoscope", "dashboard", "static");
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, "src", "app.js")], bundle: true, minify: true, format: "iife",
  target: "es2020", legalComments: "eof", outfile: join(out, "app.js"), logLevel: "warning",
});
for (const f of ["index.html", "app.css"]) copyFileSync(join(here, "src", f), join(out, f));

// fingerprint of the sources and locked versions: a test compares it with web/ in the checkout
const h = createHash("sha256");
for (const f of [...readdirSync(join(here, "src")).sort().map((f) => join("src", f)), "package.json", "package-lock.json", "build.mjs"]) {
  h.update(f + "\0");
  h.update(readFileSync(join(here, f)));
  h.update("\0");
}
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));
const versions = Object.fromEntries(["echarts", "esbuild"].map((p) => [p, lock.packages[`node_modules/${p}`]?.version]));
writeFileSync(join(out, "BUILD.json"), JSON.stringify({ sources_sha256: h.digest("hex"), versions }, null, 1) + "\n");
