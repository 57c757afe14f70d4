"""Each rule of ``python build.py check``: a fixture in a copy of the project triggers it,
and the message and line are asserted."""
from __future__ import annotations

from datetime import date

import pytest

from leaflets import pipeline
import support
from workflow_fixtures import line_of, project, write_section

TODAY = date(2027, 1, 1)  # the HSG's review date (2029-11-01) is far off


@pytest.fixture
def root(tmp_path):
    return support.copy_project(tmp_path / "project", locales=False)


def run(root, today=TODAY):
    return pipeline.check(project(root), today=today)


def found(result, code, path=None):
    return [d for d in result.diagnostics if d.code == code and (path is None or d.path == path)]


def test_the_hsg_leaflet_breaks_no_rule_but_reading_age(root):
    result = run(root)
    assert result.diagnostics.errors == []
    mine = {"link.broken", "link.anchor", "section.empty-critical", "scaffold.placeholder", "markdown.image-alt",
            "markdown.heading-level", "review.overdue", "review.due-soon"}
    assert result.diagnostics.codes() & mine == set()
    assert "readability.smog" in result.diagnostics.codes()


# --- reading age ---------------------------------------------------------------

def test_a_hard_section_is_warned_about_at_its_title_line(root):
    result = run(root)
    risks = found(result, "readability.smog", "content/hsg/sections/risks.md")
    assert len(risks) == 1
    assert risks[0].severity == "warning"
    assert risks[0].line == line_of(root / "content/hsg/sections/risks.md", "title:")
    assert "section 'risks' has SMOG grade 1" in risks[0].message  # 14.6 with textstat 0.7.8
    assert "above 8: aim for 6 or below (reading age 11)" in risks[0].message
    whole = found(result, "readability.smog", "content/hsg/leaflet.yml")
    assert len(whole) == 1 and whole[0].line == line_of(root / "content/hsg/leaflet.yml", "sections:")
    assert whole[0].message.startswith("the whole leaflet has SMOG grade")


def test_plain_words_are_not_warned_about_and_score_low(root):
    body = ("You can eat as normal. Drink lots of water. Wear loose clothes. "
            "Bring a friend if you like. We will call you by name.\n")
    write_section(root, "hsg", "plain", body)
    result = run(root)
    assert found(result, "readability.smog", "content/hsg/sections/plain.md") == []
    plain = next(s for s in result.summaries[0].readability.sections if s.id == "plain")
    assert plain.score.sentences == 5
    assert plain.score.smog is not None and plain.score.smog <= 6
    assert plain.score.reading_age == round(plain.score.smog) + 5


@pytest.mark.slow
def test_a_section_under_three_sentences_is_too_short_to_score_never_zero(root):
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text().replace("smog_target = 6\nsmog_warning = 8",
                                                      "smog_target = 1\nsmog_warning = 1"))
    write_section(root, "hsg", "short", "Radiation exposure is considerably unremarkable. Unfortunately, inevitably.\n")
    result = run(root)
    short = next(s for s in result.summaries[0].readability.sections if s.id == "short")
    assert short.score.smog is None
    assert short.score.describe() == "too short to score (1 sentence)"
    assert found(result, "readability.smog", "content/hsg/sections/short.md") == []
    # every scored HSG section is above a warning threshold of 1
    assert len(found(result, "readability.smog")) == 1 + sum(
        s.score.smog is not None for s in result.summaries[0].readability.sections)


def test_the_warning_threshold_comes_from_pyproject(root):
    text = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(text.replace("smog_warning = 8", "smog_warning = 20"))
    assert found(run(root), "readability.smog") == []


def test_a_warning_threshold_below_the_target_is_refused_when_loading(root):
    text = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(text.replace("smog_warning = 8", "smog_warning = 5"))
    problems = [d for d in project(root).problems if d.severity == "error"]  # at pyproject.toml's line
    assert [(d.path, d.code) for d in problems] == [("pyproject.toml", "settings.invalid")]
    assert "smog_warning must not be below smog_target" in problems[0].message


def test_the_longest_sentences_are_listed_with_file_line_and_length(root):
    long = " ".join(["word"] * 44) + "."
    path = write_section(root, "hsg", "long", f"Short one.\n\nAnother short one here.\n\n{long}\n")
    figures = run(root).summaries[0].readability
    top = figures.longest[0]
    assert (top.path, top.line, top.words) == ("content/hsg/sections/long.md", line_of(path, "word word"), 44)
    assert len(figures.longest) == 3
    assert figures.longest[0].words >= figures.longest[1].words >= figures.longest[2].words


# --- links and anchors -----------------------------------------------------------

def test_links_to_sections_and_other_leaflets(root):
    body = ("See [the risks](#risks) and [the HSG](../hsg/#preparation) and [NHS](https://www.nhs.uk/).\n\n"
            "Also [easy read](../hsg/easy-read/), [the page](../hsg/index.html) and [call](tel:+441223216455).\n\n"
            "Read [nothing](#nowhere) here.\n\n"
            "Read [another leaflet](../no-such-leaflet/) too.\n\n"
            "Read [a bad anchor](../hsg/#bogus) as well.\n\n"
            "Read [a file](leaflet.pdf) at last.\n")
    path = write_section(root, "hsg", "links", body)
    result = run(root)
    anchors = found(result, "link.anchor", "content/hsg/sections/links.md")
    broken = found(result, "link.broken", "content/hsg/sections/links.md")
    assert [(d.line, d.severity) for d in anchors] == [(line_of(path, "#nowhere"), "error"),
                                                       (line_of(path, "#bogus"), "error")]
    assert "link '#nowhere' points to no section of 'hsg'" in anchors[0].message
    assert "risks" in anchors[0].message  # lists the sections it could be
    assert [d.line for d in broken] == [line_of(path, "no-such-leaflet"), line_of(path, "leaflet.pdf")]
    assert broken[0].message.startswith("link '../no-such-leaflet/' leads to no leaflet page")


# --- rules that loading already enforces, reported by check -------------------------

def test_an_image_without_alt_text(root):
    path = write_section(root, "hsg", "picture", "Some text.\n\n![](table.png) The X-ray table.\n")
    [d] = found(run(root), "markdown.image-alt")
    assert (d.path, d.line, d.severity) == ("content/hsg/sections/picture.md", line_of(path, "table.png"), "error")
    assert "has no alt text" in d.message


def test_heading_order(root):
    path = write_section(root, "hsg", "headings", "### Fine\n\nText.\n\n##### Skips a level\n\nMore text.\n")
    [d] = found(run(root), "markdown.heading-level")
    assert (d.path, d.line) == ("content/hsg/sections/headings.md", line_of(path, "Skips a level"))
    assert d.message == "heading level h5 skips h4"


def test_review_date_overdue_is_an_error(root):
    result = run(root, today=date(2029, 11, 2))
    [d] = found(result, "review.overdue")
    assert (d.path, d.line, d.severity) == ("content/hsg/leaflet.yml",
                                            line_of(root / "content/hsg/leaflet.yml", "review:"), "error")
    assert d.message == "review date 2029-11-01 has passed"
    assert result.summaries[0].review_status == "overdue"


def test_review_date_within_90_days_is_a_warning(root):
    result = run(root, today=date(2029, 9, 1))
    [d] = found(result, "review.due-soon")
    assert (d.line, d.severity) == (line_of(root / "content/hsg/leaflet.yml", "review:"), "warning")
    assert result.summaries[0].review_status == "due-soon"
    assert result.summaries[0].review_days == 61


# --- safety-critical sections ----------------------------------------------------------

def test_an_empty_safety_critical_section_is_an_error(root):
    path = write_section(root, "hsg", "risks", "", critical=True, title="What are the risks?")
    [d] = found(run(root), "section.empty-critical")
    assert (d.path, d.line, d.severity) == ("content/hsg/sections/risks.md", line_of(path, "title:"), "error")
    assert d.message == "section 'risks' is safety-critical but has no text"


def test_a_critical_section_with_only_a_heading_is_empty_too(root):
    write_section(root, "hsg", "risks", "### Risks\n", critical=True)
    assert len(found(run(root), "section.empty-critical")) == 1


def test_an_empty_section_that_is_not_critical_is_allowed(root):
    write_section(root, "hsg", "risks", "", critical=False)
    assert found(run(root), "section.empty-critical") == []


# --- languages ----------------------------------------------------------------------------

@pytest.mark.slow
def test_each_language_says_what_stops_it_publishing(root):
    meta = root / "content/hsg/leaflet.yml"
    meta.write_text(meta.read_text().replace("languages: [en, pl, ar, zh-Hans]", "languages: [en, cy]"))
    result = run(root)
    languages = {lang.lang: lang for lang in result.summaries[0].languages}
    assert languages["en"].published and languages["en"].reason is None
    assert not languages["cy"].published
    plan = next(p for p in result.plans if p.lang == "cy")
    assert languages["cy"].reason == plan.reason and plan.reason
