"""Synthetic stores for the API and dashboard tests and for scripts/bench_api.py.

Articles are generated from templates (no copied text): each sentence names a source, an act and a target,
and the event's evidence offsets point at that sentence. Some pairs change tone half-way through the period
(Iran-Russia and Qatar-Saudi Arabia turn from cooperation to conflict), so a rift detector has something to
find. Everything is drawn from a seeded generator: the same arguments give the same store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from pathlib import Path

from riftwatch.models import (
    Actor,
    Article,
    Attribution,
    Certainty,
    CodedDocument,
    Event,
    EventType,
    Evidence,
    Kind,
    Location,
    Precision,
)
from riftwatch.store import Store, iter_batches

# (words in the text, name, country, sector)
ACTORS = [
    ("Iran", "Iran", "IRN", "GOV"),
    ("Russia", "Russia", "RUS", "GOV"),
    ("Turkey", "Turkey", "TUR", "GOV"),
    ("the Syrian government", "Syrian government", "SYR", "GOV"),
    ("Syrian rebels", "Syrian rebels", "SYR", "REB"),
    ("Qatar", "Qatar", "QAT", "GOV"),
    ("Saudi Arabia", "Saudi Arabia", "SAU", "GOV"),
    ("the Russian army", "Russian military", "RUS", "MIL"),
    ("Hezbollah", "Hezbollah", "LBN", "PTY"),
    ("Egypt", "Egypt", "EGY", "GOV"),
]
# (type, CAMEO, Goldstein, quad class, words, mode, ACLED sub-event type)
ACTS = [
    (EventType.CONSULT, "040", 1.0, 1, "held talks with", None, None),
    (EventType.AGREE, "057", 8.0, 1, "signed an accord with", None, None),
    (EventType.SUPPORT, "051", 3.4, 1, "praised", None, None),
    (EventType.AID, "070", 7.0, 2, "sent aid to", None, None),
    (EventType.COOPERATE, "061", 6.4, 2, "shared intelligence with", None, None),
    (EventType.ACCUSE, "112", -2.0, 3, "accused", None, None),
    (EventType.THREATEN, "138", -7.0, 3, "threatened", None, None),
    (EventType.REJECT, "120", -4.0, 3, "rebuffed", None, None),
    (EventType.SANCTION, "163", -8.0, 4, "imposed an embargo on", None, None),
    (EventType.ASSAULT, "195", -10.0, 4, "bombed positions of", "aerial", "Air/drone strike"),
    (EventType.ASSAULT, "190", -10.0, 4, "shelled", "artillery", "Shelling/artillery/missile attack"),
    (EventType.COERCE, "173", -5.0, 4, "detained members of", "arrest", "Arrests"),
]
# (name, country, lat, lon): real coordinates of real places (facts)
PLACES = [
    ("Damascus", "SYR", 33.51, 36.29),
    ("Aleppo", "SYR", 36.20, 37.16),
    ("Idlib", "SYR", 35.93, 36.63),
    ("Tehran", "IRN", 35.69, 51.39),
    ("Moscow", "RUS", 55.75, 37.62),
    ("Doha", "QAT", 25.29, 51.53),
    ("Riyadh", "SAU", 24.69, 46.72),
    ("Ankara", "TUR", 39.93, 32.86),
    ("Beirut", "LBN", 33.89, 35.50),
    ("Cairo", "EGY", 30.04, 31.24),
]
SPEAKERS = [None, None, None, ("officials", True), ("the foreign ministry", False), ("a diplomat", True)]
CERTAINTIES = [Certainty.ASSERTED] * 12 + [Certainty.HEDGED, Certainty.NEGATED, Certainty.FUTURE]
# Pairs whose tone turns from cooperation to conflict half-way through the period.
TURNING = {("IRN", "RUS"), ("RUS", "IRN"), ("QAT", "SAU"), ("SAU", "QAT")}
TEMPLATE_START = dt.date(2016, 1, 1)


def _id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def _pick_act(rng: random.Random, pair: tuple[str | None, str | None], late: bool) -> tuple:
    if pair in TURNING:
        wanted = (3, 4) if late else (1, 2)
        return rng.choice([act for act in ACTS if act[3] in wanted])
    return rng.choice(ACTS)


def generate_documents(
    n_events: int, *, seed: int = 7, days: int = 365, per_article: int = 4
) -> Iterator[CodedDocument]:
    """Articles of `per_article` sentences with one event each, `n_events` events in all."""
    rng = random.Random(seed)
    made = 0
    number = 0
    while made < n_events:
        number += 1
        day = TEMPLATE_START + dt.timedelta(days=rng.randrange(days))
        place = rng.choice(PLACES)
        title = f"Report {number}: tensions and talks around {place[0]}"
        dateline = place[0]
        text = f"{title}\n\n{dateline.upper()} — "
        article_id = _id("article", seed, number)
        events: list[Event] = []
        for index in range(min(per_article, n_events - made)):
            source, target = rng.sample(ACTORS, 2)
            act = _pick_act(rng, (source[2], target[2]), late=(day - TEMPLATE_START).days > days // 2)
            kind_, cameo, goldstein, quad, words, mode, _acled = act
            where = rng.choice(PLACES) if rng.random() < 0.8 else None
            speaker = rng.choice(SPEAKERS)
            sentence = f"{source[0][0].upper()}{source[0][1:]} {words} {target[0]}"
            sentence += f" near {where[0]}" if where else ""
            sentence += f", {speaker[0]} said." if speaker else "."
            start = len(text)
            text += sentence + " "
            events.append(
                Event(
                    id=_id("event", article_id, index),
                    article_id=article_id,
                    kind=Kind.STANCE if rng.random() < 0.03 else Kind.EVENT,
                    type=kind_,
                    cameo=cameo,
                    goldstein=goldstein,
                    quad_class=quad,
                    mode=mode,
                    source=Actor(text=source[0], name=source[1], country=source[2], sector=source[3]),
                    target=Actor(text=target[0], name=target[1], country=target[2], sector=target[3]),
                    date=day,
                    date_precision=Precision.DAY,
                    location=Location(
                        name=where[0], country=where[1], lat=where[2], lon=where[3], precision="place"
                    )
                    if where
                    else None,
                    certainty=rng.choice(CERTAINTIES),
                    attribution=Attribution(speaker=speaker[0], anonymous=speaker[1])
                    if speaker
                    else Attribution(),
                    evidence=Evidence(
                        sentence=sentence,
                        start=start,
                        end=start + len(sentence),
                        trigger=words.split()[0],
                        rule=f"lexicon:{words.split()[0]}.v",
                    ),
                    confidence=round(rng.uniform(0.4, 0.95), 2),
                )
            )
        made += len(events)
        article = Article(
            id=article_id,
            source_id=f"synthetic:{number}",
            text=text.rstrip(),
            title=title,
            date=day,
            dateline=dateline,
            source_name="synthetic wire",
        )
        yield CodedDocument(source_id=article.source_id, article=article, events=tuple(events))


def build_store(path: Path | str, n_events: int, *, seed: int = 7, days: int = 365) -> Path:
    """Write a synthetic store of `n_events` events at `path`."""
    with Store(path) as store:
        for batch in iter_batches(generate_documents(n_events, seed=seed, days=days), 2000):
            store.write_batch(batch)
    return Path(path)
