"""The "Zo vraagt u aan" box that opens each provider page: whether to act, the dates for
this kind of provider, and the next steps with for whom each one is.

Why only model data: the same timeline and next steps drive the procedure page and the
checker's results, so the box can never promise a step the checker does not give.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from checker.model import ALL, Question

if TYPE_CHECKING:
    from .render import Page

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")


@dataclass(frozen=True)
class StepGroup:
    """Next steps and for whom they are, in plain Dutch."""

    for_whom: str
    steps: tuple[str, ...]
    # False when the steps are for the whole kind of provider, not for one answer.
    by_answer: bool = True
    # The question answered, when the box names it above the steps (not in for_whom).
    question: str | None = None


def when_text(item: dict[str, Any]) -> str:
    """A timeline date said once, in the policy's words, with its year: "Uiterlijk 1 november 2023"."""
    year, month, day = (int(part) for part in item["date"].split("-"))
    when = item.get("when") or " ".join(filter(None, [item.get("prefix"), f"{day} {MONTHS[month - 1]}"]))
    return when if str(year) in when else f"{when} {year}"


def timeline_for(page: Page, provider_id: str) -> list[dict[str, Any]]:
    """The timeline entries that apply to this kind of provider ('alle' when not given)."""
    return [t for t in page.policy.data["procedure"]["timeline"] if page.policy.applies(_types(t.get("provider_types", ALL)), provider_id)]


def step_groups(page: Page, provider_id: str) -> list[StepGroup]:
    """Every next step this kind of provider can reach, grouped by the answer that leads there."""
    policy = page.policy
    pt = policy.provider_types[provider_id]
    if pt.refusal:
        return [StepGroup(f"Voor een {pt.label.lower()}", pt.next_steps, by_answer=False)] if pt.next_steps else []
    routing = routing_question(page, provider_id)
    # The answers to the routing question first: the box names that question above them.
    groups = [StepGroup(f"Als u ‘{o.label}’ antwoordt", o.next_steps, question=routing.text) for o in (routing.options if routing else ()) if o.next_steps]
    for q in policy.questions_for(provider_id):
        if q is routing:
            continue
        groups += [StepGroup(_answered(q, o.label), o.next_steps) for o in q.options if o.next_steps]
    defaults = policy.data["procedure"]["default_next_steps"]
    if pt.verdict_if_met == "contact" and defaults.get("contact"):
        groups.append(StepGroup("Als u aan de voorwaarden voldoet", tuple(defaults["contact"])))
    if defaults.get("not_eligible"):
        groups.append(StepGroup("Als u niet aan een voorwaarde voldoet", tuple(defaults["not_eligible"])))
    return groups


def routing_question(page: Page, provider_id: str) -> Question | None:
    """The procedure question whose answer decides what to do (e.g. contracted last year?)."""
    return next((q for q in page.policy.questions_for(provider_id) if q.stage == "procedure" and any(o.next_steps for o in q.options)), None)


def apply_box(page: Page, provider_id: str) -> str:
    """The box as HTML, for the top of the provider page."""
    policy = page.policy
    pt = policy.provider_types[provider_id]
    parts = ['<section class="apply-box" aria-labelledby="zo-vraagt-u-aan">', '<h2 id="zo-vraagt-u-aan">Zo vraagt u aan</h2>']
    # Whether to act: either a.s.r. does not contract this kind, or it depends on one answer.
    routing = routing_question(page, provider_id)
    if pt.refusal:
        parts.append(f"<p><strong>a.s.r. sluit geen contract met een {escape(pt.label.lower())}.</strong></p>")
    elif pt.verdict_if_met == "contact":
        parts.append("<p><strong>Neem contact op met a.s.r.</strong> Hoe en waarom staat hieronder.</p>")
    elif routing is not None:
        parts.append(f"<p><strong>Of u iets moet doen, hangt af van uw antwoord op:</strong> {escape(routing.text)}</p>")
    else:
        parts.append("<p><strong>Wilt u een contract?</strong> Volg de stappen hieronder.</p>")
    dates = timeline_for(page, provider_id)
    if dates:
        items = "".join(
            f'<li><time datetime="{escape(t["date"])}">{escape(when_text(t))}</time>: {escape(t["what"])}. '
            f'<span class="apply-who">Wie: {escape(t["who"])}</span></li>'
            for t in dates
        )
        parts.append(f'<h3>Data</h3><ul class="apply-dates">{items}</ul>')
    groups = step_groups(page, provider_id)
    if groups:
        parts.append("<h3>Wat u doet</h3>")
        parts.append('<dl class="apply-steps">' + "".join(_group(page, g) for g in groups) + "</dl>")
    if not pt.refusal:
        parts.append(f'<p><a href="{page.rel("checker/")}#type={pt.id}">Check met de checker wat voor u geldt</a>.</p>')
    parts.append("</section>")
    return "".join(parts)


def step_audiences(page: Page) -> dict[str, list[str]]:
    """For each next step, for whom it is: the kinds of provider, and the answer that leads
    there. For the procedure page, where all steps are listed together."""
    policy = page.policy
    found: dict[str, dict[tuple[str, bool], list[str]]] = {}
    for pid, pt in policy.provider_types.items():
        for group in step_groups(page, pid):
            for_whom = f"{group.for_whom} op: {group.question}" if group.question else group.for_whom
            for sid in group.steps:
                found.setdefault(sid, {}).setdefault((for_whom, group.by_answer), []).append(pt.label)
    contractable = [pt.label for pt in policy.provider_types.values() if pt.contractable]
    out: dict[str, list[str]] = {}
    for sid, groups in found.items():
        lines = []
        for (for_whom, by_answer), labels in groups.items():
            who = "Iedere soort zorgaanbieder" if labels == contractable else _and(labels)
            lines.append(f"{who}, {for_whom[0].lower()}{for_whom[1:]}" if by_answer else who)
        out[sid] = lines
    return out


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def _group(page: Page, group: StepGroup) -> str:
    items = []
    for sid in group.steps:
        step = page.policy.next_steps[sid]
        html = f'<a href="{page.rel(f"procedure/#stap-{step.id}")}">{escape(step.title)}</a>'
        if step.mailto:
            html += f' (e-mail: <a href="mailto:{escape(step.mailto["to"])}">{escape(step.mailto["to"])}</a>)'
        items.append(f"<li>{html}</li>")
    return f"<dt>{escape(group.for_whom)}:</dt><dd><ul>{''.join(items)}</ul></dd>"


def _answered(question: Question, label: str) -> str:
    return f"Als u ‘{label}’ antwoordt op: {question.text}"


def _types(raw: Any) -> tuple[str, ...] | str:
    return ALL if raw == ALL else tuple(raw)
