// Runs checker.web inside Pyodide under Node, the same way the browser worker does:
// the checker's .py files written into Pyodide's file system, the bundles loaded with
// web.load_bundle, every request answered by web.handle.
//
// Usage: node tests/pyodide_parity.mjs <pyodide dir>  < input.json  > output.json
//   input:  {"files": {"checker/web.py": "...", ...}, "bundles": ["<json>", ...], "requests": ["<json>", ...]}
//   output: {"python": "3.14.x", "years": [2024], "responses": ["<json>", ...], "ms": {...}}

import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const APP_DIR = "/checker_app";

async function main() {
  const dir = path.resolve(process.argv[2] || "node_modules/pyodide");
  const input = JSON.parse(readFileSync(0, "utf-8"));
  const started = performance.now();
  const { loadPyodide } = await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({ indexURL: dir + path.sep, stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") });
  const booted = performance.now();
  pyodide.FS.mkdirTree(`${APP_DIR}/checker`);
  for (const [file, text] of Object.entries(input.files)) {
    if (!/^checker\/[a-z_]+\.py$/.test(file)) throw new Error(`unexpected file ${file}`);
    pyodide.FS.writeFile(`${APP_DIR}/${file}`, text);
  }
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(APP_DIR)})`);
  const web = pyodide.pyimport("checker.web");
  const years = input.bundles.map((text) => web.load_bundle(text));
  const responses = input.requests.map((request) => web.handle(request));
  const done = performance.now();
  const python = pyodide.runPython("import sys; sys.version.split()[0]");
  process.stdout.write(JSON.stringify({
    python,
    years,
    responses,
    ms: { boot: Math.round(booted - started), requests: Math.round(done - booted) },
  }));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
