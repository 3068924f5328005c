"""The home page's own parts (docs/index.md keeps its prose): the start button of the
checker and the key dates of this policy year.

Why the dates come from the model: each date is typed once, in procedure.yaml's timeline,
and worded from it ("uiterlijk 1 november 2023"); the home page, the procedure page and the
checker's result all show that same entry. A step the policy gives no last date (a new
provider applying) is said in the same words as in the result (checker/words.py).
"""

from __future__ import annotations

from html import escape

from checker.words import NO_DEADLINE

from .page import Page

# GOV.UK's start button: a link that looks like a button, with an arrow that is decoration.
ARROW = (
    '<svg class="home-start-arrow" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" '
    'aria-hidden="true" focusable="false"><path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"/></svg>'
)


def start_button(page: Page, url: str, text: str) -> str:
    """The start button (its words are docs/index.md's own); its accessible name is the text."""
    return (
        f'<p class="home-start-line"><a href="{page.rel(url)}" class="md-button md-button--primary home-start" draggable="false">{escape(text)}{ARROW}</a></p>'
    )


def key_dates(page: Page) -> str:
    """Every date of this year's timeline, in order, with what happens and who does it;
    then each step the policy names no last date for."""
    policy = page.policy
    items = "".join(
        f'<li><time datetime="{escape(t.date)}">{escape(t.when_with_year)}</time>: {escape(t.what)}. '
        f'<span class="home-date-who">Wie: {escape(t.who)}</span></li>'
        for t in policy.timeline
    )
    open_ended = " ".join(escape(NO_DEADLINE.format(step=step.title)) for step in policy.next_steps.values() if step.no_deadline)
    note = f'<p class="home-dates-note">{open_ended}</p>' if open_ended else ""
    return f'<ul class="home-dates">{items}</ul>{note}'
