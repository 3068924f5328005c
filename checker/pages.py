"""The checker's pages: how the per-question flow of `checker.engine` is shown, a page at
a time. Standard library only (it ships to the browser).

Why a layer of its own: the engine decides one answer per condition, and that stays so
(the URL, the review's Wijzig links, the CLI and the policy tests all work per condition).
What a provider sees is fewer pages:
- a question that routes (it changes what comes after) or is typed in has a page of its own;
- the yes/no statements of one stage share a page, listed in the policy's own words under
  the policy's own lead-in ("De kraamzorginstelling:"), asked once: Ja / Nee, niet allemaal;
  after "Nee" a page of checkboxes asks which do not hold;
- what never changes the verdict (arrangements on top of a contract, expectations) is one
  optional page of checkboxes before the mail details.
A page's answer is written back as one answer per question (`apply`), and `checker.web`
reads the answers as before. The JavaScript draws a page; it never groups or decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .engine import Flow, deferred, flow_routers, question_json
from .model import Kind, Option, OptionEffect, Policy, Question
from .terms import terms_json
from .words import (
    EMPTY_CHOICE,
    EXTRA_EXPECTATIONS,
    EXTRA_EXPECTATIONS_HELP,
    EXTRA_HELP,
    EXTRA_QUESTION,
    EXTRA_STEP,
    PROGRESS,
    PROGRESS_FIRST,
    PROVIDER_STEP,
    REVIEW_STEP,
    STAGE_LABELS,
    STATEMENTS_NO,
    STATEMENTS_QUESTION,
    STATEMENTS_YES,
    UNMET_HELP,
    UNMET_NONE,
    UNMET_QUESTION,
)

# The steps the progress line counts besides the stages of the questions.
PROVIDER = "provider"
EXTRA = "extra"
REVIEW = "review"
EXTRA_PAGE = "ook-weten"
# The checkbox on the optional page that asks for the expectations.
EXPECTATIONS_ITEM = "verwachtingen"
YES, NO = "ja", "nee"
# The words of a stage in a page's id (the URL shows it: vraag=uitspraken-organisatie).
_SLUGS = {
    "general": "algemeen",
    "organisation": "organisatie",
    "professional": "zorgverleners",
    "expectations": "verwachtingen",
    "procedure": "inkoop",
    "route": "situatie",
}


class PageKind(StrEnum):
    QUESTION = "question"  # one question
    STATEMENTS = "statements"  # the statements of one stage: do they all hold?
    UNMET = "unmet"  # after "Nee, niet allemaal": which do not hold?
    EXTRA = "extra"  # the optional page: what never changes the verdict


@dataclass(frozen=True)
class Page:
    """One page: its id in the URL (`vraag=`), its kind, the step it belongs to and its questions."""

    id: str
    kind: PageKind
    step: str
    questions: tuple[Question, ...]

    def answered(self, values: dict[str, str]) -> bool:
        """Every question on it has an answer. The optional page counts as answered once its
        arrangements are (a provider who asks for the expectations gets them next)."""
        if self.kind == PageKind.EXTRA:
            own = [q for q in self.questions if not _expectation(q)] or list(self.questions)
            return all(q.id in values for q in own)
        return all(q.id in values for q in self.questions)


@dataclass
class Pages:
    """The pages of one answer set in order, and every page a URL may name (the checkbox
    page of a group is in the order only once a statement of it does not hold)."""

    order: list[Page] = field(default_factory=list)
    by_id: dict[str, Page] = field(default_factory=dict)
    # The page that shows each question.
    holder: dict[str, Page] = field(default_factory=dict)

    def add(self, page: Page, in_order: bool = True) -> None:
        if page.id in self.by_id:
            page = Page(f"{page.id}-{len(self.by_id)}", page.kind, page.step, page.questions)
        self.by_id[page.id] = page
        if in_order:
            self.order.append(page)
        if page.kind != PageKind.UNMET:
            for q in page.questions:
                self.holder[q.id] = page

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.order]

    def before(self, page_id: str) -> str | None:
        """The page Terug leads to: the one before in the order; a group's checkbox page
        that is not in the order yet leads back to its group."""
        page = self.by_id[page_id]
        if page.kind == PageKind.UNMET and page_id not in self.ids:
            return self.holder[page.questions[0].id].id
        index = self.ids.index(page_id)
        return self.ids[index - 1] if index else None

    def after(self, page_id: str) -> str | None:
        ids = self.ids
        if page_id not in ids or ids.index(page_id) + 1 >= len(ids):
            return None
        return ids[ids.index(page_id) + 1]


def _met(question: Question) -> Option | None:
    return next((o for o in question.options if o.meets is True), None)


def _unmet(question: Question) -> Option | None:
    return next((o for o in question.options if o.meets is False), None)


def _expectation(question: Question) -> bool:
    return question.condition is not None and question.condition.kind == Kind.EXPECTATION


def _statement(question: Question, routers: set[str]) -> bool:
    """A yes/no statement that can share a page: a condition, exclusion or expectation
    with one answer that meets it and one that does not, whose answer routes nothing."""
    condition = question.condition
    return (
        condition is not None
        and condition.kind in (Kind.CONDITION, Kind.EXCLUSION, Kind.EXPECTATION)
        and question.id not in routers
        and _met(question) is not None
        and _unmet(question) is not None
    )


def _choice_pair(question: Question) -> tuple[Option, Option] | None:
    """An arrangement that is a checkbox: one answer that does something and a plain 'no'."""
    plain = [o for o in question.options if o.effect == OptionEffect.NONE and not o.message and not o.next_steps and not o.outcomes]
    other = [o for o in question.options if o not in plain]
    if question.type != "choice" or len(plain) != 1 or len(other) != 1:
        return None
    return other[0], plain[0]


def _slug(stage: str) -> str:
    return _SLUGS.get(stage, stage)


def _add_run(pages: Pages, run: list[Question], step: str) -> None:
    """A run of statements of one stage: a page of its own for a single one; else the
    statements page, with its checkbox page in the order once one does not hold."""
    if len(run) == 1:
        pages.add(Page(run[0].id, PageKind.QUESTION, step, (run[0],)))
        return
    slug = _slug(run[0].stage)
    pages.add(Page(f"uitspraken-{slug}", PageKind.STATEMENTS, step, tuple(run)))
    pages.add(Page(f"niet-{slug}", PageKind.UNMET, step, tuple(run)), in_order=False)


def _add_questions(pages: Pages, questions: list[Question], routers: set[str], step_of: Any) -> None:
    run: list[Question] = []
    for q in questions:
        if run and (not _statement(q, routers) or q.stage != run[-1].stage):
            _add_run(pages, run, step_of(run[0]))
            run = []
        if _statement(q, routers):
            run.append(q)
        else:
            pages.add(Page(q.id, PageKind.QUESTION, step_of(q), (q,)))
    if run:
        _add_run(pages, run, step_of(run[0]))


def _mark_unmet(pages: Pages, values: dict[str, str]) -> None:
    """A group with an answer that does not hold shows its checkbox page after it."""
    for page in list(pages.by_id.values()):
        if page.kind != PageKind.UNMET or page.id in pages.ids:
            continue
        if any(_unmet(q) is not None and values.get(q.id) == _unmet(q).value for q in page.questions):  # type: ignore[union-attr]
            group = pages.holder[page.questions[0].id]
            pages.order.insert(pages.ids.index(group.id) + 1, page)


def step_of(question: Question) -> str:
    return EXTRA if deferred(question) else str(question.stage)


def pages_for(policy: Policy, provider: str, walked: Flow, values: dict[str, str]) -> Pages:
    """The pages of these answers, in order: the questions before the optional page, the
    optional page (with the expectations after it when the provider asked for them), and
    the mail details."""
    routers = flow_routers(policy, provider)
    pages = Pages()
    _add_questions(pages, [q for q in walked.questions if not deferred(q) and not q.fills], routers, step_of)
    _add_later(pages, [q for q in walked.questions if deferred(q)], routers, values)
    _add_questions(pages, [q for q in walked.questions if q.fills], routers, step_of)
    _mark_unmet(pages, values)
    return pages


def _add_later(pages: Pages, later: list[Question], routers: set[str], values: dict[str, str]) -> None:
    """The optional page, then the expectations when the provider asked for them."""
    boxes = [q for q in later if not _expectation(q) and _choice_pair(q) is not None]
    expectations = [q for q in later if _expectation(q)]
    if boxes or expectations:
        pages.add(Page(EXTRA_PAGE, PageKind.EXTRA, EXTRA, tuple(boxes + expectations)))
    # An arrangement that is not a plain yes/no keeps a page of its own.
    _add_questions(pages, [q for q in later if q not in boxes and q not in expectations], routers, step_of)
    if any(values.get(q.id) != "" for q in expectations):
        _add_questions(pages, expectations, routers, step_of)


# -- the steps the progress line counts -------------------------------------------------


def steps_for(policy: Policy, provider: str) -> list[str]:
    """Every step a provider of this type can pass, in order, from all its questions (not
    only those asked so far): the count never changes under the user."""
    steps = [PROVIDER]
    for q in policy.questions_for(provider):
        step = step_of(q)
        if step not in steps and not q.fills:
            steps.append(step)
    if EXTRA in steps:
        steps.remove(EXTRA)
        steps.append(EXTRA)
    steps += list(dict.fromkeys(str(q.stage) for q in policy.questions_for(provider) if q.fills and str(q.stage) not in steps))
    return [*steps, REVIEW]


def step_label(step: str) -> str:
    words = {PROVIDER: PROVIDER_STEP, EXTRA: EXTRA_STEP, REVIEW: REVIEW_STEP}
    return words.get(step) or STAGE_LABELS[step]  # type: ignore[index]


def progress(policy: Policy, provider: str | None, step: str) -> dict[str, Any]:
    """'Stap 2 van 5: Uw organisatie'; before the provider type is known, only 'Stap 1: …'."""
    label = step_label(step)
    if provider is None:
        return {"step": 1, "total": None, "label": label, "text": PROGRESS_FIRST.format(label=label)}
    steps = steps_for(policy, provider)
    index = steps.index(step) + 1 if step in steps else len(steps)
    return {"step": index, "total": len(steps), "label": label, "text": PROGRESS.format(step=index, total=len(steps), label=label)}


# -- a page as the browser draws it -----------------------------------------------------


def _lead_in(policy: Policy, condition_id: str) -> tuple[str | None, str]:
    """The policy's own words before a list of conditions ("De kraamzorginstelling:"), and
    the section that lists it; None where the list has no lead-in."""
    section_id = policy.condition_section.get(condition_id) or policy.conditions[condition_id].source.section
    lead = None
    for block in policy.sections[section_id].blocks:
        if block.p is not None:
            lead = block.p if block.p.rstrip().endswith(":") else None
        if condition_id in block.conditions:
            return lead, section_id
    return None, section_id


def _groups(policy: Policy, questions: tuple[Question, ...]) -> list[dict[str, Any]]:
    """The statements under their lead-ins, each group with the link to its passage."""
    groups: list[dict[str, Any]] = []
    for q in questions:
        assert q.condition is not None
        lead, section_id = _lead_in(policy, q.condition.id)
        if not groups or groups[-1]["lead"] != lead or groups[-1]["section"] != section_id:
            groups.append({"lead": lead, "section": section_id, "url": policy.anchor_url(section_id), "items": []})
        groups[-1]["items"].append({"value": q.id, "label": q.condition.statement or q.condition.text})
    return groups


def _base(policy: Policy, page: Page, text: str, help_text: str | None) -> dict[str, Any]:
    return {
        "id": page.id,
        "kind": str(page.kind),
        "stage": page.step,
        "stage_label": step_label(page.step),
        "text": text,
        "help": help_text,
        "optional": page.kind == PageKind.EXTRA,
        "ask_if": None,
        "note": None,
        "source": None,
    }


def _statements_json(policy: Policy, page: Page, values: dict[str, str]) -> dict[str, Any]:
    groups = _groups(policy, page.questions)
    applies = page.questions[0].condition.applies_to if page.questions[0].condition else "organisation"
    data = _base(policy, page, STATEMENTS_QUESTION.get(applies, STATEMENTS_QUESTION["organisation"]), None)
    texts = [str(item["label"]) for g in groups for item in g["items"]]
    options = [{"value": YES, "label": STATEMENTS_YES, "meets": None}, {"value": NO, "label": STATEMENTS_NO, "meets": None}]
    current = None
    if page.answered(values):
        current = YES if all(values[q.id] == _met(q).value for q in page.questions) else NO  # type: ignore[union-attr]
    return data | {"type": "choice", "groups": groups, "options": options, "value": current, "terms": terms_json(policy, *texts)}


def _unmet_json(policy: Policy, page: Page, values: dict[str, str]) -> dict[str, Any]:
    groups = _groups(policy, page.questions)
    data = _base(policy, page, UNMET_QUESTION, UNMET_HELP)
    checked = [q.id for q in page.questions if values.get(q.id) == _unmet(q).value]  # type: ignore[union-attr]
    options = [item for g in groups for item in g["items"]]
    texts = [str(o["label"]) for o in options]
    return data | {"type": "checkboxes", "groups": groups, "options": options, "value": checked, "terms": terms_json(policy, *texts)}


def _extra_json(policy: Policy, page: Page, values: dict[str, str]) -> dict[str, Any]:
    data = _base(policy, page, EXTRA_QUESTION, EXTRA_HELP)
    options: list[dict[str, Any]] = []
    checked: list[str] = []
    for q in page.questions:
        if _expectation(q):
            continue
        options.append({"value": q.id, "label": q.text, "description": q.help})
        pair = _choice_pair(q)
        if pair and values.get(q.id) == pair[0].value:
            checked.append(q.id)
    expectations = [q for q in page.questions if _expectation(q)]
    if expectations:
        options.append({"value": EXPECTATIONS_ITEM, "label": EXTRA_EXPECTATIONS, "description": EXTRA_EXPECTATIONS_HELP})
        if page.answered(values) and any(values.get(q.id) != "" for q in expectations):
            checked.append(EXPECTATIONS_ITEM)
    texts = [str(o["label"]) for o in options]
    return data | {"type": "checkboxes", "groups": None, "options": options, "value": checked, "terms": terms_json(policy, *texts)}


def page_json(policy: Policy, provider: str, page: Page, values: dict[str, str]) -> dict[str, Any]:
    """A page as the browser draws it; a one-question page is that question."""
    if page.kind == PageKind.STATEMENTS:
        return _statements_json(policy, page, values)
    if page.kind == PageKind.UNMET:
        return _unmet_json(policy, page, values)
    if page.kind == PageKind.EXTRA:
        return _extra_json(policy, page, values)
    data = question_json(policy, provider, page.questions[0])
    data["kind"] = str(PageKind.QUESTION)
    data["stage"] = page.step
    data["stage_label"] = step_label(page.step)
    return data


# -- a page's answer, written back per question -------------------------------------------


@dataclass
class Applied:
    """What a page's answer does: answers to set, answers to clear, the page to show next
    (None: the next in order), or the Dutch message of an answer that cannot be used."""

    set: dict[str, str] = field(default_factory=dict)
    clear: list[str] = field(default_factory=list)
    goto: str | None = None
    error: str | None = None


def _checked(value: Any, allowed: list[str]) -> list[str] | None:
    """The checked boxes of a checkbox page (None when the value is not a list of them);
    one box may come as its value alone."""
    if isinstance(value, str):
        value = [value] if value else []
    if not isinstance(value, list) or not all(isinstance(v, str) and v in allowed for v in value):
        return None
    return value


def _apply_statements(pages: Pages, page: Page, value: Any) -> Applied:
    if value == YES:
        return Applied(set={q.id: _met(q).value for q in page.questions})  # type: ignore[union-attr]
    if value == NO:
        unmet = next(p for p in pages.by_id.values() if p.kind == PageKind.UNMET and p.questions == page.questions)
        return Applied(goto=unmet.id)
    return Applied(error=EMPTY_CHOICE)


def _apply_unmet(page: Page, value: Any) -> Applied:
    checked = _checked(value, [q.id for q in page.questions])
    if not checked:
        return Applied(error=UNMET_NONE)
    return Applied(set={q.id: (_unmet(q) if q.id in checked else _met(q)).value for q in page.questions})  # type: ignore[union-attr]


def _apply_extra(page: Page, value: Any, values: dict[str, str]) -> Applied:
    expectations = [q for q in page.questions if _expectation(q)]
    boxes = [q for q in page.questions if not _expectation(q)]
    allowed = [q.id for q in boxes] + ([EXPECTATIONS_ITEM] if expectations else [])
    checked = _checked(value, allowed)
    if checked is None:
        return Applied(error=EMPTY_CHOICE)
    applied = Applied()
    for q in boxes:
        yes, no = _choice_pair(q)  # type: ignore[misc]
        applied.set[q.id] = (yes if q.id in checked else no).value
    # Asked for the expectations: their page comes next; else they are left out ("").
    for q in expectations:
        if EXPECTATIONS_ITEM not in checked:
            applied.set[q.id] = ""
        elif values.get(q.id) == "":
            applied.clear.append(q.id)
    return applied


def apply(pages: Pages, page_id: str, value: Any, values: dict[str, str]) -> Applied:
    """A page's answer as one answer per question (a one-question page is not applied here)."""
    page = pages.by_id[page_id]
    if page.kind == PageKind.STATEMENTS:
        return _apply_statements(pages, page, value)
    if page.kind == PageKind.UNMET:
        return _apply_unmet(page, value)
    return _apply_extra(page, value, values)
