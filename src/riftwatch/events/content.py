"""What a speech act, proposal or requirement is about is not an act of its own.

"demanded a Security Council session to discuss the incursion", "rejected a proposal for its warships to be
deployed", "issued an ultimatum to Kyiv to halt shelling", "reached an understanding to exchange intelligence",
"said Iraq must cooperate with inspectors probing sites": the discussion, deployment, halt, exchange and probe
are what was asked, proposed, agreed or required. The demand, rejection, ultimatum, agreement or requirement is
the event; the act inside it is not coded (its certainty would be a guess: it may never happen).

The vocabularies here are the one place these word lists live; the extractor imports them.
"""

from __future__ import annotations

from spacy.tokens import Token

from .dates import in_date
from .scope import background_link

# Speech acts whose embedded act is not itself coded: the threat, offer or demand is the event.
SPEECH_ACTS = frozenset(
    {
        "threaten",
        "offer",
        "promise",
        "pledge",
        "vow",
        "urge",
        "demand",
        "ask",
        "call",
        "refuse",
        "agree",
        "propose",
        "warn",
        "deny",
        "reject",
        "appeal",
        "press",
        "request",
        "order",
    }
)
# Denials: what they deny is an act told as contested (modality hedges it), and they answer an accuser.
DENIALS = frozenset({"deny", "dismiss", "refute"})
# Demands whose content clause ("demanded that the US match ...") is what was asked for, not an act.
DEMANDS = frozenset(
    {"urge", "demand", "ask", "call", "appeal", "press", "request", "order", "propose", "insist", "suggest"}
)
# An authority's order of an act is that act, done by the one who orders it: "the court ordered the arrest of
# X" (COERCE), "ordered the release of X" (RETREAT), "ordered an inquiry into X" (ACCUSE), "ordered X jailed".
# An order to an actor to do something itself ("ordered X to appear for questioning") stays a REQUEST.
ORDERS = frozenset({"order"})
# Verbs of permission and pressure whose complement is what would be permitted or pushed for: "allowed the
# refugees to return", "pushed for the US to support the plan".
_PERMITTING = frozenset({"allow", "permit", "let", "authorize", "authorise", "push", "lobby"})
# Nouns that hold an act as their content: what was asked, proposed, planned, agreed or required. Not
# 'attempt' or 'bid': an attempted killing is coded as the assault (CAMEO and PLOVER code attempts).
CONTENT_NOUNS = frozenset(
    {
        "call",
        "demand",
        "request",
        "appeal",
        "ultimatum",
        "reminder",
        "proposal",
        "plan",
        "offer",
        "resolution",
        "motion",
        "bill",
        "effort",
        "drive",
        "campaign",
        "initiative",
        "consensus",
        "understanding",
        "agreement",
        "deal",
        "accord",
        "decision",
        "pledge",
        "promise",
        "vow",
        "threat",
        "warning",
        "order",
        "idea",
        "pressure",
        "push",
    }
)
# How the content hangs from its holder: a clause or infinitive (xcomp/ccomp/acl/advcl), or 'for' ('a call for
# troops to be deployed', 'pushing for the US to support').
_CONTENT_EDGES = frozenset({"xcomp", "ccomp", "acl", "advcl", "relcl"})
_CONTENT_PREPS = frozenset({"for"})
# Clause links that put an act beside the speech act rather than inside it ("demanded ... after police fired").
_NOT_CONTENT_MARKS = frozenset(
    {"after", "before", "when", "while", "as", "because", "since", "although", "though", "until", "once"}
)
_REQUIRING = frozenset({"must", "should", "ought"})
# 'call' is a demand only as 'call on/upon X' or 'call for Y'; 'called X' is a phone call.
_CALL_ON = frozenset({"on", "upon", "for"})


def particles(verb: Token) -> set[str]:
    """The particles and prepositions a verb takes ('call on', 'call off'), not those of time ('called the
    president on Saturday'), with the 'for' the parser hangs on the clause ('called for Israel to halt')."""
    found = set()
    for child in verb.children:
        if child.dep_ == "prt":
            found.add(child.lower_)
        elif child.dep_ == "prep":
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is None or not in_date(obj):
                found.add(child.lower_)
        elif child.dep_ in ("advcl", "ccomp", "xcomp"):
            found.update(
                m.lower_
                for m in child.children
                if m.dep_ == "mark" and m.lower_ == "for" and m.i == verb.i + 1
            )
    return found


def _beside(child: Token) -> bool:
    """'demanded ... after police fired': a clause joined by time or cause sits beside its head, not in it."""
    marks = any(c.dep_ == "mark" and c.lower_ in _NOT_CONTENT_MARKS for c in child.children)
    return marks or background_link(child)  # "threatened to shell towns in retaliation for a raid ..."


def _content_link(child: Token, head: Token, below: bool) -> bool:
    """Whether `child` (an ancestor of the trigger, or the trigger) is the content of `head`. `below` says the
    trigger lies under `child` rather than being it (a direct object is content only of what it is part of)."""
    lemma = head.lemma_.lower()
    edge = child.dep_
    if edge == "prep" and child.lower_ in _CONTENT_PREPS:
        edge = "for"
    if head.pos_ in ("VERB", "AUX"):
        if lemma == "call" and not particles(head) & _CALL_ON:
            return False  # "called his counterpart to congratulate him": a phone call and what it was for
        if lemma in DENIALS and edge == "ccomp":
            return False  # "denied that Saudi jets had struck the port": the strike is contested (hedged), not void
        if lemma in SPEECH_ACTS | DEMANDS | _PERMITTING and edge in ("xcomp", "ccomp", "advcl", "for"):
            return edge != "advcl" or any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        if lemma in DEMANDS and edge == "dobj" and below:
            return True  # "demanded a meeting to discuss ...": what the meeting is for was asked for too
        # "issued an ultimatum to Kyiv to halt": the infinitive of a light verb whose object holds content
        holds = any(c.dep_ == "dobj" and c.lemma_.lower() in CONTENT_NOUNS for c in head.children)
        return holds and edge in ("xcomp", "advcl") and any(c.lower_ == "to" for c in child.children)
    if head.pos_ in ("NOUN", "PROPN") and lemma in CONTENT_NOUNS:
        if edge == "relcl":  # "a resolution that would censure", "a drive to convince": not a report of fact
            return any(
                c.dep_ == "aux" and c.lower_ in ("would", "will", "could", "may", "to")
                for c in child.children
            )
        return edge in _CONTENT_EDGES or edge == "for"
    return False


# Verbs whose object is a risk, not an act: "they say they face imprisonment and persecution", "risking years in
# prison", "fearing reprisals".
_RISKS = frozenset({"face", "risk", "fear", "dread"})


def _risked(trigger: Token) -> bool:
    token = trigger
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head  # "imprisonment, homelessness and persecution"
    return token.dep_ == "dobj" and token.head.lemma_.lower() in _RISKS


def in_content(trigger: Token, depth: int = 6) -> bool:
    """Whether the trigger is (inside) what a speech act, proposal, permission or requirement is about, or a
    risk someone faces."""
    if trigger.pos_ in ("NOUN", "PROPN") and _risked(trigger):
        return True
    return content_holder(trigger, depth) is not None


def content_holder(trigger: Token, depth: int = 6) -> Token | None:
    """The speech act, proposal, permission or requirement whose content the trigger is (inside), if any."""
    child = trigger
    for _ in range(depth):
        head = child.head
        if head.i == child.i or _beside(child):
            return None
        if _content_link(child, head, below=child.i != trigger.i):
            return head
        required = any(c.dep_ == "aux" and c.lower_ in _REQUIRING for c in head.children)
        if required and child.dep_ not in ("nsubj", "nsubjpass", "csubj"):
            return head  # "said Iraq must cooperate with inspectors probing sites": what is required
        child = head
    return None


def asked_for(trigger: Token) -> bool:
    """Whether the trigger is what a demand asks of someone ('called on Iran to guarantee free passage',
    'urged Kyiv to reject the plan'): the act of whoever is asked, not yet done, and never the asker's own
    pledge or refusal, whatever kind of act it would be."""
    holder = content_holder(trigger)
    return (
        holder is not None
        and holder.pos_ in ("VERB", "AUX")
        and holder.lemma_.lower() in DEMANDS
        and holder.lemma_.lower() not in ORDERS
    )
