"""An e-mail address is typed once, in contacts.yaml: every mail button (on the checker's
screens and on the pages) follows it, and the review list names every place in a year's
text that still spells out an address, phone number or web address contacts.yaml no longer
has. A mail link is built from its parts, so an address cannot smuggle in a recipient."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, unquote, urlsplit

import pytest

from authoring.loader import DataError, load_all, load_policy
from authoring.yearly import new_year, require_reviewed, review
from checker import web
from checker.engine import PROVIDER_KEY
from checker.model import Policy
from checker.results import mail_href
from macros.page import Page
from macros.render import contacts, procedure_page, provider_page
from tests.paths import paths

from .conftest import edit_yaml

OLD = "zorg.overeenkomsten@asr.nl"
NEW = "overeenkomsten.geboortezorg@asr.nl"
# An <a href="mailto:…">shown</a> on a page.
PAGE_MAIL = re.compile(r'<a href="(mailto:[^"]*)">([^<]*)</a>')


def with_new_address(data_dir: Path, year: str = "2024") -> None:
    """The purchasing team changes one address, in contacts.yaml only."""

    def change(data: dict) -> None:
        next(c for c in data["contacts"] if c.get("email") == OLD)["email"] = NEW

    edit_yaml(data_dir / year / "contacts.yaml", change)


def screen_mails(policy: Policy) -> list[dict]:
    """Every mail button on every result screen the browser gets (checker.web), each path once."""
    found = []
    for provider in policy.provider_types:
        for values in paths(policy, provider):
            screen = web.respond(policy, {PROVIDER_KEY: provider, **values})
            # The short route of an existing contract has its result without a review.
            if screen["state"] == "review":
                confirmed = dict(parse_qsl(screen["confirm"].lstrip("#"), keep_blank_values=True))
                confirmed.pop(web.YEAR_KEY, None)
                screen = web.respond(policy, confirmed)
            assert screen["state"] == "result", (provider, values)
            found += [s["mailto"] for s in screen["result"]["next_steps"] if s.get("mailto")]
    return found


def page_mails(policy: Policy) -> list[tuple[str, str]]:
    """Every mail link (href, shown address) on the pages that show steps and contacts."""
    html = procedure_page(Page(policy, "procedure/")) + contacts(Page(policy, "contact/"), only_table=False)
    for pid in policy.provider_types:
        html += provider_page(Page(policy, f"zorgaanbieders/{pid}/"), pid)
    return PAGE_MAIL.findall(html)


def test_an_address_changed_in_contacts_changes_every_mail_button(data_copy):
    before = load_policy(2024)
    data_dir = data_copy()
    with_new_address(data_dir)
    after = load_policy(2024, data_dir)

    old_buttons = [m for m in screen_mails(before) if m["to"] == OLD]
    assert old_buttons, "the real data has mail buttons to the changed address"
    buttons = screen_mails(after)
    assert len(buttons) == len(screen_mails(before))
    assert len([m for m in buttons if m["to"] == NEW]) == len(old_buttons)
    for mail in buttons:
        assert OLD not in mail["to"] and OLD not in unquote(mail["href"]), mail
        assert urlsplit(mail["href"]).path == mail["to"]

    old_links = [link for link in page_mails(before) if OLD in link[0]]
    assert old_links, "the pages link the changed address"
    links = page_mails(after)
    assert [link for link in links if OLD in link[0] or OLD in link[1]] == []
    assert links.count((f"mailto:{NEW}", NEW)) == len(old_links)


def test_the_rendered_mail_buttons_are_unchanged_for_the_real_data(policy):
    """Resolving the contact by id gives the very links the data had typed before."""
    step = policy.next_steps["aanvragen"]
    assert step.mailto.contact == "overeenkomsten" and step.mailto.to == OLD
    assert step.mailto.address_link == f"mailto:{OLD}"


def test_a_mail_link_has_one_recipient_whatever_the_address():
    href = mail_href("zorg@asr.nl?bcc=derde@example.com&cc=x@y.nl", "Onderwerp & meer", "AGB-code: 01234567\n?bcc=a@b.nl")
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    assert "?" not in parts.path and "," not in parts.path and unquote(parts.path) == "zorg@asr.nl?bcc=derde@example.com&cc=x@y.nl"
    assert set(parse_qs(parts.query)) == {"subject", "body"}
    assert parse_qs(parts.query)["body"] == ["AGB-code: 01234567\n?bcc=a@b.nl"]


@pytest.mark.parametrize(
    "address, why",
    [
        (f"{OLD}?bcc=derde@example.com", "vraagteken"),
        (f"{OLD}&cc=derde@example.com", "&-teken"),
        (f"{OLD},derde@example.com", "komma"),
        (f"{OLD};derde@example.com", "puntkomma"),
        (f"{OLD} derde@example.com", "spatie"),
        (f"{OLD}%0Abcc", "%-teken"),
        (f"{OLD}\n", "regeleinde"),
    ],
)
def test_a_contact_address_is_one_plain_address(data_copy, address, why):
    data_dir = data_copy()
    edit_yaml(data_dir / "2024" / "contacts.yaml", lambda d: next(c for c in d["contacts"] if c.get("email") == OLD).update(email=address))
    with pytest.raises(DataError) as exc:
        load_all(data_dir)
    lines = str(exc.value).splitlines()
    assert len(lines) == 1 and re.match(r"^policy_data/2024/contacts\.yaml:\d+: e-mailadres .* is geen los adres", lines[0]), lines
    assert why in lines[0]


def test_a_mail_button_names_a_contact_not_an_address(data_copy):
    """The old form (`to: address`) is refused with a line naming the file and the fix."""
    data_dir = data_copy()
    path = data_dir / "2024" / "procedure.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("contact: overeenkomsten", f"to: {OLD}", 1), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_all(data_dir)
    assert any(re.match(r"^policy_data/2024/procedure\.yaml:\d+: .*'to'", p) for p in str(exc.value).splitlines()), str(exc.value)


def test_review_list_names_every_place_with_an_address_not_in_contacts(data_copy):
    data_dir = data_copy()
    new_year(data_dir, 2025)
    with_new_address(data_dir, "2025")
    items = [i for i in review(data_dir, 2025).items if i.kind == "contact"]
    # Every line of the year's text (outside contacts.yaml) that still has the old address.
    expected = set()
    for file in sorted((data_dir / "2025").glob("*.yaml")):
        if file.name != "contacts.yaml":
            expected |= {(file.name, n) for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if OLD in line}
    assert expected, "the step texts spell out the address"
    assert {(i.file, i.line) for i in items} == expected
    assert all(i.text == OLD for i in items)
    shown = str(items[0])
    assert shown.startswith(f"policy_data/2025/{items[0].file}:{items[0].line}: ") and "niet in contacts.yaml" in shown
    # Addresses that are in contacts.yaml (or the website in meta.yaml) are not listed.
    assert NEW not in " ".join(i.text for i in items)


def test_a_stray_address_keeps_a_year_from_becoming_definitief_until_acknowledged(data_copy):
    data_dir = data_copy()
    new_year(data_dir, 2025)
    with_new_address(data_dir, "2025")
    stale = {(i.file, i.text) for i in review(data_dir, 2025).open if i.kind != "contact"}
    meta = data_dir / "2025" / "meta.yaml"

    def publish(data: dict) -> None:
        # Only the address items are left open: the year items are acknowledged here.
        data["status"] = "definitief"
        data["review"]["accepted"] += [{"file": file, "text": text, "reason": "test"} for file, text in sorted(stale)]

    edit_yaml(meta, publish)
    with pytest.raises(DataError) as exc:
        require_reviewed(data_dir)
    lines = str(exc.value).splitlines()
    assert lines and all(OLD in line and "niet in contacts.yaml" in line for line in lines), lines
    edit_yaml(meta, lambda data: data["review"]["accepted"].append({"text": OLD, "reason": "staat zo in het beleid"}))
    require_reviewed(data_dir)


def test_review_list_names_a_phone_number_and_web_address_not_in_contacts(data_copy):
    data_dir = data_copy()
    new_year(data_dir, 2025)
    path = data_dir / "2025" / "procedure.yaml"
    text = path.read_text(encoding="utf-8")
    added = "Bel 030 - 999 99 99 of kijk op www.voorbeeld.nl. Wij zijn het hele jaar door"
    path.write_text(text.replace("Wij zijn het hele jaar door", added, 1), encoding="utf-8")
    found = {i.text for i in review(data_dir, 2025).items if i.kind == "contact"}
    assert found == {"030 - 999 99 99", "www.voorbeeld.nl"}


def test_the_real_data_spells_out_no_address_that_is_not_in_contacts(data_copy):
    data_dir = data_copy()
    new_year(data_dir, 2025)
    assert [str(i) for i in review(data_dir, 2025).items if i.kind == "contact"] == []
