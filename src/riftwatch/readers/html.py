"""HTML pages: main text and metadata with trafilatura (its dates come from htmldate).

Bytes are decoded here, not by trafilatura: the HTTP charset (from a WARC record) comes first, then the page's
own <meta charset>, then the same detection as plain text. trafilatura is handed a string, so it never inflates
compressed bytes on its own (the decompression limit stays ours).
"""

from __future__ import annotations

import codecs
import logging
import re

import lxml.html
import trafilatura
from lxml import etree

from ..errors import EmptyDocument
from ..models import RawDocument
from .budget import within_budget
from .decode import decode_bytes

logger = logging.getLogger(__name__)
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

# Below this many characters a precision-first extraction is checked against trafilatura's balanced mode
# (scripts/eval_extraction.py: body F1 0.961 without the check, 0.965 with it).
SHORT_EXTRACTION_CHARS = 500
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]{1,40})""", re.IGNORECASE
)
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html|head|body)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
# What browsers do (WHATWG encoding standard): these labels mean Windows-1252.
_AS_CP1252 = {
    "iso-8859-1",
    "iso8859-1",
    "latin-1",
    "latin1",
    "l1",
    "us-ascii",
    "ascii",
    "iso_8859-1",
    "cp819",
}
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "dd",
    "dt",
}


def looks_like_html(head: bytes) -> bool:
    """True when the first bytes open an HTML document (comments and an XML declaration may come first)."""
    head = head[:4096].removeprefix(codecs.BOM_UTF8)
    return _HTML_START.match(head) is not None


def decode_html(data: bytes, http_charset: str | None = None) -> str:
    """Decode a page: byte-order mark, then the HTTP charset, then <meta charset>, then detection."""
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            return decode_bytes(data)
    declared = [http_charset] if http_charset else []
    match = _META_CHARSET.search(data[:4096])
    if match:
        declared.append(match.group(1).decode("ascii", "replace"))
    for label in declared:
        encoding = _codec(label)
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue  # the declaration lies: detect instead
    return decode_bytes(data)


def _codec(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):  # unknown label, or one with a NUL in it (codecs raises ValueError)
        return None
    # A page cannot really be UTF-16/32 without a byte-order mark, whatever its <meta> says.
    return None if name.startswith(("utf-16", "utf-32")) else name


def read_html(
    source_id: str,
    data: bytes,
    *,
    charset: str | None = None,
    url: str | None = None,
    date: str | None = None,
    time_budget: float = 0,
) -> RawDocument:
    """Extract the article from a page; raise EmptyDocument when the page holds none.

    `url` and `date` are what the container knows (a WARC record's URL and date): the record's URL wins over
    the page's canonical URL, and the page's own publication date wins over the record's date.
    """
    html = decode_html(data, charset)
    result = within_budget(time_budget, "extracting the article from the page", _extract, html, url)
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise EmptyDocument("no article text found in the HTML page")
    return RawDocument(
        source_id=source_id,
        text=text,
        title=getattr(result, "title", None),
        date=getattr(result, "date", None) or date,
        url=url or getattr(result, "url", None),
        source_name=getattr(result, "sitename", None),
        author=getattr(result, "author", None),
    )


def _extract(html: str, url: str | None) -> object:
    # Precision first: on the 181-page gold set it scores higher than trafilatura's defaults, after our cleaning
    # too. When it keeps almost nothing (a reprint notice instead of the article), the balanced mode decides.
    precise = _trafilatura(html, url, favor_precision=True)
    if len(getattr(precise, "text", None) or "") >= SHORT_EXTRACTION_CHARS:
        return precise
    balanced = _trafilatura(html, url, favor_precision=False)
    longer = len(getattr(balanced, "text", None) or "") > len(getattr(precise, "text", None) or "")
    return balanced if longer else precise


def _trafilatura(html: str, url: str | None, *, favor_precision: bool) -> object:
    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, favor_precision=favor_precision
        )
    except (ValueError, TypeError, etree.LxmlError, RecursionError) as exc:  # lxml gives up on some markup
        logger.debug("trafilatura failed: %s", exc)
        return None


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's summary or content): one line per block element."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.LxmlError, ValueError) as exc:
        logger.debug("unparseable HTML fragment: %s", exc)
        return re.sub(r"<[^>]{0,500}>", " ", fragment).strip()
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:  # iterative: a fragment may nest deeper than Python recurses
        element, closing = stack.pop()
        tag = (
            element.tag if isinstance(element.tag, str) else None
        )  # None: a comment or processing instruction
        if closing:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if element.tail and element is not root:
                parts.append(element.tail)
            continue
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if element.text and tag is not None:
            parts.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
