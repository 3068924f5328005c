"""The decision flow, walked from the data: every branch, every provider type."""

from __future__ import annotations

import pytest

from checker.engine import AnswerError, evaluate, flow, next_question, read_answers
from checker.model import Policy
from tests.paths import complete, paths


def provider_ids(policy: Policy) -> list[str]:
    return list(policy.provider_types)


def test_every_path_of_every_provider_type_gives_a_verdict(policy):
    """No path crashes, and each verdict the data can produce for a type is produced."""
    seen: dict[str, set[str]] = {}
    for provider in policy.provider_types:
        count = 0
        for values in paths(policy, provider):
            result = evaluate(policy, provider, values)
            assert result["verdict"] in ("eligible", "not_eligible", "contact")
            for item in result["unmet"] + result["expectations"]:
                assert item["source"]["url"].startswith("beleid/")
            seen.setdefault(provider, set()).add(result["verdict"])
            count += 1
        assert count >= 1
    for pt in policy.provider_types.values():
        if pt.refusal:
            assert seen[pt.id] == {"not_eligible"}, pt.id
        elif pt.verdict_if_met == "contact":
            assert seen[pt.id] == {"contact", "not_eligible"}, pt.id
        else:
            assert seen[pt.id] >= {"eligible", "not_eligible"}, pt.id


def test_every_option_of_every_question_is_on_some_path(policy):
    for provider in policy.provider_types:
        taken: set[tuple[str, str]] = set()
        for values in paths(policy, provider):
            taken |= set(values.items())
        for q in policy.questions_for(provider):
            if q.type != "choice":
                continue
            reachable = all(want in {o.value for o in policy.questions[r].options} for r, want in q.ask_if.items())
            if reachable:
                assert {(q.id, o.value) for o in q.options} <= taken, q.id


def test_all_met_is_eligible_for_every_contractable_type(policy):
    for pt in policy.provider_types.values():
        if not pt.contractable:
            continue
        # Routing and arrangement questions get their neutral answer (see tests/paths.py).
        values = complete(policy, pt.id, {"gecontracteerd-2023": "nee"})
        result = evaluate(policy, pt.id, values)
        assert result["verdict"] == "eligible", (pt.id, result["unmet"], result["contacts"])
        assert result["unmet"] == []


def test_each_unmet_condition_is_listed_with_its_source(policy):
    provider = "verloskundige-praktijk"
    values = complete(policy, provider, {"alle-kvk": "nee", "vk-prn": "nee"})
    result = evaluate(policy, provider, values)
    assert result["verdict"] == "not_eligible"
    ids = [u["id"] for u in result["unmet"]]
    assert ids == ["alle-kvk", "vk-prn"]
    kvk = result["unmet"][0]
    assert "Kamer van Koophandel" in kvk["text"]
    assert kvk["source"]["url"] == "beleid/voorwaarden/#alle-kvk"


def test_exclusion_answered_yes_blocks(policy):
    values = complete(policy, "kraamzorg", {"alle-verscherpt-toezicht": "ja"})
    result = evaluate(policy, "kraamzorg", values)
    assert result["verdict"] == "not_eligible"
    assert [u["id"] for u in result["unmet"]] == ["alle-verscherpt-toezicht"]


def test_unmet_expectation_does_not_block(policy):
    expectation = next(q for q in policy.questions_for("kraamzorg") if q.condition and q.condition.kind == "expectation")
    unmet = next(o.value for o in expectation.options if o.meets is False)
    values = complete(policy, "kraamzorg", {"gecontracteerd-2023": "nee", expectation.id: unmet})
    result = evaluate(policy, "kraamzorg", values)
    assert result["verdict"] == "eligible"
    assert [e["id"] for e in result["expectations"]] == [expectation.id]


@pytest.mark.parametrize(
    ("provider", "refusal"),
    [("verloskundige-zorggroep", "weigering-zorggroep"), ("partusassistentie", "weigering-partusassistentie")],
)
def test_refused_types_get_no_questions_and_the_refusal(policy, provider, refusal):
    assert next_question(policy, provider, {}) is None
    result = evaluate(policy, provider, {})
    assert result["verdict"] == "not_eligible"
    assert [u["id"] for u in result["unmet"]] == [refusal]


def test_zzp_only_via_a_cooperative(policy):
    alone = evaluate(policy, "zzp", complete(policy, "zzp", {"zzp-samenwerkingsverband": "nee"}))
    assert alone["verdict"] == "not_eligible"
    together = evaluate(policy, "zzp", complete(policy, "zzp", {}))
    assert together["verdict"] == "contact"


def test_contracted_in_2023_needs_no_action(policy):
    result = evaluate(policy, "verloskundige-praktijk", complete(policy, "verloskundige-praktijk", {"gecontracteerd-2023": "ja"}))
    assert result["verdict"] == "eligible"
    steps = [s["id"] for s in result["next_steps"]]
    assert "geen-actie" in steps
    assert "aanvragen" not in steps
    assert "agb-code" not in [q.id for q in flow(policy, "verloskundige-praktijk", {"gecontracteerd-2023": "ja"})]
    assert "agb-code" in [q.id for q in flow(policy, "verloskundige-praktijk", {"gecontracteerd-2023": "nee"})]


def test_new_provider_gets_prefilled_request_email(policy):
    values = complete(policy, "verloskundige-praktijk", {"gecontracteerd-2023": "nee"})
    values["agb-code"] = "08123456"
    values["praktijknaam"] = "Verloskundigenpraktijk De Wieg"
    result = evaluate(policy, "verloskundige-praktijk", values)
    step = next(s for s in result["next_steps"] if s["id"] == "aanvragen")
    assert step["mailto"]["to"] == "zorg.overeenkomsten@asr.nl"
    assert "08123456" in step["mailto"]["body"] and "De Wieg" in step["mailto"]["body"]
    assert step["mailto"]["href"].startswith("mailto:zorg.overeenkomsten@asr.nl?subject=")


def test_igo_without_offer_is_asked_to_get_in_touch(policy):
    values = complete(policy, "integrale-geboortezorg", {"igo-offerte": "nee"})
    result = evaluate(policy, "integrale-geboortezorg", values)
    assert result["verdict"] == "contact"
    assert [c["id"] for c in result["contacts"]] == ["igo-offerte"]


def test_missing_answer_is_an_error_not_a_verdict(policy):
    with pytest.raises(AnswerError) as info:
        evaluate(policy, "kraamzorg", {})
    assert "alle-kvk" in info.value.problems


def test_lenient_reading_drops_unknown_and_reports_bad_values(policy):
    answers = read_answers(policy, {"type": "kraamzorg", "alle-kvk": "misschien", "bestaat-niet": "ja", "vk-prn": "ja"})
    assert answers.errors == {"alle-kvk": "Kies een van de antwoorden: Ja, Nee."}
    assert sorted(answers.dropped) == ["bestaat-niet", "vk-prn"]


def test_answers_to_unasked_questions_do_not_count(policy):
    values = complete(policy, "verloskundige-praktijk", {"gecontracteerd-2023": "ja"})
    answers = read_answers(policy, {"type": "verloskundige-praktijk", **values, "agb-code": "nonsense"})
    assert "agb-code" not in answers.errors and "agb-code" in answers.dropped
