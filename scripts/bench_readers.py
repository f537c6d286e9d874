"""Benchmark: records per second for each reader, on generated inputs (warcio writes the archives).

- WARC framing alone (text/plain responses, no extraction): riftwatch's reader against warcio's and fastwarc's
  ArchiveIterator (each reading every response payload), when those are installed;
- whole readers as `riftwatch ingest` uses them (decoding, extraction, language check): WARC of HTML pages,
  gzip-compressed WARC, folder of HTML files, RSS feed, JSONL.
Usage: python scripts/bench_readers.py [--records N] [--pages N]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.webcorpus import Response, gzipped, html_page, rss_bytes, story, warc_bytes  # noqa: E402

from riftwatch.readers import read_inputs  # noqa: E402
from riftwatch.readers.warc import read_warc  # noqa: E402
from riftwatch.settings import Settings  # noqa: E402


def timed(label: str, count: Callable[[], int]) -> None:
    started = time.perf_counter()
    records = count()
    seconds = time.perf_counter() - started
    print(f"{label:<48} {records:>7} records {seconds:7.2f} s {records / seconds:>10,.0f} records/s")


def framing(data: bytes, settings: Settings) -> None:
    timed(
        "riftwatch WARC reader (framing + HTTP)",
        lambda: sum(1 for _ in read_warc("bench.warc", io.BytesIO(data), settings)),
    )
    try:
        from warcio.archiveiterator import ArchiveIterator as WarcioIterator
    except ImportError:
        print("warcio not installed")
    else:

        def warcio_count() -> int:
            count = 0
            for record in WarcioIterator(io.BytesIO(data)):
                if record.rec_type == "response":
                    record.content_stream().read()
                    count += 1
            return count

        timed("warcio ArchiveIterator (payload read)", warcio_count)
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
        from fastwarc.warc import WarcRecordType
    except ImportError:
        print("fastwarc not installed")
    else:

        def fastwarc_count() -> int:
            count = 0
            for record in FastIterator(
                io.BytesIO(data), record_types=WarcRecordType.response, parse_http=True
            ):
                record.reader.read()
                count += 1
            return count

        timed("fastwarc ArchiveIterator (payload read)", fastwarc_count)


def lying_length(data: bytes, settings: Settings) -> None:
    """Response records each reader still returns when the second of ten lies about its length by +50 bytes."""
    import re

    matches = list(re.finditer(rb"Content-Length: (\d+)", data))
    target = matches[2]  # 0 is warcinfo
    damaged = data[: target.start(1)] + str(int(target.group(1)) + 50).encode() + data[target.end(1) :]
    found = sum(
        1 for item in read_warc("lie.warc", io.BytesIO(damaged), settings) if not hasattr(item, "reason")
    )
    print(f"lying Content-Length, 10 responses: riftwatch keeps {found}", end="")
    for name, count in (("warcio", _warcio_responses), ("fastwarc", _fastwarc_responses)):
        try:
            print(f", {name} keeps {count(damaged)}", end="")
        except ImportError:
            print(f", {name} not installed", end="")
    print()


def _warcio_responses(data: bytes) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type == "response":
                record.content_stream().read()
                count += 1
    except Exception:  # noqa: BLE001 - what the library raises there is the point of the measure
        pass
    return count


def _fastwarc_responses(data: bytes) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    count = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data), record_types=WarcRecordType.response):
            record.reader.read()
            count += 1
    except Exception:  # noqa: BLE001
        pass
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=20000, help="text records for the framing benchmark")
    parser.add_argument("--pages", type=int, default=300, help="HTML pages, feed items and JSONL lines")
    args = parser.parse_args()
    settings = Settings()
    texts = [
        Response(f"https://example.org/t/{i}", story(i % 500, paragraphs=2).text.encode(), "text/plain")
        for i in range(args.records)
    ]
    framing(warc_bytes(texts, with_requests=False), settings)
    lying_length(warc_bytes(texts[:10], with_requests=False), settings)

    pages = [html_page(story(i)).encode() for i in range(args.pages)]
    responses = [Response(f"https://example.org/p/{i}", page) for i, page in enumerate(pages)]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "crawl.warc").write_bytes(warc_bytes(responses))
        (root / "crawl.warc.gz").write_bytes(warc_bytes(responses, compress=True))
        (root / "pages").mkdir()
        for i, page in enumerate(pages):
            (root / "pages" / f"{i}.html").write_bytes(page)
        (root / "wire.rss").write_bytes(rss_bytes([(f"r{i}", story(i)) for i in range(args.pages)]))
        lines = "".join(json.dumps({"id": str(i), "text": story(i).text}) + "\n" for i in range(args.pages))
        (root / "lines.jsonl").write_text(lines, encoding="utf-8")
        (root / "lines.jsonl.gz").write_bytes(gzipped(lines.encode()))
        sum(
            1 for _ in read_inputs([str(root / "pages" / "0.html")], settings)
        )  # loads trafilatura and py3langid
        for name in ["crawl.warc", "crawl.warc.gz", "pages", "wire.rss", "lines.jsonl", "lines.jsonl.gz"]:
            timed(
                f"read_inputs {name}",
                lambda name=name: sum(1 for _ in read_inputs([str(root / name)], settings)),
            )


if __name__ == "__main__":
    main()
