"""Arguments of events in a parsed sentence: which actor mention a token names, the subject of a verb
through control verbs, coordination and relative clauses, passive agents, and places named earlier that
"the town" may point back to."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from spacy.tokens import Doc, Span, Token

from ..models import Actor, Mention, MentionKind
from ..nlp import text_of
from ..vocabulary import DOCUMENT_NOUNS, PLACE_NOUNS, PROPOSAL_NOUNS, RELATIONAL_NOUNS, SPEAKER_VERBS
from .dates import date_spans, ner_kept_dates

T = TypeVar("T")


def per_doc(doc: Doc, key: str, find: Callable[[Doc], T], *inputs: object) -> T:
    """`find(doc)`, read once per parsed sentence and kept in its `user_data` (so it goes with the doc) for
    the same `inputs`, read again only where NER, run since, changed its dates (`dates.ner_kept_dates`). For
    what the stage reads from the parse alone, whichever actor mentions it is asked about:
    `events.entity_demand` asks for a sentence's candidates with two sets of mentions, extraction a third
    time."""
    ner = doc.has_annotation("ENT_IOB")
    memo = doc.user_data.get(key)
    if memo is None or memo[0] != inputs or (ner and not memo[1] and not ner_kept_dates(doc)):
        memo = doc.user_data[key] = (inputs, ner, find(doc))
    return memo[2]


_SUBJECTS = {"nsubj", "csubj"}
_RELATIVE = {"who", "which", "that", "whom"}
_FIRST_PERSON = {"we", "us", "i", "me", "our"}
_HOLLOW = {
    "preservation",
    "side",
    "part",
    "behalf",
    "survival",
    "rule",
    "regime",
    "forces",
    "leadership",
    "position",
    "interests",
    "cause",
    "future",
    "fate",
    "security",
    "protection",
    # quantities: "dozens of protesters", "a group of soldiers", "two of the hostages"
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "score",
    "scores",
    "number",
    "group",
    "member",
    "members",
    "some",
    "many",
    "several",
    "most",
    "all",
    "none",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "handful",
    "crowd",
    "unit",
    "units",
}


# Generic agents that speak for the body an 'of' phrase names ("leaders of the opposition").
_SPEAKS_FOR = {
    "leader",
    "head",
    "chief",
    "member",
    "representative",
    "delegation",
    "delegate",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "envoy",
    "chairman",
    "president",
    "commander",
}


# A place standing for its people as an argument ("shelled Iraqi towns": civilians), except the places of
# the armed forces and of the state.
_PLACE_SECTORS = {
    "base": "MIL",
    "camp": "MIL",
    "outpost": "MIL",
    "checkpoint": "MIL",
    "airfield": "MIL",
    "airbase": "MIL",
    "garrison": "MIL",
    "embassy": "GOV",
    "consulate": "GOV",
    "border": None,
    "crossing": None,
    "capital": "GOV",
}


def place_sector(token: Token) -> str | None:
    return _PLACE_SECTORS.get(token.lemma_.lower(), "CVL")


@dataclass(frozen=True, slots=True)
class PlaceNote:
    """'the Syrian town of Khan Tuman': a place named earlier, that 'the town' may point back to."""

    noun: str
    name: str
    country: str | None
    date_text: str | None
    sentence_offset: int


def stray_adjective(span: Span, mention: Mention) -> bool:
    """'military aid', 'diplomatic ties', 'official contact': a generic agent word used as an adjective of
    another noun names no actor (a country word before it would: 'Russian military aid')."""
    return (
        mention.kind == MentionKind.AGENT
        and (mention.actor.country is None or "+article-country:" in mention.rule)  # a guess, not a word
        and len(span) == 1
        and span[0].pos_ == "ADJ"
        and span[0].dep_ == "amod"
    )


class MentionIndex:
    """Actor mentions of one sentence, looked up by token of its parse."""

    def __init__(
        self, doc: Doc, mentions: Sequence[Mention], offset: int, places: Sequence[PlaceNote] = ()
    ) -> None:
        self.doc = doc
        self.offset = offset
        self.places = list(places)
        self.place_dates: dict[tuple[int, int], str] = {}
        self.by_token: dict[int, list[Mention]] = {}
        self.modifiers: dict[int, Mention] = {}
        for mention in sorted(mentions, key=lambda m: (m.end - m.start, m.start)):
            span = doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
            if span is None or stray_adjective(span, mention):
                continue
            for token in span:
                if mention.modifier:
                    self.modifiers.setdefault(token.i, mention)
                    continue
                found = self.by_token.setdefault(token.i, [])
                # the shortest mention holding a token wins; two pronoun readings of one word are both kept
                if not found or (found[0].start, found[0].end) == (mention.start, mention.end):
                    found.append(mention)

    @property
    def text(self) -> str:
        """The sentence's text (joined once per doc: `nlp.text_of`)."""
        return text_of(self.doc)

    def at(self, token: Token) -> list[Mention]:
        return self.by_token.get(token.i, [])

    def located_place(self, token: Token) -> Mention | None:
        """'the Syrian border town', 'an Iraqi army base': a place whose country a modifier names; as an
        argument it stands for that country."""
        for child in token.children:
            mention = self.modifiers.get(child.i) if child.dep_ in ("amod", "compound", "poss") else None
            if mention is not None and mention.actor.country:
                phrase = self.doc[token.left_edge.i : token.i + 1]
                start = self.offset + phrase.start_char
                return Mention(
                    start=start,
                    end=start + len(phrase.text),
                    text=phrase.text,
                    actor=Actor(
                        text=phrase.text, name=None, country=mention.actor.country, sector=place_sector(token)
                    ),
                    kind="place",
                    rule=f"place:{token.lemma_.lower()}+{mention.text}",
                    sentence=-1,
                )
        return None

    def place_reference(self, token: Token) -> Mention | None:
        """'The town was attacked': a definite place noun pointing back to a place named before; as an
        argument it stands for the place's country (the embassy's country, the town's country)."""
        noun = token.lemma_.lower()
        if noun not in PLACE_NOUNS or not any(c.lower_ in ("the", "this", "that") for c in token.children):
            return None
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
            return None
        note = next(
            (n for n in reversed(self.places) if n.noun == noun and n.sentence_offset < self.offset), None
        )
        if note is None or note.country is None:
            return None
        phrase = self.doc[token.left_edge.i : token.i + 1]
        start = self.offset + phrase.start_char
        mention = Mention(
            start=start,
            end=start + len(phrase.text),
            text=phrase.text,
            actor=Actor(text=phrase.text, name=note.name, country=note.country, sector=None),
            kind="place",
            rule=f"place:{noun}->{note.name}",
            sentence=-1,
        )
        if note.date_text:
            self.place_dates[(mention.start, mention.end)] = note.date_text
        return mention

    def modifier_at(self, token: Token) -> Mention | None:
        mentions = self.by_token.get(token.i)
        return self.modifiers.get(token.i) or (mentions[0] if mentions else None)


_LEADING = {"DET", "PRON"}  # "the captain", "his driver": the phrase starts at the first content word


def uncoded_mention(head: Token, index: MentionIndex) -> Mention:
    """The noun phrase headed by `head` as an actor no dictionary codes: its words and a null code."""
    left = head.left_edge
    while left.i < head.i and left.pos_ in _LEADING:
        left = left.doc[left.i + 1]
    phrase = head.doc[left.i : head.i + 1]
    start = index.offset + phrase.start_char
    return Mention(
        start=start,
        end=start + len(phrase.text),
        text=phrase.text,
        actor=Actor(text=phrase.text),
        kind=MentionKind.UNCODED,
        rule=f"uncoded:{head.lemma_.lower()}",
        sentence=-1,
    )


def actors_of(token: Token | None, index: MentionIndex, depth: int = 0) -> list[Mention]:
    """The actor(s) a noun phrase headed by `token` names: itself, its coordinated heads, or what it stands
    for ('the preservation of Assad's government', 'its Lebanese proxy, Hezbollah', 'who' in a relative clause)."""
    if token is None or depth > 3:
        return []
    found: list[Mention] = list(index.at(token))
    if found and all(m.kind == MentionKind.AGENT and _guessed_country(m) for m in found):
        found = _possessed_agent(token, found, index) or found  # "Ithilen's awful and evil minister"
    if found and not any(m.actor.sector for m in found):
        # "Bree President Romendacil": a name known only by country yields to the title before it
        titled = [
            m
            for c in token.children
            if c.dep_ == "compound"
            for m in index.at(c)
            if m.actor.sector and m.actor.country in {f.actor.country for f in found}
        ]
        if titled:
            found = titled
    if found and token.lemma_.lower() in _SPEAKS_FOR and all(m.kind == MentionKind.AGENT for m in found):
        # "leaders of the opposition coalition", "the head of the Red Cross": who they speak for
        represented = [
            m
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for m in actors_of(_pobj(c), index, depth + 1)
            if m.actor.code
        ] or [  # "the party's leader", "the union's spokesman": a body's own agent speaks for it
            m
            for c in token.children
            if c.dep_ == "poss"
            for m in actors_of(c, index, depth + 1)
            if m.actor.code and m.actor.sector and m.kind != MentionKind.PRONOUN
        ]
        if represented:
            found = represented
    if found and not any(m.actor.code for m in found):
        # "Bree Prime Minister Romendacil": an unknown name whose title words say who it is
        coded = [
            m
            for c in token.children
            if c.dep_ in ("compound", "amod", "poss")
            for m in index.at(c)
            if m.actor.code
        ]
        if coded:
            found = coded
    place = index.place_reference(token) if not found else None
    if found:
        pass
    elif place is not None:
        found.append(place)
    elif token.lemma_.lower() in PLACE_NOUNS and (located := index.located_place(token)) is not None:
        found.append(located)
    elif token.lower_ in _FIRST_PERSON:
        found.extend(actors_of(speaker_token(token.doc), index, depth + 1))
    elif token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
        found.extend(actors_of(token.head.head, index, depth + 1))
    else:
        for child in token.children:
            if child.dep_ == "appos":
                found.extend(actors_of(child, index, depth + 1))
        if found and not any(m.actor.code for m in found):
            # "a member of the Syrian parliament, Mohammed Mamoun": an uncoded name in apposition yields to
            # what the head noun says about who the person is
            described = [
                m
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for m in actors_of(_pobj(c), index, depth + 1)
            ]
            found = [m for m in described if m.actor.code] or found
        if not found and (token.lemma_.lower() in _HOLLOW or token.lower_ in _HOLLOW or token.like_num):
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    found.extend(actors_of(_pobj(child), index, depth + 1))
        if not found and token.lemma_.lower() in RELATIONAL_NOUNS:
            # "met their American counterparts", "its Syrian allies": whose they are says nothing of who they
            # are; the adjective does. A pair's member is named uncoded ("Kuwait and its allies agreed"); a
            # counterpart alone is no one ("met his counterpart": an act that needs one makes no event)
            found.extend(
                m
                for c in token.children
                if c.dep_ in ("amod", "compound", "nmod")
                and (m := index.modifier_at(c)) is not None
                and m.actor.country
            )
            if not found and token.dep_ == "conj":
                found.append(uncoded_mention(token, index))
        elif not found:
            for child in token.children:
                if child.dep_ == "poss":
                    found.extend(actors_of(child, index, depth + 1))
        if not found:  # "rebel positions", "Hamas positions", "a Hezbollah convoy": the owner of the thing
            for child in token.children:
                if child.dep_ in ("compound", "amod", "nmod"):
                    found.extend(m for m in index.at(child) if m.kind != MentionKind.PRONOUN)
        if not found:  # "condemned an attack by Osgiliath soldiers", "memos sent by Bree": who did it
            proposal = token.lemma_.lower() in PROPOSAL_NOUNS  # "a request from the prime minister"
            for child in token.children:
                if child.dep_ == "prep" and (child.lower_ == "by" or (proposal and child.lower_ == "from")):
                    found.extend(actors_of(_pobj(child), index, depth + 1))
                elif child.dep_ == "acl":
                    found.extend(
                        m
                        for a in child.children
                        if a.dep_ == "agent"
                        for m in actors_of(_pobj(a), index, depth + 1)
                    )
        if not found and token.pos_ == "NOUN" and token.lemma_.lower() not in PLACE_NOUNS:
            # "the roads leading into Mordor", "the prisoners held in Bree": whose the things are
            for child in token.children:
                if child.dep_ == "acl":
                    found.extend(
                        m
                        for obj in _preps(child, frozenset({"into", "to", "in", "from"}))
                        for m in actors_of(obj, index, depth + 1)
                        if m.actor.country
                    )
    found.extend(m for m in _placed_list(token, found, index) if m not in found)
    for child in token.children:
        if child.dep_ == "conj":  # coordination chains are long ("Saudi Arabia, the UAE, Bahrain and Egypt")
            found.extend(m for m in actors_of(child, index, depth) if m not in found)
        elif (
            child.dep_ == "appos" and found and token.pos_ == "PROPN"
        ):  # a list the parser read as apposition ("Saudi Arabia, the UAE, ..."); not a title's name
            codes = {m.actor.code for m in found}
            found.extend(
                m
                for m in actors_of(child, index, depth)
                if m not in found and m.actor.country and m.actor.code not in codes
            )
    return _unique(found)


def _guessed_country(mention: Mention) -> bool:
    """No country of its own: none at all, or only the article's (a guess, not a word of the text)."""
    return mention.actor.country is None or "+article-country:" in mention.rule


def _possessed_agent(token: Token, agents: list[Mention], index: MentionIndex) -> list[Mention]:
    """'Ithilen's awful and evil minister', 'France ... its citizens': an agent whose possessor is a country is
    that country's agent (the actors stage joins them only when few words stand between); 'its' stands for
    the country it points back to, never 'their' (often the other side: 'their members')."""
    for child in token.children:
        if child.dep_ != "poss":
            continue
        owners = [
            m
            for m in index.at(child)
            if m.actor.country
            and m.actor.sector is None
            and (m.kind != MentionKind.PRONOUN or m.text.lower() == "its")
        ]
        if owners:
            owner, agent = owners[0], agents[0]
            start, end = min(owner.start, agent.start), max(owner.end, agent.end)
            text = index.text[start - index.offset : end - index.offset]
            actor = replace(agent.actor, text=text, country=owner.actor.country)
            return [
                replace(
                    agent,
                    start=start,
                    end=end,
                    text=text,
                    actor=actor,
                    kind="composed",
                    rule=f"{owner.rule}+poss+{agent.rule.split('+article-country:')[0]}",
                )
            ]
    return []


def _placed_list(token: Token, found: list[Mention], index: MentionIndex) -> list[Mention]:
    """'the ambassadors of Arnor, Osgiliath and Gondor', 'lawmakers in France and Italy': an agent the actors
    stage placed in the first country of a list belongs to every country of the list."""
    placed = [
        m
        for m in found
        if m.kind == MentionKind.COMPOSED and m.rule.startswith(("agent+of+", "agent+from+", "agent+in+"))
    ]
    if not placed:
        return []
    sector = placed[0].actor.sector
    spread: list[Mention] = []
    for prep in token.children:
        obj = _pobj(prep) if prep.dep_ == "prep" and prep.lower_ in ("of", "from", "in") else None
        stack = [c for c in obj.children if c.dep_ == "conj"] if obj is not None else []
        while stack:
            other = stack.pop(0)
            stack.extend(c for c in other.children if c.dep_ == "conj")
            for mention in index.at(other):
                if (
                    mention.actor.country
                    and mention.actor.sector is None
                    and mention.kind != MentionKind.PRONOUN
                ):
                    actor = replace(mention.actor, sector=sector)
                    spread.append(
                        replace(mention, actor=actor, kind="composed", rule=f"{placed[0].rule}+list")
                    )
    return spread


def speaker_token(doc: Doc) -> Token | None:
    """Who speaks a quotation: 'X said', 'the source quoted X as saying' (for 'we' and 'I' inside it)."""
    for token in doc:
        if token.lemma_.lower() == "quote":
            for child in token.children:
                if child.dep_ == "dobj":
                    return child
        if token.lemma_.lower() in SPEAKER_VERBS:
            for child in token.children:
                if child.dep_ == "nsubj" and child.lower_ not in _FIRST_PERSON:
                    return child
    return None


def _of_objects(token: Token, depth: int = 0) -> Iterator[Token]:
    """'the deaths of X', even where the parser hangs the 'of' lower ('the deaths in early May of X')."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = _pobj(child)
            if obj is not None:
                yield obj
        elif depth < 2 and child.dep_ in ("prep", "pobj"):
            yield from _of_objects(child, depth + 1)


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: list[Mention] = []
    for mention in mentions:
        if mention not in seen:
            seen.append(mention)
    return seen


def _pobj(prep: Token) -> Token | None:
    for child in prep.children:
        if child.dep_ in ("pobj", "pcomp"):
            return child
    return None


def _preps(token: Token, names: frozenset[str]) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in names:
            obj = _pobj(child)
            if obj is not None:
                yield obj


def subject_of(verb: Token, index: MentionIndex, depth: int = 0) -> tuple[list[Mention], bool]:
    """The subject actors of a verb and whether it is passive (its subject is then the target)."""
    if depth > 4:
        return [], False
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS or c.dep_ == "nsubjpass"]
    for child in subjects:  # "Old foes Gondor and Osgiliath have renewed": the parser may give two subjects
        found = actors_of(child, index)
        if found or child is subjects[-1]:
            return found, child.dep_ == "nsubjpass"
    head = verb.head
    if head is verb:
        return [], False
    if verb.dep_ == "conj":
        # "was indicted and will resign": the shared subject is the target only of a verb that is passive too
        subjects, passive = subject_of(head, index, depth + 1)
        return subjects, passive and verb.tag_ == "VBN"
    if verb.dep_ in ("xcomp", "acomp", "attr") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        return subject_of(head, index, depth + 1)  # "is about to restore", "is ready to send"
    purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "advcl" and purpose:  # "began a hunger strike to protest", "sent troops to help"
        return subject_of(head, index, depth + 1)[0], False
    if verb.dep_ == "acl" and purpose and not actors_of(head, index):  # "converged for a rally to protest"
        governor = clause_verb(head)
        return (subject_of(governor, index, depth + 1)[0], False) if governor is not None else ([], False)
    if verb.dep_ == "relcl":
        return actors_of(head, index), verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children)
    if verb.dep_ == "acl":  # "soldiers stationed in", "fighters attacking the town"
        found = actors_of(head, index)
        if not found and verb.tag_ == "VBG" and head.lemma_.lower() in DOCUMENT_NOUNS:
            # "put out a report accusing X", "passed a resolution criticising X": whoever issued it
            governor = clause_verb(head)
            if governor is not None and head.dep_ in ("dobj", "nsubjpass"):
                return subject_of(governor, index, depth + 1)[0], False
        return found, verb.tag_ == "VBN"
    if verb.dep_ == "pcomp" and head.head.pos_ in (
        "VERB",
        "AUX",
        "ADJ",
    ):  # "by attacking", "guilty of violating"
        if head.lower_ in _OBJECT_CONTROL:
            # "accused Sudan of sending troops", "blamed Kenya for shelling", "stopped X from attacking": the
            # object does the act, and so does the passive subject ("Sudan was accused of sending troops")
            done_by = [m for c in head.head.children if c.dep_ == "dobj" for m in actors_of(c, index)]
            if done_by:
                return done_by, False
            subjects, passive = subject_of(head.head, index, depth + 1)
            return subjects, False
        return subject_of(head.head, index, depth + 1)
    return [], False


# Prepositions whose gerund is done by the governing verb's object (or its passive subject).
_OBJECT_CONTROL = frozenset({"of", "for", "from"})


def clause_verb(token: Token) -> Token | None:
    """The verb whose object or prepositional phrase holds a noun ('staged rallies', 'converged for a rally')."""
    current = token
    for _ in range(3):
        if current.dep_ in ("dobj", "pobj", "prep", "attr", "npadvmod") and current.head is not current:
            current = current.head
            if current.pos_ in ("VERB", "AUX"):
                return current
        else:
            return None
    return None


def passive_agent(verb: Token, index: MentionIndex) -> list[Mention]:
    for child in verb.children:
        if child.dep_ == "agent":
            return actors_of(_pobj(child), index)
    return []


_ACT_PHRASES = {"in", "during", "amid"}


def phrase_agents(verb: Token, index: MentionIndex) -> list[Mention]:
    """'killed in police firing', 'wounded in an Israeli air strike': a passive act with no 'by' phrase whose
    agent owns the act named in a prepositional phrase."""
    found: list[Mention] = []
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ not in _ACT_PHRASES:
            continue
        obj = _pobj(child)
        if obj is None or obj.pos_ not in ("NOUN", "VERB"):
            continue
        if any(
            c.dep_ == "acl" and c.tag_ == "VBG" for c in obj.children
        ):  # "in police firing" read as "police (firing)"
            found.extend(m for m in index.at(obj) if m.kind != MentionKind.PRONOUN)
        for modifier in obj.children:
            if modifier.dep_ in ("compound", "amod", "poss", "nmod", "nsubj") and modifier.i < obj.i:
                mention = index.modifier_at(modifier)
                if mention is not None and mention.kind != MentionKind.PRONOUN:
                    found.append(mention)
    return _unique(found)


def is_passive(verb: Token) -> bool:
    return any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children)


def note_places(doc: Doc, mentions: Sequence[Mention], offset: int) -> list[PlaceNote]:
    """Places named with a head noun ('the Syrian town of Khan Tuman') that later 'the town' may mean."""
    nouns = [doc[i] for i in per_doc(doc, _PLACE_NOUNS, _place_nouns)]
    if not nouns:
        return []  # most sentences: no need to index their mentions
    index = MentionIndex(doc, mentions, offset)
    dates = [
        e for e in date_spans(doc) if e.label_ != "TIME" and any(c.isdigit() or c.isupper() for c in e.text)
    ]
    notes = []
    for token in nouns:
        noun = token.lemma_.lower()
        for child in token.children:
            obj = _pobj(child) if child.dep_ == "prep" and child.lower_ == "of" else None
            if obj is None or obj.pos_ != "PROPN":
                continue
            name = doc[obj.left_edge.i : obj.i + 1].text
            country = None
            for modifier in token.children:
                mention = (
                    index.modifier_at(modifier) if modifier.dep_ in ("amod", "compound", "poss") else None
                )
                if mention is not None and mention.actor.country:
                    country = mention.actor.country
            nearest = min(dates, key=lambda e: abs(e.root.i - token.i), default=None)
            notes.append(
                PlaceNote(noun, name, country, nearest.text if nearest is not None else None, offset)
            )
    return notes


_PLACE_NOUNS = "riftwatch.events.place_nouns"  # doc.user_data key of `_place_nouns`


def _place_nouns(doc: Doc) -> list[int]:
    return [token.i for token in doc if token.lemma_.lower() in PLACE_NOUNS]
