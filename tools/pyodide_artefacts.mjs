// Build step (make assets, after `checker bundle`): the checker's Python, precompiled.
//
// Why: most of a Pyodide boot is CPython compiling the standard library from source
// (python_stdlib.zip holds only .py files). Here, once, inside the pinned Pyodide itself
// (so the bytecode's magic number is the browser's), the modules Pyodide needs to boot
// and the checker needs to run (tools/pyodide/stdlib.txt) and the checker package are
// compiled to .pyc and written to one small zip. The worker boots with it as `stdLibURL`;
// a module not in it comes from the full python_stdlib.zip on first import
// (tools/pyodide/stdlib_fallback.py), and if the zip cannot be used at all the worker
// boots the stock way. Nothing here changes Pyodide's own files.
//
// Usage: node tools/pyodide_artefacts.mjs [<pyodide dir> [<checker assets dir>]]
//   defaults: node_modules/pyodide and docs/assets/checker (written by `checker bundle`).
// Writes <checker assets dir>/python-<hash>.zip and adds to its manifest.json:
//   "python": {"zip": "python-<hash>.zip", "pyodide": "<version>", "python": "3.14.x", "lock": {...}}
// A problem ends the build with one line "file: what is wrong. how to fix" and exit code 1.

import { createHash } from "node:crypto";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ALLOW_LIST = path.join(ROOT, "tools", "pyodide", "stdlib.txt");
const FALLBACK = path.join(ROOT, "tools", "pyodide", "stdlib_fallback.py");
const rel = (file) => path.relative(ROOT, file) || file;

class BuildError extends Error {}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf-8"));
  } catch (error) {
    throw new BuildError(`${rel(file)}: niet te lezen (${error.message}). Draai eerst \`make setup\` en \`checker bundle\` (make assets doet beide).`);
  }
}

// The allow-list: module names, with the line each is on (for the error message).
function allowList() {
  return readFileSync(ALLOW_LIST, "utf-8").split("\n").map((text, i) => ({ name: text.trim(), line: i + 1 }))
    .filter((entry) => entry.name && !entry.name.startsWith("#"));
}

async function boot(pyodideDir, options = {}) {
  const { loadPyodide, version } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
  const errors = [];
  const py = await loadPyodide({ indexURL: pyodideDir + path.sep, stdout: () => {}, stderr: (line) => errors.push(line), ...options });
  return { py, version, errors };
}

// Runs in the stock Pyodide: compiles every listed module and the checker to unchecked
// hash-based .pyc (valid whatever the file times), with the file names a stock boot would
// show in a traceback, and writes a reproducible zip (sorted, fixed dates).
const COMPILE = `
import json, py_compile, zipfile
from pathlib import Path

spec = json.loads(spec_json)
stdlib = zipfile.ZipFile(f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip")
names = set(stdlib.namelist())
src, out = Path("/build/src"), Path("/build/pyc")
members = {}
missing = []
for name, line in spec["modules"]:
    base = name.replace(".", "/")
    member = next((m for m in (base + ".py", base + "/__init__.py") if m in names), None)
    if member is None:
        missing.append([name, line])
        continue
    members[member] = stdlib.read(member)
for file, text in spec["extra"].items():
    members[file] = text.encode("utf-8")
for member, data in members.items():
    source = src / member
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(data)
    target = out / (member[:-3] + ".pyc")
    py_compile.compile(str(source), cfile=str(target), dfile=stdlib.filename + "/" + member, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
with zipfile.ZipFile("/build/python.zip", "w") as archive:
    for member in sorted(members):
        pyc = member[:-3] + ".pyc"
        info = zipfile.ZipInfo(pyc, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, (out / pyc).read_bytes(), compresslevel=9)
json.dumps({"missing": missing, "python": sys.version.split()[0], "count": len(members)})
`;

// Runs in a Pyodide booted from the new zip alone (no fallback): the checker must import,
// load every bundle and answer, or the build stops.
const VERIFY = `
import json, sys
import checker.web as web
years = [web.load_bundle(text) for text in bundles]
first = json.loads(web.handle(json.dumps({"year": years[-1], "answers": {}})))
json.dumps({"years": years, "state": first.get("state"), "python": sys.version.split()[0]})
`;

async function main() {
  const pyodideDir = path.resolve(process.argv[2] || path.join(ROOT, "node_modules", "pyodide"));
  const assetsDir = path.resolve(process.argv[3] || path.join(ROOT, "docs", "assets", "checker"));
  const packageFile = path.join(ROOT, "package.json");
  const pin = readJson(packageFile).dependencies.pyodide;
  const installed = readJson(path.join(pyodideDir, "package.json")).version;
  // The precompiled bytecode only fits the Pyodide it was made with: a mismatch stops here.
  if (installed !== pin) {
    throw new BuildError(`${rel(packageFile)}: Pyodide ${pin} vastgelegd, maar ${installed} geïnstalleerd in ${rel(pyodideDir)}. Draai \`make setup\` (npm ci).`);
  }
  const manifestFile = path.join(assetsDir, "manifest.json");
  const manifest = readJson(manifestFile);
  const files = manifest.files.filter((f) => /^checker\/[a-z_]+\.py$/.test(f));
  const extra = Object.fromEntries(files.map((f) => [f, readFileSync(path.join(assetsDir, f), "utf-8")]));
  extra["_stdlib_fallback.py"] = readFileSync(FALLBACK, "utf-8");
  const lockFile = path.join(pyodideDir, "pyodide-lock.json");
  const lockInfo = readJson(lockFile).info;

  const stock = await boot(pyodideDir);
  if (stock.version !== pin || stock.py.version !== pin) {
    throw new BuildError(`${rel(pyodideDir)}: pyodide.mjs is versie ${stock.py.version}, vastgelegd is ${pin}. Draai \`make setup\` (npm ci).`);
  }
  stock.py.FS.mkdirTree("/build");
  stock.py.globals.set("spec_json", JSON.stringify({ modules: allowList().map((e) => [e.name, e.line]), extra }));
  const compiled = JSON.parse(stock.py.runPython(`import sys\n${COMPILE}`));
  if (compiled.missing.length) {
    const [name, line] = compiled.missing[0];
    throw new BuildError(`${rel(ALLOW_LIST)}:${line}: module '${name}' bestaat niet in python_stdlib.zip van Pyodide ${pin}. Haal de regel weg of verbeter de naam.`);
  }
  const zip = stock.py.FS.readFile("/build/python.zip");
  const name = `python-${createHash("sha256").update(zip).digest("hex").slice(0, 12)}.zip`;

  // Boot from the new zip, as the browser will, and run the checker on it.
  const lock = { info: lockInfo, packages: {} };
  const tmp = path.join(assetsDir, `.${name}`);
  writeFileSync(tmp, zip);
  let verified;
  try {
    const fast = await boot(pyodideDir, { stdLibURL: tmp, lockFileContents: lock });
    fast.py.globals.set("bundles", fast.py.toPy(Object.values(manifest.bundles).map((b) => readFileSync(path.join(assetsDir, b), "utf-8"))));
    verified = JSON.parse(fast.py.runPython(VERIFY));
  } catch (error) {
    const lines = String(error.message || error).split("\n").map((l) => l.trim()).filter(Boolean);
    const why = lines.filter((l) => /^[A-Za-z]*Error\b/.test(l)).pop() || lines.pop();
    throw new BuildError(`${rel(ALLOW_LIST)}: de checker start niet op de voorgecompileerde standaardbibliotheek (${why}). Voeg de ontbrekende module toe aan de lijst.`);
  } finally {
    rmSync(tmp, { force: true });
  }
  if (verified.state !== "question" || verified.python !== compiled.python) {
    throw new BuildError(`${rel(ALLOW_LIST)}: de checker op de voorgecompileerde standaardbibliotheek gaf ${JSON.stringify(verified)}. Zie tools/pyodide_artefacts.mjs.`);
  }

  // Replace an earlier build's zip; the manifest names the new one.
  for (const old of readdirSync(assetsDir)) if (/^python-[0-9a-f]+\.zip$/.test(old) && old !== name) rmSync(path.join(assetsDir, old));
  writeFileSync(path.join(assetsDir, name), zip);
  manifest.python = { zip: name, pyodide: pin, python: compiled.python, lock };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
  process.stderr.write(`voorgecompileerde Python geschreven: ${rel(path.join(assetsDir, name))} (${compiled.count} modules, ${Math.round(zip.length / 1024)} KiB, Pyodide ${pin})\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(error instanceof BuildError ? `${error.message}\n` : `${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
