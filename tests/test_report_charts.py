"""The report page's charts, per bank and for the class, read back from the page itself.

For a simulated class of 30, each chart's marks (the words pygal writes in each mark's
``<desc class="value">``, and our ``<title>`` beside it: what a pointer shows) and
the table beside it are compared with figures computed here from the raw attempts, one by one
(no tally, no SQL, no report code), and each chart's geometry with its numbers: a point sits
where its facility and discrimination put it on one linear scale, a bar is as long as its
value on one scale.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lessonquiz.report import build_report
from lessonquiz.report.charts import FLAG
from lessonquiz.report.html import as_html
from tests.simclass import record, shipped_banks, simulate

BANKS = shipped_banks()
ATTEMPTS = simulate(BANKS)
THRESHOLD = 0.6
PER_BANK = ("items", "objectives", "scores", "days")


MARKS = ("dots", "bar", "box")
"""pygal's group around one mark (a point, a bar, a box): its shape, then ``<desc
class="value">`` with what we gave pygal to say of it; ours adds a ``<title>``, the same."""


@dataclass
class Figure:
    chart: str
    bank: str | None
    svgs: list[dict[str, str | None]] = field(default_factory=list)
    marks: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # text printed beside a point
    rows: list[list[str]] = field(default_factory=list)
    says: str = ""


class Figures(HTMLParser):
    """Every ``<div class="figure">``: its svg, each mark's shape (its first rect or circle)
    with its numbers, the table's rows, the text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Figure] = []
        self.depth = 0
        self.mark: dict[str, str | None] | None = None
        self.groups = 0  # <g> depth inside the current mark
        self.text: list[str] | None = None
        self.where = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "div" and a.get("data-chart") and a.get("class") == "figure":
            self.found.append(Figure(str(a["data-chart"]), a.get("data-bank")))
            self.depth = 1
            return
        if not self.depth:
            return
        figure = self.found[-1]
        self.depth += tag == "div"
        if tag == "br" and self.text is not None:
            self.text.append("\n")
        if tag == "svg":
            figure.svgs.append(a)
        if tag == "g" and self.mark is not None:
            self.groups += 1
        elif tag == "g" and a.get("class") in MARKS:
            self.mark, self.groups = {}, 1
        if self.mark == {} and tag in ("rect", "circle"):
            self.mark.update(a)
        if (
            tag in ("td", "th", "p")
            or (
                self.mark is not None
                and (tag == "title" or (tag == "desc" and a.get("class") == "value"))
            )
            or (tag == "text" and a.get("class") == "label")
        ):
            self.text, self.where = [], tag
        if tag == "tr":
            figure.rows.append([])

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        figure = self.found[-1]
        if tag == "div":
            self.depth -= 1
            return
        if tag == "g" and self.mark is not None:
            self.groups -= 1
            if not self.groups:
                self.mark = None
        if self.text is None or tag != self.where:
            return
        text = "".join(self.text).strip()
        if tag == "desc" and self.mark is not None:
            figure.marks.append((self.mark, text))
        elif tag == "title" and self.mark is not None:
            figure.titles.append(text)
        elif tag == "text":
            figure.labels.append(text)
        elif tag in ("td", "th"):
            figure.rows[-1].append(text)
        elif tag == "p":
            figure.says = text
        self.text = None


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> list[Figure]:
    path = record(tmp_path_factory.mktemp("charts") / "progress.sqlite", ATTEMPTS)
    page = as_html(build_report(path, banks=BANKS, threshold=THRESHOLD, days=True))
    parser = Figures()
    parser.feed(page)
    return parser.found


def one(figures: list[Figure], chart: str, bank: str | None) -> Figure:
    (found,) = [f for f in figures if f.chart == chart and f.bank == bank]
    return found


def body(figure: Figure) -> list[list[str]]:
    return figure.rows[1:]  # the header row left out


# References from the raw attempts, oldest first.


def graded(bank: str) -> list[str]:
    return [q.id for q in BANKS[bank].questions if q.type != "written"]


def first_right() -> dict[tuple[str, str, str], bool]:
    first: dict[tuple[str, str, str], bool] = {}
    for a in ATTEMPTS:
        first.setdefault((a.bank_id, a.question_id, a.student), a.correct)
    return first


def item_figures(bank: str) -> dict[str, tuple[float, float | None]]:
    """Facility and point-biserial discrimination of each graded question of ``bank``."""
    first = first_right()
    students = sorted({a.student for a in ATTEMPTS if a.bank_id == bank})
    ids = graded(bank)
    right = {s: {q for q in ids if first.get((bank, q, s))} for s in students}
    out: dict[str, tuple[float, float | None]] = {}
    for q in ids:
        took = [s for s in students if (bank, q, s) in first]
        xs = [float(first[(bank, q, s)]) for s in took]
        rest = [float(len(right[s] - {q})) for s in took]
        try:
            discrimination: float | None = statistics.correlation(xs, rest)
        except statistics.StatisticsError:  # under 2 points or a side that does not vary
            discrimination = None
        if len(took) < 3:
            discrimination = None
        out[q] = (sum(xs) / len(xs), discrimination)
    return out


def objective_figures(bank: str) -> dict[str, tuple[int, int]]:
    """Per objective: students at or above the threshold, and students of the bank."""
    first = first_right()
    students = sorted({a.student for a in ATTEMPTS if a.bank_id == bank})
    out = {}
    for objective in BANKS[bank].objectives:
        scored = [q for q in BANKS[bank].questions if q.type != "written"]  # written: not scored
        ids = [q.id for q in scored if q.objective == objective.id]
        if ids:
            share = [sum(first.get((bank, q, s), False) for q in ids) / len(ids) for s in students]
            out[objective.id] = (sum(v >= THRESHOLD for v in share), len(students))
    return out


def scores(bank: str) -> list[float]:
    """Each student's score on ``bank``: best score per question, weighted by its points."""
    points = {q.id: q.points for q in BANKS[bank].questions if q.type != "written"}
    best: dict[tuple[str, str], float] = {}
    for a in ATTEMPTS:
        if a.bank_id == bank:
            key = (a.student, a.question_id)
            best[key] = max(best.get(key, 0.0), a.score)
    score: dict[str, float] = defaultdict(float)
    for (student, q), value in best.items():
        score[student] += value * points[q] / sum(points.values())
    return sorted(score.values())


def score_bins(bank: str) -> list[int]:
    """Students of ``bank`` per tenth of their score."""
    bins = [0] * 10
    for value in scores(bank):
        bins[min(int(value * 10 + 1e-9), 9)] += 1
    return bins


def days_of(bank: str) -> Counter[str]:
    return Counter(a.created_at[:10] for a in ATTEMPTS if a.bank_id == bank)


def marks(figure: Figure, pattern: str, size: str) -> list[tuple[tuple[str, ...], float]]:
    """Each mark's title read by ``pattern`` (every title must match), with its ``size``
    attribute (a bar's width or height) as drawn."""
    found = []
    for mark, title in figure.marks:
        match = re.fullmatch(pattern, title)
        assert match, title
        found.append((match.groups(), float(str(mark[size]))))
    return found


def two(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def linear(pairs: list[tuple[float, float]], tolerance: float = 0.3) -> float:
    """The slope of ``drawn = a + slope * value`` through ``pairs``; fails unless every pair
    is on that line (within the drawing's rounding)."""
    low, high = min(pairs), max(pairs)
    assert high[0] > low[0], pairs
    slope = (high[1] - low[1]) / (high[0] - low[0])
    for value, drawn in pairs:
        assert drawn == pytest.approx(low[1] + slope * (value - low[0]), abs=tolerance)
    return slope


# The tests.


def test_every_bank_has_its_four_charts_each_with_text_and_numbers(figures) -> None:
    for bank in BANKS:
        for chart in PER_BANK:
            figure = one(figures, chart, bank)
            (svg,) = figure.svgs
            assert svg["role"] == "img" and bank in str(svg["aria-label"]), (bank, chart)
            assert figure.says and len(figure.rows) > 1 and figure.marks, (bank, chart)
            assert figure.titles == [text for _, text in figure.marks], (bank, chart)
    for chart in PER_BANK:  # and the class's, one each
        assert len(one(figures, chart, None).svgs) == 1


def test_a_banks_item_chart_puts_each_question_at_its_facility_and_discrimination(
    figures,
) -> None:
    for bank in BANKS:
        want = item_figures(bank)
        figure = one(figures, "items", bank)
        drawn = {}
        for mark, title in figure.marks:
            found = re.fullmatch(r"(\S+): facility ([\d.]+), discrimination (-?[\d.]+)(.*)", title)
            assert found, title
            drawn[found[1]] = (found[2], found[3], mark, found[4])
        assert set(drawn) == {q for q, (_, d) in want.items() if d is not None}
        for q, (facility, discrimination, mark, why) in drawn.items():
            assert (facility, discrimination) == (two(want[q][0]), two(want[q][1]))
            edge = want[q][0] <= 0.1 or want[q][0] >= 0.9 or (want[q][1] or 0) < 0
            assert bool(why) == edge, (q, why)
            ring = f"fill:#fff;stroke:{FLAG}" in str(mark.get("style") or "")
            assert ring == edge, (q, mark)  # a flagged item is drawn apart, not by colour alone
        assert sorted(figure.labels) == sorted(q for q, d in drawn.items() if d[3]), bank
        rows = {row[0]: (row[1], row[2]) for row in body(figure)}
        assert rows == {q: (two(f), two(d)) for q, (f, d) in want.items()}
        x = [(want[q][0], float(str(m["cx"]))) for q, (_, _, m, _) in drawn.items()]
        y = [(want[q][1] or 0.0, float(str(m["cy"]))) for q, (_, _, m, _) in drawn.items()]
        assert linear(x) > 0 and linear(y) < 0  # facility rightwards, discrimination up


def test_a_banks_objective_chart_is_the_share_mastering_each_objective(figures) -> None:
    for bank in BANKS:
        want = objective_figures(bank)
        figure = one(figures, "objectives", bank)
        bars = {
            o: (int(m), int(n), width)
            for (o, m, n, _), width in marks(
                figure, r"(\S+): (\d+) of (\d+) students, share ([\d.]+)", "width"
            )
        }
        assert {o: (m, n) for o, (m, n, _) in bars.items()} == want
        assert linear([(m / n, width) for m, n, width in bars.values()] + [(0, 0)]) > 0
        rows = {row[0].split("\n")[0]: row[3] for row in body(figure)}
        assert rows == {o: f"{m} of {n}" for o, (m, n) in want.items()}


def test_a_banks_score_chart_counts_students_per_tenth(figures) -> None:
    for bank in BANKS:
        want = score_bins(bank)
        figure = one(figures, "scores", bank)
        bars = [
            (int(count), height)
            for (_, _, count), height in marks(
                figure, r"score ([\d.]+)–([\d.]+): (\d+) students", "height"
            )
        ]
        assert [count for count, _ in bars] == want
        assert linear([(c, h) for c, h in bars] + [(0, 0)]) > 0
        assert [int(row[1]) for row in body(figure)] == want
        assert f"median score {statistics.median(scores(bank)):.2f}" in figure.says


def test_a_banks_time_chart_counts_its_attempts_per_day(figures) -> None:
    for bank in BANKS:
        want = days_of(bank)
        figure = one(figures, "days", bank)
        bars = {
            day: (int(count), height)
            for (day, count), height in marks(
                figure, r"(\d{4}-\d\d-\d\d): (\d+) attempts", "height"
            )
        }
        assert {day: n for day, (n, _) in bars.items()} == dict(want)
        assert linear([(n, h) for n, h in bars.values()] + [(0, 0)]) > 0
        assert {row[0]: int(row[1]) for row in body(figure)} == dict(want)


def test_the_class_charts_hold_every_bank(figures) -> None:
    points = {title.split(":")[0] for _, title in one(figures, "items", None).marks}
    assert points == {
        f"{bank}/{q}" for bank in BANKS for q, (_, d) in item_figures(bank).items() if d is not None
    }
    stacked = {}
    for _, title in one(figures, "days", None).marks:
        found = re.fullmatch(r"(\S+), (\S+): (\d+) attempts", title)
        assert found, title
        stacked[(found[1], found[2])] = int(found[3])
    drawn = {day_bank: n for day_bank, n in stacked.items() if n}  # 0: a bank absent that day
    assert drawn == Counter((a.created_at[:10], a.bank_id) for a in ATTEMPTS)
    shares = one(figures, "objectives", None).marks
    assert len(shares) == sum(len(objective_figures(bank)) for bank in BANKS)
    boxes = {title.split(":")[0]: (title, box) for box, title in one(figures, "scores", None).marks}
    edges = []  # each box's top at its third quartile, its foot at its first, on one scale
    for bank in BANKS:
        values = scores(bank)
        title, box = boxes[bank]
        assert f"{len(values)} students" in title
        assert f"lowest {values[0]:.2f}" in title and f"highest {values[-1]:.2f}" in title
        q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert f"quartiles {q1:.2f}, {q2:.2f}, {q3:.2f}" in title
        top = float(str(box["y"]))
        edges += [(q3, top), (q1, top + float(str(box["height"])))]
    assert linear(edges) < 0  # higher scores higher up


def test_the_page_draws_with_pygal_alone(tmp_path: Path) -> None:
    """pygal, not a numerical stack: importing matplotlib or numpy would cost the page its
    time target (charts.py says by how much)."""
    import subprocess
    import sys

    path = record(tmp_path / "p.sqlite", simulate(BANKS, students=3))
    code = (
        "import sys; from pathlib import Path\n"
        "from lessonquiz.report import build_report\n"
        "from lessonquiz.report.html import as_html\n"
        f"as_html(build_report(Path({str(path)!r}), days=True))\n"
        "print(sorted(m for m in ('matplotlib', 'numpy', 'pandas', 'pygal') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['pygal']"
