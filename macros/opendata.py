"""The policy as open data: one year's JSON (the model the checker uses), the JSON Schema it
validates against, and the YAML source files with their own schemas, at stable addresses
under `<year>/open-data/`; plus the version of each file (year, status, SHA-256, date).

Why written by the build step (macros/generate.py) into the docs folder: MkDocs copies them
as they are, so whatever builds the site publishes the same files; and the page that
documents them (the macro `open_data`) computes the same bytes, so its hashes are the files'.

Why the JSON is the checker's bundle and not the YAML as JSON: a developer gets exactly the
data the checker decides on (checker.web.load_bundle reads it). Two things the team keeps for
itself are left out: the policy tests (tests.yaml; published as YAML and on *Controle van de
checker*) and `meta.review`, the team's notes on the review list of a new year (no policy).
"""

from __future__ import annotations

import copy
import hashlib
import json
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from authoring.loader import SCHEMA_DIR_NAME
from checker.model import FILES, Policy
from checker.web import BUNDLE_FORMAT, bundle

# Where a year's open data sits in that year's site, and its files there.
FOLDER = "open-data"
JSON_NAME = "beleid.json"
SCHEMA_NAME = "beleid.schema.json"
VERSION_NAME = "versie.json"
YAML_FOLDER = "yaml"
# The YAML files point at `../schema/<file>.schema.json` (their first line): published beside
# them, so an editor that opens a published YAML file finds its schema too.
YAML_SCHEMA_FOLDER = "schema"
# Only for the purchasing team, not in the published JSON (see the module's docstring).
TEAM_ONLY_FILES = ("tests",)
TEAM_ONLY_META = ("review",)
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def published_data(policy: Policy) -> dict[str, Any]:
    """The year's policy as published: the checker's bundle, without the team's review notes."""
    out = bundle(policy)
    data = {name: value for name, value in out["data"].items() if name not in TEAM_ONLY_FILES}
    data["meta"] = {key: value for key, value in data["meta"].items() if key not in TEAM_ONLY_META}
    return {"$schema": SCHEMA_NAME, **out, "data": data}


def _local_refs(node: Any, name: str) -> Any:
    """A file's schema moved under `$defs/<name>`: its own `#/…` references follow it."""
    if isinstance(node, dict):
        return {k: (f"#/$defs/{name}/{v[2:]}" if k == "$ref" and isinstance(v, str) and v.startswith("#/") else _local_refs(v, name)) for k, v in node.items()}
    if isinstance(node, list):
        return [_local_refs(v, name) for v in node]
    return node


def file_schema(data_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((data_dir / SCHEMA_DIR_NAME / f"{name}.schema.json").read_text(encoding="utf-8"))


def published_schema(policy: Policy, data_dir: Path) -> dict[str, Any]:
    """One self-contained JSON Schema (draft 2020-12) for beleid.json, made from the project's
    schema of each YAML file. Why one document with the file schemas under `$defs` (their `$id`
    dropped, their references moved along): any validator reads it without fetching or
    resolving other files."""
    names = [name for name in FILES if name in policy.data and name not in TEAM_ONLY_FILES]
    defs = {}
    for name in names:
        schema = {k: v for k, v in file_schema(data_dir, name).items() if k not in ("$id", "$schema")}
        if name == "meta":
            schema = copy.deepcopy(schema)
            for key in TEAM_ONLY_META:
                schema["properties"].pop(key, None)
        defs[name] = _local_refs(schema, name)
    return {
        "$schema": DRAFT_2020_12,
        "title": f"{policy.meta.title} als open data",
        "description": (
            f"{JSON_NAME}: het beleid van {policy.year} zoals de checker het gebruikt. Onder data staat per YAML-bestand "
            "de inhoud, met hetzelfde schema als dat bestand (zie $defs)."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "year", "data"],
        "properties": {
            "$schema": {"type": "string", "description": "Dit schema (beleid.schema.json)."},
            "format": {"const": BUNDLE_FORMAT, "description": "Versie van de indeling; verandert alleen als de indeling verandert."},
            "year": {"type": "integer", "description": "Beleidsjaar."},
            "data": {
                "type": "object",
                "additionalProperties": False,
                "required": names,
                "properties": {name: {"$ref": f"#/$defs/{name}"} for name in names},
                "description": "De inhoud van elk YAML-bestand van dit jaar, onder de naam van het bestand.",
            },
        },
        "$defs": defs,
    }


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def year_files(policy: Policy, data_dir: Path) -> dict[str, bytes]:
    """Every open-data file of one year by its path in the site (versie.json aside)."""
    year_dir = data_dir / str(policy.year)
    files = {
        f"{FOLDER}/{JSON_NAME}": _json_bytes(published_data(policy)),
        f"{FOLDER}/{SCHEMA_NAME}": _json_bytes(published_schema(policy, data_dir)),
    }
    for name in FILES:
        path = year_dir / f"{name}.yaml"
        if path.is_file():
            files[f"{FOLDER}/{YAML_FOLDER}/{name}.yaml"] = path.read_bytes()
            files[f"{FOLDER}/{YAML_SCHEMA_FOLDER}/{name}.schema.json"] = (data_dir / SCHEMA_DIR_NAME / f"{name}.schema.json").read_bytes()
    return files


# -- the version ----------------------------------------------------------------------------------


def _git(data_dir: Path, *args: str) -> str:
    # Read-only questions; safe.directory: the deploy builds as root (sudo make) in a checkout
    # owned by another user, where git would otherwise refuse to answer.
    try:
        done = subprocess.run(["git", "-c", "safe.directory=*", *args], cwd=data_dir, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def data_date(data_dir: Path, year: int) -> date:
    """When this year's data last changed: its last commit, or (uncommitted changes, no git,
    a copy) the newest file of the year folder. Why not the build date: a rebuild of the same
    data is the same version."""
    folder = data_dir / str(year)
    if not _git(data_dir, "status", "--porcelain", "--", str(year)):
        committed = _git(data_dir, "log", "-1", "--format=%cs", "--", str(year))
        if committed:
            return date.fromisoformat(committed)
    newest = max((p.stat().st_mtime for p in folder.rglob("*") if p.is_file()), default=0.0)
    return datetime.fromtimestamp(newest, UTC).date()


@dataclass(frozen=True)
class FileVersion:
    path: str  # in the year's site, e.g. open-data/beleid.json
    sha256: str
    bytes: int


@dataclass(frozen=True)
class YearVersion:
    year: int
    status: str
    changed: date
    files: tuple[FileVersion, ...]

    def to_json(self) -> dict[str, Any]:
        files = [{"path": f.path.removeprefix(f"{FOLDER}/"), "sha256": f.sha256, "bytes": f.bytes} for f in self.files]
        return {"year": self.year, "status": self.status, "changed": self.changed.isoformat(), "files": files}


def year_version(policy: Policy, data_dir: Path, files: dict[str, bytes] | None = None) -> YearVersion:
    files = year_files(policy, data_dir) if files is None else files
    found = tuple(FileVersion(path, hashlib.sha256(content).hexdigest(), len(content)) for path, content in files.items())
    return YearVersion(policy.year, str(policy.meta.status), data_date(data_dir, policy.year), found)


def open_data_files(policy: Policy, data_dir: Path) -> dict[str, bytes]:
    """The open-data files of one year with versie.json, which names each one's hash."""
    files = year_files(policy, data_dir)
    version = year_version(policy, data_dir, files)
    return {**files, f"{FOLDER}/{VERSION_NAME}": _json_bytes(version.to_json())}
