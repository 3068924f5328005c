"""The HTML of one checker question, for the server-rendered first step.

Why a Python twin of the JavaScript renderer: the first question is on the page before
Pyodide has loaded, so a provider can start at once; `docs/javascripts/checker/step.js`
(`renderQuestion`) draws every later step with exactly this markup, element for element
and attribute for attribute, and a browser test compares the two. Change both together.

No inline scripts, event handlers or style attributes: the site's CSP forbids them.
"""

from __future__ import annotations

from html import escape
from typing import Any

# What the text box of an identifier question is called, and whether it takes digits.
OPTIONAL_SUFFIX = " (mag leeg blijven)"
ERROR_SUMMARY_TITLE = "Er is een probleem"
BARE = ("checked", "novalidate")
READ_IN_POLICY = "Lees dit in het beleid"


def _attrs(pairs: list[tuple[str, str | None]]) -> str:
    """Attributes in the given order; None leaves one out, "" writes a bare attribute."""
    out = []
    for name, value in pairs:
        if value is None:
            continue
        out.append(f" {name}" if value == "" and name in BARE else f' {name}="{escape(value)}"')
    return "".join(out)


def _tag(name: str, pairs: list[tuple[str, str | None]], inner: str = "") -> str:
    return f"<{name}{_attrs(pairs)}>{inner}</{name}>"


def _void(name: str, pairs: list[tuple[str, str | None]]) -> str:
    return f"<{name}{_attrs(pairs)}>"


def progress_text(stage_label: str, progress: dict[str, Any] | None) -> str:
    """The progress line as checker.pages words it ('Stap 2 van 8: Uw organisatie');
    without one only the stage."""
    if progress and progress.get("text"):
        return str(progress["text"])
    return stage_label


def field_id(question: dict[str, Any]) -> str:
    """The id of the first control of a question: where the error summary links to."""
    base = f"checker-{question['id']}"
    options = question.get("options") or []
    if question.get("type") in ("choice", "checkboxes") and options:
        return f"{base}-{options[0]['value']}"
    return f"{base}-input"


def render_question_html(
    question: dict[str, Any],
    answers: dict[str, str] | None = None,
    *,
    progress: dict[str, Any] | None = None,
    error: str | None = None,
    site_root: str = "",
    back: str | None = None,
) -> str:
    """One question as an accessible form.

    `answers` are the answers so far (question id -> value); an answer to this question
    is pre-filled. `progress` is {"step", "total"} from `checker.web`; `error` a Dutch
    message for this question; `site_root` prefixes the site-root-relative URLs; `back`
    is the URL fragment of the Terug link (none on the first question).
    """
    qid = str(question["id"])
    base = f"checker-{qid}"
    help_id = f"{base}-help" if question.get("help") else None
    list_id = f"{base}-list" if question.get("kind") == "statements" else None
    described = " ".join(i for i in (help_id, list_id, f"{base}-error") if i)
    current = (answers or {}).get(qid, question.get("value"))
    is_choice = question.get("type") in ("choice", "checkboxes")
    parts = [
        _legend(question, base, progress),
        _tag("p", [("class", "checker-help"), ("id", help_id)], escape(question["help"])) if help_id else "",
        _statement_list(question, list_id, site_root) if list_id else "",
        # GOV.UK: the message sits above the field it is about.
        _tag("div", [("class", "checker-error"), ("id", f"{base}-error")], _tag("p", [], escape(error)) if error else ""),
        _control(question, base, current, described, error),
        _terms(question, site_root),
        _note(question),
        _source(question, site_root),
    ]
    head = _back_line(back) + (render_error_summary(question, error) if error else "")
    fieldset = _tag("fieldset", [("aria-describedby", described if is_choice else None)], "".join(parts))
    button = _tag("button", [("type", "submit"), ("class", "md-button md-button--primary checker-next")], "Volgende")
    return _tag(
        "form",
        [("class", "checker-step"), ("data-question", qid), ("data-kind", str(question.get("kind") or "question")), ("novalidate", "")],
        head + fieldset + _tag("div", [("class", "checker-actions")], button),
    )


def _control(question: dict[str, Any], base: str, current: Any, described: str, error: str | None) -> str:
    if question.get("type") == "choice":
        return _options(question, base, current)
    if question.get("type") == "checkboxes":
        return _options(question, base, current, "checkbox")
    return _text_field(question, base, current, described, error)


def _legend(question: dict[str, Any], base: str, progress: dict[str, Any] | None) -> str:
    """The step counter sits in the legend, so a screen reader reads it with the question.
    The question is the page's h1; on the start step the page's own title is, and the
    question an h2 under it."""
    heading = "h2" if question.get("start") else "h1"
    return _tag(
        "legend",
        [("class", "checker-legend"), ("id", f"{base}-legend"), ("tabindex", "-1")],
        _tag("span", [("class", "checker-progress")], escape(progress_text(str(question.get("stage_label") or ""), progress)))
        + _tag(heading, [("class", "checker-question")], escape(question["text"])),
    )


def _statement_list(question: dict[str, Any], list_id: str, site_root: str) -> str:
    """The statements of a page, in the policy's words under its own lead-in, each group
    with the link to its passage."""
    inner = ""
    for group in question.get("groups") or []:
        if group.get("lead"):
            inner += _tag("p", [("class", "checker-statements-lead")], escape(group["lead"]))
        inner += _tag("ul", [], "".join(_tag("li", [], escape(item["label"])) for item in group["items"]))
        if group.get("url"):
            inner += _tag("p", [("class", "checker-source")], _tag("a", [("href", site_root + group["url"])], READ_IN_POLICY))
    return _tag("div", [("class", "checker-statements"), ("id", list_id)], inner)


def _options(question: dict[str, Any], base: str, current: Any, kind: str = "radio") -> str:
    """A choice question: one radio button per option, each with its optional description;
    a checkbox page: a box per option, the ticked ones (a list) ticked."""
    if kind == "radio":
        return _tag("div", [("class", "checker-options")], "".join(_option(option, base, current, kind) for option in question.get("options", [])))
    # The statements of a page under the policy's own lead-in ("De kraamzorginstelling:").
    inner = ""
    for group in question.get("groups") or [{"lead": None, "items": question.get("options", [])}]:
        if group.get("lead"):
            inner += _tag("p", [("class", "checker-statements-lead")], escape(group["lead"]))
        inner += "".join(_option(option, base, current, kind) for option in group["items"])
    return _tag("div", [("class", "checker-options checker-checkboxes")], inner)


def _option(option: dict[str, Any], base: str, current: Any, kind: str) -> str:
    value = str(option["value"])
    oid = f"{base}-{value}"
    desc_id = f"{oid}-description" if option.get("description") else None
    chosen = value in current if kind == "checkbox" and isinstance(current, list) else current == value
    radio = _void(
        "input",
        [
            ("type", kind),
            ("id", oid),
            ("name", "answer"),
            ("value", value),
            ("checked", "" if chosen else None),
            ("aria-describedby", desc_id),
        ],
    )
    inner = radio + _tag("label", [("for", oid)], escape(option["label"]))
    if desc_id:
        inner += _tag("p", [("class", "checker-option-description"), ("id", desc_id)], escape(option["description"]))
    return _tag("div", [("class", "checker-option")], inner)


def _text_field(question: dict[str, Any], base: str, current: str | None, described: str, error: str | None) -> str:
    """A question answered in a text box: an identifier (digits only) or free text."""
    input_id = f"{base}-input"
    # The text box as the question carries it (checker.identifiers, through question_json).
    box = question["input"]
    numeric = bool(box["numeric"])
    label = box["label"] + (OPTIONAL_SUFFIX if question.get("optional") else "")
    field = _tag("label", [("for", input_id)], escape(label)) + _void(
        "input",
        [
            ("type", "text"),
            ("id", input_id),
            ("name", "answer"),
            ("value", current or ""),
            ("inputmode", "numeric" if numeric else None),
            ("autocomplete", "off" if numeric else None),
            ("spellcheck", "false"),
            ("aria-describedby", described),
            ("aria-invalid", "true" if error else None),
        ],
    )
    return _tag("div", [("class", "checker-field")], field)


def _terms(question: dict[str, Any], site_root: str) -> str:
    """The words explained under the question, each with a link to more where there is one."""
    terms = [t for t in question.get("terms") or [] if t.get("term") and t.get("meaning")]
    if not terms:
        return ""
    rows = ""
    for term in terms:
        link = " " + _tag("a", [("href", site_root + term["url"])], "Meer hierover") if term.get("url") else ""
        rows += _tag("dt", [], escape(term["term"])) + _tag("dd", [], escape(term["meaning"]) + link)
    return _tag("dl", [("class", "checker-terms")], rows)


def _note(question: dict[str, Any]) -> str:
    if not question.get("note"):
        return ""
    return _tag("p", [("class", "checker-note")], "<strong>Let op:</strong> " + escape(question["note"]))


def _source(question: dict[str, Any], site_root: str) -> str:
    """The policy's own words the question comes from, with a link to them."""
    source = question.get("source")
    if not (source and source.get("url")):
        return ""
    link = _tag("a", [("href", site_root + source["url"])], READ_IN_POLICY)
    return _tag("p", [("class", "checker-source")], f"Uit het beleid: <q>{escape(source['quote'])}</q> {link}")


def _back_line(back: str | None) -> str:
    if not back:
        return ""
    return _tag("p", [("class", "checker-back-line")], _tag("a", [("class", "checker-back"), ("href", back)], "Terug"))


def render_error_summary(question: dict[str, Any], error: str) -> str:
    """GOV.UK's error summary: a titled box at the top that links to the field."""
    title_id = f"checker-{question['id']}-error-summary"
    link = _tag("a", [("href", "#" + field_id(question)), ("data-action", "focus-field")], escape(error))
    return _tag(
        "div",
        [("class", "checker-error-summary"), ("role", "alert"), ("tabindex", "-1")],
        _tag("h2", [("class", "checker-error-summary-title"), ("id", title_id)], ERROR_SUMMARY_TITLE) + _tag("ul", [], _tag("li", [], link)),
    )
