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
from functools import cache, lru_cache

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
    # runs of letters and digits joined by invisible characters or by an inner ' - . , (the
    # same words as one character at a time, with far fewer steps of the regex engine)
    r"|[^\W_]+(?:(?:" + IGNORABLE + r"+|['\-.,](?=[^\W_]))[^\W_]*)*"
)
# The same words in ASCII text, where ASCII character classes are quicker to test.
_ASCII_WORD = re.compile(_WORD.pattern, re.ASCII)
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


def _strip_span(text: str, span: Span) -> Span | None:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _is_soft_break(text: str, line: Span, following: Span) -> bool:
    """A line break inside a sentence: the line runs on into the next one."""
    tail = text[line[0] : line[1]]
    if tail[-1] in _TERMINAL:
        return False
    nxt = text[following[0]]
    last_word = tail.rsplit(None, 1)[-1].lower()
    return nxt.islower() or nxt.isdigit() or tail[-1] in ",-(" or last_word in _STOPWORDS


def _is_hard_wrapped(text: str, lines: list[Span]) -> bool:
    """Newswire style: lines that break mid-sentence, mostly or at a steady width."""
    if len(lines) < 3:
        return False
    breaks = list(itertools.pairwise(lines))
    soft = sum(1 for a, b in breaks if _is_soft_break(text, a, b))
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
        lines = _stripped_lines(text, block_start, block_end)
        if lines and _is_hard_wrapped(text, lines):
            spans.append((lines[0][0], lines[-1][1]))
        else:
            spans.extend(lines)
        if brk:
            block_start = brk.end()
    return _join_lowercase_continuations(text, spans)


def _stripped_lines(text: str, start: int, end: int) -> list[Span]:
    """The spans of the non-blank lines of ``text[start:end]``, without surrounding whitespace."""
    spans: list[Span] = []
    for line in text[start:end].split("\n"):
        content = line.strip()
        if content:
            first = start + len(line) - len(line.lstrip())
            spans.append((first, first + len(content)))
        start += len(line) + 1
    return spans


def _join_lowercase_continuations(text: str, spans: list[Span]) -> list[Span]:
    """Join a line to the previous one when it plainly continues it (starts lower-case)."""
    joined: list[Span] = []
    for span in spans:
        if joined and text[span[0]].islower():
            prev = joined[-1]
            gap = text[prev[1] : span[0]]
            if "\n\n" not in gap.replace(" ", "") and text[prev[1] - 1] not in ".!?":
                joined[-1] = (prev[0], span[1])
                continue
        joined.append(span)
    return joined


def _glued_cuts(text: str, span: Span) -> list[Span]:
    """Split one sentence span where sentences were glued without a space, and strip it."""
    start, end = span
    if not _GLUED_HINT.search(text, max(0, start - 2), end):  # the common case: nothing glued
        stripped = _strip_span(text, span)
        return [stripped] if stripped else []
    cuts = [start]
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
    in_order = flat == sorted(flat)  # no offset goes backwards
    if not in_order or flat[-2] >= len(data) or flat[-1] > len(data):
        return blingfire.text_to_sentences_and_offsets(text)[1]
    return list(zip(flat[::2], flat[1::2], strict=True))


_BLINGFIRE_LIB = getattr(blingfire, "blingfire", None)  # the loaded native library


Words = tuple[list[int], list[str]]  # the start and the text of each word of a span


def _words(normalized: str, span: Span) -> Words:
    """The words (``_WORD`` matches) in a span of the text: their starts and their texts.

    Plain ints and strings, not match objects: a document's worth of match objects, kept
    until its sentences are known, set off the garbage collector again and again.
    """
    pattern = _ASCII_WORD if normalized.isascii() else _WORD
    matches = list(pattern.finditer(normalized, span[0], span[1]))
    return list(map(re.Match.start, matches)), list(map(re.Match.group, matches))


def _folded_line(words: list[str]) -> str:
    """A line's words folded and joined by spaces: the key a repeated title must equal."""
    return " ".join(map(fold_word, words))


def _may_repeat_title(words: list[str], title_key: str) -> bool:
    """Whether a line of these words normalises to the title key (``_folded_line``).

    A folded word is one or more space-separated words, so a line of more words than the key
    cannot equal it: most lines are rejected without folding their words.
    """
    if len(words) > title_key.count(" ") + 1:
        return False
    return _folded_line(words) == title_key


def split_sentences(text: str, normalized: str) -> list[Sentence]:
    """All sentences of an article, its first content line marked as the title.

    ``normalized`` is the same-length normalised text (see normalize.py); spans index both.
    Furniture lines and a repeated title are marked boilerplate; short unpunctuated lines inside
    the body are section headings.
    """
    return _split_paragraphs(text, normalized, paragraphs(normalized))


def _split_paragraphs(text: str, normalized: str, paras: list[Span]) -> list[Sentence]:
    """``split_sentences`` with the paragraphs of ``normalized`` already found."""
    return [sentence for sentence, _ in _sentences_with_words(text, normalized, paras)]


def _sentences_with_words(
    text: str, normalized: str, paras: list[Span]
) -> list[tuple[Sentence, Words]]:
    """The sentences of ``split_sentences``, each with its words.

    Each paragraph is scanned for words once: its line kind looks at them, and its sentences
    take their share of them (see ``_words_within``).
    """
    para_words = [_words(normalized, para) for para in paras]
    kinds = _line_kinds(normalized, paras, para_words)
    body_paras = [p for p, k in zip(paras, kinds, strict=True) if k == "body"]
    body = body_sentence_spans(normalized, body_paras)
    out: list[tuple[Sentence, Words]] = []
    for para, kind, words in zip(paras, kinds, para_words, strict=True):
        for span in body[para] if kind == "body" else [para]:
            piece = kind
            # a body paragraph is not furniture as a whole, but one of its sentences may be
            if kind == "body" and span != para and is_furniture(normalized[span[0] : span[1]]):
                piece = "furniture"
            boiler = piece in ("furniture", "duplicate_title")
            s, e = span
            sentence = Sentence(len(out), s, e, text[s:e], boiler, piece)
            out.append((sentence, _words_within(normalized, span, words)))
    return out


def _line_kinds(normalized: str, paras: list[Span], para_words: list[Words]) -> list[str]:
    """The kind of every paragraph (``_line_kind``), the first content line being the title."""
    kinds: list[str] = []
    title_key: str | None = None
    for (start, end), (_, words) in zip(paras, para_words, strict=True):
        kind = _line_kind(normalized[start:end], words, title_key)
        if kind == "title" or (title_key is None and kind != "furniture"):
            title_key = _folded_line(words)
        kinds.append(kind)
    return kinds


_HEADING_WORDS = 8  # an unpunctuated line of at most this many words is a heading


def _line_kind(line: str, words: list[str], title_key: str | None) -> str:
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


def _words_within(normalized: str, span: Span, para_words: Words) -> Words:
    """The words of a sentence: its paragraph's words inside its span.

    A word that straddles an edge of the span (sentences glued without a space: "said.The")
    is not the sentence's word, so then the span is scanned on its own. Otherwise the two
    scans agree: a word ending inside the span never looked at the text after it.
    """
    start, end = span
    starts, texts = para_words
    if not starts or (start <= starts[0] and starts[-1] + len(texts[-1]) <= end):
        return para_words  # all of them: most sentences are a whole paragraph
    lo = bisect.bisect_left(starts, start)  # the words starting in the span: lo to hi - 1
    hi = bisect.bisect_left(starts, end, lo)
    straddles_start = lo > 0 and starts[lo - 1] + len(texts[lo - 1]) > start
    straddles_end = hi > lo and starts[hi - 1] + len(texts[hi - 1]) > end
    if straddles_start or straddles_end:
        return _words(normalized, span)
    return starts[lo:hi], texts[lo:hi]


def _tokens(sentences: list[tuple[Sentence, Words]]) -> tuple[list[Token], list[Span]]:
    """The tokens of sentences with their words, and the token-index range of each sentence."""
    tokens: list[Token] = []
    ranges: list[Span] = []
    for sent, (starts, texts) in sentences:
        lo, index = len(tokens), sent.index
        tokens.extend(
            [
                _tuple_new(Token, (text, norm, stemmed, start + a, start + b, index))
                for start, pieces in zip(starts, map(word_pieces, texts), strict=True)
                for text, norm, stemmed, a, b in pieces
            ]
        )
        ranges.append((lo, len(tokens)))
    return tokens, ranges


# Token(...) as tuple.__new__(Token, fields), without the Python-level __new__ of a named tuple
_tuple_new = tuple.__new__


WordPiece = tuple[str, str, str, int, int]  # text, norm, stem, start and end within the word


@lru_cache(maxsize=200_000)
def word_pieces(raw: str) -> tuple[WordPiece, ...]:
    """The tokens of one matched word: one, or two for a contraction ("you're" -> you + are),
    and none for an HTML entity ("&amp;"), which is not a word.

    Memoised like ``stem``: news vocabulary repeats, and folding, splitting and stemming each
    occurrence again was most of the time of tokenising.
    """
    if raw.startswith("&"):
        return ()
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
    sentences = _sentences_with_words(article.text, normalized, paras)
    tokens, ranges = _tokens(sentences)
    return Document(
        article,
        normalized,
        tuple(sentence for sentence, _ in sentences),
        tuple(tokens),
        tuple(ranges),
        paragraphs=tuple(paras),
    )
