"""``python build.py new ID``: start a leaflet folder with every file it needs.

Every value an author must write is a placeholder starting with ``TODO``;
``check`` reports each one still there as an error ``[scaffold.placeholder]``
with its file and line, and passes once they are all filled.
"""
from __future__ import annotations

import re
import sys
from datetime import date

from . import write
from .model import ID_RE
from .project import Project

REVIEW_YEARS = 3

LEAFLET_YML = """\
# Metadata of the leaflet '{id}'. Replace every value starting with TODO, then run
#   python build.py check
# which lists, with file and line, each placeholder still to fill.

# The leaflet's id: the folder name and the last part of its web address. Do not change it.
id: {id}
# What patients see first: the page title and a one-sentence summary.
title: "TODO: the leaflet's title, e.g. Knee X-ray - information for patients"
summary: "TODO: one sentence on what this leaflet explains"
organisation: "TODO: the trust, e.g. Cambridge University Hospitals NHS Foundation Trust"
department: "TODO: the department that owns this leaflet"
# Your document control: version, the date it is published, the date it must be reviewed by.
version: "TODO: e.g. 1.0"
published: {published}
review: {review}
# Who approved the content (name and role, or the committee).
approver: "TODO: who approved this leaflet"
# The contact (an id from contacts below) patients call to ask for braille, audio,
# British Sign Language or another language.
other_formats_contact: main
# Phone numbers in quotes. Each contact: id (letters, digits, hyphens), name, phone;
# hours, email and url (a web page, https://...) are optional (remove the # to use them).
contacts:
  - id: main
    name: "TODO: who patients call, e.g. Radiology appointments"
    phone: "TODO: the number, e.g. 01223 216455"
    hours: "TODO: when to call, e.g. Monday to Friday, 09:00 to 17:00"
    # email: team@example.nhs.uk
    # url: https://www.example.nhs.uk/radiology
# Languages to publish: English (en) first. Add pl, ar, zh-Hans once their catalogues
# are translated (see the README, "How to translate").
languages: [en]
# Formats to publish. Add easy-read once easy-read.md is written (see the README).
# braille: a BRF in every language liblouis has a table for (English in UEB grade 2;
# add "braille_grade: 1" for uncontracted braille).
formats: [html, site, large-print, print, braille]
# Share (0-100) of the non-critical text that must be translated before a language is
# published; safety-critical sections always need all of it.
translation_threshold: 100
# The sections in reading order: one file each in sections/<id>.md.
sections:
  - about
# Every published version, oldest first (remove the # once the first version is approved):
# changes:
#   - version: "1.0"
#     date: {published}
#     what: First version
#     approved_by: "the committee or person who approved it"
"""

SECTION_MD = """\
---
# One file a section: its id is the file name and an entry under sections: in leaflet.yml.
id: about
# The heading patients see: a question they would ask is best.
title: "TODO: the section's heading, e.g. What is a knee X-ray?"
# true for safety information (risks, how to prepare, what to do afterwards): a
# translation is only published when every critical section is fully translated.
critical: false
---
TODO: write what this leaflet is about. Use short sentences in everyday words: aim for a reading age of 11 (check shows it).
"""


def files(leaflet_id: str, today: date) -> dict[str, str]:
    try:
        review = today.replace(year=today.year + REVIEW_YEARS)
    except ValueError:  # 29 February
        review = today.replace(year=today.year + REVIEW_YEARS, day=28)
    return {
        "leaflet.yml": LEAFLET_YML.format(id=leaflet_id, published=today.isoformat(), review=review.isoformat()),
        "sections/about.md": SECTION_MD,
    }


def new(project: Project, leaflet_id: str, today: date | None = None) -> str | None:
    """Create ``content/<leaflet_id>/``; returns why not, or None once created."""
    if not re.fullmatch(ID_RE.strip("^$"), leaflet_id):
        return (f"'{leaflet_id}' is not a valid leaflet id: use lower-case letters, digits and hyphens,"
                " starting with a letter or digit (e.g. knee-x-ray)")
    folder = project.content / leaflet_id
    if folder.exists():
        return f"{project.rel(folder)} already exists: choose another id"
    try:
        write.create_folder(folder, files(leaflet_id, today or date.today()))
    except FileExistsError:
        return f"{project.rel(folder)} already exists: choose another id"
    return None


def command(project: Project, leaflet_id: str) -> int:
    problem = new(project, leaflet_id)
    if problem:
        print(f"new: {problem}", file=sys.stderr)
        return 1
    folder = f"content/{leaflet_id}"
    print(f"created {folder}/leaflet.yml and {folder}/sections/about.md")
    print("next: replace every TODO, then run: python build.py check")
    return 0
