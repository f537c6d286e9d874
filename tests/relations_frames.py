"""Small event frames written for the relations tests (the flat columns of Store.events_table)."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pandas as pd

_ids = itertools.count()


def event(
    day,
    source,
    target,
    goldstein,
    quad,
    *,
    type_="CONSULT",
    certainty="asserted",
    kind="event",
    anonymous=False,
    article=None,
    **extra,
):  # type: ignore[no-untyped-def]
    """One event row; `source`/`target` are (country, sector) pairs."""
    number = next(_ids)
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    (sc, ss), (tc, ts) = source, target
    return {
        "id": f"e{number}",
        "article_id": article or f"a{day.isoformat()}",
        "kind": kind,
        "type": type_,
        "goldstein": goldstein,
        "quad_class": quad,
        "source_country": sc,
        "source_sector": ss,
        "source_code": f"{sc or ''}{ss or ''}",
        "target_country": tc,
        "target_sector": ts,
        "target_code": f"{tc or ''}{ts or ''}",
        "date": day,
        "certainty": certainty,
        "attribution_anonymous": anonymous,
        "evidence_sentence": f"sentence {number}",
        **extra,
    }


def frame(rows) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return pd.DataFrame(list(rows))


def coverage_rows(start: str, days: int, per_day: int = 3):  # type: ignore[no-untyped-def]
    """Articles on every day (events between two bystanders), so that every day is observed."""
    first = dt.date.fromisoformat(start)
    rng = random.Random(start)
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        for n in range(rng.randint(per_day - 1, per_day + 2)):
            goldstein = rng.choice([1.0, 1.9, 2.8, 3.4, -2.0, -4.0])
            yield event(
                day,
                ("FRA", "GOV"),
                ("DEU", "GOV"),
                goldstein,
                1 if goldstein > 0 else 3,
                article=f"c{day.isoformat()}-{n}",
            )


def turn(start: str, *, calm_days: int = 46, cooperation_days: int = 14, conflict_days: int = 30):  # type: ignore[no-untyped-def]
    """PHENOMENA 34: IRN and RUS meet and praise each other for two weeks, then a month of scorn and
    differences; both back Syria's government throughout."""
    first = dt.date.fromisoformat(start)
    rows = list(coverage_rows(start, calm_days + cooperation_days + conflict_days))
    for offset in range(0, calm_days + cooperation_days + conflict_days, 5):
        day = first + dt.timedelta(days=offset)
        rows.append(event(day, ("IRN", "GOV"), ("SYR", "GOV"), 3.4, 1, type_="SUPPORT"))
        rows.append(event(day, ("RUS", "MIL"), ("SYR", "MIL"), 3.4, 1, type_="SUPPORT"))
    for offset in range(calm_days, calm_days + cooperation_days):
        day = first + dt.timedelta(days=offset)
        rows.append(event(day, ("IRN", "GOV"), ("RUS", "GOV"), 1.0, 1, type_="CONSULT"))
        rows.append(event(day, ("RUS", "GOV"), ("IRN", None), 3.4, 1, type_="SUPPORT"))
    for offset in range(calm_days + cooperation_days, calm_days + cooperation_days + conflict_days):
        day = first + dt.timedelta(days=offset)
        rows.append(event(day, ("RUS", "MIL"), ("IRN", "MIL"), -2.0, 3, type_="ACCUSE"))
        if offset % 2:
            rows.append(event(day, ("IRN", "GOV"), ("RUS", "GOV"), -4.0, 3, type_="REJECT"))
    return frame(rows)
