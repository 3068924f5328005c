"""Every way the team's CLI (`python -m checker …`) can be called wrongly or meet broken data
or a broken terminal ends in one Dutch line on stderr and the documented exit code (README:
2 for bad input, a bad command or output that cannot be written; 1 for bad policy data or a
failing policy test). Never a traceback. Each case runs as a subprocess, as a user runs it."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from authoring.loader import DATA_DIR, years

from .conftest import ROOT
from .paths import complete

YEAR = str(years(DATA_DIR)[-1])
NEXT = str(int(YEAR) + 1)
# Words that show a message is Dutch (every message of the CLI has at least one of them).
DUTCH = re.compile(r"\b(fout|bestand|beleidsdata|map|kan|niet|geen|regel|uitvoer|antwoordbestand|beleidsjaar|schema)\b", re.IGNORECASE)
ENGLISH = re.compile(r"\b(Error|error|Exception|Permission denied|No such file|Is a directory|Expecting|not allowed|found)\b")


@dataclass(frozen=True)
class Case:
    """One call: how the data folder is broken, the arguments, and the exit code promised."""

    args: tuple[str, ...]
    code: int
    setup: Callable[[Path], None] = lambda data: None
    # How stdin/stdout are wired: "" normal, or one of the broken ways below.
    io: str = ""
    # Must hold after the run (e.g. no half-made year folder).
    after: Callable[[Path], bool] = field(default=lambda data: True)


def remove(relative: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        target = data / relative
        shutil.rmtree(target) if target.is_dir() else target.unlink()

    return apply


def write(relative: str, content: bytes) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        (data / relative).write_bytes(content)

    return apply


def append(relative: str, content: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / relative
        path.write_text(path.read_text(encoding="utf-8") + content, encoding="utf-8")

    return apply


def insert_list(relative: str, key: str, items: list[str]) -> Callable[[Path], None]:
    """Put items at the start of a top-level list of a data file."""

    def apply(data: Path) -> None:
        path = data / relative
        text = path.read_text(encoding="utf-8")
        assert f"\n{key}:\n" in text, f"fixture out of date: no list {key} in {relative}"
        path.write_text(text.replace(f"\n{key}:\n", f"\n{key}:\n" + "".join(f"  - {item}\n" for item in items), 1), encoding="utf-8")

    return apply


def symlink_loop(relative: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        (data / relative).unlink()
        (data / relative).symlink_to(data / relative)

    return apply


def folder_instead(relative: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        (data / relative).unlink()
        (data / relative).mkdir()

    return apply


def socket_instead(relative: str) -> Callable[[Path], None]:
    """A file that cannot be read, even by root (the tests may run as root, where chmod 000 reads fine)."""

    def apply(data: Path) -> None:
        (data / relative).unlink()
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(data / relative))
        sock.close()

    return apply


def unreadable(relative: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        (data / relative).chmod(0)

    return apply


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        for step in steps:
            step(data)

    return apply


def no_folder(name: str) -> Callable[[Path], bool]:
    return lambda data: not (data / name).exists()


BROKEN_YAML = append(f"{YEAR}/meta.yaml", "kapot: [a, b\n")
# Where the schema walks every value (a list of address lines), so nothing is skipped unread.
ALIAS_BOMB = insert_list(
    f"{YEAR}/meta.yaml",
    "address",
    ["&a [x, x, x, x, x, x, x, x, x]"] + [f"&{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)],
)
ANSWERS = '{"gecontracteerd-vorig-jaar": "nee"}'
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0

CASES: dict[str, Case] = {
    # The data folder and its schemas.
    "geen-schema-map": Case(("validate",), 1, remove("schema")),
    "schemabestand-ontbreekt": Case(("validate",), 1, remove("schema/meta.schema.json")),
    "schema-geen-json": Case(("validate",), 1, write("schema/meta.schema.json", b"{ kapot")),
    "schema-geen-schema": Case(("validate",), 1, write("schema/meta.schema.json", b'{"type": 5}')),
    "schema-is-lijst": Case(("validate",), 1, write("schema/meta.schema.json", b"[]")),
    "schema-map-is-bestand": Case(("validate",), 1, both(remove("schema"), write("schema", b"x"))),
    "symlink-lus": Case(("validate",), 1, symlink_loop(f"{YEAR}/meta.yaml")),
    "map-meta-yaml": Case(("validate",), 1, folder_instead(f"{YEAR}/meta.yaml")),
    "onleesbaar-bestand-socket": Case(("validate",), 1, socket_instead(f"{YEAR}/conditions.yaml")),
    "bestand-ontbreekt": Case(("validate",), 1, remove(f"{YEAR}/terms.yaml")),
    "nul-byte": Case(("validate",), 1, append(f"{YEAR}/meta.yaml", 'x: "a\0b"\n')),
    "geen-utf8": Case(("validate",), 1, write(f"{YEAR}/changes.yaml", b"x: \xff\xfe\n")),
    "alias-bom": Case(("validate",), 1, ALIAS_BOMB),
    "diep-genest": Case(("validate",), 1, insert_list(f"{YEAR}/meta.yaml", "address", ["[" * 990 + "]" * 990])),
    "groot-getal": Case(("validate",), 1, append(f"{YEAR}/meta.yaml", "groot: 1" + "0" * 5000 + "\n")),
    "lus-door-verwijzing": Case(("validate",), 1, append(f"{YEAR}/meta.yaml", "lus: &lus [*lus]\n")),
    # The other commands on broken data.
    "providers-symlink-lus": Case(("providers",), 1, symlink_loop(f"{YEAR}/questions.yaml")),
    "questions-kapotte-yaml": Case(("questions", "x"), 1, BROKEN_YAML),
    "check-alias-bom": Case(("check", "x", "-"), 1, ALIAS_BOMB),
    "diff-kapotte-yaml": Case(("diff", YEAR, YEAR), 1, BROKEN_YAML),
    "diff-symlink-lus": Case(("diff", YEAR, YEAR), 1, symlink_loop(f"{YEAR}/conditions.yaml")),
    "diff-geen-schema": Case(("diff", YEAR, YEAR), 1, remove("schema")),
    "review-gate-kapotte-yaml": Case(("review", "--gate"), 1, BROKEN_YAML),
    "review-gate-symlink-lus": Case(("review", "--gate"), 1, symlink_loop(f"{YEAR}/procedure.yaml")),
    "review-map-meta-yaml": Case(("review",), 1, folder_instead(f"{YEAR}/meta.yaml")),
    "new-year-kapotte-yaml": Case(("new-year",), 1, BROKEN_YAML, after=no_folder(NEXT)),
    "new-year-geen-schema": Case(("new-year",), 1, remove("schema"), after=no_folder(NEXT)),
    "new-year-halverwege-mislukt": Case(
        ("new-year",), 2, lambda data: (data / YEAR / "source" / "lus").symlink_to(data / YEAR / "source" / "lus"), after=no_folder(NEXT)
    ),
    "new-year-geen-jaartal": Case(("new-year", "99999"), 2, after=no_folder("99999")),
    # Bad input.
    "onbekend-jaar": Case(("--year", "1999", "providers"), 2),
    "data-is-bestand": Case(("--data", "README.md", "validate"), 2),
    "antwoorden-dubbele-sleutel": Case(("check", "x", "-"), 2, io='{"a": "ja", "a": "nee"}'),
    "antwoorden-groot-getal": Case(("check", "x", "-"), 2, io='{"a": 1' + "0" * 5000 + "}"),
    "antwoorden-map": Case(("check", "x", "{data}"), 2),
    "antwoorden-kapot": Case(("check", "x", "-"), 2, io='{"a": "ja",}'),
    # Where the output goes.
    "bundle-onder-een-bestand": Case(("bundle", "--drafts", "--out", "/dev/null/bundel"), 2),
    "bundle-in-proc": Case(("bundle", "--drafts", "--out", "/proc/bundel"), 2),
    "bundle-naar-root": Case(("bundle", "--drafts", "--out", "/"), 2),
    "bundle-over-andere-map": Case(("bundle", "--drafts", "--out", "{data}"), 2),
    "bundle-over-bestand": Case(("bundle", "--drafts", "--out", "{data}/schema/meta.schema.json"), 2),
    "stdout-vol": Case(("providers",), 2, io="full"),
    "stdout-gesloten": Case(("providers",), 2, io="closed-stdout"),
    "stdin-gesloten": Case(("check", "x", "-"), 2, io="closed-stdin"),
    "pijp-dicht-questions": Case(("questions", "x"), 2, io="broken-pipe"),
    "pijp-dicht-rules": Case(("rules",), 2, io="broken-pipe"),
    "pijp-dicht-diff": Case(("diff", YEAR, YEAR), 2, io="broken-pipe"),
}
if not ROOT_USER:
    # chmod does not stop root; the socket case above covers an unreadable file there.
    CASES["onleesbaar-bestand"] = Case(("validate",), 1, unreadable(f"{YEAR}/conditions.yaml"))
    CASES["onleesbare-jaarmap"] = Case(("validate",), 1, unreadable(YEAR))


def provider(data: Path) -> str:
    from authoring.loader import load_policy

    return next(iter(load_policy(int(YEAR), DATA_DIR).provider_types))


def run_case(case: Case, data: Path) -> tuple[int, str]:
    """Run one case with the given wiring of stdin/stdout; returns exit code and stderr."""
    pid = provider(data)
    args = [a.replace("{data}", str(data)) if "{data}" in a else (pid if a == "x" else a) for a in case.args]
    cmd = [sys.executable, "-m", "checker", "--data", str(data), *args] if "--data" not in args else [sys.executable, "-m", "checker", *args]
    shell = " ".join(f"'{c}'" for c in cmd)
    if case.io in ("closed-stdout", "closed-stdin", "full"):
        redirect = {"closed-stdout": ">&-", "closed-stdin": "<&-", "full": ">/dev/full"}[case.io]
        done = subprocess.run(["sh", "-c", f"{shell} {redirect}"], cwd=ROOT, stderr=subprocess.PIPE, timeout=120)
        return done.returncode, done.stderr.decode("utf-8", "replace")
    if case.io == "broken-pipe":
        # What `| head -5` does once it has its lines: the reading end is gone.
        read, write_end = os.pipe()
        os.close(read)
        try:
            done = subprocess.run(cmd, cwd=ROOT, stdout=write_end, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120)
        finally:
            os.close(write_end)
        return done.returncode, done.stderr.decode("utf-8", "replace")
    done = subprocess.run(cmd, cwd=ROOT, input=(case.io or ANSWERS).encode("utf-8"), capture_output=True, timeout=120)
    return done.returncode, done.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("name", list(CASES))
def test_cli_fails_in_dutch_with_its_exit_code(name, data_copy):
    case = CASES[name]
    data = data_copy()
    case.setup(data)
    code, stderr = run_case(case, data)
    assert "Traceback" not in stderr, stderr
    assert code == case.code, f"exitcode {code}, verwacht {case.code}: {stderr}"
    assert stderr.strip(), "geen melding op stderr"
    assert DUTCH.search(stderr), stderr
    assert not ENGLISH.search(stderr), f"Engels in de melding: {stderr}"
    assert case.after(data), f"{name}: er is iets achtergebleven in {data}"


def test_an_answers_file_with_a_bom_is_read(tmp_path, policy):
    """Windows Notepad writes a BOM before the JSON: the answers are read as without it."""
    pid = next(iter(policy.provider_types))
    answers = json.dumps(complete(policy, pid, {}))
    plain, with_bom = tmp_path / "a.json", tmp_path / "b.json"
    plain.write_text(answers, encoding="utf-8")
    with_bom.write_text(answers, encoding="utf-8-sig")
    outs = [
        subprocess.run([sys.executable, "-m", "checker", "check", pid, str(p)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        for p in (plain, with_bom)
    ]
    assert outs[1].returncode == 0, outs[1].stderr
    assert json.loads(outs[1].stdout) == json.loads(outs[0].stdout)
