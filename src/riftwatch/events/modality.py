"""How sure the text is that an event happened: asserted, hedged, negated, future or hypothetical."""

from __future__ import annotations

from spacy.tokens import Token

from ..models import Certainty
from ..vocabulary import ANNOUNCING_VERBS

_HEDGE_WORDS = {
    "reportedly",
    "allegedly",
    "apparently",
    "possibly",
    "perhaps",
    "probably",
    "likely",
    "purportedly",
    "supposedly",
    "seemingly",
    "maybe",
    "unconfirmed",
}
_HEDGE_VERBS = {"appear", "seem", "claim", "allege", "suspect", "believe", "rumor", "rumour"}
_HEDGE_MODALS = {"may", "might", "could"}
_HEDGE_ADJECTIVES = {
    "potential",
    "possible",
    "alleged",
    "suspected",
    "apparent",
    "reported",
    "purported",
    "likely",
}
_DENIAL_VERBS = {"deny", "dismiss", "refute"}
# "accused the rebels of violating the ceasefire", "blamed Iran for the attack": the content of an accusation
# is contested, not asserted.
_ACCUSING = {"accuse", "allege", "blame", "charge", "suspect", "condemn", "deny"}
# "failed to reach agreement", "declined to join the talks", "reneged on": the act did not happen. riftwatch
# codes the act negated (the failure is nobody's refusal); "refused to" is a REJECT, coded as the speech act.
_FAILING = {"fail", "decline", "renege", "neglect"}
# "to forestall more violence", "foiled an attack": an act that was prevented did not happen.
_PREVENTING = {"prevent", "forestall", "avert", "deter", "thwart", "foil", "preempt", "pre-empt"}
# "Iraq must cooperate", "the US should mediate": a requirement, not an act.
REQUIRING = {"must", "should", "ought"}
_FUTURE_AUX = {"will", "shall", "'ll", "\u2019ll"}
_FUTURE_VERBS = {"plan", "intend", "expect", "prepare", "schedule", "aim"}
_CONDITIONS = {"if", "unless", "whether"}
_NEGATIONS = {"not", "n't", "n\u2019t", "never", "no"}


def _clause_chain(trigger: Token) -> list[Token]:
    """The trigger and the verbs it depends on up to its clause's top (through xcomp, conj, light verbs)."""
    chain = [trigger]
    token = trigger
    while token.head is not token and token.dep_ in ("xcomp", "dobj", "attr", "acl", "pobj", "prep", "aux"):
        token = token.head
        chain.append(token)
        if token.dep_ in ("ccomp", "ROOT", "advcl", "relcl"):
            break
    return chain


def looks_ahead(token: Token, depth: int = 3) -> bool:
    """Whether a token sits in a clause about what is still to come: it or one of its nearest heads has a
    future auxiliary ("will halt flights from Tuesday", "said they would close the border on Monday")."""
    for head in [token, *list(token.ancestors)[:depth]]:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX | {"would"} for c in head.children):
            return True
    return False


def certainty(trigger: Token) -> Certainty:
    """Negated beats hypothetical beats hedged beats future."""
    chain = _clause_chain(trigger)
    children = [child for token in chain for child in token.children]
    words = {child.lower_ for child in children}
    lemmas = {token.lemma_.lower() for token in chain}
    if any(child.dep_ == "neg" for child in children) or (trigger.pos_ == "NOUN" and "no" in words):
        return Certainty.NEGATED
    if lemmas & _FAILING:
        return Certainty.NEGATED
    clause_heads = [*chain, *trigger.ancestors]
    conditions = [child for head in clause_heads for child in head.children if child.dep_ == "advcl"]
    marks = [c for head in clause_heads + conditions for c in head.children if c.dep_ == "mark"]
    prevented = any(a.lemma_.lower() in _PREVENTING for a in list(trigger.ancestors)[:3])
    if any(mark.lower_ in _CONDITIONS for mark in marks) or _instead_of(trigger) or prevented:
        return Certainty.HYPOTHETICAL
    if _awaited(chain):
        return Certainty.HYPOTHETICAL
    if any(child.dep_ == "aux" and child.lower_ in REQUIRING for child in children):
        return Certainty.HYPOTHETICAL
    if (
        words & _HEDGE_WORDS
        or lemmas & _HEDGE_VERBS
        or any(a.lemma_.lower() in _DENIAL_VERBS for a in trigger.ancestors)
    ):
        return Certainty.HEDGED
    if any(a.lemma_.lower() in _ACCUSING and a.pos_ == "VERB" for a in list(trigger.ancestors)[:4]):
        return Certainty.HEDGED
    if any(child.dep_ == "aux" and child.lower_ in _HEDGE_MODALS for child in children):
        return Certainty.HEDGED
    if trigger.pos_ == "NOUN" and any(
        c.dep_ == "amod" and c.lower_ in _HEDGE_ADJECTIVES for c in trigger.children
    ):
        return Certainty.HEDGED
    predicate = _predicate_of_noun(trigger)
    if predicate is not None and (
        predicate.lower_ in _HEDGE_ADJECTIVES
        or any(c.dep_ == "acomp" and c.lower_ in _HEDGE_ADJECTIVES for c in predicate.children)
    ):
        return Certainty.HEDGED  # "more arrests were likely", "a strike is possible"
    if predicate is not None and predicate.lemma_.lower() in _FUTURE_VERBS:
        return Certainty.FUTURE  # "more arrests are expected", "talks are planned for May"
    auxiliaries = {child.lower_ for child in trigger.children if child.dep_ in ("aux", "auxpass")}
    if "would" in auxiliaries and "have" in auxiliaries:
        return Certainty.HYPOTHETICAL  # "would have condemned": it did not happen
    if (
        any(child.dep_ == "aux" and child.lower_ in _FUTURE_AUX | {"would"} for child in children)
        or lemmas & _FUTURE_VERBS
    ):
        return Certainty.FUTURE
    if any(child.lower_ == "going" and child.dep_ == "aux" for child in children):
        return Certainty.FUTURE
    return Certainty.ASSERTED


def _predicate_of_noun(trigger: Token) -> Token | None:
    """The predicate a nominal trigger is the subject of ('arrests' in "more arrests were likely"), or None."""
    if trigger.pos_ != "NOUN" or trigger.dep_ not in ("nsubj", "nsubjpass") or trigger.head is trigger:
        return None
    return trigger.head


def _awaited(chain: list[Token]) -> bool:
    """'will not end the strike until their demands are met': what a refusal waits for has not happened."""
    for token in chain:
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "until" for c in token.children):
            head = token.head
            return any(
                c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _FUTURE_AUX | {"would", "wo"})
                for c in head.children
            )
    return False


def _instead_of(trigger: Token) -> bool:
    """'Instead of cracking down, ...', 'rather than attack': the act the text sets aside."""
    for token in (trigger, *list(trigger.ancestors)[:2]):
        if token.dep_ in ("pcomp", "pobj") and token.head.lower_ in ("of", "than"):
            before = token.head.nbor(-1) if token.head.i > 0 else None
            if before is not None and before.lower_ in ("instead", "rather"):
                return True
    return False


def required(trigger: Token) -> str | None:
    """'X said Y must withdraw': the modal of a requirement on the act, when the act carries one. A modal
    before the subject is a condition, not a requirement: 'should Huawei be given a role, ...'."""
    subject = next((c.i for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    return next(
        (
            c.lower_
            for c in trigger.children
            if c.dep_ == "aux" and c.lower_ in REQUIRING and (subject is None or c.i > subject)
        ),
        None,
    )


_READY = {"ready", "willing", "prepared", "determined", "eager", "keen"}
# An actor's stated plan is a declaration of intent too ("the EU plans to impose sanctions": a threat).
_PLANNING = {"plan", "intend", "prepare"}


def announced_intent(trigger: Token) -> bool:
    """'X said it would allow inspectors', 'X is ready to send troops': an actor declaring its own future act.

    CAMEO codes such a declaration as the speech act (an expression of intent: AGREE; of a coercive act:
    THREATEN), not as the act itself; a journalist's plain future ('troops will withdraw') stays future."""
    head = trigger.head
    if trigger.dep_ == "xcomp" and head.lemma_.lower() in _READY | _PLANNING:
        return True  # "is ready to send", "plans to impose sanctions"
    if trigger.dep_ == "xcomp" and head.dep_ == "acomp" and head.lemma_.lower() in _READY:
        return True
    future = any(c.dep_ == "aux" and c.lower_ in (_FUTURE_AUX | {"would", "wo"}) for c in trigger.children)
    return future and trigger.dep_ == "ccomp" and head.lemma_.lower() in ANNOUNCING_VERBS
