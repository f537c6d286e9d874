"""Test data for the web readers, written here: generated English news items, foreign-language paragraphs,
HTML pages, WARC archives (written with warcio), ARC files and RSS/Atom feeds. Nothing is copied from
../shared."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import io
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

COUNTRIES = [
    "Qatar",
    "Oman",
    "Kuwait",
    "Jordan",
    "Egypt",
    "Turkey",
    "Iran",
    "Iraq",
    "Bahrain",
    "Lebanon",
    "Syria",
    "Yemen",
    "Sudan",
    "Libya",
    "Tunisia",
    "Algeria",
    "Morocco",
    "Cyprus",
    "Greece",
    "Armenia",
]
CITIES = [
    "Doha",
    "Muscat",
    "Amman",
    "Cairo",
    "Ankara",
    "Tehran",
    "Baghdad",
    "Manama",
    "Beirut",
    "Damascus",
    "Sanaa",
    "Khartoum",
    "Tripoli",
    "Tunis",
    "Algiers",
    "Rabat",
    "Nicosia",
    "Athens",
    "Yerevan",
    "Aden",
]
OFFICIALS = [
    "the foreign minister",
    "a senior diplomat",
    "the defence ministry",
    "the prime minister",
    "an army spokesman",
    "the interior minister",
    "a government adviser",
    "the central bank governor",
    "an opposition leader",
    "the trade minister",
    "a parliamentary committee",
    "the energy minister",
]
VERBS = [
    "criticised",
    "welcomed",
    "rejected",
    "praised",
    "questioned",
    "supported",
    "condemned",
    "discussed",
    "postponed",
    "approved",
    "reviewed",
    "endorsed",
    "disputed",
    "announced",
    "signed",
    "suspended",
]
TOPICS = [
    "a border agreement",
    "new customs rules",
    "a gas pipeline deal",
    "the fishing quota",
    "a rail link",
    "joint naval drills",
    "a grain shipment",
    "the refugee programme",
    "an arms contract",
    "a water treaty",
    "the airline licences",
    "a power line project",
    "visa requirements",
    "the port concession",
    "a debt swap",
    "the mining permits",
    "tariffs on steel",
    "a prisoner exchange",
]
WHEN = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "late on Saturday",
    "early on Sunday",
    "last week",
    "this morning",
    "overnight",
]
ADJECTIVES = [
    "cautious",
    "sharp",
    "brief",
    "lengthy",
    "unusual",
    "public",
    "private",
    "angry",
    "measured",
    "detailed",
    "vague",
    "firm",
    "conciliatory",
    "blunt",
    "formal",
]
NUMBERS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
    "fifteen",
    "twenty",
]

FOREIGN = {
    "fr": (
        "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les agriculteurs touchés par "
        "la sécheresse, tandis que l'opposition dénonce un plan insuffisant et bien trop tardif. Les syndicats "
        "agricoles ont demandé une réunion d'urgence avec le ministre afin de discuter des aides promises depuis "
        "le printemps. Dans plusieurs départements, les réserves d'eau sont au plus bas et les préfets ont "
        "imposé des restrictions sévères sur l'irrigation des cultures."
    ),
    "de": (
        "Die Regierung hat am Dienstag neue Maßnahmen angekündigt, um die von der Dürre betroffenen Landwirte zu "
        "unterstützen, während die Opposition den Plan als unzureichend und verspätet kritisiert. Die "
        "Bauernverbände forderten ein dringendes Treffen mit dem Minister, um über die seit dem Frühjahr "
        "versprochenen Hilfen zu sprechen. In mehreren Regionen sind die Wasserreserven sehr niedrig, und die "
        "Behörden haben strenge Beschränkungen für die Bewässerung der Felder verhängt."
    ),
    "es": (
        "El gobierno anunció el martes una nueva serie de medidas para apoyar a los agricultores afectados por la "
        "sequía, mientras la oposición denuncia un plan insuficiente y demasiado tardío. Los sindicatos agrarios "
        "pidieron una reunión urgente con el ministro para hablar de las ayudas prometidas desde la primavera. "
        "En varias provincias las reservas de agua están en mínimos y las autoridades han impuesto restricciones "
        "severas al riego de los cultivos."
    ),
}


@dataclass(frozen=True)
class Story:
    title: str
    dateline: str
    date: dt.date
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.dateline} – {self.paragraphs[0]}\n" + "\n".join(self.paragraphs[1:])


def story(index: int, paragraphs: int = 4) -> Story:
    """A distinct, reproducible English news story (several hundred words)."""
    rng = random.Random(index)
    a, b = rng.sample(COUNTRIES, 2)
    city = rng.choice(CITIES)
    sentences = []
    for _ in range(paragraphs * 3):
        sentences.append(
            f"{rng.choice(OFFICIALS).capitalize()} of {rng.choice(COUNTRIES)} {rng.choice(VERBS)} "
            f"{rng.choice(TOPICS)} with {rng.choice(COUNTRIES)} {rng.choice(WHEN)}, after {rng.choice(NUMBERS)} "
            f"{rng.choice(['days', 'weeks', 'rounds', 'months'])} of {rng.choice(ADJECTIVES)} talks in "
            f"{rng.choice(CITIES)}, according to {rng.choice(OFFICIALS)}."
        )
    grouped = tuple(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
    date = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(700))
    title = f"{a} and {b} {rng.choice(VERBS)} {rng.choice(TOPICS)} (report {index})"
    return Story(title=title, dateline=city.upper(), date=date, paragraphs=grouped)


def repost(original: Story, site: str = "Regional Wire") -> Story:
    """A syndicated copy: new headline, a credit line, two words changed, same body otherwise."""
    first = original.paragraphs[0].replace(" with ", " together with ", 1)
    last = original.paragraphs[-1].replace(" after ", " following ", 1)
    body = (first, *original.paragraphs[1:-1], last, f"This story first appeared on {site}.")
    return Story(
        title=f"{site}: {original.title.upper()}",
        dateline=original.dateline,
        date=original.date,
        paragraphs=body,
    )


def html_page(
    item: Story, *, site: str = "Gulf Wire", charset: str | None = "utf-8", author: str = "Staff"
) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in item.text.split("\n")[2:])
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<!DOCTYPE html><html lang='en'><head>{meta}<title>{html.escape(item.title)} | {site}</title>"
        f"<meta property='og:site_name' content='{site}'>"
        f"<meta property='article:published_time' content='{item.date.isoformat()}'>"
        f"<meta name='author' content='{author}'></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/gulf'>Gulf</a></nav>"
        f"<article><h1>{html.escape(item.title)}</h1><p class='byline'>By {author}</p>{paragraphs}</article>"
        "<aside><h3>Most read</h3><ul><li><a href='/x'>Weather</a></li><li><a href='/y'>Sport</a></li></ul></aside>"
        f"<footer>© 2017 {site}. All rights reserved.</footer></body></html>"
    )


@dataclass(frozen=True)
class Response:
    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    extra_headers: tuple[tuple[str, str], ...] = ()


def warc_bytes(responses: Sequence[Response], *, compress: bool = False, with_requests: bool = True) -> bytes:
    """A WARC file written by warcio: warcinfo, then per response an optional request record and the response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "riftwatch tests"}))
    for response in responses:
        if with_requests:
            request = StatusAndHeaders(
                f"GET {response.url} HTTP/1.1", [("Host", "example.org")], is_http_request=True
            )
            writer.write_record(writer.create_warc_record(response.url, "request", http_headers=request))
        headers = [("Content-Type", response.content_type), *response.extra_headers]
        http_headers = StatusAndHeaders(response.status, headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.body),
            http_headers=http_headers,
            length=len(response.body),
        )
        writer.write_record(record)
    return buffer.getvalue()


def arc_bytes(responses: Sequence[Response]) -> bytes:
    """An ARC (version 1) file, written by hand: a filedesc header record, then one record per response."""
    stamp = "20170605120000"
    version = b"1 0 riftwatch-tests\nURL IP-address Archive-date Content-type Archive-length\n"
    parts = [b"filedesc://test.arc 0.0.0.0 %s text/plain %d\n%s\n" % (stamp.encode(), len(version), version)]
    for response in responses:
        block = (
            f"HTTP/1.0 {response.status}\r\nContent-Type: {response.content_type}\r\n\r\n"
        ).encode() + response.body
        header = f"{response.url} 192.0.2.1 {stamp} {response.content_type.split(';')[0]} {len(block)}\n"
        parts.append(header.encode() + block + b"\n")
    return b"".join(parts)


def rss_bytes(items: Iterable[tuple[str, Story]], *, title: str = "Gulf Wire") -> bytes:
    entries = []
    for guid, item in items:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in item.text.split("\n")[2:])
        day = dt.datetime.combine(item.date, dt.time(9, 30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
        entries.append(
            f"<item><title>{html.escape(item.title)}</title><link>https://example.org/{guid}</link>"
            f"<guid isPermaLink='false'>{guid}</guid><pubDate>{day}</pubDate>"
            f"<description>{html.escape(body)}</description></item>"
        )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
        f"<link>https://example.org/</link>{''.join(entries)}</channel></rss>"
    ).encode()


def atom_bytes(items: Iterable[tuple[str, Story]], *, title: str = "Levant Monitor") -> bytes:
    entries = []
    for entry_id, item in items:
        body = html.escape("".join(f"<p>{html.escape(p)}</p>" for p in item.text.split("\n")[2:]))
        entries.append(
            f"<entry><id>{entry_id}</id><title>{html.escape(item.title)}</title>"
            f"<link href='https://example.net/{entry_id.rsplit(':', 1)[-1]}'/>"
            f"<updated>{item.date.isoformat()}T08:00:00Z</updated><summary>Short teaser.</summary>"
            f"<content type='html'>{body}</content></entry>"
        )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>{title}</title>"
        f"<id>urn:levant</id><updated>2017-06-01T00:00:00Z</updated>{''.join(entries)}</feed>"
    ).encode()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)
