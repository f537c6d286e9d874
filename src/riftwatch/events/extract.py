"""Who did what to whom in one parsed sentence: predicates from the lexicon, arguments from the parse.

For each trigger (a verb, a particle verb, a light verb with its object noun, or an event noun) the source
and target are found in the dependency tree: subjects (inherited through control verbs, coordination and
relative clauses), passive agents, direct objects, the prepositions the lexicon names, possessives and
adjectives of event nouns. Arguments are actor mentions (from the actors stage) found at or under those
tokens. One sentence may hold several events; reciprocal acts by coordinated actors give one record each way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from ..models import EventType, Mention
from ..vocabulary import (
    ABSTRACT_FOES,
    ACCIDENT_SOURCES,
    ACCIDENT_VERBS,
    HAZARDS,
    POLICY_NOUNS,
    SPEECH_PARTICIPLES,
    VERBAL_ATTACK_MODIFIERS,
)
from .arguments import (
    MentionIndex,
    PlaceNote,
    _of_objects,
    _pobj,
    _unique,
)
from .candidates import Candidate
from .lexicon import Lexicon
from .nouns import noun_candidates, noun_entry
from .verbs import verb_candidates


def _consequence(candidate: Candidate, triggers: set[tuple[int, EventType]]) -> bool:
    """'attacked the base, killing 12 and injuring 30': the participles tell the attack's toll, not new acts."""
    token = candidate.trigger
    while token.dep_ == "conj" and token.tag_ == "VBG":
        token = token.head
    if token.dep_ == "advcl" and token.tag_ == "VBG" and candidate.entry.type is EventType.ASSAULT:
        return (token.head.i, EventType.ASSAULT) in triggers
    if candidate.entry.type is EventType.ASSAULT and candidate.sources[0] is None and is_passive_toll(token):
        # "five soldiers were killed when troops clashed with rebels": the toll of the clash, one act
        return any(
            c.dep_ == "advcl" and (c.i, EventType.ASSAULT) in triggers
            for c in token.children
            if any(m.dep_ in ("advmod", "mark") and m.lower_ in _TOLL_MARKS for m in c.children)
        )
    return False


_TOLL_MARKS = frozenset({"when", "as", "after", "while"})


def is_passive_toll(token: Token) -> bool:
    """'were killed', 'were injured', 'died': harm told from the side of those it befell."""
    return token.lemma_.lower() in ("kill", "injure", "wound", "die", "hurt") and (
        token.lemma_.lower() == "die" or any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
    )


def _act_nouns(verb: Token) -> list[Token]:
    """The subject or passive agent of a verb when it is a noun ('an air strike killed', 'were killed in a
    blast', 'killed by shelling'), with the nouns it hangs from ('an air strike by the coalition killed'), and
    the nouns coordinated with its object ('used batons and tear gas')."""
    nouns = []
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        noun = verb.head  # the small parser often reads "An air strike killed 12" as a noun with a participle
        nouns.append(noun)
        while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("NOUN", "PROPN"):
            noun = noun.head.head
            nouns.append(noun)
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
            nouns.append(child)
        obj = _pobj(child) if child.dep_ in ("agent", "prep") and child.lower_ in ("by", "in") else None
        if obj is not None:  # a noun, or a gerund standing for one ('injured in police firing')
            nouns.append(obj)
        if (
            child.dep_ == "dobj"
        ):  # 'used batons and tear gas': the weapons named after the first are the act too
            nouns.extend(c for c in child.subtree if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"))
    return nouns


def _one_act_one_event(candidates: list[Candidate], lexicon: Lexicon) -> list[Candidate]:
    """'An air strike killed 12 people': the strike and the killing are one act. The verb's record keeps its
    actors (and the noun's when it has none of its own) and takes the noun's entry, which knows the weapon."""
    nouns: dict[tuple[int, EventType], list[Candidate]] = {}
    for candidate in candidates:
        if candidate.trigger.pos_ in ("NOUN", "PROPN") or candidate.trigger.dep_ in (
            "pobj",
            "nsubj",
            "nsubjpass",
        ):
            # gerunds ('in police firing') are often tagged as verbs but stand where nouns do
            nouns.setdefault((candidate.trigger.i, candidate.entry.type), []).append(candidate)
    absorbed: set[int] = set()
    merged: list[Candidate] = []
    for candidate in candidates:
        acts = _act_nouns(candidate.trigger) if candidate.trigger.pos_ in ("VERB", "AUX") else []
        found = next(
            (nouns[(n.i, candidate.entry.type)] for n in acts if (n.i, candidate.entry.type) in nouns), None
        )
        if not found:
            # "killed in a blast": the noun is no record of its own, but it says how the act was done
            entry = next(
                (
                    e
                    for n in acts
                    if (e := noun_entry(n, lexicon)) is not None
                    and e.kind.value == "event"
                    and e.type is candidate.entry.type
                    and e.mode
                    and not candidate.entry.mode
                ),
                None,
            )
            merged.append(replace(candidate, entry=entry) if entry is not None else candidate)
            continue
        absorbed.add(found[0].trigger.i)
        sources = candidate.sources if candidate.sources[0] is not None else ()
        for source in sources or tuple({id(c.sources[0]): c.sources[0] for c in found}.values()):
            merged.append(
                replace(
                    candidate, entry=found[0].entry, trigger_text=found[0].trigger_text, sources=(source,)
                )
            )
    merged = [c for c in merged if c.trigger.i not in absorbed]
    return _fold_purposes(merged)


def _purpose_head(token: Token) -> Token | None:
    """'fired tear gas to disperse the crowd': the act 'to disperse' is the purpose of (advcl/xcomp, 'to')."""
    if token.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return token.head
    return None


def _fold_purposes(candidates: list[Candidate]) -> list[Candidate]:
    """An act done to achieve an act of the same type is one event: the means keeps its source and takes the
    purpose's target when it has none ('police fired tear gas to disperse protesters')."""
    heads = {(c.trigger.i, c.entry.type) for c in candidates}
    folded: dict[tuple[int, EventType], list[Mention | None]] = {}
    kept = []
    for candidate in candidates:
        head = _purpose_head(candidate.trigger)
        if head is not None and (head.i, candidate.entry.type) in heads:
            folded.setdefault((head.i, candidate.entry.type), []).extend(candidate.targets)
            continue
        kept.append(candidate)
    result = []
    for candidate in kept:
        targets = [t for t in folded.get((candidate.trigger.i, candidate.entry.type), []) if t is not None]
        if candidate.targets[0] is None and targets:
            result.extend(replace(candidate, targets=(target,)) for target in _unique(targets))
        else:
            result.append(candidate)
    return result


def _protest_demands(candidates: list[Candidate]) -> list[Candidate]:
    """'Thousands blocked roads demanding his return', 'staged rallies, saying he must resign', 'marched to
    demand reforms': the demand is what the protest is for, one act (the PROTEST), not a REQUEST of its own."""
    protests = {c.trigger.i for c in candidates if c.entry.type is EventType.PROTEST}

    def for_protest(token: Token) -> bool:
        head = (
            token.head
        )  # "staged a sit-in protest demanding ...": the demand hangs from the light verb's object
        return head.i in protests or (head.dep_ in ("dobj", "attr") and head.head.i in protests)

    return [
        c
        for c in candidates
        if not (
            c.entry.type is EventType.REQUEST
            and c.trigger.dep_ in ("advcl", "xcomp", "acl")
            and for_protest(c.trigger)
        )
    ]


def _lemmas(token: Token) -> set[str]:
    return {t.lemma_.lower() for t in token.subtree}


def _caused_by_hazard(verb: Token) -> bool:
    """Its subject, agent or 'in/from' cause is a natural or accidental one ('an earthquake killed', 'hit by
    rains', 'killed in a bus crash'), or a clause of an accident goes with it ('when a boiler exploded')."""
    for child in verb.children:
        if child.dep_ == "nsubj" and any(_hazard(n) or _accidental(n) for n in (child, *_of_objects(child))):
            return True  # "an earthquake killed", "a second wave of floods hit"
        if child.dep_ in ("agent", "prep") and child.lower_ in _CAUSES:
            obj = _pobj(child)
            if obj is not None and (_hazard(obj) or _accidental(obj)):
                return True
        if child.dep_ == "advcl" and child.lemma_.lower() in ACCIDENT_VERBS:
            subjects = [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
            if any(_lemmas(s) & ACCIDENT_SOURCES or _hazard(s) for s in subjects):
                return True  # "when a boiler exploded", "after a volcano erupted"
    return False


_CAUSES = frozenset({"by", "in", "from", "during"})


def _hazard(noun: Token) -> bool:
    """'an earthquake', 'the floods', 'a huge fire'; not 'a cease-fire' or 'police fire' (someone's firing)."""
    if noun.lemma_.lower() not in HAZARDS:
        return False
    return noun.lemma_.lower() != "fire" or not any(c.dep_ in ("compound", "poss") for c in noun.children)


def _accidental(noun: Token) -> bool:
    """'a gas explosion', 'a fertilizer plant explosion', 'the explosion of a boiler': an accident's blast."""
    if noun.lemma_.lower() not in ("explosion", "blast", "fire", "collapse"):
        return False
    modifiers = {c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod", "nmod")}
    owners = {w for obj in _of_objects(noun) for w in _lemmas(obj)}
    compounds = {w for c in noun.children if c.dep_ == "compound" for w in _lemmas(c)}
    return bool((modifiers | owners | compounds) & ACCIDENT_SOURCES)


def natural_harm(candidate: Candidate) -> bool:
    """Harm done by nature or by accident ('an earthquake killed eight', 'struck Lombok, killing two', 'were
    injured when a tank at the plant exploded', 'a gas explosion') is no one's act: no ASSAULT."""
    if candidate.entry.type is not EventType.ASSAULT:
        return False
    token = candidate.trigger
    if token.pos_ in (
        "NOUN",
        "PROPN",
    ):  # "a gas explosion", "deaths in the eruption", "the battle against fires"
        causes = [
            o
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in _CAUSES | {"against", "with"}
            for o in [_pobj(c)]
            if o is not None
        ]
        causes += [o for c in token.children if c.dep_ == "acl" for o in c.children if o.dep_ == "dobj"]
        return _accidental(token) or any(_hazard(o) or _accidental(o) for o in causes)
    for _ in range(3):
        if _caused_by_hazard(token):
            return True
        if token.dep_ not in ("advcl", "conj", "xcomp") or token.head is token:
            return False
        token = token.head  # "struck Lombok, killing two": the killing is the quake's
    return False


_FIGHTING = frozenset({"fight", "battle", "combat", "tackle", "wage"})


def abstract_fight(candidate: Candidate) -> bool:
    """'funding to fight the Ebola epidemic', 'fighting the root causes of migration', 'progress in fighting
    terrorism': a fight against a disease, a cause or a crime is no assault on anyone."""
    token = candidate.trigger
    if candidate.entry.type is not EventType.ASSAULT or token.lemma_.lower() not in _FIGHTING:
        return False
    foes = [c for c in token.children if c.dep_ == "dobj"]
    foes += [o for c in token.children if c.dep_ == "prep" and c.lower_ == "against" for o in [_pobj(c)] if o]
    return any(f.lemma_.lower() in ABSTRACT_FOES or _hazard(f) for f in foes)


_VERBAL_NOUNS = frozenset({"attack", "assault", "broadside", "offensive"})


def verbal_attack(candidate: Candidate) -> bool:
    """'launched a scathing attack on the TMC government, calling it anti-people', 'led the attack on the
    impeachment proceedings', 'attacked the new law': an attack in words (ACCUSE), not an assault."""
    token = candidate.trigger
    if candidate.entry.type is not EventType.ASSAULT:
        return False
    if token.pos_ in ("NOUN", "PROPN"):
        nouns, verb = [token], token.head
    else:
        nouns = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in _VERBAL_NOUNS]
        verb = token
        if not nouns and token.lemma_.lower() != "attack":
            return False
    if not any(n.lemma_.lower() in _VERBAL_NOUNS for n in nouns) and token.lemma_.lower() != "attack":
        return False
    if any(c.dep_ == "amod" and c.lower_ in VERBAL_ATTACK_MODIFIERS for n in nouns for c in n.children):
        return True
    if verb.lemma_.lower() == "lead" and nouns:
        return True  # "led the attack on the proposal": a campaign of words
    said = [c for c in verb.children if c.dep_ in ("advcl", "xcomp", "conj") and c.tag_ == "VBG"]
    if any(c.lemma_.lower() in SPEECH_PARTICIPLES for c in said):
        return True
    attacked = [
        o
        for h in [*nouns, verb]
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "on"
        for o in [_pobj(c)]
        if o
    ]
    attacked += [c for c in verb.children if c.dep_ == "dobj" and c not in nouns]
    return bool(attacked) and all(o.lemma_.lower() in POLICY_NOUNS for o in attacked)


def sentence_candidates(
    doc: Doc, mentions: Sequence[Mention], offset: int, lexicon: Lexicon, places: Sequence[PlaceNote] = ()
) -> list[Candidate]:
    """Every event a parsed sentence holds (verbal and nominal), each once."""
    index = MentionIndex(doc, mentions, offset, places)
    found: list[Candidate] = []
    seen: set[tuple[int, str, str, str]] = set()
    candidates = _one_act_one_event(
        [*verb_candidates(doc, index, lexicon), *noun_candidates(doc, index, lexicon)], lexicon
    )
    candidates = _protest_demands(candidates)
    by_trigger = {(c.trigger.i, c.entry.type) for c in candidates}
    for candidate in candidates:
        if _consequence(candidate, by_trigger) or natural_harm(candidate) or abstract_fight(candidate):
            continue
        if verbal_attack(candidate):  # an attack in words is a criticism (ACCUSE 111)
            words = next((e for e in lexicon.verb_entries("criticize") if not e.objects), None)
            candidate = replace(candidate, entry=words) if words is not None else candidate
        source, target = candidate.sources[0], candidate.targets[0]
        key = (
            candidate.trigger.i,
            candidate.entry.type.value,
            source.actor.code if source else "",
            target.actor.code if target else "",
        )
        if key not in seen:
            seen.add(key)
            found.append(candidate)
    return found
