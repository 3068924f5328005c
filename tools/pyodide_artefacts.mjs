// Build step (make assets, after `checker bundle`): the checker's Python, precompiled.
//
// Why: most of a Pyodide boot is CPython compiling the standard library from source
// (python_stdlib.zip holds only .py files). Here, once, inside the pinned Pyodide itself
// (so the bytecode's magic number is the browser's), the checker package and the
// standard-library modules it needs are compiled to .pyc and written to one small zip.
//
// Which modules is derived, not listed: the stock Pyodide loads the checker and the
// bundles and walks one path to the result per provider type (and a few broken requests)
// through checker.web.handle (WALK below); every module then in sys.modules that was read
// from python_stdlib.zip goes in, what Pyodide's own boot imports included. (Modules frozen
// into Python itself, such as os and io, never come from a zip, so they are left out.)
//
// The worker boots with the zip as `stdLibURL`; a module not in it comes from the full
// python_stdlib.zip on first import (tools/pyodide/stdlib_fallback.py), and if the zip
// cannot be used at all the worker boots the stock way. Nothing here changes Pyodide's
// own files.
//
// Usage: node tools/pyodide_artefacts.mjs [<pyodide dir> [<checker assets dir>]]
//   defaults: node_modules/pyodide and docs/assets/checker (written by `checker bundle`).
// Writes to <checker assets dir> the zip, zstd-compressed (python-<hash>.zip.zst), and the
// zstd decoder the worker unpacks it with (zstddec-<hash>.wasm, from the pinned npm package
// zstddec; docs/javascripts/zstd.mjs), and adds to its manifest.json:
//   "python": {"zip": "python-<hash>.zip.zst", "decoder": "zstddec-<hash>.wasm", "size": <bytes unpacked>,
//              "pyodide": "<version>", "python": "3.14.x", "lock": {...}}
// Why zstd: the zip is stored (not deflated per file) and compressed as a whole, so what
// the modules share is packed once: about 600 kB to download instead of 810.
// A problem ends the build with one line "file: what is wrong. how to fix" and exit code 1.

import { createHash } from "node:crypto";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { zstdDecoder } from "../docs/javascripts/zstd.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FALLBACK = path.join(ROOT, "tools", "pyodide", "stdlib_fallback.py");
const ZSTDDEC = path.join(ROOT, "node_modules", "zstddec");
const TOOL = fileURLToPath(import.meta.url);
const rel = (file) => path.relative(ROOT, file) || file;

class BuildError extends Error {}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf-8"));
  } catch (error) {
    throw new BuildError(`${rel(file)}: niet te lezen (${error.message}). Draai eerst \`make setup\` en \`checker bundle\` (make assets doet beide).`);
  }
}

async function boot(pyodideDir, options = {}) {
  const { loadPyodide, version } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
  const errors = [];
  const py = await loadPyodide({ indexURL: pyodideDir + path.sep, stdout: () => {}, stderr: (line) => errors.push(line), ...options });
  return { py, version, errors };
}

// Python for both Pyodides below: through checker.web.handle, one path to the result per
// provider type (every choice answered with its first option, then one with its last
// option; a text question with what a provider would type), and a few broken requests.
// `bundles` is set beforehand. Why whole paths: a module imported only on the way to a
// result, or only for a broken request, must be in the zip too.
const WALK = `
import json
import checker.web as web
from checker.identifiers import identifier_type

def ask(request):
    return json.loads(web.handle(json.dumps(request)))

def walk(year, first, provider, prefix, pick):
    screen = ask({"year": year, "answers": {}, "submit": {"question": first, "value": provider}})
    asked = None
    while screen["state"] in ("question", "review"):
        if screen["state"] == "review":
            screen = ask({"year": year, "answers": {**screen["answers"], web.CONFIRM_KEY: "1"}})
            continue
        q = screen["question"]
        if q["id"] == asked:
            return f"{provider}: vast bij vraag {q['id']}"
        asked = q["id"]
        value = pick(q["options"])["value"] if q.get("options") else identifier_type(q["type"]).example.format(prefix=prefix or "01")
        screen = ask({"year": year, "answers": screen["answers"], "submit": {"question": q["id"], "value": value}})
    return screen["state"]

walks = []
for text in bundles:
    year = web.load_bundle(text)
    types = json.loads(text)["data"]["provider_types"]["provider_types"]
    start = ask({"year": year, "answers": {}})
    for provider in types:
        for pick in (lambda options: options[0], lambda options: options[-1]):
            walks.append(walk(year, start["question"]["id"], provider["id"], provider.get("agb_prefix"), pick))
    for broken in ("geen json", json.dumps({"year": 1999, "answers": {}}), json.dumps({"year": year, "answers": ["x"]}),
                   json.dumps({"year": str(year), "answers": {"type": "onzin", "x": "1"}})):
        json.loads(web.handle(broken))
`;

// Runs in the stock Pyodide, the checker's files written to /build/app: the walk, then
// every module that came from the standard library's zip, as that zip's member names.
const DERIVE = `
import sys
sys.path.insert(0, "/build/app")
import _stdlib_fallback  # the worker installs it right after the fast boot
${WALK}
stdlib_zip = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip/"
origins = (getattr(getattr(m, "__spec__", None), "origin", None) for m in list(sys.modules.values()))
members = sorted({o[len(stdlib_zip):] for o in origins if isinstance(o, str) and o.startswith(stdlib_zip)})
json.dumps({"members": members, "walks": walks})
`;

// Runs in the stock Pyodide: compiles those modules and the checker to unchecked
// hash-based .pyc (valid whatever the file times), with the file names a stock boot would
// show in a traceback, and writes a reproducible zip (sorted, fixed dates).
//
// Why the standard library's modules (Pyodide's own packages among them) are compiled
// smaller than the checker: they are most of the bytes before the checker is ready, and
// nothing on the checker's paths reads their docstrings or asserts (optimize=2, as
// python -OO), nor needs their exact line numbers (a traceback through them names the
// line of the function instead: its line table is one entry per 8 instructions, which
// compresses to almost nothing). The checker package keeps its asserts, its classes'
// docstrings (a dataclass without one computes a signature for it at import) and every
// line number; its functions lose their docstrings (nothing reads them) and its line
// table the columns (a traceback shows the line, without the ^^^ under the expression).
// The build checks that each line number stays the same.
const COMPILE = `
import importlib.util, json, marshal, sys, types, zipfile

spec = json.loads(spec_json)
stdlib = zipfile.ZipFile(f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip")
UNCHECKED_HASH = (1).to_bytes(4, "little")
NO_COLUMNS, NO_LOCATION, HAS_DOCSTRING = 13, 15, 0x4000000

def varint(value):
    out = bytearray()
    while value >= 64:
        out.append(0x40 | (value & 63))
        value >>= 6
    out.append(value)
    return out

def line_table(first, lines):
    # One line per code unit, as entries of at most 8 units of one line, without columns.
    table, previous, start = bytearray(), first, 0
    while start < len(lines):
        line, end = lines[start], start + 1
        while end < len(lines) and end - start < 8 and lines[end] == line:
            end += 1
        if line is None:
            table.append(0x80 | (NO_LOCATION << 3) | (end - start - 1))
        else:
            delta = line - previous
            table.append(0x80 | (NO_COLUMNS << 3) | (end - start - 1))
            table += varint(-delta << 1 | 1 if delta < 0 else delta << 1)
            previous = line
        start = end
    return bytes(table)

def smaller(code, own):
    # own (the checker): each code unit keeps its line, function docstrings go. Otherwise
    # every unit is on the function's first line (its docstrings went with optimize=2).
    lines = [position[0] for position in code.co_positions()] if own else [code.co_firstlineno] * (len(code.co_code) // 2)
    consts = list(code.co_consts)
    if own and code.co_flags & HAS_DOCSTRING and consts and isinstance(consts[0], str):
        consts[0] = None
    consts = tuple(smaller(c, own) if isinstance(c, types.CodeType) else c for c in consts)
    result = code.replace(co_linetable=line_table(code.co_firstlineno, lines), co_consts=consts)
    if own and list(result.co_lines()) != list(code.co_lines()):
        raise ValueError(f"regelnummers veranderd in {code.co_filename}:{code.co_firstlineno}")
    return result

def pyc(member, source, own):
    code = compile(source, stdlib.filename + "/" + member, "exec", optimize=0 if own else 2, dont_inherit=True)
    code = smaller(code, own)
    return importlib.util.MAGIC_NUMBER + UNCHECKED_HASH + importlib.util.source_hash(source) + marshal.dumps(code)

members = {member: (stdlib.read(member), False) for member in spec["members"]}
for file, text in spec["extra"].items():
    members[file] = (text.encode("utf-8"), True)
# Stored, not deflated: the whole zip is compressed at once below.
with zipfile.ZipFile("/build/python.zip", "w") as archive:
    for member in sorted(members):
        info = zipfile.ZipInfo(member[:-3] + ".pyc", date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        archive.writestr(info, pyc(member, *members[member]))
from compression import zstd
with open("/build/python.zip", "rb") as plain, open("/build/python.zip.zst", "wb") as packed:
    packed.write(zstd.compress(plain.read(), level=19))
json.dumps({"python": sys.version.split()[0], "count": len(members)})
`;

// Runs in a Pyodide booted from the new zip alone (no fallback): the checker must import,
// load every bundle and walk the same paths, or the build stops.
const VERIFY = `
import sys
import _stdlib_fallback
${WALK}
json.dumps({"walks": walks, "python": sys.version.split()[0]})
`;

// The checker's files in the stock Pyodide, then the walk: which standard-library modules
// the checker needs. Every walk must reach a result, or what the zip holds proves little.
function derive(py, extra, bundles) {
  for (const [file, text] of Object.entries(extra)) {
    py.FS.mkdirTree(path.posix.dirname(`/build/app/${file}`));
    py.FS.writeFile(`/build/app/${file}`, text);
  }
  py.globals.set("bundles", py.toPy(bundles));
  const derived = JSON.parse(py.runPython(DERIVE));
  const stuck = derived.walks.filter((state) => state !== "result");
  if (stuck.length) {
    throw new BuildError(`${rel(TOOL)}: een pad door de checker komt niet bij een uitslag (${stuck[0]}). Pas WALK in dit bestand aan op de vragen van het beleid.`);
  }
  return derived;
}

async function verify(pyodideDir, tmp, packed, decoder, lock, bundles) {
  // Unpacked by the worker's own code and decoder, so what is checked is what it will boot.
  writeFileSync(tmp, (await zstdDecoder(decoder))(packed));
  try {
    const fast = await boot(pyodideDir, { stdLibURL: tmp, lockFileContents: lock });
    fast.py.globals.set("bundles", fast.py.toPy(bundles));
    return JSON.parse(fast.py.runPython(VERIFY));
  } catch (error) {
    const lines = String(error.message || error).split("\n").map((l) => l.trim()).filter(Boolean);
    const why = lines.filter((l) => /^[A-Za-z]*Error\b/.test(l)).pop() || lines.pop();
    throw new BuildError(`${rel(TOOL)}: de checker start niet op de voorgecompileerde standaardbibliotheek (${why}). Laat WALK in dit bestand ook het pad doorlopen dat deze module nodig heeft.`);
  } finally {
    rmSync(tmp, { force: true });
  }
}

// The WebAssembly of the pinned zstddec, which its module carries as base64.
function zstdWasm() {
  const file = path.join(ZSTDDEC, "dist", "zstddec.mjs");
  let text;
  try {
    text = readFileSync(file, "utf-8");
  } catch (error) {
    throw new BuildError(`${rel(file)}: niet te lezen (${error.message}). Draai \`make setup\` (npm ci).`);
  }
  const found = /\bwasm\s*=\s*"([A-Za-z0-9+/=]+)"/.exec(text);
  if (!found) throw new BuildError(`${rel(file)}: de WebAssembly van zstddec staat er niet in zoals verwacht. Zet zstddec in package.json terug op de vorige versie.`);
  return Buffer.from(found[1], "base64");
}

const hashed = (prefix, bytes, suffix) => `${prefix}-${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}${suffix}`;

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

  const bundles = Object.values(manifest.bundles).map((b) => readFileSync(path.join(assetsDir, b), "utf-8"));

  const stock = await boot(pyodideDir);
  if (stock.version !== pin || stock.py.version !== pin) {
    throw new BuildError(`${rel(pyodideDir)}: pyodide.mjs is versie ${stock.py.version}, vastgelegd is ${pin}. Draai \`make setup\` (npm ci).`);
  }
  const derived = derive(stock.py, extra, bundles);
  stock.py.globals.set("spec_json", JSON.stringify({ members: derived.members, extra }));
  const compiled = JSON.parse(stock.py.runPython(COMPILE));
  const size = stock.py.FS.stat("/build/python.zip").size;
  const packed = stock.py.FS.readFile("/build/python.zip.zst");
  const decoder = zstdWasm();
  const name = hashed("python", packed, ".zip.zst");
  const decoderName = hashed("zstddec", decoder, ".wasm");

  // Boot from the new zip, as the browser will, and walk the same paths on it.
  const lock = { info: lockInfo, packages: {} };
  const verified = await verify(pyodideDir, path.join(assetsDir, `.${name}.zip`), packed, decoder, lock, bundles);
  if (verified.python !== compiled.python || JSON.stringify(verified.walks) !== JSON.stringify(derived.walks)) {
    throw new BuildError(`${rel(TOOL)}: de checker op de voorgecompileerde standaardbibliotheek gaf ${JSON.stringify(verified)}, zonder die zip ${JSON.stringify(derived.walks)}.`);
  }

  // Replace an earlier build's files; the manifest names the new ones.
  for (const old of readdirSync(assetsDir)) {
    if (/^(python-[0-9a-f]+\.zip(\.zst)?|zstddec-[0-9a-f]+\.wasm)$/.test(old) && old !== name && old !== decoderName) rmSync(path.join(assetsDir, old));
  }
  writeFileSync(path.join(assetsDir, name), packed);
  writeFileSync(path.join(assetsDir, decoderName), decoder);
  manifest.python = { zip: name, decoder: decoderName, size, pyodide: pin, python: compiled.python, lock };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
  process.stderr.write(`voorgecompileerde Python geschreven: ${rel(path.join(assetsDir, name))} (${compiled.count} modules, ${Math.round(packed.length / 1024)} KiB, `
    + `uitgepakt ${Math.round(size / 1024)} KiB, ${derived.walks.length} paden, Pyodide ${pin})\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(error instanceof BuildError ? `${error.message}\n` : `${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
