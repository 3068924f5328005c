"""Markdown/HTML for the site, from the policy model. No decisions about the policy here:
what applies to whom comes from `checker`; this module only lays it out.

Why raw HTML for blocks: conditions need stable `id` anchors and escaped policy text;
headings stay Markdown so the table of contents and search pick them up.
"""

from __future__ import annotations

import posixpath
import re
from html import escape
from typing import Any

from authoring.cases import run_all
from authoring.diff import PolicyDiff
from checker.engine import answer_effect, provider_status, rule_outcome
from checker.model import Condition, Policy, date_phrase
from checker.words import KIND_LABELS, VERDICT_LABELS

from .apply_box import apply_box, step_audiences, when_text


class Page:
    """Renders for one page: knows its own URL, so every link is relative and works
    from any folder the site is published in."""

    def __init__(self, policy: Policy, url: str, diff: PolicyDiff | None = None):
        self.policy = policy
        self.url = url or ""
        # Conditions new or changed since the previous year, marked where they are listed.
        self.changed = {c.id: c.kind for c in diff.by_area("conditions")} if diff else {}
        self.previous_year = diff.old_year if diff else None

    # -- links -----------------------------------------------------------------------

    def rel(self, target: str) -> str:
        """A site-root-relative URL ('beleid/voorwaarden/#x') made relative to this page."""
        path, _, anchor = target.partition("#")
        here = posixpath.dirname(self.url.rstrip("/") + "/x") if self.url else "."
        link = posixpath.relpath(path or ".", here or ".")
        if path.endswith("/") and not link.endswith("/"):
            link += "/"
        if link == "./":
            link = "./"
        return link + (f"#{anchor}" if anchor else "")

    def section_title(self, section_id: str) -> str:
        """'Voorwaarden › Alle zorgaanbieders': the path of titles down to a section."""
        titles = []
        sid: str | None = section_id
        while sid:
            titles.append(self.policy.sections[sid]["title"])
            sid = self.policy.section_parent[sid]
        return " › ".join(reversed(titles))

    def passage_link(self, section_id: str, anchor: str | None = None) -> str:
        """A link to a passage, named by the path of section titles that leads to it."""
        url = self.rel(self.policy.anchor_url(section_id, anchor))
        return f'<a href="{url}">{escape(self.section_title(section_id))}</a>'

    # -- policy sections -------------------------------------------------------------

    def section_page(self, section_id: str) -> str:
        section = self.policy.sections[section_id]
        return self._section(section, 1)

    def _section(self, section: dict[str, Any], level: int) -> str:
        out = [f"{'#' * level} {_md_heading(section['title'])} {{#{section['id']}}}", ""]
        for block in section.get("blocks", []):
            out += [self.block(block), ""]
        for sub in section.get("sections", []):
            out.append(self._section(sub, min(level + 1, 6)))
        return "\n".join(out)

    def block(self, block: dict[str, Any]) -> str:
        ident = f' id="{escape(block["id"])}"' if "id" in block else ""
        if "p" in block:
            return f"<p{ident}>{escape(block['p'])}</p>"
        if "list" in block:
            items = "".join(f"<li>{escape(i)}</li>" for i in block["list"])
            return f"<ul{ident}>{items}</ul>"
        if "conditions" in block:
            items = "".join(self.condition_item(self.policy.conditions[c], quote=False) for c in block["conditions"])
            return f'<ul class="conditions"{ident}>{items}</ul>'
        if "table" in block:
            return self.table(block["table"]["columns"], [[escape(c) for c in row] for row in block["table"]["rows"]])
        if "timeline" in block:
            return self.timeline()
        if "contacts" in block:
            return self.contacts()
        if "changes" in block:
            return self.changes()
        if "entities" in block:
            return self.entities()
        if "note" in block:
            return note(block["note"])
        raise ValueError(f"onbekend blok: {sorted(block)}")

    def condition_item(self, cond: Condition, quote: bool = True) -> str:
        """One condition with its anchor, its kind and (on provider pages) its source."""
        badge = f'<span class="badge badge--{cond.kind}">{KIND_LABELS[cond.kind]}</span>'
        change = self.changed.get(cond.id)
        if change in ("added", "changed", "moved"):
            word = {"added": "Nieuw", "changed": "Gewijzigd", "moved": "Verplaatst"}[change]
            href = self.rel(f"beleid/wijzigingen/#wijziging-{cond.id}")
            badge += f' <a class="badge badge--changed" href="{href}">{word} sinds {self.previous_year}</a>'
        parts = [f'<li id="{cond.id}" class="condition condition--{cond.kind}">{badge} {escape(cond.text)}']
        if quote:
            url = self.rel(self.policy.condition_url(cond.id))
            parts.append(
                f'<span class="source">Bron: <a href="{url}">{escape(self.section_title(cond.source.section))}</a>: <q>{escape(cond.source.quote)}</q></span>'
            )
        when = self.policy.when_text(cond.ask_if)
        if when:
            parts.append(f'<span class="condition-when">{escape(when)}</span>')
        if cond.by_asr:
            parts.append('<span class="condition-assessor">Dit beoordeelt a.s.r. zelf; de checker vraagt er niet naar.</span>')
        if cond.note:
            parts.append(f'<span class="condition-note"><strong>Let op:</strong> {escape(cond.note)}</span>')
        parts.append("</li>")
        return "".join(parts)

    def table(self, columns: list[str], rows: list[list[str]], caption: str | None = None) -> str:
        """An HTML table; cells are already-escaped HTML."""
        cap = f"<caption>{escape(caption)}</caption>" if caption else ""
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
        # data-label: on a phone each row is stacked and each cell names its column (site.css).
        labels = [escape(c) for c in columns]
        body = "".join("<tr>" + "".join(f'<td data-label="{label}">{c}</td>' for label, c in zip(labels, row, strict=False)) + "</tr>" for row in rows)
        return f'<div class="table-wrap"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'

    def timeline(self) -> str:
        rows = []
        for t in self.policy.timeline:
            # The wording is derived from the date ("uiterlijk 1 november 2023"), said once.
            when = f'<time datetime="{t["date"]}">{escape(when_text(t))}</time>'
            rows.append([f'<span id="tijdpad-{t["id"]}">{escape(t["what"])}</span>', escape(t["who"]), when])
        return self.table(["Wat", "Wie", "Wanneer"], rows)

    def contacts(self, only_table: bool = True) -> str:
        rows = []
        for c in self.policy.contact_list:
            if only_table and not c.get("in_table", False):
                continue
            rows.append([escape(c["topic"]), escape(c["who"]), contact_html(c)])
        return self.table(["Vragen over", "Wie", "Contactgegevens"], rows)

    def changes(self) -> str:
        rows = []
        for ch in self.policy.change_table:
            text = "".join(f"<p>{escape(p)}</p>" for p in ch["change"])
            if ch.get("section"):
                text += f'<p><a href="{self.rel(self.policy.anchor_url(ch["section"]))}">Lees meer: {escape(self.section_title(ch["section"]))}</a></p>'
            rows.append([f'<span id="wijziging-{ch["id"]}">{escape(ch["topic"])}</span>', text])
        return self.table(["Onderwerp", "Wijziging"], rows)

    def entities(self) -> str:
        items = []
        for e in self.policy.meta["legal_entities"]:
            extra = f' <span class="condition-note">({escape(e["note"])})</span>' if e.get("note") else ""
            items.append(f"<li>{escape(e['name'])}, KvK {escape(e['kvk'])}, {escape(e['city'])}{extra}</li>")
        return f"<ul>{''.join(items)}</ul>"

    # -- provider types --------------------------------------------------------------

    def provider_page(self, provider_id: str) -> str:
        """Everything one provider type must know, in the groups the model decides."""
        policy = self.policy
        pt = policy.provider_types[provider_id]
        out = [f"# {_md_heading(pt.label)} {{#{pt.id}}}", "", f'<p class="lead">{escape(pt.description)}</p>', ""]
        out += [apply_box(self, provider_id), ""]
        section_link = self.passage_link(pt.section)
        out += [f"<p>In het beleid: {section_link}.</p>", ""]
        if pt.refusal:
            rule = policy.conditions[pt.refusal]
            out += [f"## {_md_heading(VERDICT_LABELS[rule_outcome(rule).verdict])} {{#uitkomst}}", ""]
            # Only a rule's own outcome text: the default repeats the rule, listed right below.
            if rule.outcome:
                out += [f"<p>{escape(rule.outcome.text)}</p>", ""]
            out += [f'<ul class="conditions">{self.condition_item(rule)}</ul>', ""]
            out += self._steps_list(rule.next_steps)
            return "\n".join(out)
        if pt.verdict_if_met == "contact" and pt.contact_reason:
            out += [note(pt.contact_reason, title="Let op"), ""]
        out += [
            '<p class="legend">Voldoet u aan een <strong>contractvoorwaarde</strong> niet, of geldt een '
            "<strong>uitsluitingsgrond</strong> of <strong>inkoopregel</strong>, dan sluit a.s.r. geen contract. "
            "Een <strong>verwachting</strong> is wat a.s.r. van u verwacht; daar hangt het contract niet van af. "
            "Wat <strong>a.s.r. daarnaast beoordeelt</strong>, beoordeelt a.s.r. zelf.</p>",
            "",
        ]
        for group in policy.groups_for(provider_id):
            out += [f"## {_md_heading(group.title)} {{#{group.id}}}", ""]
            if group.intro:
                out += [f"<p>{escape(group.intro)}</p>", ""]
            out += [self._conditions(group.conditions), ""]
        extra = [q for q in policy.questions_for(provider_id) if q.condition is None and q.stage in ("arrangements", "procedure")]
        if extra:
            out += ["## Toeslagen, bijzondere afspraken en procedure {#afspraken}", ""]
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
                    + f'<span class="source">Bron: {self.passage_link(q.source.section)}: <q>{escape(q.source.quote)}</q></span></li>'
                )
            out += [f'<ul class="arrangements">{"".join(items)}</ul>', ""]
        out += [
            "## Check uw situatie {#checker}",
            "",
            f'<p><a class="md-button md-button--primary" href="{self.rel("checker/")}#type={pt.id}">Start de checker voor {escape(pt.label.lower())}</a></p>',
            "",
        ]
        return "\n".join(out)

    def _conditions(self, items: list[Condition]) -> str:
        return '<ul class="conditions">' + "".join(self.condition_item(c) for c in items) + "</ul>"

    def _steps_list(self, step_ids: tuple[str, ...] | list[str]) -> list[str]:
        if not step_ids:
            return []
        out = ["## Wat u kunt doen {#vervolgstappen}", ""]
        for sid in step_ids:
            out.append(self.step_html(sid))
        return [*out, ""]

    def step_html(self, step_id: str, for_whom: list[str] | None = None) -> str:
        step = self.policy.next_steps[step_id]
        html = f'<div class="next-step" id="stap-{step.id}"><h3>{escape(step.title)}</h3>'
        if step.audience:
            html += f'<p class="step-for">Voor: {escape(step.audience)}</p>'
        if for_whom:
            html += (
                '<p class="step-for"><strong>In de uitslag van:</strong></p><ul class="step-for">'
                + "".join(f"<li>{escape(w)}</li>" for w in for_whom)
                + "</ul>"
            )
        html += f"<p>{escape(step.text)}</p>"
        if step.mailto:
            html += f'<p>E-mail: <a href="mailto:{escape(step.mailto["to"])}">{escape(step.mailto["to"])}</a></p>'
        if step.start:
            label = self.policy.provider_types[step.start].label
            href = self.rel("checker/") + f"#type={step.start}"
            html += f'<p><a class="md-button" href="{href}">Start de checker als {escape(label[0].lower() + label[1:])}</a></p>'
        if step.source:
            html += f'<p class="source">Bron: {self.passage_link(step.source.section)}</p>'
        return html + "</div>"

    def provider_index(self) -> str:
        rows = []
        for pt in self.policy.provider_types.values():
            link = f'<a href="{self.rel(f"zorgaanbieders/{pt.id}/")}">{escape(pt.label)}</a>'
            status = escape(provider_status(self.policy, pt.id))
            rows.append([link, escape(pt.description), status])
        return self.table(["Soort zorgaanbieder", "Wie", "Contract"], rows)

    # -- policy tests ----------------------------------------------------------------

    def policy_tests_page(self) -> str:
        """The policy tests (tests.yaml) as a fact-check table per provider type: the
        answers, the outcome the policy gives and what the checker says now."""
        policy = self.policy
        runs = run_all(policy)
        ok = sum(r.ok for r in runs)
        out = [
            f"<p>{len(runs)} gevallen, waarvan {ok} kloppen met de checker. Vragen die bij een geval niet genoemd "
            "worden, zijn beantwoord zoals een zorgaanbieder die aan alles voldoet en geen bijzondere afspraken wil.</p>",
            "",
        ]
        for pt in policy.provider_types.values():
            mine = [r for r in runs if r.case["type"] == pt.id]
            if not mine:
                continue
            out += [f"## {_md_heading(pt.label)} {{#tests-{pt.id}}}", ""]
            rows = []
            for run in mine:
                given = run.case.get("answers", {})
                answers = (
                    "<ul>"
                    + "".join(f"<li>{escape(policy.questions[q].text)} <strong>{escape(self._answer_label(q, v))}</strong></li>" for q, v in given.items())
                    + "</ul>"
                    if given
                    else "Alles voldaan"
                )
                expected = VERDICT_LABELS[run.case["verdict"]]
                got = run.result.label if run.result else "geen uitslag"
                unmet = ", ".join(f'<a href="{self.rel(policy.condition_url(u.id))}">{escape(u.id)}</a>' for u in (run.result.unmet if run.result else []))
                check = "klopt" if run.ok else "klopt niet: " + "; ".join(run.failures)
                rows.append([escape(run.case["name"]), answers, escape(expected), escape(got) + (f"<br>Niet voldaan: {unmet}" if unmet else ""), escape(check)])
            out += [self.table(["Geval", "Antwoorden", "Uitslag volgens het beleid", "Uitslag van de checker", "Controle"], rows), ""]
        return "\n".join(out)

    def _answer_label(self, question_id: str, value: str) -> str:
        option = self.policy.questions[question_id].option(value)
        return option.label if option else value

    # -- procedure -------------------------------------------------------------------

    def procedure_page(self) -> str:
        policy = self.policy
        out = ["## Tijdpad {#tijdpad}", "", self.timeline(), ""]
        out += ["## Vervolgstappen {#vervolgstappen}", ""]
        audiences = step_audiences(self)
        for sid in policy.next_steps:
            out.append(self.step_html(sid, audiences.get(sid)))
        out += ["", "## Contact {#contact}", "", self.contacts(only_table=False), ""]
        return "\n".join(out)


# Characters Python-Markdown would read as syntax in a heading: emphasis, code, links and
# images, attribute lists ({: onclick=…}), closing hashes. Each has a backslash escape.
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#!])")


def _md_heading(text: str) -> str:
    """Data text as the text of a Markdown heading, shown exactly as written: one line,
    HTML escaped (a <img onerror> stays text) and Markdown syntax neutralised (no link,
    emphasis or attribute list). Markdown first, so the entities' '#' stay entities."""
    return escape(_MD_SPECIALS.sub(r"\\\1", " ".join(text.split())), quote=False)


def note(text: str, title: str = "Let op") -> str:
    return f'<div class="admonition note"><p class="admonition-title">{escape(title)}</p><p>{escape(text)}</p></div>'


def long_date(iso: str) -> str:
    """'2023-11-01' -> '1 november 2023' (the model's Dutch date wording)."""
    return date_phrase(iso)


def contact_html(c: dict[str, Any]) -> str:
    parts = []
    if c.get("url"):
        parts.append(f'<a href="https://{escape(c["url"])}">{escape(c["url"])}</a>')
    if c.get("email"):
        parts.append(f'<a href="mailto:{escape(c["email"])}">{escape(c["email"])}</a>')
    if c.get("phone"):
        tel = "".join(ch for ch in c["phone"] if ch.isdigit())
        parts.append(f'<a href="tel:+31{tel[1:]}">{escape(c["phone"])}</a>')
    return "<br>".join(parts)


__all__ = ["Page", "long_date", "note"]
