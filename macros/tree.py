"""The published decision tree of one provider type: an inline SVG drawn at build time
plus the same flow as a text list for screen readers and print.

Why inline SVG and not Mermaid: nothing to load at run time, it prints, and every node
is a real link to its passage.
"""

from __future__ import annotations

import textwrap
from html import escape

from authoring.paths import reachable_verdicts
from checker.engine import answer_effect, rule_outcome
from checker.model import Question
from checker.words import STAGE_LABELS, VERDICT_LABELS

from .page import Page, md_heading

WIDTH, BOX_X, BOX_W, SIDE_X, SIDE_W = 760, 10, 470, 520, 230
LINE_H, PAD, GAP, CHARS, SIDE_CHARS = 18, 10, 26, 58, 28


def outcome(page: Page, provider_id: str, q: Question, value: str) -> tuple[str, str]:
    """What one answer does, in the engine's words, and a CSS class for its colour."""
    option = q.option(value)
    if option is None:
        return "", ""
    effect = answer_effect(page.policy, provider_id, q, option)
    return effect.text, effect.tone


def flow_questions(page: Page, provider_id: str) -> list[Question]:
    return page.policy.questions_for(provider_id)


def question_url(page: Page, q: Question) -> str:
    policy = page.policy
    return page.rel(policy.condition_url(q.condition.id) if q.condition else policy.anchor_url(q.source.section))


def end_text(page: Page, provider_id: str) -> str:
    """The possible outcomes of this type's flow, in the engine's words."""
    policy = page.policy
    pt = policy.provider_types[provider_id]
    if pt.refusal:
        return VERDICT_LABELS[rule_outcome(policy.conditions[pt.refusal]).verdict]
    verdicts = reachable_verdicts(policy, provider_id)
    return " of ".join(VERDICT_LABELS[v].lower() if i else VERDICT_LABELS[v] for i, v in enumerate(verdicts)) + " (zie de antwoorden hierboven)"


def svg(page: Page, provider_id: str) -> str:
    policy = page.policy
    pt = policy.provider_types[provider_id]
    questions = flow_questions(page, provider_id)
    parts: list[str] = []
    y = 10
    title_id = f"boom-{pt.id}-titel"

    def box(lines: list[str], y: int, x: int, w: int, cls: str, href: str | None = None) -> int:
        h = PAD * 2 + LINE_H * len(lines)
        text = "".join(f'<text x="{x + PAD}" y="{y + PAD + LINE_H * (i + 1) - 4}">{escape(line)}</text>' for i, line in enumerate(lines))
        shape = f'<rect class="node node--{cls}" x="{x}" y="{y}" width="{w}" height="{h}" rx="6"/>{text}'
        if href:
            shape = f'<a href="{escape(href)}">{shape}</a>'
        parts.append(shape)
        return h

    def arrow(y1: int, y2: int) -> None:
        x = BOX_X + BOX_W // 2
        parts.append(
            f'<line class="edge" x1="{x}" y1="{y1}" x2="{x}" y2="{y2 - 6}"/><polygon class="edge-head" points="{x - 5},{y2 - 8} {x + 5},{y2 - 8} {x},{y2}"/>'
        )

    y += box([f"Soort zorgaanbieder: {pt.label}"], y, BOX_X, BOX_W, "start")
    if pt.refusal:
        rule = policy.conditions[pt.refusal]
        arrow(y, y + GAP)
        y += GAP
        y += box(textwrap.wrap(f"{end_text(page, provider_id)}: {rule.text}", CHARS), y, BOX_X, BOX_W, "stop", page.rel(policy.condition_url(rule.id)))
    stage = None
    for q in questions:
        arrow(y, y + GAP)
        y += GAP
        if q.stage != stage:
            stage = q.stage
            parts.append(f'<text class="stage" x="{SIDE_X}" y="{y - 8}">{escape(STAGE_LABELS[stage])}</text>')
        lines = textwrap.wrap(q.text, CHARS)
        cond = page.policy.only_when_text(q.ask_if)
        if cond:
            lines += textwrap.wrap(cond, CHARS)
        top = y
        h = box(lines, y, BOX_X, BOX_W, "question", question_url(page, q))
        effects = [(o.label, *outcome(page, provider_id, q, o.value)) for o in q.options] if q.type == "choice" else [("invullen", "ga verder", "ok")]
        side = [f"{label}: {what}" for label, what, _ in effects]
        side_lines = [line for s in side for line in textwrap.wrap(s, SIDE_CHARS)]
        worst = next((c for tone in ("stop", "elsewhere", "contact", "warn") for _, _, c in effects if c == tone), "ok")
        parts.append(f'<line class="edge" x1="{BOX_X + BOX_W}" y1="{top + 20}" x2="{SIDE_X}" y2="{top + 20}"/>')
        h2 = box(side_lines, top, SIDE_X, SIDE_W, worst)
        y += max(h, h2)
    arrow(y, y + GAP)
    y += GAP
    end = f"Uitslag: {end_text(page, provider_id)}"
    y += box(textwrap.wrap(end, CHARS), y, BOX_X, BOX_W, "end")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {y + 10}" width="{WIDTH}" height="{y + 10}" '
        f'aria-labelledby="{title_id}" class="tree">'
        f'<title id="{title_id}">Beslisboom voor {escape(pt.label)}</title>{"".join(parts)}</svg>'
    )


def text_version(page: Page, provider_id: str) -> str:
    policy = page.policy
    pt = policy.provider_types[provider_id]
    if pt.refusal:
        refusal = policy.conditions[pt.refusal]
        return (
            f"<p>Er zijn geen vragen. Uitslag: {escape(end_text(page, provider_id))}. "
            f'<a href="{page.rel(policy.condition_url(refusal.id))}">{escape(refusal.text)}</a></p>'
        )
    items = []
    stage = None
    for q in flow_questions(page, provider_id):
        if q.stage != stage:
            if stage is not None:
                items.append("</ol></li>")
            stage = q.stage
            items.append(f"<li><strong>{escape(STAGE_LABELS[stage])}</strong><ol>")
        answers = (
            "; ".join(f"{escape(o.label)}: {escape(outcome(page, provider_id, q, o.value)[0])}" for o in q.options)
            if q.type == "choice"
            else ("invullen (mag leeg blijven)" if q.optional else "invullen")
        )
        cond = page.policy.only_when_text(q.ask_if)
        items.append(
            f'<li id="stap-{q.id}"><a href="{question_url(page, q)}">{escape(q.text)}</a>'
            + (f" <em>{escape(cond)}</em>" if cond else "")
            + f'<br><span class="source">{answers}</span></li>'
        )
    if stage is not None:
        items.append("</ol></li>")
    return f'<ol class="tree-text">{"".join(items)}</ol>'


def tree_page(page: Page, provider_id: str) -> str:
    pt = page.policy.provider_types[provider_id]
    checker_link = page.rel("checker/") + f"#type={pt.id}"
    return "\n".join(
        [
            f"# Beslisboom: {md_heading(pt.label)} {{#beslisboom}}",
            "",
            f"<p>Zo loopt de checker voor {escape(pt.label.lower())}. Elke vraag linkt naar de passage in het beleid. "
            f'<a href="{checker_link}">Doorloop de checker zelf</a>.</p>',
            "",
            "## Schema {#schema}",
            "",
            f'<div class="decision-tree">{svg(page, provider_id)}</div>',
            "",
            "## Als tekst {#tekst}",
            "",
            text_version(page, provider_id),
            "",
        ]
    )
