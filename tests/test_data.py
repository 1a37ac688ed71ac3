"""Checks on the committed data files in data/ (see data/README.md for their schema)."""

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data"

COLUMNS = {
    "trade.csv": ["year", "pair", "reporter", "flow", "value_usd_bn", "source", "note"],
    "timeline.csv": ["date", "event", "actors", "source"],
    "countries.csv": [
        "country",
        "capital",
        "population",
        "population_date",
        "area_km2",
        "cis",
        "csto",
        "eaeu",
        "sco",
        "population_source",
        "area_source",
        "membership_source",
    ],
}
PAIRS = {"China-Kazakhstan", "Russia-Kazakhstan", "China-Central Asia", "Russia-Central Asia"}
FLOWS = {"total", "exports", "imports"}
MEMBERSHIP = {"member", "associate", "observer", "no"}
ROLES = {"thesis", "context", "reason", "evidence", "framing", "conclusion", "meta"}
COUNTRIES = {"Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"}
DATE_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}


def read_csv(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_yaml(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def parse_date(text):
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError otherwise."""
    if len(text) not in DATE_FORMATS:
        raise ValueError(text)
    return dt.datetime.strptime(text, DATE_FORMATS[len(text)])


def yaml_values(node, key):
    """Yield every value stored under `key` anywhere in a nested YAML structure."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from yaml_values(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from yaml_values(item, key)


def cited_ids():
    """Every source id cited in the CSV and YAML data files, with where it was found."""
    for name in COLUMNS:
        for row in read_csv(name):
            for col, value in row.items():
                if col == "source" or col.endswith("_source"):
                    for sid in value.split(";"):
                        yield name, sid
    for name in ("article.yaml", "argument.yaml", "documents.yaml"):
        doc = load_yaml(name)
        yield from ((name, sid) for sid in yaml_values(doc, "source"))
        for ids in yaml_values(doc, "sources"):
            yield from ((name, sid) for sid in ids)


@pytest.fixture(scope="module")
def sources():
    return load_yaml("sources.yaml")["sources"]


@pytest.fixture(scope="module")
def paragraphs():
    return load_yaml("article.yaml")["paragraphs"]


@pytest.mark.parametrize("name", COLUMNS)
def test_csv_has_exact_columns(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        assert next(csv.reader(f)) == COLUMNS[name]


def test_trade_values_are_positive_numbers():
    for row in read_csv("trade.csv"):
        assert float(row["value_usd_bn"]) > 0, row


def test_trade_years_are_plausible():
    for row in read_csv("trade.csv"):
        assert re.fullmatch(r"\d{4}", row["year"]) and 1991 <= int(row["year"]) <= 2025, row


def test_trade_pairs_and_flows_use_the_vocabulary():
    for row in read_csv("trade.csv"):
        assert row["pair"] in PAIRS and row["flow"] in FLOWS, row


def test_trade_has_the_articles_two_2023_figures():
    article_rows = {
        (r["pair"], float(r["value_usd_bn"]))
        for r in read_csv("trade.csv")
        if r["source"] == "article" and r["year"] == "2023"
    }
    assert article_rows == {("China-Kazakhstan", 31.5), ("Russia-Kazakhstan", 26.0)}


def test_timeline_dates_are_iso_and_sorted():
    dates = [row["date"] for row in read_csv("timeline.csv")]
    for date in dates:
        assert 1991 <= parse_date(date).year <= 2025, date
    assert dates == sorted(dates)


def test_timeline_has_enough_rows():
    assert len(read_csv("timeline.csv")) >= 25


def test_countries_are_exactly_the_five():
    assert [r["country"] for r in read_csv("countries.csv")] == sorted(COUNTRIES)


def test_country_memberships_use_the_vocabulary():
    for row in read_csv("countries.csv"):
        assert {row[k] for k in ("cis", "csto", "eaeu", "sco")} <= MEMBERSHIP, row


def test_country_numbers_and_dates():
    for row in read_csv("countries.csv"):
        assert int(row["population"]) > 1_000_000 and int(row["area_km2"]) > 100_000, row
        parse_date(row["population_date"])


def test_source_ids_are_unique_and_well_formed(sources):
    ids = [s["id"] for s in sources]
    assert len(ids) == len(set(ids))
    for sid in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", sid), sid


def test_sources_have_title_publisher_and_url(sources):
    for s in sources:
        assert s.get("title") and s.get("publisher"), s["id"]
        assert s["id"] == "facts-sheet" or s.get("url", "").startswith("https://"), s["id"]


def test_source_dates_are_dates(sources):
    for s in sources:
        assert "date" not in s or isinstance(s["date"], dt.date), s["id"]


def test_every_cited_source_exists(sources):
    known = {s["id"] for s in sources}
    missing = {(name, sid) for name, sid in cited_ids() if sid not in known}
    assert not missing


def test_article_has_paragraphs_1_to_24_once_each(paragraphs):
    assert [p["n"] for p in paragraphs] == list(range(1, 25))


def test_article_roles_use_the_vocabulary(paragraphs):
    assert {p["role"] for p in paragraphs} <= ROLES
    assert paragraphs[22]["role"] == paragraphs[23]["role"] == "meta"


def test_article_claim_ids_are_c1_to_c27(paragraphs):
    for p in paragraphs:
        for claim in p["claims"]:
            assert re.fullmatch(r"C\d+", claim) and 1 <= int(claim[1:]) <= 27, (p["n"], claim)


def test_argument_paragraphs_are_in_range():
    for numbers in yaml_values(load_yaml("argument.yaml"), "paragraphs"):
        assert numbers and all(1 <= n <= 24 for n in numbers), numbers


def test_argument_has_the_three_reasons():
    reasons = load_yaml("argument.yaml")["reasons"]
    assert [r["id"] for r in reasons] == ["economics", "not-anti-russian", "partnership"]


# --- documents.yaml: the document sets (content review §8.1, §8.4) ---------------------------

FACTS_MD = DATA.parents[1] / "shared" / "facts.md"
DOCUMENT_KEYS = {
    "id",
    "speaker",
    "government",
    "date",
    "occasion",
    "kind",
    "copy",
    "gist",
    "source",
}
QUOTED = re.compile(r'"([^"]+)"')


def documents():
    for doc_set in load_yaml("documents.yaml")["sets"]:
        for doc in doc_set["documents"]:
            yield doc_set, doc


def test_document_sets_are_complete_and_named_once():
    sets = load_yaml("documents.yaml")["sets"]
    assert {s["id"] for s in sets} == {"japan-summit-2024", "stated-aims"}
    ids = [doc["id"] for _, doc in documents()]
    assert len(ids) == len(set(ids))
    for doc_set, doc in documents():
        assert DOCUMENT_KEYS <= set(doc) <= DOCUMENT_KEYS | {"paragraphs"}, doc["id"]
        assert doc["date"] == "" or parse_date(doc["date"]), doc["id"]
        assert (DATA.parent / "lessons" / f"{doc_set['lesson']}.ipynb").is_file()


def test_documents_quote_only_short_phrases_the_fact_sheet_holds():
    """No invented quotes: every phrase in double quotes is at most 12 words and appears, word
    for word, in the fact sheet the course is built on."""
    if not FACTS_MD.is_file():
        pytest.skip(f"the fact sheet is not at {FACTS_MD}")
    facts = FACTS_MD.read_text(encoding="utf-8")
    for _, doc in documents():
        for phrase in QUOTED.findall(doc["gist"]):
            assert len(phrase.split()) <= 12, (doc["id"], phrase)
            assert phrase in facts, f"{doc['id']}: {phrase!r} is not in facts.md"


def test_the_quote_check_catches_an_invented_quote():
    if not FACTS_MD.is_file():
        pytest.skip(f"the fact sheet is not at {FACTS_MD}")
    facts = FACTS_MD.read_text(encoding="utf-8")
    invented = 'Peskov said Russia "warmly welcomes China\'s growing role".'
    assert any(phrase not in facts for phrase in QUOTED.findall(invented))


def test_every_government_in_the_stated_aims_set_is_asked_the_same_questions():
    """Same scepticism: the set gives each government's statement the same fields, and holds
    statements of at least four governments, a Central Asian one among them."""
    sets = {s["id"]: s for s in load_yaml("documents.yaml")["sets"]}
    governments = {d["government"] for d in sets["stated-aims"]["documents"]} - {"none"}
    assert {"Russia", "China", "United States", "Japan", "Kazakhstan"} <= governments
