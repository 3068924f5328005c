"""The checker's boot against the floor: navigation to ready for the checker and for the
bare stock Pyodide page, cold and interleaved, with the same checker page serving bigger
bundles; and a second visit with the caching README recommends."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Playwright

from tools.browser_env import Traffic

from .browser import Load, measure_load, measure_revisit
from .report import Row, Sample, growth, ms, progress, size, verdict
from .server import Server
from .settings import BARE_PAGE, CHECKER_PAGE, DATA_RUNS, OVERHEAD_TARGET, REVISIT_RUNS, SYNTHETIC_FACTOR

NAN = float("nan")


def pair() -> dict[str, Sample]:
    """One sample for the checker page and one for the bare page."""
    return {"checker": Sample(), "bare": Sample()}


@dataclass
class Boot:
    """Cold loads: in-page ms to ready, the worker's own ms from init to ready, wall-clock ms,
    and in-page ms to the module Worker created; per page, and per bigger bundle."""

    more_data: dict[str, Sample]  # navigation → ready of the checker with each bigger bundle
    loads: dict[str, Sample] = field(default_factory=pair)
    workers: dict[str, Sample] = field(default_factory=pair)
    walls: dict[str, Sample] = field(default_factory=pair)
    created: dict[str, Sample] = field(default_factory=pair)
    question: Sample = field(default_factory=Sample)  # navigation → first question painted (checker)

    def add(self, name: str, load: Load) -> None:
        if name in self.more_data:
            self.more_data[name].values.append(load.ready_ms)
            return
        self.loads[name].values.append(load.ready_ms)
        if name == "checker":
            self.question.values.append(load.marks.get("question_painted", NAN))
        self.workers[name].values.append(load.worker_ms)
        self.walls[name].values.append(load.wall_ms)
        self.created[name].values.append(load.marks.get("worker", NAN))


@dataclass
class Revisits:
    """Second visits: in-page ms to ready, bytes the server sent, and the bare worker's
    WebAssembly instantiate on the first and on the second visit."""

    ready: dict[str, Sample] = field(default_factory=pair)
    sent: dict[str, Sample] = field(default_factory=pair)
    wasm_first: Sample = field(default_factory=Sample)
    wasm_second: Sample = field(default_factory=Sample)


def measure_boot(browser: Browser, traffic: Traffic, server: Server, others: dict[str, Server], runs: int) -> Boot:
    """Checker and bare page in every run, the bigger bundles in the first DATA_RUNS;
    the order rotates, so no page is always first."""
    boot = Boot(more_data={label: Sample() for label in others})
    for i in range(runs):
        progress(f"checker vs bare Pyodide{' vs bigger bundles' if i < DATA_RUNS else ''}, run {i + 1}/{runs}")
        pages = [("checker", server.url + CHECKER_PAGE), ("bare", server.url + BARE_PAGE)]
        if i < DATA_RUNS:
            pages += [(label, other.url + CHECKER_PAGE) for label, other in others.items()]
        for name, url in pages[i % len(pages) :] + pages[: i % len(pages)]:  # rotate: none always first
            boot.add(name, measure_load(browser, traffic, url, "bare" if name == "bare" else "checker"))
    return boot


def measure_revisits(pw: Playwright, proxy: str, traffic: Traffic, published: Server, profile: Path) -> Revisits:
    revisits = Revisits()
    for i in range(REVISIT_RUNS):
        progress(f"second visit with immutable caching, checker and bare, run {i + 1}/{REVISIT_RUNS}")
        pages = [("checker", CHECKER_PAGE), ("bare", BARE_PAGE)]
        for name, page_path in pages if i % 2 == 0 else pages[::-1]:
            visit = measure_revisit(pw, proxy, traffic, published, published.url + page_path, name, profile)
            revisits.ready[name].values.append(visit.second.ready_ms)
            revisits.sent[name].values.append(visit.sent)
            if name == "bare":
                revisits.wasm_first.values.append(visit.first.marks["wasm"])
                revisits.wasm_second.values.append(visit.second.marks["wasm"])
    return revisits


def boot_rows(boot: Boot) -> list[Row]:
    checker, bare, question = boot.loads["checker"], boot.loads["bare"], boot.question
    overhead = checker.median / bare.median
    before = {root: Sample([r - w for r, w in zip(boot.loads[root].values, boot.workers[root].values, strict=True)]) for root in boot.loads}
    return [
        Row("Checker", "navigation → first question painted", ms(question.median), ms(question.min)),
        Row("Checker", "navigation → #checker ready", ms(checker.median), ms(checker.min)),
        Row("Checker", "navigation → bare stock Pyodide ready (the npm files, unmodified)", ms(bare.median), ms(bare.min)),
        Row(
            "Checker",
            "ready: checker / bare (cold, interleaved)",
            "",
            "",
            f"{overhead:.2f} (min/min {checker.min / bare.min:.2f})",
            f"≤ {OVERHEAD_TARGET:.2f}",
            verdict(overhead <= OVERHEAD_TARGET),
        ),
        pair_row("  navigation → module Worker created (checker / bare)", boot.created),
        pair_row("  navigation → worker gets init (checker / bare)", before),
        pair_row("  worker init → ready, worker's clock (checker / bare)", boot.workers),
        pair_row("  wall clock, goto → selector seen (checker / bare)", boot.walls),
    ]


def pair_row(what: str, samples: dict[str, Sample]) -> Row:
    """Checker / bare in one row: medians, then minima."""
    checker, bare = samples["checker"], samples["bare"]
    return Row("Checker", what, f"{ms(checker.median)} / {ms(bare.median)}", f"{ms(checker.min)} / {ms(bare.min)}")


def revisit_rows(revisits: Revisits) -> list[Row]:
    ready, sent, wasm_first, wasm_second = revisits.ready, revisits.sent, revisits.wasm_first, revisits.wasm_second
    return [
        Row(
            "Revisit",
            f"second visit, Pyodide immutable: navigation → ready (checker / bare, {REVISIT_RUNS} each)",
            f"{ms(ready['checker'].median)} / {ms(ready['bare'].median)}",
            f"{ms(ready['checker'].min)} / {ms(ready['bare'].min)}",
            f"{ready['checker'].median / ready['bare'].median:.2f}",
        ),
        Row(
            "Revisit",
            "  bytes sent by the server on the second visit (checker / bare)",
            f"{size(sent['checker'].median)} / {size(sent['bare'].median)}",
            "",
        ),
        Row(
            "Revisit",
            "  WebAssembly instantiate (download + compile) in the bare worker: first / second visit",
            f"{ms(wasm_first.median)} / {ms(wasm_second.median)}",
            f"{ms(wasm_first.min)} / {ms(wasm_second.min)}",
            f"{wasm_second.median / wasm_first.median:.2f}",
            "",
            "compiled code reused" if wasm_second.median < 0.5 * wasm_first.median else "compiled again (≥ 0.5× first)",
        ),
    ]


def data_rows(boot: Boot) -> list[Row]:
    """The checker with bigger bundles, against the real bundle loaded in the same rounds."""
    same_runs = Sample(boot.loads["checker"].values[:DATA_RUNS])
    rows = []
    for label, sample in boot.more_data.items():
        ratio = sample.median / same_runs.median
        loads_note = f"{len(sample.values)} load{'s' if len(sample.values) != 1 else ''}"
        rows.append(
            Row(
                "Checker",
                f"navigation → ready, bundle with {label} ({loads_note})",
                ms(sample.median),
                ms(sample.min),
                f"{ratio:.2f} vs real",
                f"≤ {SYNTHETIC_FACTOR} (linear)",
                growth(ratio, SYNTHETIC_FACTOR),
            )
        )
    return rows
