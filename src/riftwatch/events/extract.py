"""Who did what to whom in one parsed sentence: predicates from the lexicon, arguments from the parse.

For each trigger (a verb, a particle verb, a light verb with its object noun, or an event noun) the source
and target are found in the dependency tree: subjects (inherited through control verbs, coordination and
relative clauses), passive agents, direct objects, the prepositions the lexicon names, possessives and
adjectives of event nouns. Arguments are actor mentions (from the actors stage) found at or under those
tokens. One sentence may hold several events; reciprocal acts by coordinated actors give one record each way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from ..models import EventType, Mention
from .agents import implied_rule
from .arguments import (
    MentionIndex,
    PlaceNote,
    _of_objects,
    _pobj,
    _preps,
    _unique,
    actors_of,
    asked_of,
    clause_verb,
    condition_subjects,
    grievance_of,
    is_passive,
    passive_agent,
    phrase_agents,
    protest_target,
    subject_of,
)
from .content import DEMANDS as _DEMANDS
from .content import SPEECH_ACTS, in_content
from .lexicon import AGENTLESS, Lexicon, LexiconEntry
from .modality import required

# Verbs whose subject the embedded verb shares ("Moscow appears to back", "Tehran seeks to back").
_CONTROL = {
    "appear",
    "seem",
    "seek",
    "try",
    "want",
    "continue",
    "begin",
    "start",
    "plan",
    "intend",
    "aim",
    "decide",
    "prepare",
    "hope",
    "attempt",
    "move",
    "go",
    "need",
    "wish",
    "expect",
    "agree",
    "offer",
    "promise",
    "pledge",
    "vow",
    "threaten",
    "refuse",
    "fail",
    "manage",
    "help",
    "choose",
    "vote",
}
# Verbs that report what someone said: "X said Y must withdraw" is X's demand on Y.
_SAYING = {
    "say",
    "tell",
    "state",
    "insist",
    "stress",
    "reiterate",
    "add",
    "warn",
    "remind",
    "argue",
    "declare",
    "announce",
    "write",
    "note",
    "emphasise",
    "emphasize",
    "maintain",
    "believe",
    "think",
}
# Speech acts an embedded verb may still be: "urged Iran to reject the deal" keeps the rejection.
_SPEECH_TYPES = {"REQUEST", "THREATEN", "AGREE", "REJECT"}
# Promises of a hostile act are threats: "vowed to avenge", "pledged to retaliate", "promised to punish".
_HOSTILE = {EventType.ASSAULT, EventType.COERCE, EventType.SANCTION, EventType.THREATEN}
_VOWS = {"vow", "pledge", "promise", "swear"}
# Verbs that make a noun the event ("launched an attack", "held talks") and give it their subject.
LIGHT_VERBS = {
    "launch",
    "carry",
    "stage",
    "mount",
    "conduct",
    "hold",
    "make",
    "issue",
    "impose",
    "sign",
    "wage",
    "begin",
    "start",
    "continue",
    "resume",
    "renew",
    "announce",
    "order",
    "lead",
    "open",
    "step",
    "take",
    "give",
    "provide",
    "deliver",
    "send",
    "extend",
    "reach",
    "conclude",
    "have",
    "join",
}
# Acts that coordinated subjects do with each other ("Moscow and Beijing signed a deal"), one record each way.
_RECIPROCAL_TRIGGERS = {
    "clash",
    "fight",
    "meet",
    "talk",
    "negotiate",
    "cooperate",
    "sign",
    "agree",
    "ink",
    "discuss",
    "reconcile",
    "consult",
    "partner",
    "ally",
    "exchange",
    "trade",
    # nouns of two-sided acts ("talks between X and Y")
    "negotiation",
    "meeting",
    "summit",
    "reconciliation",
    "dialogue",
    "agreement",
    "accord",
    "pact",
    "treaty",
    "truce",
    "ceasefire",
    "fighting",
    "cooperation",
    "consultation",
    "discussion",
}
_BETWEEN = frozenset({"between", "among"})
# Types that need a counterpart: a consultation, aid or cooperation with nobody is a misreading.
_NEEDS_TARGET = {"CONSULT", "AID", "COOPERATE"}
_ANONYMITY = re.compile(r"\b(named|identified|anonymity|anonymous|quoted by name)\b", re.IGNORECASE)
_OWNER_IS_TARGET = {"REJECT", "SUPPORT", "ACCUSE", "AGREE", "CONCEDE"}
_RELATIONS = {"tie", "relation", "relationship", "diplomatic relation"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An event read from the parse, before dating, certainty and attribution are added."""

    entry: LexiconEntry
    trigger: Token  # the predicate: verb, or event noun
    trigger_text: str
    sources: tuple[Mention | None, ...]
    targets: tuple[Mention | None, ...]
    reciprocal: bool = False
    negated: bool = False  # "partnering with the military but not Iran": this target is excluded
    nearest_target: bool = False  # the target was not in a slot the lexicon names, but nearby in the clause
    date_text: str | None = None  # a date expression inherited from where a place was first named


def verb_candidates(doc: Doc, index: MentionIndex, lexicon: Lexicon) -> Iterator[Candidate]:
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
            continue
        modal = required(token) if token.pos_ in ("VERB", "AUX") else None
        if modal and token.dep_ == "ccomp" and token.head.lemma_.lower() in _SAYING:
            yield from _requirement(
                token, modal, index, lexicon
            )  # whatever the act, the requirement is the event
            continue
        if token.pos_ == "NOUN" and lexicon.noun_entries(token.lemma_.lower()):
            continue  # a verbless headline or caption ("Air strike on market"): the noun rows read it
        lemma = _hyphenated(token)
        entries = lexicon.verb_entries(lemma) if lemma else []
        lemma = lemma if entries else token.lemma_.lower()
        entries = entries or lexicon.verb_entries(lemma)
        if not entries:
            continue
        particles = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep")}
        objects = {}
        for child in token.children:
            if child.dep_ in ("dobj", "nsubjpass", "attr"):
                objects.update({form: child for form in _object_forms(child)})
            elif child.dep_ == "prep" and (obj := _pobj(child)) is not None:
                # "go on strike", "call for a ceasefire": the object of the phrase's preposition
                objects.update({f"{child.lower_}:{form}": obj for form in _object_forms(obj)})
        chosen = _choose_verb_entry(entries, particles, objects)
        if chosen is None:
            continue
        entry, object_token = chosen
        if (
            token.lemma_.lower() in _VOWS
            and entry.type is EventType.AGREE
            and _vows_hostility(token, lexicon)
        ):
            entry = next(
                (e for e in lexicon.verb_entries("threaten") if not e.objects and not e.particle), entry
            )
        if any(required(a) and a.dep_ == "ccomp" for a in list(token.ancestors)[:3]):
            continue  # "said the US must be ready to mediate": part of what was required
        if (_under_speech_act(token) or in_content(token)) and entry.type.value not in _SPEECH_TYPES:
            continue
        if lemma in _CONTROL and lemma not in SPEECH_ACTS and any(c.dep_ == "xcomp" for c in token.children):
            continue  # "Tehran seeks to back ...": the embedded verb is the event
        if lemma in ("ask", "speak", "decline", "request", "insist") and _ANONYMITY.search(
            "".join(t.text_with_ws for t in token.subtree)
        ):
            continue  # "a diplomat who asked not to be named": how a source is described, not an act
        subjects, passive = subject_of(token, index)
        # "Israel is opposed to French mediation": a state the subject is in, read as its act
        stative = entry.particle in _STATIVE and not passive_agent(token, index)
        passive = passive and not stative
        if passive and token.dep_ == "acl" and entry.type.value not in ("ASSAULT", "COERCE"):
            continue  # "soldiers stationed in ...": a description, not a reported act
        if passive or (is_passive(token) and not stative):
            sources = passive_agent(token, index)
            if not sources and entry.type in (EventType.ASSAULT, EventType.COERCE):
                sources = phrase_agents(token, index)  # "killed in police firing"
            targets = subjects if entry.target == "dobj" else _targets(token, entry, object_token, index)
            if entry.target != "dobj" and not targets:
                targets = subjects
        else:
            sources = subjects
            targets = _targets(token, entry, object_token, index)
        permits = token.lemma_.lower() in ("allow", "permit")  # "allowed the return of UN inspectors"
        if (entry.type is EventType.REQUEST or permits) and (asked := asked_of(token, object_token, index)):
            targets = asked  # "demanded the withdrawal of Serbian forces (from Bosnia)": who is asked to act
        if entry.type is EventType.ACCUSE and (blamed := grievance_of(token, index)):
            targets = blamed  # "complained to the UN over Israeli raids": whom the complaint is about
        if not targets and token.lemma_.lower() in SPEECH_ACTS:
            targets = _embedded_targets(token, index) or condition_subjects(token, index)
        if not targets and entry.type is EventType.PROTEST:
            targets = protest_target(token, sources, index)  # "... in defiance of Chinese authorities"
        if targets and all(_own(t, sources) for t in targets):
            targets = []  # "welcomed their resumption of ties with X": their own act; the target is further on
        nearest = False
        if not targets and entry.target != "none" and sources:
            targets = _nearest_target(token, sources, index)
            nearest = bool(targets)
        text = token.text + (f" {entry.particle}" if entry.particle else "")
        if object_token is not None:
            text = f"{token.text} {object_token.text}"
        for candidate in _candidates(entry, token, text, sources, targets, index):
            yield replace(candidate, nearest_target=nearest) if nearest else candidate


def _hyphenated(token: Token) -> str | None:
    """'lathi-charged' -> 'lathi-charge': spaCy splits hyphenated verbs; the lexicon lists them joined."""
    doc = token.doc
    if (
        token.i >= 2
        and doc[token.i - 1].text == "-"
        and not doc[token.i - 2].whitespace_
        and not doc[token.i - 1].whitespace_
    ):
        return f"{doc[token.i - 2].lower_}-{token.lemma_.lower()}"
    return None


def _choose_verb_entry(
    entries: list[LexiconEntry], particles: set[str], objects: dict[str, Token]
) -> tuple[LexiconEntry, Token | None] | None:
    """The most specific entry that fits: a light verb with its object, then a particle verb, then the verb."""
    ordered = sorted(objects.items(), key=lambda item: -len(item[0].rpartition(":")[2].split()))
    # "called off a strike": a row of the particle verb the text uses beats the bare verb's row
    entries = sorted(entries, key=lambda e: e.particle is None or e.particle not in particles)
    for form, token in ordered:  # "fired teargas shells": the two-word object beats "shells"
        for entry in entries:
            if entry.objects:
                prep, _, lemma = form.rpartition(":")
                if lemma not in entry.objects:
                    continue
                if entry.particle is None and not prep:
                    return entry, token
                if (
                    entry.particle is not None
                    and entry.particle in particles
                    and prep in ("", entry.particle)
                ):
                    return entry, token
    for entry in entries:
        if not entry.objects and entry.particle is not None and entry.particle in particles:
            return entry, None
    for entry in entries:
        if not entry.objects and entry.particle is None:
            return entry, None
    return None


_CLAUSE_EDGES = {"relcl", "ccomp", "advcl", "parataxis", "nsubj", "nsubjpass", "csubj", "appos", "acl"}


def _nearest_target(token: Token, sources: list[Mention], index: MentionIndex) -> list[Mention]:
    """No target in the slots the lexicon names: the first actor elsewhere in the trigger's own clause
    ('imposed restrictions on Turkish imports'), never in a subordinate clause or the subject."""
    taken = {(m.start, m.end) for m in sources}
    stack = [c for c in token.children if c.dep_ not in _CLAUSE_EDGES]
    ordered: list[Token] = []
    while stack:
        current = stack.pop(0)
        ordered.append(current)
        stack.extend(c for c in current.children if c.dep_ not in _CLAUSE_EDGES)
    for candidate in sorted(ordered, key=lambda t: t.i):
        for mention in index.at(candidate):
            if (
                (mention.start, mention.end) not in taken
                and mention.actor.country
                and mention.kind != "pronoun"
                and (mention.actor.code not in {m.actor.code for m in sources})
            ):  # "Turkish forces set up a military post": the post's 'military' is the source's own
                # "welcomed the resumption of ties between Eriador and Osgiliath": the whole list
                listed = [m for c in _conjuncts(candidate) for m in index.at(c) if m.kind != "pronoun"]
                return _unique(
                    [mention, *(m for m in listed if m.actor.country and (m.start, m.end) not in taken)]
                )
    for candidate in sorted(ordered, key=lambda t: t.i):
        mention = index.modifiers.get(candidate.i)
        if (
            mention is not None
            and mention.actor.country
            and all(mention.actor.country != s.actor.country for s in sources)
        ):
            return [mention]
    return []


def _one_actor(first: Mention, second: Mention) -> bool:
    """'Dagolath's Deputy Prime Minister' read as Dagolath and as its government: two readings of one side."""
    same = first.actor.country is not None and first.actor.country == second.actor.country
    return same and (first.actor.sector is None or second.actor.sector is None)


def _own(target: Mention, sources: Sequence[Mention]) -> bool:
    """A pronoun target that points back to one of the sources ('their', 'its') names no one else."""
    return target.kind == "pronoun" and any(
        s.actor.code == target.actor.code and s.actor.name == target.actor.name for s in sources
    )


def _conjuncts(token: Token) -> list[Token]:
    """The heads coordinated with `token` after it ('Mordor, Rohan and Bree': Rohan, Bree for Mordor)."""
    found, stack = [], [c for c in token.children if c.dep_ == "conj"]
    while stack:
        current = stack.pop(0)
        found.append(current)
        stack.extend(c for c in current.children if c.dep_ == "conj")
    return found


def _embedded_targets(token: Token, index: MentionIndex) -> list[Mention]:
    """'threatened to attack Israel', 'offered to send troops to Lebanon', 'agreed to give aid to Poland':
    the target of a threat, offer or promise is the target of the act it is about."""
    for child in token.children:
        if child.dep_ == "ccomp":  # "demanded that the United States match ...", "urged that Iran stop ..."
            subject = [
                m for c in child.children if c.dep_ in ("nsubj", "nsubjpass") for m in actors_of(c, index)
            ]
            if subject:
                return _unique(subject)
        if child.dep_ in ("xcomp", "ccomp"):
            found = [m for c in child.children if c.dep_ in ("dobj", "dative") for m in actors_of(c, index)]
            if not found:
                found = [
                    m
                    for obj in _preps(child, frozenset({"to", "with", "against", "on", "between", "into"}))
                    for m in actors_of(obj, index)
                ]
            if found:
                return _unique(found)
    return []


# Nouns that count or hold what matters: "a lot of weapons", "a cache of arms", "dozens of protesters".
_QUANTITY_NOUNS = {
    "lot",
    "number",
    "dozen",
    "cache",
    "stash",
    "quantity",
    "haul",
    "consignment",
    "batch",
    "huge",
    "hundred",
    "thousand",
    "pile",
    "load",
    "truckload",
    "cartload",
    "bag",
    "box",
    "crate",
    "ton",
    "tonne",
    "kg",
    "kilogram",
    "kilo",
    "litre",
    "liter",
    "shipment",
    "package",
    "container",
    "worth",
}


_AMOUNTS = {"million", "billion", "trillion"}


def _object_forms(token: Token) -> list[str]:
    """The lemma of an object noun, with its compound words ('tear gas', 'joint exercise', 'military
    observation point' and 'observation point'), and what a quantity noun counts ('a cache of arms')."""
    lemma = token.lemma_.lower()
    modifiers = [c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
    forms = [lemma] + ([" ".join([*modifiers, lemma])] if modifiers else [])
    if len(modifiers) > 1:
        forms.append(f"{modifiers[-1]} {lemma}")
    if lemma in _QUANTITY_NOUNS:
        forms.extend(form for obj in _preps(token, frozenset({"of"})) for form in _object_forms(obj))
    # "a million rupees", "$5 billion": an amount counted in millions is money whatever the currency
    forms.extend(
        amount
        for c in token.children
        if c.dep_ in ("nummod", "quantmod", "compound") and (amount := c.lower_) in _AMOUNTS
    )
    return forms


def _under_speech_act(token: Token) -> bool:
    """'threatened to attack': the attack is what was threatened, not an act; 'demanded that Iran stop': the
    stopping is what was demanded."""
    head = token.head.lemma_.lower()
    return (token.dep_ == "xcomp" and head in SPEECH_ACTS) or (token.dep_ == "ccomp" and head in _DEMANDS)


def _vows_hostility(token: Token, lexicon: Lexicon) -> bool:
    """'vowed to avenge the killing', 'pledged to retaliate': the promised act is a hostile one."""
    for child in token.children:
        if child.dep_ == "xcomp":
            entries = lexicon.verb_entries(child.lemma_.lower())
            if any(e.type in _HOSTILE for e in entries):
                return True
    return False


def _requirement(token: Token, modal: str, index: MentionIndex, lexicon: Lexicon) -> Iterator[Candidate]:
    """'The minister said Israel must halt settlement building': a REQUEST by the speaker to the one who must
    act (a demand for 'must', an appeal for 'should'); the act itself is no event."""
    speaker = token.head
    verb = "demand" if modal == "must" else "urge"
    entry = next((e for e in lexicon.verb_entries(verb) if not e.objects and not e.particle), None)
    if entry is None:
        return
    sources, _ = subject_of(speaker, index)
    targets, _ = subject_of(token, index)
    yield from _candidates(entry, speaker, f"{modal} {token.text}", sources, targets, index)


def _targets(
    token: Token, entry: LexiconEntry, object_token: Token | None, index: MentionIndex
) -> list[Mention]:
    """The target actors of a verb trigger, looked for in the lexicon's slots in order of preference."""
    holder = object_token if object_token is not None else token
    for slot in entry.target_slots:
        found: list[Mention] = []
        if slot == "none":
            return []
        if slot in ("dobj", "dative"):
            if object_token is not None and slot == "dobj" and object_token.dep_ != "pobj":
                found = actors_of(object_token, index)  # "expelled the diplomats", "took hostages"
            else:
                for child in token.children:
                    if child.dep_ == slot and child is not object_token:
                        found.extend(actors_of(child, index))
                if not found and slot == "dobj" and entry.particle:
                    # "cordoned off the roads": the parser reads the particle as a preposition with an object
                    found = [
                        m for obj in _preps(token, frozenset({entry.particle})) for m in actors_of(obj, index)
                    ]
        elif slot == "of":
            found = [m for obj in _of_objects(holder) for m in actors_of(obj, index)]
        else:
            for place in (holder, token) if holder is not token else (token,):
                found = [m for obj in _preps(place, frozenset({slot})) for m in actors_of(obj, index)]
                if found:
                    break
        if found:
            return _unique(found)
    if object_token is not None and entry.type.value in _OWNER_IS_TARGET:
        # "rejected a U.S. request", "welcomed Iran's offer": whose proposal it was
        owners = [
            m
            for c in object_token.children
            if c.dep_ in ("poss", "compound", "amod", "nmod")
            for m in ([index.modifier_at(c)] if index.modifier_at(c) else [])
        ]
        possessors = [m for c in object_token.children if c.dep_ == "poss" for m in actors_of(c, index)]
        if possessors:  # "rejected Iraqi President Saddam Hussein's proposal": the possessor, with its title
            owners = possessors
        if owners:
            return _unique(owners)
    if object_token is None and "dobj" not in entry.target_slots:
        # "supplying Hezbollah" as well as "supplying arms to Hezbollah"
        return _unique(
            [m for c in token.children if c.dep_ in ("dobj", "dative") for m in actors_of(c, index)]
        )
    return []


def noun_entry(token: Token, lexicon: Lexicon) -> LexiconEntry | None:
    """The lexicon row of an event noun: one whose modifier matches ('air strike'), else the plain row."""
    entries = lexicon.noun_entries(token.lemma_.lower())
    modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod")}
    specific = [e for e in entries if e.objects and e.objects & modifiers]
    plain = [e for e in entries if not e.objects]
    return (specific or plain or [None])[0]


def noun_candidates(doc: Doc, index: MentionIndex, lexicon: Lexicon) -> Iterator[Candidate]:
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        entry = noun_entry(token, lexicon)
        if entry is None or token.ent_type_ in ("DATE", "TIME"):
            continue  # "last March", "a May Day rally" is the rally: a date names no act
        if token.lemma_.lower() in _NEEDS_PREP and not any(
            c.dep_ == "prep" and c.lower_ in _NEEDS_PREP[token.lemma_.lower()] for c in token.children
        ):
            continue  # "citing domestic opposition": the opposition is people, 'opposition to X' an act
        if (
            token.dep_ == "compound"
            and token.head.pos_ in ("NOUN", "PROPN")
            and not noun_entry(token.head, lexicon)
        ):
            continue  # "invasion forces", "riot police", "attack helicopters": a modifier, not an act
        if token.dep_ in ("dobj", "nsubjpass") and _light_verb_entry(token, lexicon):
            continue  # the light verb's own entry codes it ("imposed sanctions on")
        if _governed_by_trigger(token, lexicon):
            continue  # "rejected the mediation", "condemned the attack": the governing act is the event
        if in_content(token):
            continue  # "efforts to forge a settlement", "demanded that the US match the EU's support"
        sources = _noun_sources(token, index)
        targets = []
        for slot in entry.target_slots:
            if slot == "none":
                break
            if slot == "of":
                targets = [m for obj in _of_objects(token) for m in actors_of(obj, index)]
            elif slot not in ("dobj", "dative"):
                targets = [m for obj in _preps(token, frozenset({slot})) for m in actors_of(obj, index)]
            if targets:
                break
            holder = token
            while (
                not targets
                and holder.dep_ in ("nsubj", "nsubjpass", "xcomp", "attr")
                and holder.head is not holder
            ):
                holder = holder.head  # "a schism appears to be developing between Iran and Russia"
                targets = [m for obj in _preps(holder, entry.target_preps) for m in actors_of(obj, index)]
                for child in holder.children:
                    if not targets and child.dep_ == "xcomp":
                        targets = [
                            m for obj in _preps(child, entry.target_preps) for m in actors_of(obj, index)
                        ]
        if entry.kind.value == "stance":
            if entry.type.value == "SUPPORT" and _souring(token):
                entry = replace(entry, type=EventType.ACCUSE, cameo="110")  # "relations have soured"
            yield from _stance_candidates(entry, token, sources, targets)
            continue
        if (
            not sources
            and token.dep_ == "dobj"
            and token.head.pos_ == "VERB"
            and token.head.lemma_.lower() not in _UNDERGO
        ):
            sources, _ = subject_of(
                token.head, index
            )  # "Israel reimposed blockades": whoever does it to the act
        if not sources and token.head.lemma_.lower() in LIGHT_VERBS and token.dep_ in ("dobj", "attr"):
            sources, _ = subject_of(token.head, index)
        elif not sources and token.dep_ == "pobj" and token.head.lower_ in _DURING:
            governor = clause_verb(token)  # "threw stones during demonstrations", "converged for a rally"
            sources = (
                subject_of(governor, index)[0] if governor is not None and not is_passive(governor) else []
            )
        targets = _unique(targets)
        sides = _unique([m for obj in _preps(token, _BETWEEN) for m in actors_of(obj, index)])
        if not sources and len(sides) > 1 and entry.head in _RECIPROCAL_TRIGGERS:
            # "talks between Ethiopia and Eritrea", "clashes between X and Y": both sides act, each to the other
            sources, targets = sides, []
        yield from _candidates(entry, token, token.text, sources, targets, index)


# Particles of rows that read a passive form as the subject's stance ('is opposed to', 'is committed to').
_STATIVE = {"to"}
# Event nouns that are an act only with their preposition: 'opposition to the plan' (the bare noun is the
# political opposition, an actor).
_NEEDS_PREP = {"opposition": {"to"}}
# Verbs whose subject undergoes, sees or judges an act named as their object, rather than doing it.
_UNDERGO = {
    "suffer",
    "face",
    "survive",
    "witness",
    "fear",
    "see",
    "report",
    "experience",
    "endure",
    "escape",
    "repel",
    "thwart",
    "foil",
    "investigate",
    "recall",
    "mark",
    "commemorate",
    "expect",
    "predict",
    "blame",
    "protest",
    "condemn",
    "denounce",
    "criticise",
    "criticize",
    "deny",
    "discuss",
    "call",
    "demand",
    "urge",
    "welcome",
    "support",
    "oppose",
    "reject",
    "prevent",
    "avert",
    "halt",
    "stop",
    "end",
    "resist",
}
_DURING = {"during", "in", "at", "for", "amid"}
_SOURING = {
    "sour",
    "deteriorate",
    "worsen",
    "strain",
    "fray",
    "cool",
    "chill",
    "collapse",
    "break",
    "suffer",
    "plunge",
    "plummet",
    "unravel",
    "crumble",
    "tense",
    "hit",
}


def _souring(token: Token) -> bool:
    """'Relations between Ankara and Washington have soured': a cooperative noun in a conflictual clause."""
    head = token.head
    return (token.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in _SOURING) or any(
        c.dep_ == "amod" and c.lemma_.lower() in {"strained", "frayed", "tense", "troubled", "poor", "bad"}
        for c in token.children
    )


def _governed_by_trigger(token: Token, lexicon: Lexicon) -> bool:
    governor = token.head
    if token.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head
    if token.dep_ not in ("dobj", "pobj", "nsubjpass", "attr") or governor is token:
        return False
    if governor.pos_ not in ("VERB", "AUX"):
        return False
    entries = lexicon.verb_entries(governor.lemma_.lower())
    if token.dep_ == "dobj" and governor.lemma_.lower() in LIGHT_VERBS and all(e.objects for e in entries):
        return False  # 'renewed ties' is a row of 'renew'; 'renewed negotiations' is the noun's own event
    return bool(entries)


def _light_verb_entry(token: Token, lexicon: Lexicon) -> bool:
    verb = token.head
    return any(token.lemma_.lower() in e.objects for e in lexicon.verb_entries(verb.lemma_.lower()))


def _noun_sources(token: Token, index: MentionIndex) -> list[Mention]:
    """'Iran's attack', 'the Russian attack', 'a Hezbollah raid', 'attacks by rebels'."""
    found: list[Mention] = []
    for child in token.children:
        if child.dep_ == "poss":
            found.extend(actors_of(child, index))
        elif child.dep_ in ("amod", "compound", "nmod"):
            mention = index.modifier_at(child)
            if mention is not None:
                found.append(mention)
        elif child.dep_ == "prep" and child.lower_ == "by":
            found.extend(actors_of(_pobj(child), index))
    return _unique(found)


def _stance_candidates(
    entry: LexiconEntry, token: Token, sources: list[Mention], targets: list[Mention]
) -> Iterator[Candidate]:
    """'a schism between Iran and Russia', 'their differences', 'tensions with Ankara': a relation between
    two sides, one record each way."""
    sides = _unique(sources + targets)
    countries = {m.actor.code for m in sides}
    if len(countries) < 2:
        return
    for first in sides:
        for second in sides:
            if first is not second and first.actor.code != second.actor.code:
                yield Candidate(entry, token, token.text, (first,), (second,), reciprocal=True)


def _candidates(
    entry: LexiconEntry,
    token: Token,
    text: str,
    sources: list[Mention],
    targets: list[Mention],
    index: MentionIndex,
) -> Iterator[Candidate]:
    if not sources and not targets:
        if (
            token.pos_ in ("VERB", "ADJ")
            and token.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass")
            and any(c.dep_ == "det" for c in token.children)
        ):
            return  # "evacuated the wounded", "buried the dead": a participle naming people, not an act
        agentless = (
            entry.type in AGENTLESS
            and entry.kind.value == "event"
            and (
                entry.type is not EventType.COERCE
                or token.pos_ != "VERB"
                or is_passive(token)
                or entry.target == "none"
            )
        )  # an active coercion verb with no actor at all is more often a figure of speech ("picked up pace")
        if (
            agentless or implied_rule(entry.cameo, token) is not None
        ):  # "a curfew was imposed": the authorities
            yield Candidate(entry, token, text, (None,), (None,))
        return
    # "Riyadh and Tehran restored ties": an act on the relation between the subjects is done by each to the other
    reciprocal = (entry.head in _RECIPROCAL_TRIGGERS or bool(entry.objects & _RELATIONS)) and not targets
    if not targets and entry.type.value in _NEEDS_TARGET and not (reciprocal and len(sources) > 1):
        return
    if reciprocal and len(sources) > 1:
        for first in sources:
            for second in sources:
                if first is not second and not _one_actor(first, second):
                    yield Candidate(entry, token, text, (first,), (second,), reciprocal=True)
        return
    for source in sources or [None]:
        kept = 0
        for target in targets or [None]:
            if (
                source is not None
                and target is not None
                and (
                    source.start == target.start
                    or (source.actor.code == target.actor.code and source.actor.name == target.actor.name)
                )
            ):
                continue  # an actor acting on itself is a misreading ("it" and its antecedent)
            kept += 1
            inherited = next(
                (
                    index.place_dates[(m.start, m.end)]
                    for m in (source, target)
                    if m is not None and (m.start, m.end) in index.place_dates
                ),
                None,
            )
            yield Candidate(
                entry,
                token,
                text,
                (source,),
                (target,),
                negated=_excluded(index, target),
                date_text=inherited,
            )
        if not kept and source is not None and entry.type.value not in _NEEDS_TARGET:
            # every target was the source itself ("protesters rallied to mourn demonstrators"): the act stands
            yield Candidate(entry, token, text, (source,), (None,))


_EXCLUDED = re.compile(
    r"\b(?:but|and|or)?\s*not\s+(?:(?:the|its|their)\s+)?(?:[\w’'-]+\s+){0,3}?(?:(?:and|or|nor)\s+)?$",
    re.IGNORECASE,
)


def _excluded(index: MentionIndex, mention: Mention | None) -> bool:
    """'... partnering with the Syrian military but not Iran and Hezbollah': a target the text leaves out."""
    if mention is None:
        return False
    before = index.doc.text[: max(0, mention.start - index.offset)]
    return bool(_EXCLUDED.search(before[-40:])) and " not " in f" {before[-40:]}"


def _consequence(candidate: Candidate, triggers: set[tuple[int, EventType]]) -> bool:
    """'attacked the base, killing 12 and injuring 30': the participles tell the attack's toll, not new acts."""
    token = candidate.trigger
    while token.dep_ == "conj" and token.tag_ == "VBG":
        token = token.head
    if token.dep_ == "advcl" and token.tag_ == "VBG" and candidate.entry.type is EventType.ASSAULT:
        return (token.head.i, EventType.ASSAULT) in triggers
    return False


def _act_nouns(verb: Token) -> list[Token]:
    """The subject or passive agent of a verb when it is a noun ('an air strike killed', 'were killed in a
    blast', 'killed by shelling'), with the nouns it hangs from ('an air strike by the coalition killed')."""
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
    return [
        c
        for c in candidates
        if not (
            c.entry.type is EventType.REQUEST
            and c.trigger.dep_ in ("advcl", "xcomp", "acl")
            and c.trigger.head.i in protests
        )
    ]


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
        if _consequence(candidate, by_trigger):
            continue
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
