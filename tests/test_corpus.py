"""Reading a corpus: every input form, metadata sidecars, ids, duplicates, and bad files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from rewrite_detect.corpus import (
    PendingHtml,
    Skipped,
    find_files,
    iter_items,
    read_corpus,
    read_sidecar,
)
from rewrite_detect.ingest import IngestError
from rewrite_detect.records import Article

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "mali"
SOURCE = (SEEDS / "002_52ceadec900c4bd2.txt").read_text(encoding="utf-8")
REWRITE = (SEEDS / "001_7c31c2f309b64588.txt").read_text(encoding="utf-8")
OTHER = (SEEDS / "003_91b251058a894fae.txt").read_text(encoding="utf-8")

PAGE = """<!DOCTYPE html><html><head><title>Civilians flee in Mali | The Daily Page</title>
<meta property="og:site_name" content="The Daily Page">
<meta property="article:published_time" content="2022-05-10T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Civilians flee as IS-linked jihadists advance in northeast Mali</h1>
<p>Jihadists aligned with the Islamic State group are advancing in north eastern Mali, prompting
terrified citizens to flee their homes, sources there say.</p>
<p>The Islamic State in the Greater Sahara (ISGS) launched an offensive in the Gao and Menaka
regions in March, triggering heavy fighting with local armed groups and rival jihadists.</p>
<p>Also Read: Ten things to know about the Sahel</p>
<p>Witnesses and other sources contacted by AFP confirmed the ISGS' sustained push in this remote
and dangerous area, and rights campaigners say civilians have been massacred.</p>
</article><footer>Copyright 2022 The Daily Page. Subscribe to our newsletter.</footer>
</body></html>"""


def _articles(items: list[Article | Skipped]) -> dict[str, Article]:
    return {a.id: a for a in items if isinstance(a, Article)}


def _skipped(items: list[Article | Skipped]) -> list[Skipped]:
    return [s for s in items if isinstance(s, Skipped)]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A folder with one article file of each kind, nested, with sidecars."""
    root = tmp_path / "crawl"
    (root / "farm").mkdir(parents=True)
    (root / "wire").mkdir()
    (root / "wire" / "afp-mali.txt").write_text(SOURCE, encoding="utf-8")
    (root / "farm" / "newstrack.txt").write_bytes(REWRITE.encode("cp1252", errors="replace"))
    (root / "farm" / "page.html").write_text(PAGE, encoding="utf-8")
    (root / "wire" / "one.json").write_text(
        json.dumps({"text": OTHER, "outlet": "VOA", "published": "2022-06-01"}), encoding="utf-8"
    )
    (root / "wire" / "list.json").write_text(
        json.dumps(
            [{"id": "L1", "text": "First listed story. It has words."}, {"text": "Second."}]
        ),
        encoding="utf-8",
    )
    lines = [
        json.dumps({"id": "J1", "text": "A jsonl story about Gao.", "outlet": "Feed"}),
        "",
        json.dumps({"text": "A jsonl story without an id."}),
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(root / "feed2.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "G1", "text": "A gzipped story about Menaka."}) + "\n")
    (root / "table.csv").write_text(
        "id,title,text,outlet,published\n"
        'C1,Row one,"A csv story, with a comma.",Sheet,2022-01-02\n'
        ',,"A csv story without an id.",,\n',
        encoding="utf-8",
    )
    (root / "farm" / "metadata.csv").write_text(
        "file,outlet,published,url\n"
        "newstrack.txt,NewsTrack,2022-05-12,https://example.org/nt\n"
        "page.html,Side Outlet,2022-05-11,\n",
        encoding="utf-8",
    )
    (root / "metadata.jsonl").write_text(
        json.dumps({"file": "wire/afp-mali.txt", "outlet": "The East African"})
        + "\n"
        + json.dumps({"file": "feed.jsonl", "outlet": "Sidecar Feed", "published": "2022-02-02"})
        + "\n",
        encoding="utf-8",
    )
    (root / ".hidden.txt").write_text("never read", encoding="utf-8")
    return root


def test_every_input_form_is_read_with_ids_relative_to_the_input_folder(corpus: Path) -> None:
    items = list(read_corpus([corpus]))
    arts = _articles(items)
    assert set(arts) == {
        "farm/newstrack.txt",
        "farm/page.html",
        "wire/afp-mali.txt",
        "wire/one.json",
        "L1",
        "wire/list.json#2",
        "J1",
        "feed.jsonl#3",
        "G1",
        "C1",
        "table.csv#2",
    }
    assert _skipped(items) == []
    assert arts["wire/afp-mali.txt"].text == SOURCE
    assert arts["wire/one.json"].outlet == "VOA"
    assert arts["C1"].title == "Row one"
    assert arts["C1"].published == "2022-01-02"
    assert arts["C1"].text == "A csv story, with a comma."
    assert arts["G1"].text == "A gzipped story about Menaka."


def test_metadata_sidecars_supply_outlet_url_and_date_by_file_name(corpus: Path) -> None:
    arts = _articles(list(read_corpus([corpus])))
    nt = arts["farm/newstrack.txt"]
    assert (nt.outlet, nt.published, nt.url) == (
        "NewsTrack",
        "2022-05-12",
        "https://example.org/nt",
    )
    assert arts["wire/afp-mali.txt"].outlet == "The East African"  # from a parent folder's sidecar
    # a record's own field wins over its file's sidecar entry; missing ones are filled from it
    assert arts["J1"].outlet == "Feed"
    assert arts["feed.jsonl#3"].outlet == "Sidecar Feed"
    assert arts["feed.jsonl#3"].published == "2022-02-02"


def test_html_main_text_comes_from_trafilatura_and_the_sidecar_wins(corpus: Path) -> None:
    page = _articles(list(read_corpus([corpus])))["farm/page.html"]
    assert "terrified citizens to flee" in page.text
    assert "Home" not in page.text.split("\n")  # navigation dropped
    assert "Also Read: Ten things to know about the Sahel" in page.text  # kept: a farm signature
    assert page.outlet == "Side Outlet"  # the sidecar wins over og:site_name
    assert page.published == "2022-05-11"


def test_html_is_left_pending_for_parallel_extraction(corpus: Path) -> None:
    pending = [i for i in iter_items([corpus]) if isinstance(i, PendingHtml)]
    assert [p.id for p in pending] == ["farm/page.html"]
    assert dict(pending[0].meta)["outlet"] == "Side Outlet"
    assert len(pending[0].cache_key) == 64


def test_dirty_encodings_are_decoded(corpus: Path) -> None:
    nt = _articles(list(read_corpus([corpus])))["farm/newstrack.txt"]
    assert "Citizens escape as jihadists connected to IS advance in Mali" in nt.text


def test_duplicate_ids_are_made_unique_deterministically(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "7", "text": "Story seven from feed a."}) + "\n", encoding="utf-8"
    )
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "7", "text": "Story seven from feed b."})
        + "\n"
        + json.dumps({"id": "7", "text": "Story seven again in feed b."})
        + "\n",
        encoding="utf-8",
    )
    ids = [a.id for a in read_corpus([tmp_path]) if isinstance(a, Article)]
    assert ids == ["7", "b.jsonl#7", "b.jsonl#7~2"]
    assert ids == [a.id for a in read_corpus([tmp_path]) if isinstance(a, Article)]


def test_bad_inputs_are_skipped_with_a_reason_never_raised(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    (tmp_path / "number.json").write_text("42", encoding="utf-8")
    (tmp_path / "notext.json").write_text(json.dumps({"title": "no body"}), encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "ok", "text": "A fine line."}) + "\n{broken\n[1, 2]\n", encoding="utf-8"
    )
    lines = "".join(
        json.dumps({"id": f"z{i}", "text": f"Story {i * 7919}."}) + "\n" for i in range(400)
    )
    good_gz = gzip.compress(lines.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(good_gz[: len(good_gz) // 2])
    (tmp_path / "nocol.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    (tmp_path / "empty.html").write_text(
        "<html><head></head><body></body></html>", encoding="utf-8"
    )
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 not an article")
    items = list(read_corpus([tmp_path, tmp_path / "missing"]))
    arts = _articles(items)
    zipped = {i for i in arts if i.startswith("z")}
    assert set(arts) - zipped == {"good.txt", "ok"}
    assert 0 < len(zipped) < 400  # lines before the cut are kept
    reasons = {Path(s.path).name: s.reason for s in _skipped(items)}
    assert "binary" in reasons["binary.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert "broken JSON" in reasons["broken.json"]
    assert "object or a list" in reasons["number.json"]
    assert "no 'text' or 'html'" in reasons["notext.json"]
    assert "broken JSON" in reasons["lines.jsonl#2"]
    assert "not an object" in reasons["lines.jsonl#3"]
    assert "cannot read the rest" in reasons["cut.jsonl.gz"]
    assert "'text' or 'html' column" in reasons["nocol.csv"]
    assert "no article text" in reasons["empty.html"]
    assert "unsupported file type" in reasons["scan.pdf"]
    assert reasons["missing"] == "no such file or folder"


def test_a_file_given_directly_has_its_name_as_id(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "story.txt"
    path.parent.mkdir()
    path.write_text(SOURCE, encoding="utf-8")
    (tmp_path / "deep" / "metadata.csv").write_text(
        "file,outlet\nstory.txt,AFP\n", encoding="utf-8"
    )
    (art,) = read_corpus([path])
    assert isinstance(art, Article)
    assert (art.id, art.outlet) == ("story.txt", "AFP")


def test_find_files_is_sorted_and_ignores_hidden_files(corpus: Path) -> None:
    files, skipped = find_files([corpus])
    rels = [f.rel for f in files]
    assert rels == sorted(rels)
    assert ".hidden.txt" not in rels
    assert skipped == []


def test_a_sidecar_without_a_file_column_is_an_ingest_error(tmp_path: Path) -> None:
    path = tmp_path / "metadata.csv"
    path.write_text("outlet,published\nA,2022-01-01\n", encoding="utf-8")
    with pytest.raises(IngestError, match="'file' column"):
        read_sidecar(path)
