"""Command line: `python -m checker providers|questions|check|validate|bundle|rules`.

JSON out on stdout; a problem with the input prints one clear line per problem on
stderr and exits 2 (never a traceback); invalid policy data exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from checker.engine import AnswerError, evaluate, question_json, read_answers
from checker.model import Policy
from checker.results import result_json

from . import yearly
from .bundle import write_bundle
from .loader import DATA_DIR, DataError, load_all, load_policy, require_definitive, years
from .rules import RULES


class UsageError(Exception):
    """Bad input from the user of the CLI: exit code 2."""


def _dump(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _provider(policy: Policy, provider: str) -> str:
    if provider not in policy.provider_types:
        known = ", ".join(policy.provider_types)
        raise UsageError(f"onbekend soort zorgaanbieder '{provider}'. Kies uit: {known}.")
    return provider


def cmd_providers(policy: Policy, args: argparse.Namespace) -> None:
    _dump([{"id": pt.id, "label": pt.label, "contractable": pt.contractable, "description": pt.description} for pt in policy.provider_types.values()])


def cmd_questions(policy: Policy, args: argparse.Namespace) -> None:
    provider = _provider(policy, args.provider)
    _dump([question_json(policy, provider, q) for q in policy.questions_for(provider)])


def _read_answers_file(name: str) -> Any:
    """The answers as JSON. Every way a file can be wrong is one Dutch line (exit 2):
    unreadable, not UTF-8, not JSON, nested too deep to read, or a lone surrogate that
    cannot be written back out."""
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise UsageError(f"kan antwoordbestand '{name}' niet lezen: {exc.strerror}.") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"antwoordbestand is geen UTF-8 (byte {exc.start + 1}). Sla het op als UTF-8.") from None
    try:
        raw = json.loads(text)
        # A lone surrogate ("\udc80") parses, but is no character: refuse it here, not halfway the output.
        json.dumps(raw, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        raise UsageError('antwoordbestand is te diep genest. Geef een plat JSON-object, bijv. {"alle-kvk": "ja"}.') from None
    except UnicodeEncodeError:
        raise UsageError("antwoordbestand bevat een ongeldig teken (een losse surrogaat zoals \\udc80). Haal het weg.") from None
    except ValueError as exc:
        raise UsageError(f"antwoordbestand is geen geldige JSON (regel {getattr(exc, 'lineno', '?')}): {getattr(exc, 'msg', exc)}.") from None
    return raw


def cmd_check(policy: Policy, args: argparse.Namespace) -> None:
    provider = _provider(policy, args.provider)
    raw = _read_answers_file(args.answers)
    if not isinstance(raw, dict):
        raise UsageError('antwoordbestand moet een JSON-object zijn, bijv. {"alle-kvk": "ja"}.')
    if "type" in raw and raw["type"] != provider:
        raise UsageError(f"antwoordbestand is voor '{raw['type']}', niet voor '{provider}'.")
    answers = read_answers(policy, {**raw, "type": provider}, strict=True)
    if answers.errors:
        raise AnswerError(answers.errors)
    _dump(result_json(evaluate(policy, provider, answers.values, answers.flow)))


def cmd_validate(policies: dict[int, Policy], args: argparse.Namespace) -> None:
    for year, policy in policies.items():
        print(f"{year}: geldig ({len(policy.conditions)} voorwaarden, {len(policy.questions)} vragen)", file=sys.stderr)


def cmd_bundle(policies: dict[int, Policy], args: argparse.Namespace) -> None:
    """Write what the browser checker loads: the engine's files and one JSON per year."""
    # Drafts (status: concept) only go into a preview build, never into the published site.
    if not args.drafts:
        require_definitive(args.data)
    written = write_bundle(Path(args.out), policies, drafts=args.drafts)
    print(f"checkerbundel geschreven naar {args.out} ({', '.join(written)})", file=sys.stderr)


def cmd_rules(args: argparse.Namespace) -> None:
    """What the loader guarantees about every policy year, one rule a line."""
    for rule in RULES:
        print(f"{rule.name}: {rule.doc}")


def cmd_new_year(data_dir: Path, args: argparse.Namespace) -> None:
    """Copy the latest year into a draft for the next, ids kept, and list what to review."""
    try:
        target, source_year = yearly.new_year(data_dir, args.new_year)
    except yearly.YearError as exc:
        raise UsageError(str(exc)) from None
    tests = " met de beleidstests (tests.yaml)" if (target / "tests.yaml").exists() else ""
    print(f"{target} aangemaakt als concept (kopie van {source_year}{tests}). Pas aan wat verandert; ids blijven gelijk.", file=sys.stderr)
    sys.stdout.write(yearly.report(yearly.review(data_dir, int(target.name))))


def cmd_diff(data_dir: Path, args: argparse.Namespace) -> None:
    try:
        sys.stdout.write(yearly.diff_markdown(data_dir, args.old, args.new))
    except yearly.YearError as exc:
        raise UsageError(str(exc)) from None


def cmd_review(data_dir: Path, args: argparse.Namespace) -> None:
    """The review report of a year (default: the newest); --gate: stop on open items of a definitive year."""
    try:
        if args.gate:
            yearly.require_reviewed(data_dir)
            return
        for year in args.years or years(data_dir)[-1:]:
            sys.stdout.write(yearly.report(yearly.review(data_dir, year)))
    except yearly.YearError as exc:
        raise UsageError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m checker", description="Checker voor het zorginkoopbeleid geboortezorg van a.s.r.")
    parser.add_argument("--year", type=int, help="beleidsjaar (standaard: het nieuwste)")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="map met beleidsdata (standaard: policy_data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("providers", help="soorten zorgaanbieders")
    p = sub.add_parser("questions", help="alle vragen voor een soort zorgaanbieder")
    p.add_argument("provider")
    p = sub.add_parser("check", help="uitslag voor een antwoordbestand (JSON)")
    p.add_argument("provider")
    p.add_argument("answers", help="pad naar JSON met antwoorden, of - voor standaardinvoer")
    sub.add_parser("validate", help="controleer alle beleidsjaren")
    p = sub.add_parser("bundle", help="schrijf de bundel voor de browser")
    p.add_argument("--out", required=True)
    p.add_argument("--drafts", action="store_true", help="ook conceptjaren (voor een preview)")
    sub.add_parser("rules", help="de controles op de beleidsdata")
    p = sub.add_parser("new-year", help="kopieer het nieuwste jaar naar een concept voor het volgende")
    p.add_argument("new_year", type=int, nargs="?")
    p = sub.add_parser("diff", help="wijzigingen tussen twee jaren als Markdown")
    p.add_argument("old", type=int)
    p.add_argument("new", type=int)
    p = sub.add_parser("review", help="teksten die nog een eerder jaar of een verschoven datum noemen")
    p.add_argument("years", type=int, nargs="*")
    p.add_argument("--gate", action="store_true", help="fout (exitcode 1) bij open punten in een definitief jaar")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    if args.command == "rules":
        cmd_rules(args)
        return 0
    if not args.data.is_dir():
        what = "bestaat niet" if not args.data.exists() else "is geen map"
        print(f"fout: map met beleidsdata '{args.data}' {what}. Geef met --data een map met beleidsjaren, bijv. policy_data.", file=sys.stderr)
        return 2
    try:
        if args.command in ("new-year", "diff", "review"):
            {"new-year": cmd_new_year, "diff": cmd_diff, "review": cmd_review}[args.command](args.data, args)
            return 0
        if args.command in ("validate", "bundle"):
            policies = load_all(args.data)
            {"validate": cmd_validate, "bundle": cmd_bundle}[args.command](policies, args)
            return 0
        policy = load_policy(args.year, args.data)
        {"providers": cmd_providers, "questions": cmd_questions, "check": cmd_check}[args.command](policy, args)
    except DataError as exc:
        print(f"Fout in de beleidsdata:\n{exc}", file=sys.stderr)
        return 1 if args.command in ("validate", "bundle", "diff") or "bestaat niet" not in str(exc) else 2
    except AnswerError as exc:
        for qid, message in exc.problems.items():
            print(f"fout: {qid}: {message}", file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    return 0
