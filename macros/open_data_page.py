"""The page *Open data*: which files there are, their version, the licence and every field.

Why the fields come from the schemas: the schema of each YAML file is what the build checks
the data against, so documenting its fields from there keeps the page right when a field is
added. A field the schema leaves without a description gets one here (FIELD_WORDS).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from checker.model import FILES, date_phrase

from .opendata import FOLDER, JSON_NAME, SCHEMA_NAME, VERSION_NAME, YAML_FOLDER, YAML_SCHEMA_FOLDER, file_schema, open_data_files, year_version
from .page import Page
from .whole_policy import WHOLE_POLICY

# What a field means where its schema says nothing (by file and path; `[]` is an item of a list).
FIELD_WORDS = {
    "changes.changes": "De rijen van de tabel met wijzigingen.",
    "changes.changes[].topic": "Onderwerp van de wijziging.",
    "changes.changes[].change": "Wat er verandert, in alinea's uit het beleid.",
    "conditions.conditions": "Alle voorwaarden, verwachtingen, uitsluitingsgronden en inkoopregels.",
    "conditions.conditions[].question": "De vraag die de checker hierover stelt.",
    "conditions.conditions[].question.help": "Uitleg bij de vraag.",
    "contacts.contacts": "Alle contactgegevens.",
    "contacts.contacts[].topic": "Waarover u contact opneemt.",
    "contacts.contacts[].who": "Wie u bereikt.",
    "contacts.contacts[].phone": "Telefoonnummer.",
    "meta.title": "Titel van het beleid.",
    "meta.insurer": "De zorgverzekeraar.",
    "meta.domain": "Het soort zorg van het beleid.",
    "meta.legal_entities": "De rechtspersonen (verzekeraars) waarvoor het beleid geldt.",
    "meta.legal_entities[].name": "Naam.",
    "meta.legal_entities[].kvk": "KvK-nummer zoals in het beleid.",
    "meta.legal_entities[].city": "Vestigingsplaats.",
    "meta.legal_entities[].note": "Toelichting van de redactie.",
    "meta.address": "Postadres, één regel per item.",
    "meta.website": "Website van de verzekeraar.",
    "meta.source": "De brontekst van het beleid.",
    "meta.source.file": "Bestand met de brontekst (in de projectmap van het jaar; niet gepubliceerd).",
    "meta.source.title": "Titel van de brontekst.",
    "meta.source.note": "Hoe de tekst is overgenomen.",
    "procedure.timeline": "Het tijdpad: data van de inkoopprocedure.",
    "procedure.timeline[].what": "Wat er gebeurt.",
    "procedure.timeline[].who": "Wie iets doet.",
    "procedure.next_steps": "Vervolgstappen die de checker in een uitslag geeft.",
    "procedure.next_steps[].title": "Kop van de stap.",
    "procedure.next_steps[].text": "Tekst van de stap.",
    "procedure.next_steps[].mailto": "Een e-mail die de checker klaarzet: aan wie (contact-id), onderwerp en tekst.",
    "procedure.default_next_steps": "Welke vervolgstappen bij welke uitslag horen.",
    "procedure.default_next_steps.eligible": "Stappen bij 'voldoet'.",
    "procedure.default_next_steps.not_eligible": "Stappen bij 'geen contract'.",
    "procedure.default_next_steps.contact": "Stappen bij 'neem contact op'.",
    "provider_types.provider_types": "De soorten zorgaanbieders.",
    "provider_types.provider_types[].label": "Naam van de soort.",
    "questions.questions": "De vragen van de checker die geen voorwaarde zijn.",
    "questions.questions[].text": "De vraag.",
    "questions.questions[].help": "Uitleg bij de vraag.",
    "questions.questions[].options": "De antwoorden waaruit u kiest.",
    "questions.questions[].options[].value": "Waarde van het antwoord (in de checker en in links).",
    "questions.questions[].options[].label": "Tekst van het antwoord.",
    "questions.questions[].options[].next_steps": "Extra vervolgstappen bij dit antwoord.",
    "questions.questions[].options[].outcomes.eligible": "De uitslag als het antwoord 'voldoet' zou geven.",
    "questions.questions[].options[].outcomes.not_eligible": "De uitslag als het antwoord 'geen contract' zou geven.",
    "questions.questions[].options[].outcomes.contact": "De uitslag als het antwoord 'neem contact op' zou geven.",
    "questions.questions[].ask_if": "Alleen gevraagd na deze eerdere antwoorden (vraag-id: antwoord).",
    "questions.questions[].note": "Toelichting van de redactie.",
    "sections.sections": "De onderdelen van het beleid, in volgorde.",
    "sections.sections[].blocks": "De tekst van het onderdeel, blok voor blok.",
    "sections.sections[].blocks[].table": "Een tabel uit het beleid.",
    "sections.sections[].blocks[].table.columns": "De koppen van de kolommen.",
    "sections.sections[].blocks[].table.rows": "De rijen, elke rij een lijst van cellen.",
    "terms.terms": "De begrippen en afkortingen.",
    "terms.terms[].source.section": "Id van het onderdeel van het beleid.",
    "terms.terms[].source.quote": "Letterlijk citaat uit dat onderdeel.",
    "tests.cases": "De gevallen.",
}
TYPE_WORDS = {"string": "tekst", "integer": "geheel getal", "boolean": "true of false", "array": "lijst", "object": "object", "null": "leeg"}
# How deep the field list goes: deeper fields are in the schema.
MAX_DEPTH = 4


def _kind(schema: dict[str, Any]) -> str:
    """A field's kind in words: its type, its choices, or the fixed value."""
    if "enum" in schema:
        return "een van: " + ", ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return f"altijd {str(schema['const']).lower()}"
    if schema.get("format") == "date":
        return "datum (JJJJ-MM-DD)"
    if "oneOf" in schema or "anyOf" in schema:
        return "zie schema"
    kind = schema.get("type", "")
    words = " of ".join(TYPE_WORDS.get(k, k) for k in (kind if isinstance(kind, list) else [kind]) if k)
    items = schema.get("items")
    if kind == "array" and isinstance(items, dict) and items.get("type") in ("string", "integer"):
        words = f"lijst van {TYPE_WORDS[items['type']]}"
    return words or "zie schema"


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.rsplit("/", 1)[-1]
        return {**root["$defs"][name], **{k: v for k, v in schema.items() if k != "$ref"}}, name
    return schema, None


def field_rows(file: str, root: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(path, kind, meaning) of every field of one file's schema, depth first; a definition
    that contains itself (a section's subsections) is listed once."""
    rows: list[tuple[str, str, str]] = []

    def walk(schema: dict[str, Any], path: str, depth: int, seen: frozenset[str]) -> None:
        for name, raw in schema.get("properties", {}).items():
            field, ref = _resolve(raw, root)
            here = f"{path}.{name}" if path else name
            items, item_ref = _resolve(field["items"], root) if isinstance(field.get("items"), dict) else (None, None)
            meaning = field.get("description") or FIELD_WORDS.get(f"{file}.{here}") or (items or {}).get("description", "")
            rows.append((here, _kind(field), meaning))
            again = {ref, item_ref} & seen
            if depth >= MAX_DEPTH or again:
                continue
            inner = items if items is not None and items.get("properties") else field
            walk(inner, here + ("[]" if inner is items else ""), depth + 1, seen | {r for r in (ref, item_ref) if r})

    walk(root, "", 0, frozenset())
    return rows


def _fields(page: Page, data_dir: Path) -> list[str]:
    out = [
        "## Velden {#velden}",
        "",
        f"<p><code>{JSON_NAME}</code> heeft drie velden: <code>format</code> (de versie van de indeling), <code>year</code> (het beleidsjaar) "
        "en <code>data</code>. Onder <code>data</code> staat de inhoud van elk YAML-bestand, onder de naam van het bestand: "
        "<code>data.conditions</code> is <code>conditions.yaml</code>. Hieronder de velden per bestand. Een veld met <code>[]</code> "
        "hoort bij elk item van een lijst. Ids zijn vast: dezelfde id is in elk jaar hetzelfde. Verwijzingen naar een id (zoals "
        "<code>source.section</code>) gaan naar een item met die id in hetzelfde jaar.</p>",
        "",
    ]
    for name in FILES:
        if name not in page.policy.data:
            continue
        schema = file_schema(data_dir, name)
        rows = [[f"<code>{escape(path)}</code>", escape(kind), escape(meaning)] for path, kind, meaning in field_rows(name, schema)]
        out += [f"### {name}.yaml {{#velden-{name.replace('_', '-')}}}", "", f"<p>{escape(schema.get('description', ''))}</p>", ""]
        out += [page.table(["Veld", "Soort", "Betekenis"], rows), ""]
    return out


def _policy_contact(page: Page) -> str:
    """Who to ask about the policy's content: the contact the policy names for it (its topic
    names the policy), with a link to the contact table; the table alone if none does."""
    table = f'<a href="{page.rel("procedure/")}#contact">de contactgegevens</a>'
    found = next((c for c in page.policy.contacts.values() if "beleid" in c.topic.lower() and c.email), None)
    if found is None:
        return f"Vraag het {escape(page.policy.meta.insurer)}; zie {table}."
    mail = f'<a href="{escape(found.mailto or "")}">{escape(found.email or "")}</a>'
    return f"Vraag het {escape(page.policy.meta.insurer)}: {escape(found.who.lower())} ({escape(found.topic.lower())}), {mail}. Zie ook {table}."


def _licence(page: Page) -> list[str]:
    insurer = escape(page.policy.meta.insurer)
    licence = page.policy.meta.licence
    if licence is None:
        stated = (
            f"<p><strong>Er is geen licentie bekend.</strong> Het beleid van {insurer} zegt niet onder welke voorwaarden u de tekst of deze "
            "gegevens mag hergebruiken, en deze site kent er ook geen. Wilt u de gegevens hergebruiken, bijvoorbeeld in een eigen systeem? "
            f"{_policy_contact(page)}</p>"
        )
    else:
        name = f'<a href="{escape(licence.url)}">{escape(licence.name)}</a>' if licence.url else escape(licence.name)
        stated = (
            f"<p>{insurer} stelt het beleid en deze gegevens beschikbaar onder de licentie {name} (zo staat het in {escape(licence.stated_in)}). "
            f"Vragen over hergebruik? {_policy_contact(page)}</p>"
        )
    return [
        "## Licentie {#licentie}",
        "",
        stated,
        "",
        f"<p>{insurer} kan het beleid aanpassen (zie de disclaimer in het beleid). Komt er een nieuwe versie, dan krijgen de bestanden "
        'een nieuwe vingerafdruk (zie <a href="#versie">Versie</a>).</p>',
        "",
    ]


def _rows(page: Page, files: dict[str, bytes], data_dir: Path) -> list[list[str]]:
    version = year_version(page.policy, data_dir, {p: c for p, c in files.items() if not p.endswith(VERSION_NAME)})
    what = {
        f"{FOLDER}/{JSON_NAME}": f"Het hele beleid van {page.policy.year} als JSON: de gegevens waarmee de checker werkt.",
        f"{FOLDER}/{SCHEMA_NAME}": f"JSON Schema (draft 2020-12) van {JSON_NAME}.",
    }
    rows = []
    for item in version.files:
        name = item.path.removeprefix(f"{FOLDER}/")
        if name.startswith(YAML_SCHEMA_FOLDER + "/"):
            continue
        link = f'<a href="{page.rel(item.path)}">{escape(name)}</a>'
        meaning = what.get(item.path, "")
        if name.startswith(YAML_FOLDER + "/"):
            stem = name.removeprefix(YAML_FOLDER + "/").removesuffix(".yaml")
            schema_path = f"{FOLDER}/{YAML_SCHEMA_FOLDER}/{stem}.schema.json"
            meaning = escape(file_schema(data_dir, stem).get("description", "")) + f' Schema: <a href="{page.rel(schema_path)}">{stem}.schema.json</a>.'
        size = f"{item.bytes / 1024:.0f} kB".replace(".", ",")
        rows.append([link, meaning, f"{size}<br><code class='hash'>{item.sha256}</code>"])
    return rows


def open_data_page(page: Page, data_dir: Path, prefix: str, feed: str) -> str:
    """The whole page; `prefix` is this year's place in the site ('' or '2024/'), `feed` the
    way from this year's root to the Atom feed."""
    policy = page.policy
    files = open_data_files(policy, data_dir)
    version = year_version(policy, data_dir, {p: c for p, c in files.items() if not p.endswith(VERSION_NAME)})
    up = "../" * prefix.count("/")
    permanent = page.rel(f"{up}{policy.year}/{FOLDER}/{JSON_NAME}")
    out = [
        "# Open data",
        "",
        f"<p>Hier staat het {escape(policy.meta.title)} als gegevens: voor wie het beleid in een eigen systeem wil gebruiken, "
        "zoals een praktijksysteem of een brancheorganisatie. Het zijn dezelfde gegevens als waarmee deze site en de checker werken. "
        f'Wilt u het beleid lezen of afdrukken? Dan staat <a href="{page.rel("/".join(WHOLE_POLICY) + "/")}">het hele beleid op één pagina</a>.</p>',
        "",
        "## Versie {#versie}",
        "",
        f"<p>Beleidsjaar {policy.year}, status {escape(version.status)}. De gegevens zijn het laatst gewijzigd op "
        f"{date_phrase(version.changed.isoformat())}. Elk bestand heeft een vingerafdruk (SHA-256): verandert het bestand, dan verandert "
        f'de vingerafdruk. Dezelfde gegevens staan in <a href="{page.rel(f"{FOLDER}/{VERSION_NAME}")}">{VERSION_NAME}</a>.</p>',
        "",
        f'<p>Elk jaar heeft een vast adres: <a href="{permanent}">{policy.year}/{FOLDER}/{JSON_NAME}</a> blijft het beleid van {policy.year}, '
        f"ook als er een nieuw jaar is. Zonder jaartal in het adres krijgt u het nieuwste beleid. Wat er per jaar verandert, staat in de "
        f'<a href="{page.rel(feed)}" type="application/atom+xml">feed met wijzigingen</a> (Atom).</p>',
        "",
        "## Bestanden {#bestanden}",
        "",
        page.table(["Bestand", "Wat erin staat", "Grootte en vingerafdruk"], _rows(page, files, data_dir)),
        "",
        f"<p>De YAML-bestanden zijn de bron: het inkoopteam schrijft het beleid daarin. Elk begint met een regel die zijn schema noemt "
        f"(<code>../{YAML_SCHEMA_FOLDER}/…</code>); een editor vindt het schema dan naast het bestand. De beleidstests "
        f"(<code>tests.yaml</code>) en de notities van het inkoopteam bij de nalooplijst (<code>review</code> in <code>meta.yaml</code>) "
        f"staan alleen in de YAML, niet in {JSON_NAME}: de checker gebruikt ze niet.</p>",
        "",
    ]
    out += _licence(page)
    out += _fields(page, data_dir)
    return "\n".join(out)
