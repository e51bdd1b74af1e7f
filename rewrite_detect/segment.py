"""Paragraphs, sentences and words, each with character spans into the text as given.

Sentence splitting is blingfire's (measured best on our hard cases); we feed it one paragraph at a
time, which keeps it fast on multi-megabyte input, and we split sentences glued without a space
("$10.9bn.For the full-year") that scraped summaries contain.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import re
from collections.abc import Iterator
from functools import cache, lru_cache, partial

import blingfire
import snowballstemmer

from rewrite_detect.normalize import IGNORABLE, fold_word, normalize_text
from rewrite_detect.records import Article, Document, Sentence, Span, Token

_TERMINAL = ".!?\"')]:;"
_GLUED_BOUNDARY = re.compile(
    r"(?<=[a-z%)\]\"'][.!?])(?=[\"']?[A-Z0-9])"  # word.Next  said."Quote  year"."2005
    r"|(?<=[0-9][.!?])(?=[\"']?[A-Z][a-z])"  # $10.9bn stays whole; 2004.The splits
    r"|(?<=[.!?][\"'])(?=[A-Z])"  # books?"Not
)
# Every glued boundary above follows a .!? that is followed by a quote, capital or digit (the
# quote may come first): text without such a pair, from two characters before, has none.
_GLUED_HINT = re.compile(r"[.!?][\"'A-Z0-9]")
_WORD = re.compile(
    r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);"  # an HTML entity, one token
    # a letter or digit, then runs of them, invisible characters, and inner ' - . , (the
    # same words as one character at a time, with far fewer steps of the regex engine)
    r"|[^\W_](?:[^\W_]+|" + IGNORABLE + r"+|['\-.,](?=[^\W_]))*"
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\u00a0]*\n")

_FURNITURE = re.compile(
    r"""^\W*(?:
        also\ read\b.* | read\ (?:more|also)\b.* | see\ also\b.* | related\b.{0,30} |
        share\b.{0,20} | share\ (?:this|on)\b.* | tweet | print | email |
        leave\ a\ (?:reply|comment)\b.* | (?:view|show)\ (?:more|comments?)\b.* |
        \d*\s*comments? | no\ comments\ yet.* | your\ email\ address\ will\ not\ be\ published.* |
        subscribe\b.* | sign\ up\b.* | news\ subscription |
        join\b.{0,40}\b(?:whatsapp|telegram|group|channel)\b.* |
        follow\ us\b.* | click\ here\b.* | advertisement | sponsored.* | scroll\ to\ top |
        back\ to\ top.* | now\ reading | what'?s\ your\ reaction\?? | in\ love | not\ sure |
        accessibility\ links | breaking\ news | skip\ to\ (?:main\ )?content | source\s*:.{0,60} |
        (?:photo|image|file|picture)\s*(?:-|:|credit).* | copyright\b.* | all\ rights\ reserved.* |
        related\ (?:news|articles|posts|stories)\b.* | more\ from\b.{0,40} | trending\b.{0,20} |
        login | log\ in | menu | home | next\ article.* | previous\ article.*
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
_INJECTED_LINK = re.compile(r"^\W*(?:also\ read|read\ (?:more|also)|see\ also)\b", re.IGNORECASE)
_STOPWORDS = frozenset(
    """a an the of to in on at by for with from and or but is are was were be been being it its
    as that this these those has have had do does did not no he she they we you i his her their
    our your them him us me my which who whom what when where why how than then there here so
    if into over under about after before between through during while also just very can could
    would should will shall may might must""".split()
)


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def is_stopword(norm: str) -> bool:
    """True for function words that carry no evidence of copying."""
    return norm in _STOPWORDS


@lru_cache(maxsize=200_000)
def stem(norm: str) -> str:
    """The Snowball stem of a folded word, with a possessive 's dropped.

    Memoised: the pure-Python Snowball stemmer was 85% of segmentation time, and news vocabulary
    repeats (a bounded cache, ~30 MB at most).
    """
    if norm.endswith("'s"):
        norm = norm[:-2]
    return _stemmer().stemWord(norm)


def is_injected_link(line: str) -> bool:
    """An "Also Read: ..." style line: a content-farm signature, shown in reports."""
    return bool(_INJECTED_LINK.match(line))


def is_furniture(line: str) -> bool:
    """Page furniture (share buttons, comment prompts, related links): never evidence."""
    return bool(_FURNITURE.match(line.strip()))


def _lines(text: str) -> Iterator[Span]:
    start = 0
    for match in re.finditer(r"\n", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _strip_span(text: str, span: Span) -> Span | None:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _is_soft_break(block: str, line: Span, following: Span) -> bool:
    """A line break inside a sentence: the line runs on into the next one."""
    tail = block[line[0] : line[1]]
    if tail[-1] in _TERMINAL:
        return False
    nxt = block[following[0]]
    last_word = tail.rsplit(None, 1)[-1].lower()
    return nxt.islower() or nxt.isdigit() or tail[-1] in ",-(" or last_word in _STOPWORDS


def _is_hard_wrapped(block: str, lines: list[Span]) -> bool:
    """Newswire style: lines that break mid-sentence, mostly or at a steady width."""
    if len(lines) < 3:
        return False
    breaks = list(itertools.pairwise(lines))
    soft = sum(1 for a, b in breaks if _is_soft_break(block, a, b))
    if soft == 0:
        return False
    widths = [e - s for s, e in lines[:-1]]
    mean = sum(widths) / len(widths)
    steady = mean >= 40 and max(widths) - min(widths) <= 0.35 * max(widths)
    return soft >= len(breaks) / 2 or steady


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans: blank-line blocks, each line its own paragraph unless hard-wrapped."""
    spans: list[Span] = []
    block_start = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        block_end = brk.start() if brk else len(text)
        block = text[block_start:block_end]
        lines = [s for s in (_strip_span(block, ln) for ln in _lines(block)) if s]
        if lines and _is_hard_wrapped(block, lines):
            spans.append((block_start + lines[0][0], block_start + lines[-1][1]))
        else:
            spans.extend((block_start + a, block_start + b) for a, b in lines)
        if brk:
            block_start = brk.end()
    return _join_lowercase_continuations(text, spans)


def _join_lowercase_continuations(text: str, spans: list[Span]) -> list[Span]:
    """Join a line to the previous one when it plainly continues it (starts lower-case)."""
    joined: list[Span] = []
    for span in spans:
        if joined:
            prev = joined[-1]
            gap = text[prev[1] : span[0]]
            continues = "\n\n" not in gap.replace(" ", "") and text[span[0]].islower()
            if continues and text[prev[1] - 1] not in ".!?":
                joined[-1] = (prev[0], span[1])
                continue
        joined.append(span)
    return joined


def _glued_cuts(text: str, span: Span) -> list[Span]:
    """Split one sentence span where sentences were glued without a space, and strip it."""
    start, end = span
    cuts = [start]
    if not _GLUED_HINT.search(text, max(0, start - 2), end):
        return [p for p in [_strip_span(text, span)] if p]  # the common case: nothing glued
    for m in _GLUED_BOUNDARY.finditer(text, start, end):
        if m.start() - cuts[-1] > 1:  # ?" gives two adjacent cuts: keep the first
            cuts.append(m.start())
    cuts.append(end)
    return [p for p in (_strip_span(text, c) for c in itertools.pairwise(cuts)) if p]


def body_sentence_spans(text: str, body: list[Span]) -> dict[Span, list[Span]]:
    """Sentence spans of every body paragraph, from ONE blingfire call over the document.

    blingfire sees a same-length copy in which only body paragraphs remain (their line breaks
    as spaces); a sentence it returns across a paragraph edge is cut there.
    """
    pieces: list[str] = []
    pos = 0
    for start, end in body:
        pieces.append(" " * (start - pos))
        pieces.append(text[start:end].replace("\n", " "))
        pos = end
    flat = "".join(pieces)
    offsets = sentence_offsets(flat) if flat.strip() else []
    starts = [b[0] for b in body]
    out: dict[Span, list[Span]] = {b: [] for b in body}
    for s, e in offsets or []:
        i = max(0, bisect.bisect_right(starts, s) - 1)
        while i < len(body) and body[i][0] < e:
            lo, hi = max(s, body[i][0]), min(e, body[i][1])
            if lo < hi:
                out[body[i]].extend(_glued_cuts(flat, (lo, hi)))
            i += 1
    for para, spans in out.items():
        if not spans:  # blingfire dropped it (no letters): keep the paragraph whole
            spans.extend(_glued_cuts(flat, para))
    return out


def sentence_offsets(text: str) -> list[Span]:
    """blingfire's sentence spans of ``text`` (what ``text_to_sentences_and_offsets`` returns).

    That wrapper maps blingfire's UTF-8 byte offsets to characters in a Python loop over every
    byte, which took most of the time of splitting. In ASCII text a byte offset is a character
    offset, so there we call the library directly; any other text, or output the wrapper's
    mapping would treat specially, goes through the wrapper.
    """
    if not text.isascii() or _BLINGFIRE_LIB is None:
        return blingfire.text_to_sentences_and_offsets(text)[1]
    data = text.encode("ascii")
    out_text = ctypes.create_string_buffer(len(data) * 2)
    starts = (ctypes.c_int32 * len(out_text))()
    ends = (ctypes.c_int32 * len(out_text))()
    n_out = _BLINGFIRE_LIB.TextToSentencesWithOffsets(
        ctypes.c_char_p(data),
        ctypes.c_int(len(data)),
        ctypes.byref(out_text),
        ctypes.byref(starts),
        ctypes.byref(ends),
        ctypes.c_int(len(out_text)),
    )
    if n_out == -1 or n_out > len(out_text):
        return []
    count = out_text.value.count(b"\n") + 1
    flat = [o for pair in zip(starts[:count], ends[:count], strict=True) for o in pair]
    flat[1::2] = [end + 1 for end in flat[1::2]]
    in_order = all(a <= b for a, b in itertools.pairwise(flat))
    if not in_order or flat[-2] >= len(data) or flat[-1] > len(data):
        return blingfire.text_to_sentences_and_offsets(text)[1]
    return list(zip(flat[::2], flat[1::2], strict=True))


_BLINGFIRE_LIB = getattr(blingfire, "blingfire", None)  # the loaded native library


def _normalized_line(text: str) -> str:
    return " ".join(fold_word(w) for w in _WORD.findall(text))


def _may_repeat_title(words: list[str], title_key: str) -> bool:
    """Whether a line of these words normalises to the title key (``_normalized_line``).

    A folded word is one or more space-separated words, so a line of more words than the key
    cannot equal it: most lines are rejected without folding their words.
    """
    if len(words) > title_key.count(" ") + 1:
        return False
    return " ".join(fold_word(w) for w in words) == title_key


def split_sentences(text: str, normalized: str) -> list[Sentence]:
    """All sentences of an article, its first content line marked as the title.

    ``normalized`` is the same-length normalised text (see normalize.py); spans index both.
    Furniture lines and a repeated title are marked boilerplate; short unpunctuated lines inside
    the body are section headings.
    """
    return _split_paragraphs(text, normalized, paragraphs(normalized))


def _split_paragraphs(text: str, normalized: str, paras: list[Span]) -> list[Sentence]:
    """``split_sentences`` with the paragraphs of ``normalized`` already found."""
    kinds: list[tuple[Span, str]] = []
    title_key: str | None = None
    for para in paras:
        kind = _line_kind(normalized[para[0] : para[1]], title_key)
        if kind == "title" or (title_key is None and kind != "furniture"):
            title_key = _normalized_line(normalized[para[0] : para[1]])
        kinds.append((para, kind))
    body = body_sentence_spans(normalized, [p for p, k in kinds if k == "body"])
    sentences: list[Sentence] = []
    for para, kind in kinds:
        for s, e in body[para] if kind == "body" else [para]:
            piece = "furniture" if kind == "body" and is_furniture(normalized[s:e]) else kind
            boiler = piece in ("furniture", "duplicate_title")
            sentences.append(Sentence(len(sentences), s, e, text[s:e], boiler, piece))
    return sentences


_HEADING_WORDS = 8  # an unpunctuated line of at most this many words is a heading


def _line_kind(line: str, title_key: str | None) -> str:
    words = _first_words(line, _words_needed(title_key))
    if not words or is_furniture(line) or is_injected_link(line):
        return "furniture"
    if title_key is not None and _may_repeat_title(words, title_key):
        return "duplicate_title"
    unpunctuated = line.rstrip()[-1:] not in ".!?\"'"
    if title_key is None and unpunctuated and len(line) < 250:
        return "title"
    if title_key is not None and len(words) <= _HEADING_WORDS and unpunctuated:
        return "heading"
    return "body"


def _words_needed(title_key: str | None) -> int:
    """How many words of a line ``_line_kind`` looks at: all of them up to the word counts it
    compares with (a heading's, the title's), and one more to know the line is longer."""
    if title_key is None:
        return 1  # only whether the line has a word
    return max(_HEADING_WORDS, title_key.count(" ") + 1) + 1


def _first_words(line: str, limit: int) -> list[str]:
    """The first ``limit`` words of a line (a long paragraph need not be scanned to its end)."""
    return [m.group() for m in itertools.islice(_WORD.finditer(line), limit)]


def tokenize(normalized: str, sentences: list[Sentence]) -> tuple[list[Token], list[Span]]:
    """Words of every sentence, with the token-index range of each sentence."""
    tokens: list[Token] = []
    ranges: list[Span] = []
    for sent in sentences:
        lo = len(tokens)
        words = [(m.start(), m.group()) for m in _WORD.finditer(normalized, sent.start, sent.end)]
        tokens.extend(
            [
                _new_token((text, norm, stemmed, start + a, start + b, sent.index))
                for start, raw in words
                if not raw.startswith("&")  # an HTML entity is not a word
                for text, norm, stemmed, a, b in word_pieces(raw)
            ]
        )
        ranges.append((lo, len(tokens)))
    return tokens, ranges


# Token(...) from a tuple of its fields, without the Python-level __new__ of a named tuple
_new_token = partial(tuple.__new__, Token)


WordPiece = tuple[str, str, str, int, int]  # text, norm, stem, start and end within the word


@lru_cache(maxsize=200_000)
def word_pieces(raw: str) -> tuple[WordPiece, ...]:
    """The tokens of one matched word: one, or two for a contraction ("you're" -> you + are).

    Memoised like ``stem``: news vocabulary repeats, and folding, splitting and stemming each
    occurrence again was most of the time of ``tokenize``.
    """
    out = []
    for a, b, norm in _split_contraction(0, len(raw), fold_word(raw)):
        norm = norm.replace(",", "") if norm[:1].isdigit() else norm
        out.append((raw[a:b], norm, stem(norm), a, b))
    return tuple(out)


_CONTRACTION = re.compile(r"^(.+?)(n't|'re|'ve|'ll|'d|'m|'s)$")
_EXPANSIONS = {"n't": "not", "'re": "are", "'ve": "have", "'ll": "will", "'d": "would", "'m": "am"}
_IS_PRONOUNS = frozenset("it he she that there what who here where how".split())


def _split_contraction(start: int, end: int, norm: str) -> list[tuple[int, int, str]]:
    """you're -> you + are; it's -> it + is; Niger's stays whole (a possessive)."""
    match = _CONTRACTION.match(norm)
    if not match or len(norm) != end - start:
        return [(start, end, norm)]
    head, tail = match.groups()
    if tail == "'s" and head not in _IS_PRONOUNS:
        return [(start, end, norm)]
    if tail == "n't" and head in ("ca", "wo", "sha"):
        head = {"ca": "can", "wo": "will", "sha": "shall"}[head]
    cut = start + len(match.group(1))
    return [(start, cut, head), (cut, end, _EXPANSIONS.get(tail, "is"))]


def build_document(article: Article) -> Document:
    """Normalise, split and tokenize an article; spans index ``article.text``."""
    normalized = normalize_text(article.text)
    paras = paragraphs(normalized)
    sentences = _split_paragraphs(article.text, normalized, paras)
    tokens, ranges = tokenize(normalized, sentences)
    return Document(
        article, normalized, tuple(sentences), tuple(tokens), tuple(ranges), paragraphs=tuple(paras)
    )
