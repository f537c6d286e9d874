"""How much each event counts in a relation, and who it counts for: the one place for these choices.

Weights (multiplied together):
- certainty: asserted 1, hedged 0.5, negated / future / hypothetical 0 (`CERTAINTY_WEIGHTS`): a denied or
  merely planned act is no act between the two sides;
- attribution: a claim from anonymous sources counts `ANONYMOUS_FACTOR` (0.5) of a named one;
- corroboration: when a merged-events table says how many independent articles report an event (a column
  `corroboration`, or any callable passed as `corroboration=`), the event counts
  `1 + 0.5 * log2(n)`, at most `MAX_CORROBORATION` (2): ten copies of one wire story are not ten events,
  but an act that many outlets confirm is surer than one that a single outlet reports.

Roll-up: the organs of a state (its government, military, police, judiciary, legislature, intelligence, and
the bare country) roll up into the country ("RUSGOV", "RUSMIL" -> "RUS"); everything else (rebels,
insurgents, radicals, named armed groups such as Hezbollah "LBNREB", opposition, media, civilians,
businesses, international bodies) keeps its own code and never speaks for its country. A bare sector
with no country names no one and is left out.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..models import Certainty
from ..vocabulary import STATE_SECTORS

CERTAINTY_WEIGHTS: dict[Certainty, float] = {
    Certainty.ASSERTED: 1.0,
    Certainty.HEDGED: 0.5,
    Certainty.NEGATED: 0.0,
    Certainty.FUTURE: 0.0,
    Certainty.HYPOTHETICAL: 0.0,
}
ANONYMOUS_FACTOR = 0.5
MAX_CORROBORATION = 2.0

# Actors with no country that still name someone: international organisations and militant groups.
INTERNATIONAL_SECTORS = frozenset({"IGO", "NGO", "IMG"})

CorroborationHook = Callable[[pd.DataFrame], pd.Series]


def corroboration_weight(count: pd.Series) -> pd.Series:
    """1 for a single report, rising with the log of the number of independent reports, capped."""
    n = pd.to_numeric(count, errors="coerce").fillna(1).clip(lower=1)
    return np.minimum(1.0 + 0.5 * np.log2(n), MAX_CORROBORATION)


def event_weights(events: pd.DataFrame, corroboration: CorroborationHook | None = None) -> pd.Series:
    """The weight of each event row (see the module docstring)."""
    certainty = events["certainty"].fillna("asserted").astype(str)
    weight = certainty.map({str(k): v for k, v in CERTAINTY_WEIGHTS.items()}).fillna(0.0).astype(float)
    if "attribution_anonymous" in events:
        anonymous = events["attribution_anonymous"].fillna(False).astype(bool)
        weight = weight.where(~anonymous, weight * ANONYMOUS_FACTOR)
    if corroboration is not None:
        weight = weight * corroboration_weight(corroboration(events))
    elif "corroboration" in events:
        weight = weight * corroboration_weight(events["corroboration"])
    return weight


def roll_up(country: pd.Series, sector: pd.Series, code: pd.Series | None = None) -> pd.Series:
    """The actor key a relation is counted under: the country for state organs, the full code otherwise.
    Actors without a country keep their code when it is international (IGO, NGO, IMG); a bare sector with no
    country ("the government", "soldiers" of nobody known) gives NA: it names no one a relation can hold."""
    country = country.fillna("").astype(str)
    sector = sector.fillna("").astype(str)
    full = code.fillna("").astype(str) if code is not None else country + sector
    full = full.where(full != "", country + sector)
    key = full.where(~(sector.isin(STATE_SECTORS | {""}) & (country != "")), country)
    named = (country != "") | sector.isin(INTERNATIONAL_SECTORS) | full.isin(INTERNATIONAL_SECTORS)
    return key.where(named & (key != ""), None)
