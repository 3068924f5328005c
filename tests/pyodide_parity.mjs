// Runs checker.web inside Pyodide under Node, the way the browser worker's fast boot does:
// the site's own Pyodide with the build's precompiled zip as its standard library (the
// checker package comes from that zip too), the full python_stdlib.zip behind it for any
// module the zip lacks, the bundles loaded with web.load_bundle, every request answered by
// web.handle. It reports which modules had to come from the full library.
//
// Usage: node tests/pyodide_parity.mjs < input.json > output.json
//   input:  {"pyodide": "<dir with pyodide.mjs and python_stdlib.zip>",
//            "zip": "<precompiled zip>", "lock": {...},      (manifest.python of the build)
//            "files": {"checker/web.py": "...", ...},         (optional: these sources instead of the zip's)
//            "bundles": ["<json>", ...], "requests": ["<json>", ...],
//            "imports": ["json", ...],                        (must import from the zip alone)
//            "outside": ["colorsys", ...]}                    (imported last, through the fallback)
//   output: {"python": "3.14.x", "years": [2024], "responses": ["<json>", ...],
//            "fallback": [modules asked of the full library while answering and importing],
//            "import_errors": {module: error}, "outside": {module: "ok" | error}, "ms": {...}}

import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const APP_DIR = "/checker_app";
const FULL_STDLIB = "/lib/python_stdlib_full.zip";

const IMPORT_ALL = `
import importlib, json
errors = {}
for name in json.loads(names):
    try:
        importlib.import_module(name)
    except Exception as error:
        errors[name] = f"{type(error).__name__}: {error}"
json.dumps(errors)
`;

async function main() {
  const input = JSON.parse(readFileSync(0, "utf-8"));
  const dir = path.resolve(input.pyodide);
  const started = performance.now();
  const { loadPyodide } = await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({
    indexURL: dir + path.sep,
    stdLibURL: path.resolve(input.zip),
    lockFileContents: input.lock,
    stdout: () => {},
    stderr: (line) => process.stderr.write(line + "\n"),
  });
  const booted = performance.now();
  // The worker downloads the full library here; under Node it is read from the same folder.
  const finder = pyodide.pyimport("_stdlib_fallback").install(() => {
    pyodide.FS.writeFile(FULL_STDLIB, readFileSync(path.join(dir, "python_stdlib.zip")));
    return FULL_STDLIB;
  });
  if (input.files) {
    pyodide.FS.mkdirTree(`${APP_DIR}/checker`);
    for (const [file, text] of Object.entries(input.files)) {
      if (!/^checker\/[a-z_]+\.py$/.test(file)) throw new Error(`unexpected file ${file}`);
      pyodide.FS.writeFile(`${APP_DIR}/${file}`, text);
    }
    pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(APP_DIR)})`);
  }
  const web = pyodide.pyimport("checker.web");
  const years = input.bundles.map((text) => web.load_bundle(text));
  const responses = input.requests.map((request) => web.handle(request));
  const done = performance.now();
  const importAll = (names) => {
    pyodide.globals.set("names", JSON.stringify(names || []));
    return JSON.parse(pyodide.runPython(IMPORT_ALL));
  };
  const importErrors = importAll(input.imports);
  const fallback = finder.asked.toJs();
  const outside = Object.fromEntries((input.outside || []).map((name) => [name, importAll([name])[name] || "ok"]));
  const python = pyodide.runPython("import sys; sys.version.split()[0]");
  process.stdout.write(JSON.stringify({
    python,
    years,
    responses,
    fallback,
    import_errors: importErrors,
    outside,
    ms: { boot: Math.round(booted - started), requests: Math.round(done - booted) },
  }));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
