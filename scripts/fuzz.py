"""Fuzz every reader with generated inputs and print what became of them (run by hand, not in CI).

Inputs are mutations of valid samples of every format riftwatch reads (plain text in three encodings, JSONL,
CSV, TSV, HTML, WARC, gzip-compressed WARC, ARC, RSS, Atom, gzip-compressed text): bytes flipped, inserted,
deleted, repeated, truncated, spliced from two samples, or seeded with tokens readers are sensitive to (NUL,
CRLF CRLF, lying Content-Length, CDATA ends, byte-order marks). Each input goes through `read_bytes` under the
name of its format (one in eight under another reader's name) with small limits. A crash is any exception out
of a reader; everything else ends as documents or rejections with a reason. Prints counts every --chunk inputs
and at the end: inputs, documents, crashes (by exception type, with the first input of each saved under
--crashes), rejections by reason. SIGTERM or Ctrl-C stops it after the work units already done, and the
summary of those is printed all the same.

    nice -n 19 .venv/bin/python scripts/fuzz.py [--inputs 1000000] [--seed 1] [--workers 1]
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing
import random
import signal
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tests.webcorpus import Response, arc_bytes, atom_bytes, html_page, rss_bytes, story, warc_bytes  # noqa: E402

from riftwatch.models import RawDocument, Rejection  # noqa: E402
from riftwatch.readers import read_bytes  # noqa: E402
from riftwatch.settings import Settings  # noqa: E402

LIMITS = Settings(document_time_budget=2.0, max_document_bytes=100_000, max_decompressed_bytes=1_000_000)
TOKENS = [
    b"\x00",
    b"\r\n\r\n",
    b"\n",
    b"Content-Length: 99999999\r\n",
    b"Content-Length: -1\r\n",
    b"]]>",
    b"<![CDATA[",
    b"<",
    b">",
    b'"',
    b",",
    b"\t",
    b"{",
    b"}",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x1f\x8b\x08",
    b"WARC/1.0\r\n",
    b"HTTP/1.1 200 OK\r\n",
    b"<item>",
    b"<entry>",
    b"&#0;",
    b"\xc3",
    b"\xe2\x80",
]


def samples() -> list[tuple[str, bytes]]:
    """(file name, bytes): a valid, small input for every reader."""
    a, b = story(1, paragraphs=1), story(2, paragraphs=2)
    texts = [
        Response(
            f"https://example.org/t/{i}", story(i, paragraphs=1).text.encode(), "text/plain; charset=utf-8"
        )
        for i in range(3)
    ]
    pages = [Response("https://example.org/p/1", html_page(a).encode())]
    rows = "\n".join(
        f'{{"id": "r{i}", "text": {story(i, paragraphs=1).text!r}}}'.replace("'", '"') for i in range(3)
    )
    csv = "id,text,date\n" + "\n".join(
        f'c{i},"{story(i, paragraphs=1).text}",2018-01-0{i + 1}' for i in range(3)
    )
    return [
        ("a.txt", a.text.encode("utf-8")),
        ("b.txt", b.text.encode("utf-16")),
        ("c.txt", a.text.encode("cp1252", errors="replace")),
        ("d.jsonl", rows.encode()),
        ("e.csv", csv.encode()),
        ("f.tsv", csv.replace(",", "\t").encode()),
        ("g.html", html_page(b).encode()),
        ("h.warc", warc_bytes(texts + pages)),
        ("i.warc.gz", warc_bytes(texts, compress=True)),
        ("j.arc", arc_bytes(texts)),
        ("k.rss", rss_bytes([(f"r{i}", story(10 + i, paragraphs=1)) for i in range(3)])),
        ("l.atom", atom_bytes([(f"a{i}", story(20 + i, paragraphs=1)) for i in range(3)])),
        ("m.txt.gz", gzip.compress(b.text.encode())),
    ]


def mutate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """One to four random edits of `data`."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        n = len(out)
        kind = rng.randrange(8)
        at = rng.randrange(n + 1)
        if kind == 0 and n:
            out[min(at, n - 1)] = rng.randrange(256)
        elif kind == 1:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif kind == 2 and n:
            del out[at : at + rng.randint(1, 64)]
        elif kind == 3 and n:
            chunk = out[at : at + rng.randint(1, 200)]
            out[at:at] = chunk * rng.randint(1, 50)
        elif kind == 4:
            del out[at:]
        elif kind == 5:
            cut = rng.randrange(len(other) + 1)
            out[at:] = other[cut:]
        elif kind == 6:
            out[at:at] = rng.choice(TOKENS)
        else:
            out[at:at] = rng.choice(TOKENS) * rng.randint(2, 200)
    return bytes(out)


def run(
    args: tuple[int, int, int],
) -> tuple[Counter[str], Counter[str], Counter[str], dict[str, tuple[str, bytes, str]]]:
    """Fuzz `count` inputs from `seed`; returns (counts, rejections by reason, crashes by type, first crashes)."""
    seed, count, _ = args
    rng = random.Random(seed)
    bases = samples()
    names = [name for name, _ in bases]
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    crashes: Counter[str] = Counter()
    first: dict[str, tuple[str, bytes, str]] = {}
    for _ in range(count):
        name, data = rng.choice(bases)
        data = mutate(rng, data, rng.choice(bases)[1])
        if rng.random() < 0.125:
            name = rng.choice(names)
        counts["inputs"] += 1
        counts[f"inputs {name.split('.', 1)[1]}"] += 1
        try:
            for item in read_bytes(name, data, LIMITS):
                if isinstance(item, RawDocument):
                    counts["documents"] += 1
                elif isinstance(item, Rejection):
                    reasons[str(item.reason)] += 1
                else:
                    raise TypeError(f"a reader yielded {type(item).__name__}")
        except Exception as exc:  # a crash: exactly what the fuzzer is looking for
            key = f"{type(exc).__name__} ({name})"
            crashes[key] += 1
            first.setdefault(key, (name, data, traceback.format_exc()))
    return counts, reasons, crashes, first


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--chunk", type=int, default=10_000, help="inputs per work unit and per progress line"
    )
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    args = parser.parse_args()
    units = [
        (args.seed * 1_000_003 + i, min(args.chunk, args.inputs - i * args.chunk), i)
        for i in range((args.inputs + args.chunk - 1) // args.chunk)
    ]
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    crashes: Counter[str] = Counter()
    first: dict[str, tuple[str, bytes, str]] = {}
    started = time.monotonic()
    # A long run may have to end early (a deadline, a busy machine): SIGTERM ends it like Ctrl-C, and what the
    # finished work units found is still summed up below.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
            for part in pool.imap(run, units):
                for total, new in zip((counts, reasons, crashes), part[:3], strict=True):
                    total.update(new)
                for key, value in part[3].items():
                    first.setdefault(key, value)
                seconds = time.monotonic() - started
                print(
                    f"{counts['inputs']:>9,} inputs  {counts['inputs'] / seconds:7.0f}/s  documents {counts['documents']:,}  "
                    f"crashes {sum(crashes.values())}  rejections {dict(sorted(reasons.items()))}",
                    flush=True,
                )
    except KeyboardInterrupt:
        print(f"\nstopped early: {counts['inputs']:,} of {args.inputs:,} inputs done", flush=True)
    print(
        f"\ninputs {counts['inputs']:,} in {time.monotonic() - started:.0f} s; documents {counts['documents']:,}; "
        f"crashes {sum(crashes.values())}"
    )
    print(
        "inputs by reader: "
        + ", ".join(
            f"{k.split(' ', 1)[1]} {v:,}" for k, v in sorted(counts.items()) if k.startswith("inputs ")
        )
    )
    print("rejections by reason: " + ", ".join(f"{reason} {n:,}" for reason, n in sorted(reasons.items())))
    for key, n in crashes.most_common():
        name, data, trace = first[key]
        args.crashes.mkdir(exist_ok=True)
        path = args.crashes / f"{key.split()[0]}-{name}"
        path.write_bytes(data)
        print(f"crash {key}: {n:,}, first input saved to {path}\n{trace}")


if __name__ == "__main__":
    main()
