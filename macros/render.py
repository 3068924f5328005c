"""Markdown/HTML for the site, from the policy model. No decisions about the policy here:
what applies to whom comes from `checker`; this module only lays it out.

Why raw HTML for blocks: conditions need stable `id` anchors and escaped policy text;
headings stay Markdown so the table of contents and search pick them up.
"""

from __future__ import annotations

from html import escape

from authoring.cases import CaseRun, run_all
from checker.engine import RECHECK_KEY, answer_effect, provider_status, rule_outcome
from checker.model import Block, Condition, Contact, ProviderType, Section
from checker.words import KIND_LABELS, RECHECK, VERDICT_LABELS

from .apply_box import apply_box, step_audiences
from .page import CHANGE_LABELS, Page, md_heading, note

# -- policy sections -------------------------------------------------------------------


def section_page(page: Page, section_id: str) -> str:
    return _section(page, page.policy.sections[section_id], 1)


def _section(page: Page, section: Section, level: int) -> str:
    out = [f"{'#' * level} {md_heading(section.title)} {{#{section.id}}}", ""]
    for block in section.blocks:
        out += [block_html(page, block), ""]
    for sub in section.sections:
        out.append(_section(page, sub, min(level + 1, 6)))
    return "\n".join(out)


def block_html(page: Page, block: Block) -> str:
    ident = f' id="{escape(block.id)}"' if block.id is not None else ""
    if block.p is not None:
        return f"<p{ident}>{escape(block.p)}</p>"
    if block.list:
        items = "".join(f"<li>{escape(i)}</li>" for i in block.list)
        return f"<ul{ident}>{items}</ul>"
    if block.conditions:
        items = "".join(condition_item(page, page.policy.conditions[c], quote=False) for c in block.conditions)
        return f'<ul class="conditions"{ident}>{items}</ul>'
    if block.table is not None:
        return page.table(list(block.table.columns), [[escape(c) for c in row] for row in block.table.rows])
    return _shown_block(page, block)


def _shown_block(page: Page, block: Block) -> str:
    """A block that shows other data here: the timeline, contacts, changes, entities."""
    if block.timeline:
        return timeline(page)
    if block.contacts:
        return contacts(page)
    if block.changes:
        return changes(page)
    if block.entities:
        return entities(page)
    if block.note is not None:
        return note(block.note)
    raise ValueError(f"onbekend blok: {block}")


def condition_item(page: Page, cond: Condition, quote: bool = True) -> str:
    """One condition with its anchor, its kind and (on provider pages) its source."""
    badge = f'<span class="badge badge--{cond.kind}">{KIND_LABELS[cond.kind]}</span>'
    change = page.changed.get(cond.id)
    # A condition listed here is in this year: never a removed one.
    if change in CHANGE_LABELS:
        href = page.rel(f"beleid/wijzigingen/#wijziging-{cond.id}")
        badge += f' <a class="badge badge--changed" href="{href}">{CHANGE_LABELS[change]} sinds {page.previous_year}</a>'
    parts = [f'<li id="{cond.id}" class="condition condition--{cond.kind}">{badge} {escape(cond.text)}']
    if quote:
        url = page.rel(page.policy.condition_url(cond.id))
        parts.append(
            f'<span class="source">Bron: <a href="{url}">{escape(page.section_title(cond.source.section))}</a>: <q>{escape(cond.source.quote)}</q></span>'
        )
    when = page.policy.only_when_text(cond.ask_if)
    if when:
        parts.append(f'<span class="condition-when">{escape(when)}</span>')
    if cond.by_asr:
        parts.append('<span class="condition-assessor">Dit beoordeelt a.s.r. zelf; de checker vraagt er niet naar.</span>')
    if cond.note:
        parts.append(f'<span class="condition-note"><strong>Let op:</strong> {escape(cond.note)}</span>')
    parts.append("</li>")
    return "".join(parts)


def timeline(page: Page) -> str:
    rows = []
    for t in page.policy.timeline:
        # The wording is derived from the date ("uiterlijk 1 november 2023"), said once.
        when = f'<time datetime="{t.date}">{escape(t.when_with_year)}</time>'
        rows.append([f'<span id="tijdpad-{t.id}">{escape(t.what)}</span>', escape(t.who), when])
    return page.table(["Wat", "Wie", "Wanneer"], rows)


def contacts(page: Page, only_table: bool = True) -> str:
    rows = []
    for c in page.policy.contacts.values():
        if only_table and not c.in_table:
            continue
        rows.append([escape(c.topic), escape(c.who), contact_html(c)])
    return page.table(["Vragen over", "Wie", "Contactgegevens"], rows)


def changes(page: Page) -> str:
    rows = []
    for ch in page.policy.changes:
        text = "".join(f"<p>{escape(p)}</p>" for p in ch.change)
        if ch.section:
            text += f'<p><a href="{page.rel(page.policy.anchor_url(ch.section))}">Lees meer: {escape(page.section_title(ch.section))}</a></p>'
        rows.append([f'<span id="wijziging-{ch.id}">{escape(ch.topic)}</span>', text])
    return page.table(["Onderwerp", "Wijziging"], rows)


def entities(page: Page) -> str:
    items = []
    for e in page.policy.meta.legal_entities:
        extra = f' <span class="condition-note">({escape(e.note)})</span>' if e.note else ""
        items.append(f"<li>{escape(e.name)}, KvK {escape(e.kvk)}, {escape(e.city)}{extra}</li>")
    return f"<ul>{''.join(items)}</ul>"


def contact_html(c: Contact) -> str:
    parts = []
    if c.url:
        parts.append(f'<a href="https://{escape(c.url)}">{escape(c.url)}</a>')
    if c.email:
        parts.append(f'<a href="{escape(c.mailto or "")}">{escape(c.email)}</a>')
    if c.phone:
        parts.append(f'<a href="{c.tel}">{escape(c.phone)}</a>')
    return "<br>".join(parts)


# -- provider types --------------------------------------------------------------------

LEGEND = (
    '<p class="legend">Voldoet u aan een <strong>contractvoorwaarde</strong> niet, of geldt een '
    "<strong>uitsluitingsgrond</strong> of <strong>inkoopregel</strong>, dan sluit a.s.r. geen contract. "
    "Een <strong>verwachting</strong> is wat a.s.r. van u verwacht; daar hangt het contract niet van af. "
    "Wat <strong>a.s.r. daarnaast beoordeelt</strong>, beoordeelt a.s.r. zelf.</p>"
)


def provider_page(page: Page, provider_id: str) -> str:
    """Everything one provider type must know, in the groups the model decides."""
    pt = page.policy.provider_types[provider_id]
    out = [f"# {md_heading(pt.label)} {{#{pt.id}}}", "", f'<p class="lead">{escape(pt.description)}</p>', ""]
    out += [apply_box(page, provider_id), ""]
    out += [f"<p>In het beleid: {page.passage_link(pt.section)}.</p>", ""]
    if pt.refusal:
        return "\n".join(out + _refusal(page, pt))
    if pt.verdict_if_met == "contact" and pt.contact_reason:
        out += [note(pt.contact_reason, title="Let op"), ""]
    out += [LEGEND, ""]
    for group in page.policy.groups_for(provider_id):
        out += [f"## {md_heading(group.title)} {{#{group.id}}}", ""]
        if group.intro:
            out += [f"<p>{escape(group.intro)}</p>", ""]
        out += [_conditions(page, group.conditions), ""]
    out += _arrangements(page, provider_id)
    out += [
        "## Check uw situatie {#checker}",
        "",
        f'<p><a class="md-button md-button--primary" href="{page.rel("checker/")}#type={pt.id}">Start de checker voor {escape(pt.label.lower())}</a></p>',
        "",
    ]
    return "\n".join(out)


def _refusal(page: Page, pt: ProviderType) -> list[str]:
    """A type a purchasing rule refuses: the outcome, the rule and what it can do."""
    assert pt.refusal is not None
    rule = page.policy.conditions[pt.refusal]
    out = [f"## {md_heading(VERDICT_LABELS[rule_outcome(rule).verdict])} {{#uitkomst}}", ""]
    # Only a rule's own outcome text: the default repeats the rule, listed right below.
    if rule.outcome:
        out += [f"<p>{escape(rule.outcome.text)}</p>", ""]
    out += [f'<ul class="conditions">{condition_item(page, rule)}</ul>', ""]
    return out + _steps_list(page, rule.next_steps)


def _arrangements(page: Page, provider_id: str) -> list[str]:
    """The questions on top of the conditions (surcharges, arrangements, procedure) with
    what each answer does, in the engine's words."""
    policy = page.policy
    extra = policy.arrangement_questions(provider_id)
    if not extra:
        return []
    items = []
    for q in extra:
        answers = "".join(
            f"<li><strong>{escape(o.label)}:</strong> {escape(answer_effect(policy, provider_id, q, o).text)}"
            + (f". {escape(o.message)}" if o.message else "")
            + "</li>"
            for o in q.options
        )
        items.append(
            f'<li id="{q.id}" class="arrangement">{escape(q.text)}'
            + (f"<ul>{answers}</ul>" if answers else "")
            + f'<span class="source">Bron: {page.passage_link(q.source.section)}: <q>{escape(q.source.quote)}</q></span></li>'
        )
    return ["## Toeslagen, bijzondere afspraken en procedure {#afspraken}", "", f'<ul class="arrangements">{"".join(items)}</ul>', ""]


def _conditions(page: Page, items: list[Condition]) -> str:
    return '<ul class="conditions">' + "".join(condition_item(page, c) for c in items) + "</ul>"


def _steps_list(page: Page, step_ids: tuple[str, ...] | list[str]) -> list[str]:
    if not step_ids:
        return []
    out = ["## Wat u kunt doen {#vervolgstappen}", ""]
    for sid in step_ids:
        out.append(step_html(page, sid))
    return [*out, ""]


def step_html(page: Page, step_id: str, for_whom: list[str] | None = None) -> str:
    step = page.policy.next_steps[step_id]
    html = f'<div class="next-step" id="stap-{step.id}"><h3>{escape(step.title)}</h3>'
    if step.audience:
        html += f'<p class="step-for">Voor: {escape(step.audience)}</p>'
    if for_whom:
        whom = "".join(f"<li>{escape(w)}</li>" for w in for_whom)
        html += f'<p class="step-for"><strong>In de uitslag van:</strong></p><ul class="step-for">{whom}</ul>'
    html += f"<p>{escape(step.text)}</p>"
    if step.mailto:
        html += f'<p>E-mail: <a href="{escape(step.mailto.address_link)}">{escape(step.mailto.to)}</a></p>'
    if step.start:
        label = page.policy.provider_types[step.start].label
        href = page.rel("checker/") + f"#type={step.start}"
        html += f'<p><a class="md-button" href="{href}">Start de checker als {escape(label[0].lower() + label[1:])}</a></p>'
    if step.source:
        html += f'<p class="source">Bron: {page.passage_link(step.source.section)}</p>'
    return html + "</div>"


def provider_index(page: Page) -> str:
    rows = []
    for pt in page.policy.provider_types.values():
        link = f'<a href="{page.rel(f"zorgaanbieders/{pt.id}/")}">{escape(pt.label)}</a>'
        status = escape(provider_status(page.policy, pt.id))
        rows.append([link, escape(pt.description), status])
    return page.table(["Soort zorgaanbieder", "Wie", "Contract"], rows)


# -- policy tests ----------------------------------------------------------------------


def policy_tests_page(page: Page) -> str:
    """The policy tests (tests.yaml) as a fact-check table per provider type: the
    answers, the outcome the policy gives and what the checker says now."""
    runs = run_all(page.policy)
    ok = sum(r.ok for r in runs)
    out = [
        f"<p>{len(runs)} gevallen, waarvan {ok} kloppen met de checker. Vragen die bij een geval niet genoemd "
        "worden, zijn beantwoord zoals een zorgaanbieder die aan alles voldoet en geen bijzondere afspraken wil.</p>",
        "",
    ]
    for pt in page.policy.provider_types.values():
        mine = [r for r in runs if r.case.type == pt.id]
        if not mine:
            continue
        out += [f"## {md_heading(pt.label)} {{#tests-{pt.id}}}", ""]
        rows = [_case_row(page, run) for run in mine]
        out += [page.table(["Geval", "Antwoorden", "Uitslag volgens het beleid", "Uitslag van de checker", "Controle"], rows), ""]
    return "\n".join(out)


def _case_row(page: Page, run: CaseRun) -> list[str]:
    policy = page.policy
    given = run.case.answers
    items = "".join(
        f"<li>{escape(RECHECK)} <strong>Ja</strong></li>"
        if q == RECHECK_KEY
        else f"<li>{escape(policy.questions[q].text)} <strong>{escape(_answer_label(page, q, v))}</strong></li>"
        for q, v in given.items()
    )
    answers = f"<ul>{items}</ul>" if given else "Alles voldaan"
    expected = VERDICT_LABELS[run.case.verdict]
    got = run.result.label if run.result else "geen uitslag"
    unmet = ", ".join(f'<a href="{page.rel(policy.condition_url(u.id))}">{escape(u.id)}</a>' for u in (run.result.unmet if run.result else []))
    check = "klopt" if run.ok else "klopt niet: " + "; ".join(run.failures)
    return [escape(run.case.name), answers, escape(expected), escape(got) + (f"<br>Niet voldaan: {unmet}" if unmet else ""), escape(check)]


def _answer_label(page: Page, question_id: str, value: str) -> str:
    option = page.policy.questions[question_id].option(value)
    return option.label if option else value


# -- procedure -------------------------------------------------------------------------


def procedure_page(page: Page) -> str:
    out = ["## Tijdpad {#tijdpad}", "", timeline(page), ""]
    out += ["## Vervolgstappen {#vervolgstappen}", ""]
    audiences = step_audiences(page)
    for sid in page.policy.next_steps:
        out.append(step_html(page, sid, audiences.get(sid)))
    out += ["", "## Contact {#contact}", "", contacts(page, only_table=False), ""]
    return "\n".join(out)
