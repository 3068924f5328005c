"""Driving the checker page like a provider would: open it, answer, read the result."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, unquote, urlsplit

from playwright.sync_api import Locator, Page

from tools.flows import Step, Walk

from .conftest import READY_TIMEOUT_MS, Server

ROOT = "#checker"
READY = '#checker[data-state="ready"]'
RESULT = "#checker section.checker-result"
REVIEW = "#checker section.checker-review"


def open_checker(page: Page, server: Server, fragment: str = "") -> float:
    """Open the checker page; returns the seconds from navigation to data-state=ready."""
    started = time.perf_counter()
    page.goto(server.page_url("checker/") + fragment)
    page.wait_for_selector('#checker[data-state="ready"], #checker[data-state="error"]', timeout=READY_TIMEOUT_MS)
    state = page.get_attribute(ROOT, "data-state")
    assert state == "ready", f"de checker is niet klaar maar in toestand {state!r}: {page.inner_text(ROOT)}"
    return time.perf_counter() - started


def question_form(page: Page, qid: str) -> Locator:
    form = page.locator(f'#checker form.checker-step[data-question="{qid}"]')
    form.wait_for(state="visible")
    return form


def answer(page: Page, step: Step) -> None:
    """Answer one page with the mouse (a choice, the boxes to tick, or the text) and press Volgende."""
    form = question_form(page, step.id)
    if step.type == "choice":
        form.locator(f'label[for="checker-{step.id}-{step.value}"]').click()
    elif step.type == "checkboxes":
        for box in form.locator('input[type="checkbox"][name="answer"]').all():
            if box.is_checked() != (box.get_attribute("value") in step.value):
                form.locator(f'label[for="{box.get_attribute("id")}"]').click()
    else:
        form.locator('input[name="answer"]').fill(step.value)
    form.get_by_role("button", name="Volgende", exact=True).click()


def wait_result(page: Page) -> Locator:
    result = page.locator(RESULT)
    result.wait_for(state="visible")
    return result


def wait_review(page: Page) -> Locator:
    review = page.locator(REVIEW)
    review.wait_for(state="visible")
    return review


def review_rows(page: Page) -> list[dict[str, str]]:
    """The review's (or the result's) list of answers as the page shows it."""
    return page.locator("#checker .checker-answer-row").evaluate_all(
        """rows => rows.map(r => ({
            id: r.dataset.answer,
            question: r.querySelector('dt').textContent.trim(),
            answer_label: r.querySelector('.checker-answer-value').textContent.trim(),
        }))"""
    )


def confirm(page: Page) -> Locator:
    """On the review, press Bekijk de uitslag and wait for the result."""
    wait_review(page).get_by_role("button", name="Bekijk de uitslag").click()
    return wait_result(page)


def complete(page: Page, walk: Walk, start: int = 0) -> Locator:
    """Answer the pages of a walk from `start` on, confirm the review (the short route of an
    existing contract has none), wait for the result."""
    for index, step in enumerate(walk.steps[start:], start):
        answer(page, step)
        following = walk.steps[index + 1] if index + 1 < len(walk.steps) else None
        if following is not None:
            question_form(page, following.id)
    return confirm(page) if walk.review else wait_result(page)


def result_summary(page: Page) -> dict[str, object]:
    """What the result shows, in the terms of checker.web's result."""
    result = page.locator(RESULT)
    return {
        "verdict": result.get_attribute("data-verdict"),
        "verdict_label": result.locator("h2.checker-verdict").inner_text().strip(),
        "unmet": result.locator(".checker-items--unmet [data-condition]").evaluate_all("els => els.map(e => e.dataset.condition)"),
        "expectations": result.locator(".checker-items--expectation [data-condition]").evaluate_all("els => els.map(e => e.dataset.condition)"),
        "contacts": result.locator("[data-contact]").evaluate_all("els => els.map(e => e.dataset.contact)"),
        "next_steps": result.locator("[data-step]").evaluate_all("els => els.map(e => e.dataset.step)"),
    }


def expected_summary(walk: Walk) -> dict[str, object]:
    r = walk.result
    return {
        "verdict": r["verdict"],
        "verdict_label": r["verdict_label"],
        "unmet": [u["id"] for u in r["unmet"]],
        "expectations": [e["id"] for e in r["expectations"]],
        "contacts": [c["id"] for c in r["contacts"]],
        "next_steps": [s["id"] for s in r["next_steps"]],
    }


def fragment_answers(page: Page) -> dict[str, str]:
    """The answers in the page's URL fragment."""
    return dict(parse_qsl(urlsplit(page.url).fragment, keep_blank_values=True))


def decoded(href: str) -> str:
    return unquote(href)


def click_through(page: Page, server: Server, walk: Walk) -> Locator:
    """Open the checker, answer every step of a walk by clicking, and check that the
    result shown is the one CPython gives for the same answers."""
    open_checker(page, server)
    result = complete(page, walk)
    assert result_summary(page) == expected_summary(walk)
    return result
