"""Every Dutch word and label the checker shows, in one place: verdicts, kinds of
condition, stages of the flow, and the short texts of the checker's screens. The code
names things in English (`Verdict.ELIGIBLE`); what a provider reads comes from here.
"""

from __future__ import annotations

from .model import Kind, Stage, Verdict

STAGE_LABELS: dict[Stage, str] = {
    Stage.ROUTE: "Uw situatie",
    Stage.GENERAL: "Alle zorgaanbieders",
    Stage.ORGANISATION: "Uw organisatie",
    Stage.PROFESSIONAL: "Uw zorgverleners",
    Stage.ARRANGEMENTS: "Toeslagen en bijzondere afspraken",
    Stage.EXPECTATIONS: "Wat a.s.r. verwacht",
    Stage.PROCEDURE: "Inkoop en aanvraag",
    Stage.DETAILS: "Gegevens voor uw aanvraag",
}
KIND_LABELS: dict[Kind, str] = {
    Kind.CONDITION: "Contractvoorwaarde",
    Kind.EXPECTATION: "Verwachting",
    Kind.EXCLUSION: "Uitsluitingsgrond",
    Kind.RULE: "Inkoopregel",
}
# Who a condition applies to: the organisation, or each professional working there.
APPLIES_LABELS = {"organisation": "Organisatie", "professional": "Iedere zorgverlener"}
VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.ELIGIBLE: "U voldoet aan de voorwaarden die u zelf kunt nagaan",
    Verdict.NOT_ELIGIBLE: "U komt nu niet in aanmerking voor een contract",
    Verdict.CONTACT: "Neem contact op met a.s.r.",
    Verdict.ELSEWHERE: "a.s.r. koopt deze zorg niet bij u in",
}
# The short words the decision trees use for an outcome.
VERDICT_SHORT: dict[Verdict, str] = {
    Verdict.ELIGIBLE: "voldoet",
    Verdict.NOT_ELIGIBLE: "geen contract",
    Verdict.CONTACT: "neem contact op met a.s.r.",
    Verdict.ELSEWHERE: "a.s.r. koopt deze zorg elders in",
}
VERDICT_TEXTS: dict[Verdict, str] = {
    Verdict.ELIGIBLE: "U voldoet aan alle voorwaarden voor een contract die u zelf kunt nagaan.",
    Verdict.NOT_ELIGIBLE: "U voldoet nu niet aan een of meer voorwaarden voor een contract. Hieronder staat welke, met de passage uit het beleid.",
    Verdict.CONTACT: "a.s.r. kan dit niet alleen op basis van uw antwoorden beoordelen. Neem contact op met a.s.r. Hieronder staat waarom, en met wie.",
    Verdict.ELSEWHERE: "",
}
# Belangrijke data in the result: a step without a last date in the policy (a new provider
# applying), said in plain words, before the dates the policy does name.
NO_DEADLINE = "Voor ‘{step}’ noemt het beleid geen laatste datum (deadline)."
DATES_NAMED = "Deze data noemt het beleid wel:"
ASR_NOTE = " a.s.r. beoordeelt daarnaast zelf een aantal punten; die staan hieronder."
# Also used by the page itself for the first question, before Python has loaded.
EMPTY_CHOICE = "Kies een van de antwoorden."
NOT_FILLED = "Niet ingevuld"
