"""The build swaps the new site into site/ so that Ctrl+C at any moment leaves a whole site:
the previous one or the new one, never none or half of one (tools/build.py replace_site).

The swaps run in a child process that receives real SIGINTs: at every step of the swap (before
and after each rename, exchange and removal), and from this process at moments spread over a
loop of swaps. Both ways of swapping are tested: the one-step exchange (Linux) and the
rename-away-and-in used where the system has no exchange."""

from __future__ import annotations

import inspect
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools import build

from .conftest import ROOT

FILES = 60


def whole(folder: Path) -> str | None:
    """The version of the whole site in a folder; None when it is missing or mixes versions."""
    try:
        files = [p for p in folder.rglob("*") if p.is_file()]
        versions = {p.read_text() for p in files}
    except OSError:
        return None
    return versions.pop() if len(files) == FILES + 1 and len(versions) == 1 else None


# Writes a whole site of one version, and the check above. Shared by the child scripts below.
COMMON = f"""
import json, os, shutil, signal, sys
from pathlib import Path
from tools import build

FILES = {FILES}
{inspect.getsource(whole).replace("folder: Path", "folder").replace(" -> str | None", "")}
"""
COMMON += r"""

def make(folder, version):
    for i in range(FILES):
        sub = folder / f"d{i % 6}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"f{i}.html").write_text(version)
    (folder / "index.html").write_text(version)


if sys.argv[2] == "fallback":
    build._exchange = lambda new, old: False
"""

# SIGINT to itself before and after every step of one swap, one point per run.
AT_EVERY_STEP = (
    COMMON
    + r"""
root = Path(sys.argv[1])
site, scratch = root / "site", root / "site.tmp"
count, target = 0, 0

def tick():
    global count
    count += 1
    if count == target:
        os.kill(os.getpid(), signal.SIGINT)

def hooked(real):
    def call(*args, **kwargs):
        tick()
        try:
            return real(*args, **kwargs)
        finally:
            tick()
    return call

real_rmtree = shutil.rmtree
os.rename = hooked(os.rename)
shutil.rmtree = hooked(shutil.rmtree)
build._exchange = hooked(build._exchange)

def one_swap(point):
    global count, target
    for folder in (site, scratch, root / "site.old"):
        if folder.exists():
            real_rmtree(folder)
    make(site, "old")
    make(scratch, "new")
    count, target = 0, point
    interrupted = False
    try:
        build.replace_site(scratch, site)
    except KeyboardInterrupt:
        interrupted = True
    seen, ticks = whole(site), count
    # The next build: a whole new site, and nothing left beside it.
    target = 0
    make(scratch, "next")
    build.replace_site(scratch, site)
    left = sorted(p.name for p in root.iterdir())
    return {"point": point, "ticks": ticks, "interrupted": interrupted, "site": seen, "next": whole(site), "left": left}

steps = one_swap(0)["ticks"]
print(json.dumps([one_swap(point) for point in range(1, steps + 1)]))
"""
)


def run_child(script: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("way", ["exchange", "fallback"])
def test_sigint_at_every_step_of_the_swap_leaves_a_whole_site(tmp_path: Path, way: str) -> None:
    done = run_child(AT_EVERY_STEP, str(tmp_path), way)
    assert done.returncode == 0, done.stderr
    outcomes = json.loads(done.stdout)
    # At least: remove leftovers, the swap itself, remove the old site; a tick before and after each.
    assert len(outcomes) >= 6, outcomes
    for outcome in outcomes:
        # The signal arrived (held until the swap was done, where it came in the middle of it).
        assert outcome["interrupted"], outcome
        assert outcome["site"] in ("old", "new"), outcome
        assert outcome["next"] == "next" and outcome["left"] == ["site"], outcome
    # Signals came both before and after the swap: the test saw both sites.
    assert {o["site"] for o in outcomes} == {"old", "new"}


LOOP_SCRIPT = (
    COMMON
    + r"""
root = Path(sys.argv[1])
site, scratch = root / "site", root / "site.tmp"
make(site, "v0")
version = 0
try:
    # Inside the try: the signal may come at once.
    print("klaar", flush=True)
    while True:
        version += 1
        if scratch.exists():
            shutil.rmtree(scratch)
        make(scratch, f"v{version}")
        build.replace_site(scratch, site)
except KeyboardInterrupt:
    print(version, flush=True)
"""
)


@pytest.mark.parametrize("way", ["exchange", "fallback"])
def test_sigint_at_any_moment_of_repeated_swaps_leaves_a_whole_site(tmp_path: Path, way: str) -> None:
    for delay in (0.0, 0.05, 0.12, 0.3):
        root = tmp_path / f"{way}-{delay}"
        root.mkdir()
        child = subprocess.Popen([sys.executable, "-c", LOOP_SCRIPT, str(root), way], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "klaar"
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
        assert child.returncode == 0, err
        assert whole(root / "site"), f"na {delay} s: site/ is niet heel; {out}"


def test_an_interrupted_build_keeps_the_previous_site_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("vorige versie", encoding="utf-8")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    # The pages are built, then Ctrl+C comes while MkDocs runs.
    monkeypatch.setattr(build, "load_checked", lambda data, preview: ({}, {}))
    monkeypatch.setattr(build, "write_all", lambda b, built, checked: {edition: tmp_path / "mkdocs.yml" for edition in built})
    monkeypatch.setattr(build, "mkdocs_build", interrupted)
    assert build.main(["--site", str(site)]) == 130
    err = capsys.readouterr().err
    assert err.startswith("Bouwen onderbroken.") and "\n" not in err.strip(), err
    assert (site / "index.html").read_text(encoding="utf-8") == "vorige versie"
    assert not (tmp_path / "site.tmp").exists()
