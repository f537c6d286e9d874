"""Word lists that steer behaviour, each defined once and imported where it is used.

Lists of words here are riftwatch's own; larger tables (the event lexicon, its cues, actors, places) are data
files under the `data/` folders with their READMEs. tests/test_vocabulary.py checks that no list of words is
written out twice in the code.
"""

from __future__ import annotations

# Sectors of a state's own organs: they roll up into their country (relations, merging) and name an office a
# former holder has left (actors.groups). Rebels, insurgents and named armed groups are not among them.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})

# Personal pronouns that may point back to an actor (actors.resolver links them; the pipeline parses a sentence
# that holds one).
SINGULAR_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "their", "them", "theirs"})
PERSON_PRONOUNS = frozenset({"he", "his", "him", "she", "her"})
PRONOUNS = SINGULAR_PRONOUNS | PLURAL_PRONOUNS | PERSON_PRONOUNS
# Places where people live, shop or are treated: an attack on one ("shelled two villages") is an attack on the
# civilians of the place's country when the text names no other target (events.agents.implied_target).
# Nouns of a proposal whose 'from' phrase names who made it: "refused a request from the prime minister",
# "accepted an offer from Kenya" (the 'by' phrase is read for every noun).
PROPOSAL_NOUNS = frozenset(
    {
        "request",
        "offer",
        "proposal",
        "demand",
        "appeal",
        "call",
        "invitation",
        "plea",
        "bid",
        "overture",
        "initiative",
        "plan",
        "ultimatum",
        "suggestion",
    }
)
# What a permission grants ("allowed access of UN workers", "allowed UN workers entry"): the owner of the
# access is whom the permission is for.
ACCESS_NOUNS = frozenset({"access", "entry", "passage", "return", "delivery", "landing", "transit"})

# Documents that speak for whoever issues them: "put out a report accusing X", "issued a statement condemning
# X", "filed a lawsuit accusing X": the one who issued the document does what its participle says.
DOCUMENT_NOUNS = frozenset(
    {
        "report",
        "statement",
        "letter",
        "resolution",
        "lawsuit",
        "suit",
        "complaint",
        "petition",
        "communique",
        "communiqué",
        "declaration",
        "motion",
        "message",
        "editorial",
        "video",
        "tweet",
        "post",
    }
)

# What a release lets go of that nobody held: a document or data made public, a substance, money ("released a
# statement", "releasing water from the dam", "released figures"); returning people or property is an act
# (RETREAT, CAMEO 084), letting these out is none (events.candidates.releases_no_one).
NOT_HELD = DOCUMENT_NOUNS | frozenset(
    {
        "album",
        "data",
        "detail",
        "document",
        "emission",
        "figure",
        "film",
        "finding",
        "footage",
        "fund",
        "gas",
        "image",
        "information",
        "money",
        "photo",
        "photograph",
        "picture",
        "recording",
        "result",
        "smoke",
        "song",
        "statistic",
        "transcript",
        "water",
    }
)

# Titles that name a leader's office when they open a listed person's name ("President Reagan": the person holds
# the office then, actors.groups.titled).
LEADER_TITLES = frozenset(
    {
        "president",
        "prime",
        "king",
        "queen",
        "chancellor",
        "emir",
        "sultan",
        "premier",
        "ayatollah",
        "sheikh",
    }
)
# Words of address before a name ("Mr Abbas", "Sheikh Tamim"): a capitalised word that leaves the name whose it
# is (actors.resolver: a listed person's name after any other capitalised word is someone or somewhere else).
HONORIFICS = LEADER_TITLES | frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "shaikh",
        "sheik",
        "imam",
        "rev",
        "reverend",
        "father",
        "gen",
        "general",
        "col",
        "colonel",
        "maj",
        "major",
        "capt",
        "captain",
        "lt",
        "sgt",
        "adm",
        "admiral",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "prince",
        "princess",
        "minister",
        "mayor",
        "judge",
        "justice",
        "comrade",
        "brother",
        "mullah",
        "maulana",
        "mufti",
        "pope",
        "cardinal",
        "bishop",
    }
)

# Agents named only by what they did or carry ("gunmen attacked a village in Borno"): unknown attackers.
# They keep their sector but never take a country from the place or the article (PHENOMENA: an unknown
# attacker is nobody's); a country word of their own still composes ("Houthi gunmen").
UNKNOWN_ATTACKERS = frozenset(
    {
        "gunman",
        "gunmen",
        "armed men",
        "attacker",
        "attackers",
        "assailant",
        "assailants",
        "suicide bomber",
        "suicide bombers",
        "bomber",
        "bombers",
        "shooter",
        "shooters",
        "unidentified man",
        "unidentified men",
        "unknown man",
        "unknown men",
        "masked man",
        "masked men",
        "unidentified person",
        "unidentified persons",
        "unknown person",
        "unknown persons",
    }
)

# Words of the economy, by lemma: force done to or by them is a figure of speech ('oil prices jumped, hitting
# airlines', 'costs crushed profits'), never an assault without actors (events.candidates). Not 'market' or
# 'bank': a blast may hit a market.
ECONOMY_WORDS = frozenset(
    {
        "share",
        "stock",
        "price",
        "index",
        "profit",
        "earning",
        "sale",
        "export",
        "import",
        "economy",
        "currency",
        "bond",
        "investor",
        "revenue",
        "growth",
        "inflation",
        "output",
        "demand",
        "supply",
        "cost",
        "airline",
        "carmaker",
        "exporter",
        "importer",
        "margin",
        "valuation",
    }
)

# CAMEO codes of restrictions laid on a place (curfews, states of emergency, martial law, blockades, and
# threats to impose or easing of them): "imposed a curfew in Basra" is done to the people of Basra.
PLACE_RESTRICTION_CODES = ("1723", "1724", "191", "1323", "1324", "1381", "0813", "0814", "0872")
# Prepositions that put such a restriction on a place.
PLACE_RESTRICTION_PREPOSITIONS = frozenset({"in", "on", "over", "across", "throughout", "around"})
# ... of those, the ones a state lays on its own territory (curfew, state of emergency, martial law).
OWN_TERRITORY_CODES = ("1723", "1724", "1323", "1324", "0813", "0814")

INHABITED_PLACES = frozenset(
    {
        "village",
        "town",
        "city",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "market",
        "marketplace",
        "home",
        "house",
        "hospital",
        "clinic",
        "school",
        "mosque",
        "church",
        "residential",
        "settlement",
    }
)
# Offices that take a portfolio word before them: "Sudan's irrigation minister", "the Egyptian water ministry"
# (actors.resolver composes the country with the office across it).
OFFICE_NOUNS = frozenset(
    {
        "minister",
        "ministers",
        "ministry",
        "ministries",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "officials",
        "envoy",
        "envoys",
        "adviser",
        "advisor",
    }
)
# People the actor dictionaries give no sector, by lemma: as the object of an act ("detained the captain of a
# fishing boat", "released two homeguards") they are its target, uncoded (events.uncoded), not no one.
UNCODED_PEOPLE = frozenset(
    {
        "accomplice",
        "aide",
        "associate",
        "athlete",
        "bodyguard",
        "brother",
        "captain",
        "captive",
        "chairman",
        "coach",
        "contractor",
        "crew",
        "daughter",
        "driver",
        "family",
        "father",
        "founder",
        "guard",
        "homeguard",
        "husband",
        "landlord",
        "manager",
        "member",
        "mother",
        "neighbor",
        "neighbour",
        "owner",
        "partner",
        "player",
        "relative",
        "sharpshooter",
        "sister",
        "son",
        "staff",
        "survivor",
        "tenant",
        "vendor",
        "wife",
        "witness",
    }
)
# "both governments", "the two sides": a pair named before, each side its own actor (actors.pronouns).
GROUP_DETERMINERS = (("both",), ("the", "two"))
GROUP_NOUNS = frozenset(
    {
        "sides",
        "countries",
        "governments",
        "nations",
        "states",
        "neighbours",
        "neighbors",
        "capitals",
        "leaders",
        "parties",
        "rivals",
        "armies",
    }
)
# Nouns that name the other party of a relation ('their American counterparts', 'its Syrian allies'): whose
# counterpart or ally it is says nothing of who they are (events.arguments.actors_of).
RELATIONAL_NOUNS = frozenset(
    {
        "counterpart",
        "ally",
        "partner",
        "rival",
        "neighbour",
        "neighbor",
        "adversary",
        "opponent",
        "enemy",
        "foe",
    }
)
# The sector each side takes when the group noun says it; the other nouns keep the antecedent's own.
GROUP_SECTORS = {"governments": "GOV", "leaders": "GOV", "capitals": "GOV", "armies": "MIL"}

# Verbs that report speech: the event under one is attributed to its subject (events.attribution).
REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "report",
        "add",
        "claim",
        "state",
        "announce",
        "quote",
        "insist",
        "note",
        "confirm",
        "allege",
        "assert",
        "write",
        "cite",
        "explain",
        "warn",
        "disclose",
        "reveal",
    }
)

# Verbs whose subject speaks a quotation ('X said'), for 'we' and 'I' inside it (events.arguments); narrower
# than REPORTING_VERBS on purpose: 'warned' or 'suggested' rarely frames a quotation.
SPEAKER_VERBS = frozenset({"say", "tell", "quote", "add", "state", "insist", "claim", "announce"})

# Verbs that carry a demand in their clause: 'X said Y must withdraw' is X's demand on Y (events.extract).
SAYING_VERBS = frozenset(
    {
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
)

# Verbs that announce the speaker's own future act: 'X said it would allow inspectors' (events.modality).
ANNOUNCING_VERBS = frozenset(
    {
        "say",
        "announce",
        "declare",
        "state",
        "tell",
        "confirm",
        "indicate",
        "signal",
        "reiterate",
        "add",
    }
)

# Nouns of places an event happens at or an actor sits in ('the town', 'the embassy'): events.arguments.
PLACE_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "base",
        "camp",
        "area",
        "region",
        "district",
        "province",
        "capital",
        "port",
        "airport",
        "border",
        "crossing",
        "embassy",
        "consulate",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "enclave",
        "stronghold",
        "outpost",
        "checkpoint",
        "airfield",
        "airbase",
        "garrison",
    }
)

# Nouns after a place name that make it a location, not an actor ('Aleppo province', 'the Syrian border'):
# geo.toponyms.
GEO_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "capital",
        "province",
        "governorate",
        "region",
        "district",
        "county",
        "state",
        "territory",
        "territories",
        "border",
        "borders",
        "coast",
        "coastline",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "outskirts",
        "suburb",
        "suburbs",
        "part",
        "parts",
        "centre",
        "center",
        "heart",
        "edge",
        "soil",
        "airspace",
        "waters",
        "countryside",
        "areas",
        "area",
        "port",
        "mainland",
        "side",
        "interior",
        "streets",
        "neighbourhood",
        "neighborhood",
        "frontier",
        "enclave",
        "stronghold",
        "hometown",
        "base",
        "bases",
        "camp",
        "villages",
        "towns",
        "cities",
        "island",
        "islands",
        "desert",
        "mountains",
        "valley",
        "province's",
        "regions",
    }
)

# Nouns that say a name is a settlement ('the town of X', 'X city'): geo.toponyms.
SETTLEMENT_CUES = frozenset(
    {
        "town",
        "city",
        "village",
        "suburb",
        "hamlet",
        "port",
        "district",
        "neighbourhood",
        "neighborhood",
        "capital",
        "towns",
        "cities",
        "villages",
    }
)

# Nouns that say a name is a province or other first-level division ('X province'): geo.toponyms.
ADMIN_CUES = frozenset(
    {"province", "governorate", "state", "region", "county", "oblast", "parish", "prefecture"}
)

# Natural and accidental causes of harm: "an earthquake killed eight people", "hit by torrential rains", "killed
# in a bus crash". Harm they cause is no one's act (events.extract leaves it out).
HAZARDS = frozenset(
    {
        "earthquake",
        "quake",
        "tremor",
        "aftershock",
        "tsunami",
        "volcano",
        "eruption",
        "flood",
        "flooding",
        "floodwater",
        "rain",
        "rainfall",
        "downpour",
        "storm",
        "cyclone",
        "hurricane",
        "typhoon",
        "tornado",
        "landslide",
        "mudslide",
        "avalanche",
        "wildfire",
        "bushfire",
        "fire",
        "blaze",
        "lightning",
        "heatwave",
        "snow",
        "snowfall",
        "blizzard",
        "drought",
        "accident",
        "crash",
        "collision",
        "derailment",
        "stampede",
        "epidemic",
    }
)
# What explodes, collapses or leaks by accident (a plant's boiler, a gas cylinder), and what accidents do:
# "killed when a boiler at the plant exploded", "a gas explosion", "when their bus plunged off a bridge".
ACCIDENT_SOURCES = frozenset(
    {
        "boiler",
        "furnace",
        "cylinder",
        "transformer",
        "reactor",
        "pipeline",
        "plant",
        "factory",
        "warehouse",
        "refinery",
        "gas",
        "fertilizer",
        "fertiliser",
        "bus",
        "train",
        "ferry",
        "boat",
        "building",
        "bridge",
    }
)
ACCIDENT_VERBS = frozenset(
    {
        "explode",
        "collapse",
        "crash",
        "plunge",
        "erupt",
        "capsize",
        "derail",
        "overturn",
        "collide",
        "sink",
        "leak",
    }
)

# What one fights that is no actor: "funding to fight the Ebola epidemic", "fighting poverty and corruption".
ABSTRACT_FOES = frozenset(
    {
        "epidemic",
        "pandemic",
        "disease",
        "virus",
        "outbreak",
        "ebola",
        "malaria",
        "cholera",
        "coronavirus",
        "covid",
        "covid-19",
        "poverty",
        "corruption",
        "cause",
        "hunger",
        "famine",
        "inflation",
        "unemployment",
        "crime",
        "trafficking",
        "smuggling",
        "terrorism",
        "extremism",
        "racism",
        "discrimination",
        "change",
        "spread",
        "misinformation",
        "disinformation",
    }
)
# An attack in words: "launched a scathing attack on the government, calling it anti-people", "led the attack on
# the impeachment proceedings". Modifiers of the attack, words of the speech that goes with it, and what is
# attacked when it is a policy rather than an actor.
VERBAL_ATTACK_MODIFIERS = frozenset(
    {
        "scathing",
        "blistering",
        "stinging",
        "verbal",
        "withering",
        "extraordinary",
        "sharp",
        "bitter",
        "personal",
        "vitriolic",
        "scornful",
        "rhetorical",
        "political",
        "veiled",
        "furious",
        "savage",
        "strongly-worded",
    }
)
SPEECH_PARTICIPLES = frozenset(
    {"call", "say", "describe", "accuse", "brand", "label", "dub", "term", "charge"}
)
POLICY_NOUNS = frozenset(
    {
        "law",
        "policy",
        "proceeding",
        "decision",
        "remark",
        "comment",
        "bill",
        "plan",
        "budget",
        "reform",
        "statement",
        "report",
        "record",
        "legislation",
        "ruling",
        "verdict",
        "judgment",
        "deal",
        "agreement",
    }
)

# What calling someone something says against them: "called the ambassador a very stupid guy", "calling it
# anti-people", "called Assad a murderer" (an accusation; "called it a success" is no event).
INSULTS = frozenset(
    {
        "stupid",
        "terrorist",
        "murderer",
        "criminal",
        "liar",
        "dictator",
        "traitor",
        "puppet",
        "enemy",
        "thug",
        "butcher",
        "killer",
        "illegal",
        "unconstitutional",
        "illegitimate",
        "anti",
        "nutter",
        "racist",
        "fascist",
        "corrupt",
        "incompetent",
        "threat",
        "disgrace",
        "shameful",
        "irresponsible",
        "dangerous",
        "hypocrite",
    }
)

# Parts of a day and units of time (events.dates: 'this morning', 'last week', 'two days ago').
DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night", "weekend"})
TIME_UNITS = frozenset(
    {"day", "days", "week", "weeks", "month", "months", "year", "years", "weekend", "hours"}
)
# The names of months and weekdays, in calendar order (events.dates reads dates with them; a capitalised one is
# no part of a name).
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CALENDAR_NAMES = frozenset(MONTHS) | frozenset(WEEKDAYS)
# Bare names of a foreign institution that other countries' bodies share ("Congress" is also India's Congress
# party and the congresses of Latin America; "House of Representatives" also sits in Australia, Japan, Nigeria):
# a mention by such a name alone does not tell which country an article is about (models.clear_country).
SHARED_INSTITUTION_NAMES = frozenset({"congress", "house of representatives", "majlis"})
# Words that place a time relative to the moment of writing ('last week', 'next Tuesday', 'earlier this month').
_RELATIVE_TIME = frozenset({"last", "next", "this", "past", "coming", "earlier", "later"})
# Words before a part of a day or a unit of time that make it a date ('last week', 'this morning').
TIME_DEICTICS = _RELATIVE_TIME | {"previous", "same"}
# Words that open a date expression before its core word and belong to it, for `events.dates.resolve` to read
# ('early June', 'last Tuesday', 'mid March').
DATE_EDGES = _RELATIVE_TIME | {"early", "late", "mid"}
# Words after which a month named alone is a date ('in March', 'since May', 'early June'), besides DATE_EDGES.
MONTH_PREPOSITIONS = frozenset(
    {"in", "since", "until", "till", "by", "from", "through", "during", "before", "after", "of"}
)

# Words of time besides the names of months and weekdays (events.dates): a sentence with none of these, no
# month or weekday name and no year or numeric date holds no date or time expression for NER to find (DATE,
# TIME): `events.dates.may_hold_date`.
TIME_WORDS = (
    DAY_PARTS
    | TIME_UNITS
    | frozenset(
        {
            "today",
            "tonight",
            "yesterday",
            "tomorrow",
            "now",
            "ago",
            "mornings",
            "afternoons",
            "evenings",
            "nights",
            "nightly",
            "overnight",
            "midnight",
            "noon",
            "midday",
            "dawn",
            "dusk",
            "daily",
            "weekly",
            "weekends",
            "fortnight",
            "monthly",
            "yearly",
            "annual",
            "annually",
            "decade",
            "decades",
            "century",
            "centuries",
            "hour",
            "minute",
            "minutes",
            "seconds",
            "weekday",
            "weekdays",
            "everyday",
            "quarterly",
            "quarters",
            "spring",
            "summer",
            "autumn",
            "fall",
            "winter",
            "season",
            "seasons",
            "christmas",
            "easter",
            "ramadan",
            "eid",
            "thanksgiving",
            "hanukkah",
            "diwali",
            "passover",
            "a.m.",
            "p.m.",
            "am",
            "pm",
        }
    )
)
