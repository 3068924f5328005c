"""Belangrijke data in the result (issue 14 item 7): the dates of the timeline for this
provider type and route, worded from the date, and a plain sentence where the policy names
no last date (a new provider applying)."""

from __future__ import annotations

from authoring.paths import complete
from checker.engine import evaluate
from checker.model import Policy
from checker.results import result_json

CONTRACT = "gecontracteerd-vorig-jaar"


def dates_for(policy: Policy, provider: str, overrides: dict[str, str] | None = None) -> dict:
    values = complete(policy, provider, overrides or {})
    return result_json(evaluate(policy, provider, values))["dates"]


def test_a_new_provider_reads_that_there_is_no_last_date_and_the_dates_there_are(policy):
    dates = dates_for(policy, "kraamzorg", {CONTRACT: "nee"})
    assert dates["note"].startswith("Voor ‘Vraag een overeenkomst aan’ noemt het beleid geen laatste datum")
    assert dates["note"].endswith("Deze data noemt het beleid wel:")
    assert [d["id"] for d in dates["items"]] == ["publicatie", "verwerking", "declareren"]
    # Worded from the date in the data, with its year: never typed twice.
    assert [d["when"] for d in dates["items"]] == ["12 november 2023", "Uiterlijk 31 december 2023", "Vanaf 1 januari 2024"]


def test_a_contracted_provider_gets_no_dates_of_the_purchasing_phase(policy):
    dates = dates_for(policy, "kraamzorg", {CONTRACT: "ja"})
    assert "note" not in dates
    assert [d["id"] for d in dates["items"]] == ["publicatie"]


def test_an_igo_gets_its_own_deadline_first_and_no_open_ended_sentence(policy):
    dates = dates_for(policy, "integrale-geboortezorg")
    assert dates["items"][0]["id"] == "offerte-igo"
    assert dates["items"][0]["when"] == "Uiterlijk 1 november 2023"
    assert "note" not in dates


def test_a_type_a_purchasing_rule_refuses_gets_no_procedure_dates(policy):
    refused = [pid for pid, pt in policy.provider_types.items() if pt.refusal]
    assert refused
    for provider in refused:
        assert dates_for(policy, provider) == {"items": []}
