"""Invariants and spot checks for the event lexicon in src/riftwatch/events/data/."""

import csv
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "riftwatch" / "events" / "data"

CAMEO_HEADER = ["code", "name", "goldstein", "plover", "mode", "context"]
LEXICON_HEADER = ["trigger", "pos", "object", "target", "type", "cameo", "mode", "kind", "note"]

PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}

# Modes of the CAMEO->PLOVER 2021 table and the NGEC PLOVER codebook.
MODES = {
    "",
    "phone",
    "visit",
    "third-party",
    "multilateral",
    "release",
    "return",
    "ease",
    "access",
    "disarm",
    "ceasefire",
    "withdraw",
    "resign",
    "investigate",
    "assist",
    "change",
    "yield",
    "meet",
    "disapprove",
    "allege",
    "relations",
    "restrict",
    "ban",
    "political",
    "violence",
    "territory",
    "expel",
    "arrest",
    "rights",
    "demo",
    "riot",
    "strike",
    "hunger",
    "boycott",
    "obstruct",
    "police",
    "troops",
    "weapons",
    "militia",
    "discontinue",
    "convict",
    "seize",
    "censor",
    "curfew",
    "martial-law",
    "deport",
    "withhold",
    "misinformation",
    "cyber",
    "abduct",
    "beat",
    "torture",
    "execute",
    "sexual",
    "assassinate",
    "destroy",
    "primitive",
    "firearms",
    "explosives",
    "suicide-attack",
    "aerial",
    "drone",
    "heavy-weapons",
    "crowd-control",
    "cleansing",
    "massacre",
    "unconventional",
}

TARGET_KEYWORDS = {"dobj", "dative", "of", "none"}

# Rows whose type deliberately differs from cameo.csv's PLOVER type for their code (see README.md).
TYPE_EXCEPTIONS = {
    # Signing or concluding a formal agreement: CAMEO 057 (Goldstein 8), but the output contract makes every
    # agreement AGREE (both are verbal cooperation, so the quad class is the same).
    ("AGREE", "057"),
    # Resignations: RETREAT mode resign as NGEC's PLOVER codebook and issue 10 file them, with CAMEO 0831
    # (acceding to a change in leadership) for the Goldstein value.
    ("RETREAT", "0831"),
}

# Light-verb rows whose object phrase itself names the target ("expelled 45 Russian diplomats",
# "froze Iranian assets", "burned Chinese flags"); everywhere else a row with an object takes its target from
# another slot.
OBJECT_IS_TARGET = {"expel", "freeze", "seize", "ban", "dissolve", "shut down", "take", "burn"}

MIN_ROWS_PER_TYPE = {t: 10 for t in PLOVER_TYPES} | {"ASSAULT": 20, "COERCE": 20, "PROTEST": 20}


def read(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    return header, rows


CAMEO_HEADER_FOUND, CAMEO_ROWS = read("cameo.csv")
LEXICON_HEADER_FOUND, LEXICON_ROWS = read("lexicon.csv")
CAMEO = {row["code"]: row for row in CAMEO_ROWS}


def parse_target(target):
    """Split a target cell into slots: `prep:a|b|...` first (if any), then keyword slots.

    A bare word after a prep slot is another preposition; `of` there is the preposition "of".
    """
    slots = []
    keywords_started = False
    for number, piece in enumerate(target.split("|")):
        if piece.startswith("prep:") and piece[5:].isalpha():
            if number != 0:
                raise ValueError(f"prepositions come first: {target!r}")
            slots.append(piece)
        elif piece in TARGET_KEYWORDS - {"of"} or (piece == "of" and not slots):
            keywords_started = True
            slots.append(piece)
        elif piece.isalpha() and slots and slots[-1].startswith("prep:") and not keywords_started:
            slots.append("prep:" + piece)
        else:
            raise ValueError(f"bad target piece {piece!r} in {target!r}")
    if "none" in slots and len(slots) > 1:
        raise ValueError(f"'none' must stand alone: {target!r}")
    if len(slots) > 1 and not slots[0].startswith("prep:"):
        raise ValueError(f"several keyword slots without prepositions: {target!r}")
    return slots


def lexicon_row(trigger, pos, obj=""):
    matches = [r for r in LEXICON_ROWS if (r["trigger"], r["pos"], r["object"]) == (trigger, pos, obj)]
    assert len(matches) == 1, (trigger, pos, obj)
    return matches[0]


def row_with_object(trigger, lemma):
    matches = [r for r in LEXICON_ROWS if r["trigger"] == trigger and lemma in r["object"].split("|")]
    assert len(matches) == 1, (trigger, lemma)
    return matches[0]


# ------------------------------------------------------------------ cameo.csv


def test_cameo_header():
    assert CAMEO_HEADER_FOUND == CAMEO_HEADER


def test_cameo_codes_unique_and_digit_strings():
    codes = [row["code"] for row in CAMEO_ROWS]
    assert len(codes) == len(set(codes))
    assert all(code.isdigit() and 2 <= len(code) <= 4 for code in codes)
    assert {"010", "0211", "163", "2042"} <= set(codes)


def test_cameo_goldstein_is_a_float_in_range():
    for row in CAMEO_ROWS:
        assert -10.0 <= float(row["goldstein"]) <= 10.0, row


def test_cameo_plover_types():
    for row in CAMEO_ROWS:
        if row["code"].startswith("01"):
            assert row["plover"] == "" and row["mode"] == "" and row["context"] == "", row
        else:
            assert row["plover"] in PLOVER_TYPES, row


def test_cameo_decisions():
    assert CAMEO["163"]["plover"] == "SANCTION"
    assert all(row["plover"] == "REQUEST" for row in CAMEO_ROWS if row["code"].startswith("02"))
    assert CAMEO["0211"]["mode"] == CAMEO["1011"]["mode"]
    assert CAMEO["175"]["mode"] == ""


def test_cameo_contexts_are_clean_tokens():
    for row in CAMEO_ROWS:
        for context in filter(None, row["context"].split("|")):
            assert context == context.strip() and " " not in context and ";" not in context, row


# ------------------------------------------------------------------ lexicon.csv


def test_lexicon_header():
    assert LEXICON_HEADER_FOUND == LEXICON_HEADER


def test_lexicon_has_enough_rows():
    assert len(LEXICON_ROWS) >= 500


@pytest.mark.parametrize("plover_type", sorted(PLOVER_TYPES))
def test_lexicon_rows_per_type(plover_type):
    count = sum(row["type"] == plover_type for row in LEXICON_ROWS)
    assert count >= MIN_ROWS_PER_TYPE[plover_type]


def test_lexicon_types_pos_and_kind():
    for row in LEXICON_ROWS:
        assert row["type"] in PLOVER_TYPES, row
        assert row["pos"] in {"verb", "noun"}, row
        assert row["kind"] in {"event", "stance"}, row
        if row["kind"] == "stance":
            assert row["pos"] == "noun" and row["type"] in {"ACCUSE", "SUPPORT"}, row


def test_lexicon_cameo_codes_exist_and_have_a_type():
    for row in LEXICON_ROWS:
        assert row["cameo"] in CAMEO, row
        assert CAMEO[row["cameo"]]["plover"], row  # no 01x codes: riftwatch codes no event for them


def test_lexicon_type_agrees_with_cameo():
    for row in LEXICON_ROWS:
        plover = CAMEO[row["cameo"]]["plover"]
        assert row["type"] == plover or (row["type"], row["cameo"]) in TYPE_EXCEPTIONS, row


def test_lexicon_type_exceptions_are_used():
    used = {
        (row["type"], row["cameo"]) for row in LEXICON_ROWS if row["type"] != CAMEO[row["cameo"]]["plover"]
    }
    assert used == TYPE_EXCEPTIONS


def test_lexicon_modes_known():
    for row in LEXICON_ROWS:
        assert row["mode"] in MODES, row


def test_lexicon_target_syntax():
    for row in LEXICON_ROWS:
        slots = parse_target(row["target"])
        assert slots, row
        if row["pos"] == "noun":
            assert "dobj" not in slots and "dative" not in slots, row


def test_lexicon_object_is_not_the_target_unless_listed():
    for row in LEXICON_ROWS:
        if row["pos"] == "verb" and row["object"] and "dobj" in parse_target(row["target"]):
            # a two-word trigger's object is prepositional ("took them into custody", "hit Iran with
            # sanctions"): the direct object is then the target
            assert row["trigger"] in OBJECT_IS_TARGET or len(row["trigger"].split()) > 1, row


def test_lexicon_words_are_lowercase_and_trimmed():
    for row in LEXICON_ROWS:
        values = [row["trigger"], *row["object"].split("|")] if row["object"] else [row["trigger"]]
        for value in values:
            assert value == value.strip() and value == value.lower() and "  " not in value, row
            assert value and "|" not in value, row
        assert len(row["trigger"].split()) <= 3, row


def test_lexicon_noun_modifiers_are_single_words():
    # On noun rows, `object` holds the modifier lemmas the head noun must carry ("hunger" strike).
    for row in LEXICON_ROWS:
        if row["pos"] == "noun":
            assert " " not in row["trigger"], row
            assert all(" " not in value for value in row["object"].split("|")), row


def test_lexicon_no_duplicate_rows():
    keys = [(row["trigger"], row["pos"], row["object"]) for row in LEXICON_ROWS]
    assert len(keys) == len(set(keys))


def test_lexicon_object_sets_do_not_overlap():
    seen = {}
    for row in LEXICON_ROWS:
        for lemma in filter(None, row["object"].split("|")):
            key = (row["trigger"], row["pos"], lemma)
            assert key not in seen, (row, seen.get(key))
            seen[key] = row


def test_lexicon_ambiguous_words_carry_a_note():
    for trigger, pos in [
        ("strike", "verb"),
        ("strike", "noun"),
        ("fire", "verb"),
        ("charge", "verb"),
        ("back", "verb"),
        ("support", "verb"),
        ("meet", "verb"),
        ("press", "verb"),
        ("deal", "noun"),
        ("march", "verb"),
        ("rally", "verb"),
        ("shoot", "verb"),
        ("attack", "verb"),
    ]:
        assert lexicon_row(trigger, pos)["note"], (trigger, pos)


# ------------------------------------------------------------------ spot checks from the design


@pytest.mark.parametrize(
    ("trigger", "lemma", "plover_type", "cameo"),
    [
        ("hold", "talk", "CONSULT", "040"),
        ("hold", "negotiation", "CONSULT", "046"),
        ("impose", "sanction", "SANCTION", "163"),
        ("impose", "embargo", "SANCTION", "163"),
        ("cut", "tie", "SANCTION", "161"),
        ("sever", "relation", "SANCTION", "161"),
        ("launch", "attack", "ASSAULT", "190"),
        ("carry out", "raid", "ASSAULT", "190"),
        ("mount", "offensive", "ASSAULT", "190"),
        ("sign", "agreement", "AGREE", "057"),
        ("lift", "sanction", "RETREAT", "085"),
        ("lift", "embargo", "RETREAT", "085"),
        ("expel", "diplomat", "SANCTION", "166"),
        ("recall", "ambassador", "SANCTION", "161"),
        ("strike", "deal", "AGREE", "057"),
        ("go on", "strike", "PROTEST", "143"),
        ("open", "fire", "ASSAULT", "193"),
    ],
)
def test_light_verbs(trigger, lemma, plover_type, cameo):
    row = row_with_object(trigger, lemma)
    assert (row["type"], row["cameo"]) == (plover_type, cameo)


@pytest.mark.parametrize(
    "word",
    [
        "schism",
        "rift",
        "split",
        "difference",
        "tension",
        "hostility",
        "dispute",
        "row",
        "feud",
        "rivalry",
        "friction",
        "distrust",
        "animosity",
        "enmity",
        "standoff",
    ],
)
def test_conflict_stances(word):
    row = lexicon_row(word, "noun")
    assert (row["type"], row["kind"]) == ("ACCUSE", "stance")


@pytest.mark.parametrize("word", ["alliance", "partnership", "rapprochement", "friendship", "tie"])
def test_cooperative_stances(word):
    row = lexicon_row(word, "noun")
    assert (row["type"], row["kind"]) == ("SUPPORT", "stance")


@pytest.mark.parametrize(
    ("trigger", "pos", "plover_type"),
    [
        ("promise", "verb", "AGREE"),
        ("offer", "verb", "AGREE"),
        ("agree", "verb", "AGREE"),
        ("threaten", "verb", "THREATEN"),
        ("demand", "verb", "REQUEST"),
        ("urge", "verb", "REQUEST"),
        ("refuse", "verb", "REJECT"),
        ("reject", "verb", "REJECT"),
        ("arrest", "verb", "COERCE"),
        ("shell", "verb", "ASSAULT"),
        ("protest", "noun", "PROTEST"),
        ("ceasefire", "noun", "RETREAT"),
        ("talk", "noun", "CONSULT"),
    ],
)
def test_contract_rules(trigger, pos, plover_type):
    assert lexicon_row(trigger, pos)["type"] == plover_type


@pytest.mark.parametrize(
    ("head", "modifier", "plover_type", "cameo"),
    [
        ("strike", "hunger", "PROTEST", "142"),
        ("strike", "general", "PROTEST", "143"),
        ("strike", "air", "ASSAULT", "195"),
        ("bombing", "suicide", "ASSAULT", "1831"),
        ("call", "phone", "CONSULT", "041"),
        ("charge", "lathi", "ASSAULT", "175"),
    ],
)
def test_noun_compounds(head, modifier, plover_type, cameo):
    row = row_with_object(head, modifier)
    assert row["pos"] == "noun" and (row["type"], row["cameo"]) == (plover_type, cameo)


def test_death_targets_the_of_phrase():
    assert lexicon_row("death", "noun")["target"] == "of"
    assert lexicon_row("arrest", "noun")["target"] == "of"


def test_cameo_remaps_come_from_data_and_recode_entries():
    from riftwatch.events import as_declared_intent, as_police_act
    from riftwatch.events.lexicon import cameo_codes, cameo_remaps, shipped_lexicon
    from riftwatch.models import Actor, EventType

    remaps = cameo_remaps()
    assert set(remaps.intent) >= {"AID", "COOPERATE"} and set(remaps.threat) >= {"ASSAULT", "SANCTION"}
    assert all(
        r.cameo in cameo_codes()
        for table in (remaps.intent, remaps.threat, remaps.police)
        for r in table.values()
    )
    entries = [
        e for table in (shipped_lexicon().verbs, shipped_lexicon().nouns) for es in table.values() for e in es
    ]
    aid = next(e for e in entries if e.type is EventType.AID)
    declared = as_declared_intent(aid)
    assert (declared.type, declared.cameo, declared.mode) == (
        EventType.AGREE,
        remaps.intent["AID"].cameo,
        None,
    )
    raid = next(e for e in entries if e.type is EventType.ASSAULT and e.head == "raid")
    police = Actor(text="police", country="IND", sector="COP")
    recoded = as_police_act(raid, police)
    assert (recoded.type, recoded.mode) == (EventType.COERCE, "seize")
    assert as_police_act(raid, Actor(text="troops", country="IND", sector="MIL")) is raid
