"""Command line: `python -m checker providers|questions|check|validate|bundle|rules`.

JSON out on stdout; a problem with the input prints one clear line per problem on
stderr and exits 2 (never a traceback); invalid policy data exits 1.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from checker.engine import AnswerError, evaluate, question_json, read_answers
from checker.model import Policy
from checker.results import result_json

from . import yearly
from .bundle import write_bundle
from .cases import CaseFailure, failing
from .loader import DATA_DIR, DataError, load_all, load_policy, require_definitive, years
from .problems import Problem
from .rules import RULES
from .yamlfile import os_message


class UsageError(Exception):
    """Bad input from the user of the CLI: exit code 2."""


class OutputError(Exception):
    """The output cannot be written (closed, a pipe whose reader stopped, a full disk): exit code 2."""


JSON_FIX = 'Controleer komma\'s, aanhalingstekens en haakjes; een goed voorbeeld: {"alle-kvk": "ja"}.'


def _output_error(exc: BaseException) -> OutputError:
    if isinstance(exc, BrokenPipeError):
        return OutputError("de uitvoer is afgebroken: het programma dat hem las (bijv. head) stopte eerder. De rest is niet geschreven.")
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return OutputError("de uitvoer kan niet worden geschreven: de schijf of het apparaat is vol.")
    return OutputError("de uitvoer kan niet worden geschreven (de standaarduitvoer is gesloten of niet beschrijfbaar).")


def _write(text: str) -> None:
    """All output goes here: a closed stdout, a pipe whose reader stopped (| head) or a full
    disk (>/dev/full) is one Dutch line, not a traceback."""
    try:
        if sys.stdout is None:
            raise ValueError("closed")
        sys.stdout.write(text)
        sys.stdout.flush()
    except (OSError, ValueError) as exc:
        raise _output_error(exc) from None


def _flush() -> None:
    if sys.stdout is not None:
        _write("")


def _dump(data: Any) -> None:
    _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


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


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key written twice: JSON keeps the last one silently; refuse it, as the YAML loader does."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise UsageError(f"antwoordbestand noemt '{key}' twee keer. Haal een van beide weg.")
        seen[key] = value
    return seen


def _answers_bytes(name: str) -> bytes:
    if name != "-":
        try:
            return Path(name).read_bytes()
        except OSError as exc:
            raise UsageError(f"kan antwoordbestand '{name}' niet lezen: {os_message(exc)}") from None
    if sys.stdin is None:
        raise UsageError("de standaardinvoer is gesloten. Geef de antwoorden via standaardinvoer of noem een antwoordbestand.")
    try:
        return sys.stdin.buffer.read()
    except OSError as exc:
        raise UsageError(f"kan de standaardinvoer niet lezen ({errno.errorcode.get(exc.errno or 0, 'onbekende fout')}).") from None


def _read_answers_file(name: str) -> Any:
    """The answers as JSON. Every way a file can be wrong is one Dutch line (exit 2):
    unreadable, not UTF-8, not JSON, a key twice, nested too deep to read, or a lone
    surrogate that cannot be written back out. A BOM (Windows Notepad) is read."""
    data = _answers_bytes(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"antwoordbestand is geen UTF-8 (byte {exc.start + 1}). Sla het op als UTF-8.") from None
    try:
        raw = json.loads(text, object_pairs_hook=_no_duplicates)
        # A lone surrogate ("\udc80") parses, but is no character: refuse it here, not halfway the output.
        json.dumps(raw, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        raise UsageError('antwoordbestand is te diep genest. Geef een plat JSON-object, bijv. {"alle-kvk": "ja"}.') from None
    except UnicodeEncodeError:
        raise UsageError("antwoordbestand bevat een ongeldig teken (een losse surrogaat zoals \\udc80). Haal het weg.") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"antwoordbestand is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}). {JSON_FIX}") from None
    except ValueError:
        # Python refuses a number of more than 4300 digits.
        raise UsageError(f"antwoordbestand is geen geldige JSON (een getal is te groot). {JSON_FIX}") from None
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
    """Every year valid, and every policy test (tests.yaml) holding: a failing case stops
    make validate and make build, one line per failure at the case's line."""
    failures: list[Problem] = []
    for year, policy in policies.items():
        found = failing(policy, args.data, year)
        failures += found
        count = len({p.line for p in found})
        wrong = f", waarvan {count} niet {'klopt' if count == 1 else 'kloppen'}" if found else ""
        print(
            f"{year}: geldig ({len(policy.conditions)} voorwaarden, {len(policy.questions)} vragen, {len(policy.cases)} beleidstests{wrong})", file=sys.stderr
        )
    if failures:
        raise CaseFailure(failures)


def cmd_bundle(policies: dict[int, Policy], args: argparse.Namespace) -> None:
    """Write what the browser checker loads: the engine's files and one JSON per year."""
    # Drafts (status: concept) only go into a preview build, never into the published site.
    if not args.drafts:
        require_definitive(args.data)
    out = Path(args.out)
    # Why: the folder is replaced whole; never a folder that holds something else (--out . or ~).
    if out.resolve() == Path("/") or not out.resolve().name:
        raise UsageError(f"kan de checkerbundel niet schrijven naar '{args.out}'. Geef een nieuwe map, bijv. --out build/checker.")
    if out.is_dir() and any(out.iterdir()) and not (out / "manifest.json").is_file():
        raise UsageError(f"map '{args.out}' bestaat al en is geen checkerbundel; die wordt niet overschreven. Geef een nieuwe map.")
    try:
        written = write_bundle(out, policies, drafts=args.drafts)
    except OSError as exc:
        raise UsageError(f"kan de checkerbundel niet schrijven naar '{args.out}': {os_message(exc)}") from None
    print(f"checkerbundel geschreven naar {args.out} ({', '.join(written)})", file=sys.stderr)


def cmd_rules(args: argparse.Namespace) -> None:
    """What the loader guarantees about every policy year, one rule a line."""
    _write("".join(f"{rule.name}: {rule.doc}\n" for rule in RULES))


def _remove_new(data_dir: Path, before: set[Path]) -> None:
    for made in set(data_dir.iterdir()) - before:
        shutil.rmtree(made, ignore_errors=True)


def cmd_new_year(data_dir: Path, args: argparse.Namespace) -> None:
    """Copy the latest year into a draft for the next, ids kept, and list what to review.
    Bad data is not copied; a copy that fails halfway is taken away again."""
    if args.new_year is not None and not 1000 <= args.new_year <= 9999:
        raise UsageError(f"{args.new_year} is geen beleidsjaar. Geef een jaartal van vier cijfers, bijv. 2025.")
    load_all(data_dir)
    before = set(data_dir.iterdir())
    try:
        target, source_year = yearly.new_year(data_dir, args.new_year)
    except yearly.YearError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        _remove_new(data_dir, before)
        raise UsageError(f"kan het nieuwe jaar niet maken in {data_dir}: {os_message(exc)} Er is niets aangemaakt.") from None
    except BaseException:
        # Interrupted halfway (Ctrl-C) or anything else: no half-made year stays behind.
        _remove_new(data_dir, before)
        raise
    tests = " met de beleidstests (tests.yaml)" if (target / "tests.yaml").exists() else ""
    print(f"{target} aangemaakt als concept (kopie van {source_year}{tests}). Pas aan wat verandert; ids blijven gelijk.", file=sys.stderr)
    _write(yearly.report(yearly.review(data_dir, int(target.name))))


def cmd_diff(data_dir: Path, args: argparse.Namespace) -> None:
    try:
        _write(yearly.diff_markdown(data_dir, args.old, args.new))
    except yearly.YearError as exc:
        raise UsageError(str(exc)) from None


def cmd_review(data_dir: Path, args: argparse.Namespace) -> None:
    """The review report of a year (default: the newest); --gate: stop on open items of a definitive year.
    The data is validated first: the review list reads texts, not broken files."""
    load_all(data_dir)
    try:
        if args.gate:
            yearly.require_reviewed(data_dir)
            return
        for year in args.years or years(data_dir)[-1:]:
            _write(yearly.report(yearly.review(data_dir, year)))
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
    sub.add_parser("validate", help="controleer alle beleidsjaren en draai de beleidstests (tests.yaml)")
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


def _run(args: argparse.Namespace) -> None:
    if args.command == "rules":
        cmd_rules(args)
        return
    if not args.data.is_dir():
        what = "bestaat niet" if not args.data.exists() else "is geen map"
        raise UsageError(f"map met beleidsdata '{args.data}' {what}. Geef met --data een map met beleidsjaren, bijv. policy_data.")
    if args.command in ("new-year", "diff", "review"):
        {"new-year": cmd_new_year, "diff": cmd_diff, "review": cmd_review}[args.command](args.data, args)
    elif args.command in ("validate", "bundle"):
        {"validate": cmd_validate, "bundle": cmd_bundle}[args.command](load_all(args.data), args)
    else:
        available = years(args.data)
        if args.year is not None and args.year not in available:
            raise UsageError(f"beleidsjaar {args.year} bestaat niet; beschikbaar: {', '.join(map(str, available)) or 'geen'}.")
        policy = load_policy(args.year, args.data)
        {"providers": cmd_providers, "questions": cmd_questions, "check": cmd_check}[args.command](policy, args)


def _fail(*lines: str) -> None:
    # With stderr closed, print(file=None) would write to stdout, into the JSON.
    if sys.stderr is None:
        return
    for line in lines:
        print(line, file=sys.stderr)


def _silence_stdout() -> None:
    """After a failed write, Python would try to flush stdout once more at exit and print a
    traceback-like warning; point it at /dev/null so the Dutch line is the last word."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def main(argv: list[str] | None = None) -> int:
    """Exit codes: 0 done; 1 the policy data is wrong (or a policy test fails); 2 the input,
    the command or where the output goes is wrong. Never a traceback."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    try:
        _run(args)
        _flush()
    except CaseFailure as exc:
        _fail("Beleidstests die niet kloppen (tests.yaml); pas de data of het geval aan:", str(exc))
        return 1
    except DataError as exc:
        _fail(f"Fout in de beleidsdata:\n{exc}")
        return 1
    except AnswerError as exc:
        _fail(*(f"fout: {qid}: {message}" for qid, message in exc.problems.items()))
        return 2
    except UsageError as exc:
        _fail(f"fout: {exc}")
        return 2
    except OutputError as exc:
        _silence_stdout()
        _fail(f"fout: {exc}")
        return 2
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(f"fout: {where}{os_message(exc)}")
        return 1
    except KeyboardInterrupt:
        _fail("fout: afgebroken.")
        return 2
    # The last guard: a Dutch line, never a traceback.
    except Exception as exc:
        if os.environ.get("CHECKER_TRACEBACK"):
            raise
        _fail(f"fout: onverwachte fout ({type(exc).__name__}). Meld dit bij de beheerder van de checker; CHECKER_TRACEBACK=1 toont de details.")
        return 1
    return 0
