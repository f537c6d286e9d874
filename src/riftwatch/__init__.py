"""riftwatch: political event data from news as it comes off the web, with evidence, offline.

The Python API is the product; the CLI, REST API and dashboard are thin layers over it:

    >>> import riftwatch
    >>> document = riftwatch.code_text("MOSCOW – June 26, 2016 – ...")
    >>> for document in riftwatch.code_files(["articles/"]): ...
    >>> with riftwatch.Store("riftwatch.duckdb") as store: riftwatch.ingest(["articles/"], store)
    >>> riftwatch.dyad_series(store, "IRN", "RUS", by="week"); riftwatch.rifts(store); riftwatch.network(store)
"""

from .coding import code_files, code_text, ingest
from .errors import (
    BadRecord,
    ConfigError,
    DecodeError,
    EmptyDocument,
    InputError,
    RiftwatchError,
    StoreError,
    TooLarge,
    UnsupportedFormat,
)
from .models import (
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
    Rejection,
    RejectionReason,
    RunSummary,
)
from .relations import dyad_series, network, rifts
from .settings import Settings
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Attribution",
    "BadRecord",
    "Certainty",
    "CodedDocument",
    "ConfigError",
    "DecodeError",
    "EmptyDocument",
    "Event",
    "EventType",
    "Evidence",
    "InputError",
    "Kind",
    "Location",
    "Rejection",
    "RejectionReason",
    "RiftwatchError",
    "RunSummary",
    "Settings",
    "Store",
    "StoreError",
    "TooLarge",
    "UnsupportedFormat",
    "__version__",
    "code_files",
    "code_text",
    "dyad_series",
    "ingest",
    "network",
    "rifts",
]
