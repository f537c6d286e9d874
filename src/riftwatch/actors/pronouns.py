"""Personal pronouns linked to the actor they point back to (within a few sentences, agreeing in number and
person), unless they are pleonastic ('it is clear that').
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from spacy.tokens import Token

from .. import nlp
from ..models import Mention, MentionKind
from ..vocabulary import (
    GROUP_DETERMINERS,
    GROUP_NOUNS,
    GROUP_SECTORS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    REPORTING_VERBS,
    SINGULAR_PRONOUNS,
)
from .matching import MentionBuilder

_CLAUSE_OPENERS = {"that", "to", "whether", "if", "as", "like", "unclear", "clear", "likely", "possible"}


_COPULAS = {
    "is",
    "was",
    "'s",
    "\u2019s",
    "seems",
    "seemed",
    "appears",
    "appeared",
    "remains",
    "became",
    "looks",
}


# Object pronouns (they cannot be the subject of the verb they follow), and the words that open a new clause.
_OBJECT_PRONOUNS = frozenset({"them", "him"})
_CLAUSE_BOUNDARIES = frozenset(
    {
        "and",
        "or",
        "but",
        "that",
        "who",
        "which",
        "when",
        "after",
        "before",
        "because",
        "while",
        "as",
        "if",
        "than",
    }
)
_PRONOUNS = SINGULAR_PRONOUNS | PLURAL_PRONOUNS | PERSON_PRONOUNS  # once, not a new set for every token
_COREF_WINDOW = 2  # sentences back
_OPENING_SENTENCES = 2  # headline and lead: the pair an article opens with stands for "both sides" anywhere


def pronoun_mentions(
    sentences: Sequence[nlp.Sentence], index: int, per_sentence: list[list[Mention]]
) -> list[Mention]:
    sentence = sentences[index]
    build = MentionBuilder(sentence, index)
    span = sentence.span
    result = []
    # Where the last 'it' or 'its' stood and what it meant. Only for a state or body: 'they ... their members'
    # names a group of theirs, often the other side of the act, not the same actor again.
    last_it: tuple[int, list[Mention]] | None = None
    for token in span:
        word = token.lower_
        if word not in _PRONOUNS:
            continue
        if word == "it" and _pleonastic(token, span.end):
            continue
        offset = build.base + token.idx
        verb = _reporting_verb(token, span.start)
        said_at = None if verb is None else build.base + verb.idx
        antecedents = _antecedents(word, offset, index, per_sentence, sentences, said_at)
        if word in SINGULAR_PRONOUNS:
            if last_it is not None and said_at is None and all(m.end <= last_it[0] for m in antecedents):
                # "said it would keep its sanctions": 'its' means what 'it' meant, not an actor named before both
                antecedents = last_it[1]
            if antecedents:
                last_it = (offset, antecedents)
        for antecedent in antecedents:
            actor = antecedent.actor
            result.append(
                build.mention(
                    token.i,
                    token.i + 1,
                    "pronoun",
                    f"coref:{word}->{antecedent.text} (sentence {antecedent.sentence + 1})",
                    country=actor.country,
                    sector=actor.sector,
                    name=actor.name or antecedent.text,
                    plural=word in PLURAL_PRONOUNS,
                )
            )
    return result


def group_mentions(
    sentences: Sequence[nlp.Sentence], index: int, per_sentence: list[list[Mention]]
) -> tuple[list[Mention], list[tuple[int, int]]]:
    """'both governments', 'the two sides': one mention per side of the pair coordinated before them
    ('Ethiopia and Sudan ...'), in this sentence or the two before; returns the mentions and the character
    spans they cover (a mention found inside one, such as 'governments', gives way to them). Without a
    coordinated pair the phrase stays what it was: guessing two sides from loose mentions names the wrong ones."""
    sentence = sentences[index]
    build = MentionBuilder(sentence, index)
    words = [t.lower_ for t in sentence.span]
    found: list[Mention] = []
    spans: list[tuple[int, int]] = []
    if GROUP_NOUNS.isdisjoint(words):
        return found, spans  # most sentences: no group noun for a determiner to go with
    for k in range(len(words)):
        for determiner in GROUP_DETERMINERS:
            end = k + len(determiner)
            if tuple(words[k:end]) != determiner or end >= len(words) or words[end] not in GROUP_NOUNS:
                continue
            first = sentence.span[k]
            offset = build.base + first.idx
            pair = _coordinated_pair(offset, index, per_sentence, sentences)
            if pair is None:
                continue
            noun = words[end]
            mentions = [
                build.mention(
                    first.i,
                    first.i + len(determiner) + 1,
                    "pronoun",
                    f"group:{' '.join(determiner)} {noun}->{side.text} (sentence {side.sentence + 1})",
                    country=side.actor.country,
                    sector=GROUP_SECTORS.get(noun, side.actor.sector),
                    name=side.actor.name or side.text,
                    plural=True,
                )
                for side in pair
            ]
            found += mentions
            spans.append((mentions[0].start, mentions[0].end))
    return found, spans


def _coordinated_pair(
    offset: int, index: int, per_sentence: list[list[Mention]], sentences: Sequence[nlp.Sentence]
) -> tuple[Mention, Mention] | None:
    """The pair in this sentence or the two before, else the one the article opens with (its headline or
    lead names the two sides it is about: "Egypt and Ethiopia trade accusations ... Sudan urged both
    countries to show restraint")."""
    window = range(index, max(-1, index - _COREF_WINDOW - 1), -1)
    opening = [k for k in range(min(_OPENING_SENTENCES, index + 1)) if k not in window]
    for back in [*window, *opening]:
        pairs = _pairs([m for m in per_sentence[back] if m.end <= offset], sentences[back])
        pairs = [(a, b) for a, b in pairs if a.actor.country and a.actor.country != b.actor.country]
        if pairs:
            return pairs[-1]
    return None


def _pleonastic(token: Token, limit: int) -> bool:
    """'it is clear that', 'it appears to': an 'it' that points at nothing."""
    doc = token.doc
    nxt = token.i + 1
    if nxt >= limit or doc[nxt].lower_ not in _COPULAS:
        return False
    window = [doc[k].lower_ for k in range(nxt + 1, min(limit, nxt + 4))]
    return any(word in _CLAUSE_OPENERS for word in window)


def _fits(word: str, mention: Mention) -> bool:
    if mention.modifier or mention.kind == MentionKind.PRONOUN:
        return False
    if word in PERSON_PRONOUNS:  # one person: not 'Congress leaders' (a plural named by its body)
        return not mention.plural and (
            mention.kind == MentionKind.PERSON
            or (mention.kind == MentionKind.COMPOSED and mention.actor.name is not None)
        )
    if word in PLURAL_PRONOUNS:
        return mention.plural
    # 'it': a state, a capital, an organisation or institution; not a person, not a plural group
    return not mention.plural and mention.kind in {
        MentionKind.COUNTRY,
        MentionKind.CAPITAL,
        MentionKind.ORGANISATION,
        MentionKind.INSTITUTION,
        MentionKind.COMPOSED,
    }


@cache
def _reporting_forms() -> frozenset[str]:
    """The words a reporting verb takes (read from the pipeline's lemmatizer once, when first needed)."""
    return nlp.lemma_forms(REPORTING_VERBS) or frozenset(REPORTING_VERBS)


def _reporting_verb(token: Token, floor: int) -> Token | None:
    """'... and said it would', 'told Iran that it': the reporting verb whose report the pronoun opens (up to
    three words of addressee between them), or None."""
    k = token.i - 1
    if k >= floor and token.doc[k].lower_ == "that":
        k -= 1
    for j in range(k, max(floor, k - 3) - 1, -1):
        word = token.doc[j]
        if word.lower_ in _reporting_forms():
            return word
        if word.is_punct or word.lower_ in SINGULAR_PRONOUNS | PLURAL_PRONOUNS:
            return None
    return None


def _antecedents(
    word: str,
    offset: int,
    index: int,
    per_sentence: list[list[Mention]],
    sentences: Sequence[nlp.Sentence],
    said_at: int | None = None,
) -> list[Mention]:
    """The actor(s) a pronoun points back to: the nearest fitting one in its sentence, else the first
    fitting one of the sentences before (usually their subject); 'they' may point at a pair ('Iran and Russia').
    A pronoun a reporting verb (at character `said_at`) opens is the speaker: the actor right before the verb
    ('Y said it'), else the sentence's first fitting actor outside a prepositional phrase, its subject ('X
    accused Y of ... and said it would'), rather than the nearest."""
    for back in range(index, max(-1, index - _COREF_WINDOW - 1), -1):
        mentions = [m for m in per_sentence[back] if m.end <= offset]
        if word in PLURAL_PRONOUNS:
            pairs = _pairs(mentions, sentences[back])
            if pairs:
                return list(pairs[-1] if back == index else pairs[0])
        candidates = [m for m in mentions if _fits(word, m)]
        if word in _OBJECT_PRONOUNS and back == index:
            candidates = [m for m in candidates if not _subject_of_same_verb(m, offset, sentences[back])]
        if candidates and back != index:
            # "In Syria, Turkey launched an offensive. It denied ...": the earlier sentence's subject, not a
            # place or object that a preposition introduces
            subjects = [m for m in candidates if not _after_preposition(m, sentences[back])]
            return [(subjects or candidates)[0]]
        if candidates and said_at is not None and back == index:
            sentence = sentences[back]
            speaker = [
                m
                for m in candidates
                if m.end <= said_at
                and not sentence.text[m.end - sentence.start : said_at - sentence.start].strip()
            ]
            subjects = [m for m in candidates if not _after_preposition(m, sentence)]
            return [speaker[-1] if speaker else (subjects or candidates)[0]]
        if candidates:
            return [candidates[-1]]
    return []


_PREPOSITIONS = {
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "with",
    "against",
    "for",
    "by",
    "of",
    "on",
    "across",
    "inside",
    "outside",
    "over",
    "toward",
    "towards",
    "through",
    "throughout",
    "within",
    "after",
    "before",
    "during",
}


def _subject_of_same_verb(mention: Mention, offset: int, sentence: nlp.Sentence) -> bool:
    """'officials assured them', 'villagers asked police to help them': an object pronoun is never the subject
    of its own verb, the actor a few verb words before it with no clause boundary between."""
    between = sentence.text[mention.end - sentence.start : offset - sentence.start]
    words = between.split()
    return (
        len(words) <= 3
        and all(w.isalpha() for w in words)
        and not any(w.lower() in _CLAUSE_BOUNDARIES for w in words)
    )


def _after_preposition(mention: Mention, sentence: nlp.Sentence) -> bool:
    before = sentence.text[: mention.start - sentence.start].lower().split()
    while before and before[-1] in ("the", "a", "an"):
        before.pop()
    return bool(before) and before[-1].strip(",") in _PREPOSITIONS


def _pairs(mentions: list[Mention], sentence: nlp.Sentence) -> list[tuple[Mention, Mention]]:
    """Actors coordinated by 'and' ('Iran and Russia', 'Moscow and Tehran')."""
    found = []
    for first, second in zip(mentions, mentions[1:], strict=False):
        if first.modifier or second.modifier or "agent" in (first.kind, second.kind):
            continue
        if "pronoun" in (first.kind, second.kind):
            continue
        gap = sentence.text[first.end - sentence.start : second.start - sentence.start]
        if gap in (" and ", " & "):
            found.append((first, second))
    return found
