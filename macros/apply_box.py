"""The "Zo vraagt u aan" box that opens each provider page: whether to act, the dates for
this kind of provider, and the next steps of each outcome the checker can give.

Why from the engine: the steps listed per outcome are the steps `checker.engine` gives on
the paths through this provider's questions (`authoring.paths.outcomes`), so the box can
never promise a step the checker does not give, and never decides anything itself.
"""

from __future__ import annotations

from html import escape

from authoring.paths import outcomes
from checker.engine import rule_outcome
from checker.words import VERDICT_LABELS

from .page import Page


def apply_box(page: Page, provider_id: str) -> str:
    """The box as HTML, for the top of the provider page."""
    policy = page.policy
    pt = policy.provider_types[provider_id]
    parts = ['<section class="apply-box" aria-labelledby="zo-vraagt-u-aan">', '<h2 id="zo-vraagt-u-aan">Zo vraagt u aan</h2>']
    if pt.refusal:
        outcome = rule_outcome(policy.conditions[pt.refusal])
        parts.append(f"<p><strong>{escape(VERDICT_LABELS[outcome.verdict])}.</strong> {escape(outcome.text)}</p>")
    else:
        first = policy.route_questions(provider_id)
        if first:
            asks = " ".join(f"‘{escape(q.text)}’" for q in first)
            parts.append(f"<p><strong>Wat u doet, hangt af van uw antwoorden.</strong> De checker vraagt eerst: {asks}</p>")
        else:
            parts.append("<p><strong>Wilt u een contract?</strong> De checker zegt welke stappen bij uw situatie horen.</p>")
    dates = policy.timeline_for(provider_id)
    if dates:
        items = "".join(
            f'<li><time datetime="{escape(t.date)}">{escape(t.when_with_year)}</time>: {escape(t.what)}. '
            f'<span class="apply-who">Wie: {escape(t.who)}</span></li>'
            for t in dates
        )
        parts.append(f'<h3>Data</h3><ul class="apply-dates">{items}</ul>')
    found = [o for o in outcomes(policy, provider_id) if o.steps]
    if found:
        parts.append("<h3>Wat u doet, per uitslag</h3>")
        parts.append('<dl class="apply-steps">' + "".join(_outcome(page, o.label, o.steps) for o in found) + "</dl>")
    if not pt.refusal:
        parts.append(f'<p><a href="{page.rel("checker/")}#type={pt.id}">Check met de checker wat voor u geldt</a>.</p>')
    parts.append("</section>")
    return "".join(parts)


def step_audiences(page: Page) -> dict[str, list[str]]:
    """For each next step, for whom it is: the kinds of provider and the outcome that gives
    it, as the engine decides. For the procedure page, where all steps stand together."""
    policy = page.policy
    found: dict[str, list[str]] = {}
    for pid, pt in policy.provider_types.items():
        for outcome in outcomes(policy, pid):
            for sid in outcome.steps:
                found.setdefault(sid, []).append(f"{pt.label}, bij de uitslag ‘{outcome.label}’")
    return found


def _outcome(page: Page, label: str, steps: tuple[str, ...]) -> str:
    items = []
    for sid in steps:
        step = page.policy.next_steps[sid]
        html = f'<a href="{page.rel(f"procedure/#stap-{step.id}")}">{escape(step.title)}</a>'
        if step.mailto:
            html += f' (e-mail: <a href="{escape(step.mailto.address_link)}">{escape(step.mailto.to)}</a>)'
        items.append(f"<li>{html}</li>")
    return f"<dt>Als de checker zegt: ‘{escape(label)}’</dt><dd><ul>{''.join(items)}</ul></dd>"
