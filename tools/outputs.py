"""Record what the checker and the site put out, to prove a restructure changed nothing.

    python -m tools.outputs record DIR [--site site]   # before and after the change
    python -m tools.outputs compare BEFORE AFTER      # every difference, one line each

Recorded: the outcome of every path through the flow (authoring.paths) as the command
line prints it, every screen the browser gets on the way (checker.web.handle), the JSON
bundle, and a copy of the built site's HTML.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import sys
from pathlib import Path

from authoring.loader import load_policy
from authoring.paths import paths
from checker import web
from checker.engine import PROVIDER_KEY, evaluate
from checker.results import result_json


def record(out: Path, site: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    policy = load_policy()
    # Loaded the way the browser loads it: through the bundle's JSON.
    web.load_bundle(json.dumps(web.bundle(policy)))
    with open(out / "paths.jsonl", "w", encoding="utf-8") as results, open(out / "screens.jsonl", "w", encoding="utf-8") as screens:
        for provider in policy.provider_types:
            for values in paths(policy, provider):
                result = result_json(evaluate(policy, provider, values))
                results.write(json.dumps({"provider": provider, "values": values, "result": result}, sort_keys=True, ensure_ascii=False) + "\n")
                keys = list(values)
                # Every screen on the way: the answers cut after each question, then all of them.
                for i in range(len(keys) + 1):
                    request = {"year": policy.year, "answers": {PROVIDER_KEY: provider, **{k: values[k] for k in keys[:i]}}}
                    screens.write(web.handle(json.dumps(request)) + "\n")
    (out / "bundle.json").write_text(json.dumps(web.bundle(policy), ensure_ascii=False, sort_keys=True), encoding="utf-8")
    if site.is_dir():
        shutil.rmtree(out / "site", ignore_errors=True)
        shutil.copytree(site, out / "site", ignore=shutil.ignore_patterns("pyodide"))


def _differences(cmp: filecmp.dircmp[str], where: str = "") -> list[str]:
    found = [f"alleen vóór: {where}{n}" for n in cmp.left_only] + [f"alleen na: {where}{n}" for n in cmp.right_only]
    found += [f"verschilt: {where}{n}" for n in cmp.diff_files]
    for name, sub in cmp.subdirs.items():
        found += _differences(sub, f"{where}{name}/")
    return found


def compare(before: Path, after: Path) -> list[str]:
    # shallow=False: compare contents, never only size and time.
    filecmp.clear_cache()
    cmp = filecmp.dircmp(before, after)
    differences = _differences(cmp)
    for name in cmp.common_files:
        if not filecmp.cmp(before / name, after / name, shallow=False) and f"verschilt: {name}" not in differences:
            differences.append(f"verschilt: {name}")
    return sorted(set(differences))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.outputs", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("out", type=Path)
    rec.add_argument("--site", type=Path, default=Path("site"))
    cmp = sub.add_parser("compare")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "record":
        record(args.out, args.site)
        return 0
    differences = compare(args.before, args.after)
    print("\n".join(differences) or "geen verschillen")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
