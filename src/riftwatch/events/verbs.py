"""Candidates from verbs: the lexicon's verb triggers with their subjects, objects and the prepositions the
lexicon names, through control verbs, speech acts, vows and requirements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.symbols import AUX, NOUN, VERB
from spacy.tokens import Doc, Token

from ..models import EventType, Mention, MentionKind
from ..vocabulary import ACCESS_NOUNS, SAYING_VERBS, STATE_SECTORS
from .aims import asked_of, condition_subjects, grievance_of, measure_against, protest_target
from .arguments import (
    MentionIndex,
    _of_objects,
    _pobj,
    _preps,
    _unique,
    actors_of,
    is_passive,
    passive_agent,
    per_doc,
    phrase_agents,
    subject_of,
)
from .candidates import NEEDS_TARGET, Candidate, is_reciprocal, make_candidates, releases_no_one, sides
from .content import DEMANDS as _DEMANDS
from .content import DENIALS, ORDERS, SPEECH_ACTS, asked_for, in_content
from .content import particles as verb_particles
from .lexicon import Lexicon, LexiconEntry
from .modality import required
from .requests import named_by_call, no_request, orderer_of, orders_an_act
from .uncoded import uncoded_target

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


# Speech acts an embedded verb may still be: "urged Iran to reject the deal" keeps the rejection.
_SPEECH_TYPES = {"REQUEST", "THREATEN", "AGREE", "REJECT"}
# Particles of rows that read a passive form as the subject's stance ('is opposed to', 'is committed to').
_STATIVE = {"to"}
# Promises of a hostile act are threats: "vowed to avenge", "pledged to retaliate", "promised to punish".
_HOSTILE = {EventType.ASSAULT, EventType.COERCE, EventType.SANCTION, EventType.THREATEN}


_VOWS = {"vow", "pledge", "promise", "swear"}


_ANONYMITY = re.compile(r"\b(named|identified|anonymity|anonymous|quoted by name)\b", re.IGNORECASE)


_REFUSAL_MARKS = frozenset({"until", "unless", "if"})


_OWNER_IS_TARGET = {"REJECT", "SUPPORT", "ACCUSE", "AGREE", "CONCEDE"}


@dataclass(frozen=True, slots=True)
class _Trigger:
    """A verb of a parsed sentence with the lexicon row it triggers (and the object noun that chose the row):
    what `verb_candidates` reads from the parse alone, before looking for any actor."""

    i: int
    lemma: str
    entry: LexiconEntry
    object_i: int | None


@dataclass(frozen=True, slots=True)
class _Requirement:
    """'said Israel must halt': a requirement said of the verb i."""

    i: int
    modal: str


_TRIGGERS = "riftwatch.events.verb_triggers"  # doc.user_data key of `_triggers`


def verb_candidates(doc: Doc, index: MentionIndex, lexicon: Lexicon) -> Iterator[Candidate]:
    for trigger in per_doc(doc, _TRIGGERS, lambda doc: _triggers(doc, lexicon), lexicon):
        token = doc[trigger.i]
        if isinstance(trigger, _Requirement):
            # whatever the act, the requirement is the event
            yield from _requirement(token, trigger.modal, index, lexicon)
            continue
        lemma, entry = trigger.lemma, trigger.entry
        object_token = doc[trigger.object_i] if trigger.object_i is not None else None
        if entry.type is EventType.REQUEST and not entry.objects and no_request(token, lemma, index):
            continue
        criticised = []
        if (
            entry.type is EventType.REQUEST
            and lemma not in ORDERS  # "ordered an inquiry into X" is the inquiry (requests.orders_an_act)
            and (criticised := measure_against(token, object_token, index))
        ):
            entry = next((e for e in lexicon.verb_entries("criticize") if not e.objects), entry)
        if (
            lemma == "call"
            and entry.type in (EventType.CONSULT, EventType.REQUEST)
            and (named := named_by_call(token, index)) is not None
        ):
            if not named:
                continue  # "called it a success", "what it called an attack ... on a boat": no call, no appeal
            entry = next((e for e in lexicon.verb_entries("criticize") if not e.objects), entry)
        if lemma in ORDERS and entry.type is EventType.REQUEST and orders_an_act(token, lexicon):
            continue  # "ordered the arrest of X", "ordered X jailed": the ordered act is the event
        orderer = orderer_of(token)
        if any(a.dep_ == "ccomp" and required(a) for a in list(token.ancestors)[:3]):
            continue  # "said the US must be ready to mediate": part of what was required
        if (
            (_under_speech_act(token) or in_content(token))
            and (entry.type.value not in _SPEECH_TYPES or asked_for(token))
            and orderer is None
        ):
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
        if orderer is not None:  # "ordered nine ministers jailed": the one who orders jails them
            sources, targets = subject_of(orderer, index)[0], actors_of(token.head, index)
        elif passive and token.dep_ == "acl" and entry.type.value not in ("ASSAULT", "COERCE"):
            continue  # "soldiers stationed in ...": a description, not a reported act
        elif passive or (is_passive(token) and not stative):
            sources = passive_agent(token, index)
            if not sources and entry.type in (EventType.ASSAULT, EventType.COERCE):
                sources = phrase_agents(token, index)  # "killed in police firing"
            targets = subjects if entry.target == "dobj" else verb_targets(token, entry, object_token, index)
            if entry.target != "dobj" and not targets:
                targets = subjects
        else:
            sources = subjects
            targets = verb_targets(token, entry, object_token, index)
        if criticised:
            targets = criticised  # "called for sanctions against Moscow": Moscow is criticised, not asked
        permits = token.lemma_.lower() in ("allow", "permit")  # "allowed the return of UN inspectors"
        if (entry.type is EventType.REQUEST or permits) and (asked := asked_of(token, object_token, index)):
            targets = asked  # "demanded the withdrawal of Serbian forces (from Bosnia)": who is asked to act
        if permits and not targets:
            targets = _permitted(token, index)  # "allowed the WFP to deliver food"
        if entry.type is EventType.ACCUSE and (blamed := grievance_of(token, index)):
            targets = blamed  # "complained to the UN over Israeli raids": whom the complaint is about
        if not targets and token.lemma_.lower() in SPEECH_ACTS and lemma not in DENIALS:
            # a denial is aimed at the accuser, never at whoever the denied act names (events.__init__)
            targets = _embedded_targets(token, index) or condition_subjects(token, index)
        if not targets and any(c.dep_ == "neg" for c in token.children):
            # "will not lift the embargo until Cuba reforms": a refusal is aimed at whoever must act first
            targets = condition_subjects(token, index, _REFUSAL_MARKS)
        if not targets and entry.type is EventType.PROTEST:
            targets = protest_target(token, sources, index)  # "... in defiance of Chinese authorities"
        if targets and all(_own(t, sources) for t in targets):
            targets = []  # "welcomed their resumption of ties with X": their own act; the target is further on
        if entry.type in _HARM and sources:
            targets = [_harmed_own(t, sources, token, index) for t in targets]
        if lemma in ORDERS and entry.type is EventType.REQUEST:
            targets = [_commanded_own(t, sources) for t in targets]
        moving = entry.type in _MOVING or _moves_forces(token, lexicon)
        if moving:  # "withdrew its troops from X", "offered / refused to send troops to Uganda"
            targets = [t for t in targets if not _own_forces(t, sources, token, object_token)]
        nearest = False
        if (
            not targets
            and entry.target != "none"
            and sources
            and not (is_reciprocal(entry) and sides(sources))
        ):
            # "Trump and Putin agreed to share information on X": each side is the other's counterpart, not X
            targets = _nearest_target(token, sources, index, moving)
            nearest = bool(targets)
        if not targets and sources and not moving and entry.type.value not in NEEDS_TARGET:
            # "detained the captain": whom, uncoded; never what makes an act that needs a counterpart an event
            targets = uncoded_target(token, entry, object_token, passive, index)
        text = token.text + (f" {entry.particle}" if entry.particle else "")
        if object_token is not None:
            text = f"{token.text} {object_token.text}"
        for candidate in make_candidates(entry, token, text, sources, targets, index):
            yield replace(candidate, nearest_target=nearest) if nearest else candidate


def _triggers(doc: Doc, lexicon: Lexicon) -> list[_Trigger | _Requirement]:
    """The sentence's verb triggers and requirements, in text order."""
    found: list[_Trigger | _Requirement] = []
    for token in doc:
        pos = token.pos  # the symbol's id: cheaper than `pos_`, which looks its string up, for every token
        if pos != VERB and pos != AUX and not (pos == NOUN and token.dep_ == "ROOT"):
            continue
        # the cheap tests first: `required` reads the token's children, and this runs for every verb
        if (
            token.dep_ == "ccomp"
            and token.pos_ in ("VERB", "AUX")
            and token.head.lemma_.lower() in SAYING_VERBS
            and (modal := required(token))
        ):
            found.append(_Requirement(token.i, modal))
            continue
        if token.dep_ == "amod" and token.tag_ == "VBG":
            continue  # "the surrounding villages", "the opposing side": an adjective, not an act
        if token.pos_ == "NOUN" and lexicon.noun_entries(token.lemma_.lower()):
            continue  # a verbless headline or caption ("Air strike on market"): the noun rows read it
        lemma = _hyphenated(token)
        entries = lexicon.verb_entries(lemma) if lemma else []
        lemma = lemma if entries else token.lemma_.lower()
        entries = entries or lexicon.verb_entries(lemma)
        if not entries:
            continue
        # only a row with a particle reads them ('call off'), and reading them reads the sentence's dates
        particles = verb_particles(token) if any(entry.particle for entry in entries) else set()
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
        if releases_no_one(entry, next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)):
            continue
        if (
            token.lemma_.lower() in _VOWS
            and entry.type is EventType.AGREE
            and _vows_hostility(token, lexicon)
        ):
            entry = next(
                (e for e in lexicon.verb_entries("threaten") if not e.objects and not e.particle), entry
            )
        found.append(_Trigger(token.i, lemma, entry, object_token.i if object_token is not None else None))
    return found


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


def _nearest_target(
    token: Token, sources: list[Mention], index: MentionIndex, moving: bool = False
) -> list[Mention]:
    """No target in the slots the lexicon names: the first actor elsewhere in the trigger's own clause
    ('imposed restrictions on Turkish imports'), never in a subordinate clause or the subject."""
    taken = {(m.start, m.end) for m in sources}
    stack = [c for c in token.children if c.dep_ not in _CLAUSE_EDGES]
    ordered: list[Token] = []
    while stack:
        current = stack.pop(0)
        ordered.append(current)
        stack.extend(c for c in current.children if c.dep_ not in _CLAUSE_EDGES)
    ordered = [t for t in ordered if not _modifies(t, taken, index)]
    for candidate in sorted(ordered, key=lambda t: t.i):
        for mention in index.at(candidate):
            if (
                (mention.start, mention.end) not in taken
                and mention.actor.country
                and mention.kind != MentionKind.PRONOUN
                and (mention.actor.code not in {m.actor.code for m in sources})
                and not (moving and _own_forces(mention, sources))
            ):  # "Turkish forces set up a military post": the post's 'military' is the source's own
                # "welcomed the resumption of ties between Eriador and Osgiliath": the whole list
                listed = [
                    m for c in _conjuncts(candidate) for m in index.at(c) if m.kind != MentionKind.PRONOUN
                ]
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


def _modifies(token: Token, taken: set[tuple[int, int]], index: MentionIndex) -> bool:
    """'released by Iranian Revolutionary Guards': 'Iranian' describes the source itself, it is no one else."""
    if token.dep_ not in ("amod", "compound", "nmod", "poss"):
        return False
    at = index.offset + token.head.idx
    return any(start <= at < end for start, end in taken)


# Acts that move or offer one's forces: the forces are not the target.
_MOVING = {EventType.MOBILIZE, EventType.RETREAT, EventType.AID, EventType.AGREE}
# Acts that move forces, when another verb embeds them ("refused to send peacekeepers to Iraq").
_SENDING = {EventType.MOBILIZE, EventType.RETREAT, EventType.AID}


def _moves_forces(token: Token, lexicon: Lexicon) -> bool:
    """'refused to send peacekeepers to Iraq', 'is reluctant to deploy troops': the embedded act moves forces,
    so the forces are not whom the refusal or promise is aimed at; where they go is."""
    return any(
        e.type in _SENDING
        for c in token.children
        if c.dep_ == "xcomp"
        for e in lexicon.verb_entries(c.lemma_.lower())
    )


def _own_forces(
    target: Mention, sources: Sequence[Mention], token: Token | None = None, moved: Token | None = None
) -> bool:
    """'sent its troops to Uganda', 'offered to send troops', 'will withdraw its troops from X': the source's
    own forces (armed forces of its country, or troops of no country the act moves) are not whom it acts on."""
    if target.actor.sector != "MIL":
        return False
    if any(s.actor.country and s.actor.country == target.actor.country for s in sources):
        return True
    if target.actor.country is not None or token is None:
        return False
    objects = [moved] if moved is not None else []
    objects += [c for c in token.children if c.dep_ == "dobj"]
    objects += [o for c in token.children if c.dep_ == "xcomp" for o in c.children if o.dep_ == "dobj"]
    return any(o is not None and o.text in target.text.split() for o in objects)


_HARM = {EventType.ASSAULT, EventType.COERCE}


def _harmed_own(target: Mention, sources: Sequence[Mention], token: Token, index: MentionIndex) -> Mention:
    """'Peru accused Chile of harassing its fishermen': the actors stage points 'its' at the nearest state
    (Chile), but an act of harm told inside another actor's words is done to that actor's own people, not to
    the doer's: the possessive is the main clause's subject. Outside such a clause it stays as it is."""
    if target.kind != MentionKind.COMPOSED or not target.rule.startswith("coref:"):
        return target
    doers = {s.actor.country for s in sources if s.actor.country}
    if target.actor.country not in doers:
        return target
    for governor in list(token.ancestors)[:4]:
        if governor.pos_ not in ("VERB", "AUX"):
            continue
        owners = [
            m
            for c in governor.children
            if c.dep_ == "nsubj"
            for m in actors_of(c, index)
            if m.actor.country and m.actor.country not in doers
        ]
        if owners:
            owner = owners[0]
            actor = replace(target.actor, country=owner.actor.country)
            return replace(target, actor=actor, rule=f"{target.rule}+owner:{owner.text}")
    return target


def _commanded_own(target: Mention, sources: Sequence[Mention]) -> Mention:
    """'Marcos ordered the navy to resume patrols': the forces or officials a state's leader orders, named by no
    country ('the navy', 'the police'), are that state's own."""
    countries = {s.actor.country for s in sources if s.actor.country}
    if (
        len(countries) != 1
        or target.actor.sector not in STATE_SECTORS
        or (target.actor.country is not None and "+article-country:" not in target.rule)
        or target.kind != MentionKind.AGENT
    ):
        return target
    [country] = countries
    return replace(
        target,
        actor=replace(target.actor, country=country),
        rule=f"{target.rule.split('+article-country:')[0]}+commanded-by:{country}",
    )


def _own(target: Mention, sources: Sequence[Mention]) -> bool:
    """A pronoun target that points back to one of the sources ('their', 'its') names no one else."""
    return target.kind == MentionKind.PRONOUN and any(
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
        # "demanded that the United States match ...", "urged that Iran stop ...", "called for Israel to halt"
        if child.dep_ == "ccomp" or (child.dep_ == "advcl" and "for" in {m.lower_ for m in child.children}):
            subject = [
                m for c in child.children if c.dep_ in ("nsubj", "nsubjpass") for m in actors_of(c, index)
            ]
            if subject:
                return _unique(subject)
        if child.dep_ in ("xcomp", "ccomp") and child.lemma_.lower() in _PERMITS:
            found = _permitted(child, index)  # "refused to allow two EU airlines to land"
            if found:
                return found
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


_PERMITS = {"allow", "permit", "let"}


def _permitted(token: Token, index: MentionIndex) -> list[Mention]:
    """Whom a permission lets act: 'allow the WFP to deliver food', 'allow UN workers access', 'allow access of
    UN workers'."""
    for child in token.children:
        if child.dep_ in ("ccomp", "xcomp"):
            found = [
                m for c in child.children if c.dep_ in ("nsubj", "nsubjpass") for m in _grantee(c, index)
            ]
            if found:
                return _unique(found)
    for child in token.children:
        if child.dep_ in ("dobj", "dative"):
            found = _grantee(child, index)
            if found:
                return _unique(found)
    return []


def _grantee(noun: Token, index: MentionIndex) -> list[Mention]:
    """The actor a noun names, or for a grant of access ('access of UN workers') whose access it is."""
    found = actors_of(noun, index)
    if not found and noun.lemma_.lower() in ACCESS_NOUNS:
        found = [m for obj in _preps(noun, frozenset({"of", "for"})) for m in actors_of(obj, index)]
    return found


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
    yield from make_candidates(entry, speaker, f"{modal} {token.text}", sources, targets, index)


def _low_slot(token: Token, names: frozenset[str], index: MentionIndex) -> list[Mention]:
    """'demanded an apology from the prime minister', 'returned the skulls that date back to 640 AD to Peru':
    the parser hangs the verb's own phrase on its direct object's words, or on a clause inside the object's
    phrase; the last such phrase naming a coded actor is the target. A phrase of a noun deeper in the object
    is that noun's ('restrictions on the use of Russian on radio'), and a verb in the object's phrase with an
    object of its own keeps its phrases ('halting a pipeline built to carry gas to Germany')."""
    for child in token.children:
        if child.dep_ != "dobj":
            continue
        found: list[Mention] = []
        for prep in child.subtree:
            if prep.dep_ != "prep" or prep.lower_ not in names or prep.head.i == token.i:
                continue
            if _hung_low(prep.head, child):
                named = [m for m in actors_of(_pobj(prep), index) if m.actor.code]
                found = named or found
        if found:
            return _unique(found)
    return []


def _hung_low(head: Token, obj: Token) -> bool:
    """The phrase hangs on the object's own words, or in a clause of the object's phrase whose verb takes no
    object of its own; not on the noun of a phrase inside the object ('the use of Russian')."""
    nested = False
    current = head
    while current.i != obj.i:  # spaCy makes a new Token object at each look-up: compare positions
        if current.pos in (VERB, AUX):
            return not any(c.dep_ == "dobj" for c in current.children)
        nested = nested or current.dep_ == "pobj"
        current = current.head
    return not nested


def verb_targets(
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
    if entry.target_preps and (found := _low_slot(token, entry.target_preps, index)):
        return found
    if object_token is None and "dobj" not in entry.target_slots:
        # "supplying Hezbollah" as well as "supplying arms to Hezbollah"
        return _unique(
            [m for c in token.children if c.dep_ in ("dobj", "dative") for m in actors_of(c, index)]
        )
    return []
