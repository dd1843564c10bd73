"""The PDF export: golden text, the content that matters, awkward text, reproducibility.

The sample summary is rendered, written to a real file and read back with pypdf. Line wrapping
and page breaks are layout, not content, so the extracted text is compared with whitespace
collapsed and without the "Page N" footers (checked on their own).
Regenerate the golden file with ``UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.golden import check_golden
from helpers.samples import GENERATED_AT, LONG_WORD, NOTE_TYPOGRAPHY, awkward_summary, sample_summary
from pypdf import PdfReader

from assistant.casework.export import render as export
from assistant.casework.export.common import format_moment
from assistant.casework.export.pdf import printable, render


def read_pdf(data: bytes, tmp_path: Path) -> tuple[PdfReader, str]:
    """The PDF re-opened from a real file, and its text without the page footers, whitespace collapsed."""
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    pages = [page.extract_text().split() for page in reader.pages]
    for number, words in enumerate(pages, start=1):  # the footer is drawn first, so it is read first
        assert words[:2] == ["Page", str(number)], f"page {number} has no 'Page {number}' footer"
    return reader, " ".join(" ".join(words[2:]) for words in pages)


def golden_lines(text: str) -> list[str]:
    """Text split after each sentence, so a diff against the golden file is readable."""
    text = text.replace(format_moment(GENERATED_AT), "<generated>")
    return re.sub(r"([.?!]) ", r"\1\n", text).splitlines()


def test_matches_golden_text(settings, tmp_path):
    _, text = read_pdf(render(sample_summary(settings)), tmp_path)
    lines = golden_lines(text)
    check_golden("summary.pdf.txt", "\n".join(lines) + "\n")


def test_carries_the_summary_content(settings, tmp_path):
    summary = sample_summary(settings)
    reader, text = read_pdf(render(summary), tmp_path)
    assert len(reader.pages) > 1
    assert summary.disclaimer in text
    assert "Case reference LL-000123" in text
    assert f"Readiness: {summary.readiness}" in text
    assert f"Generated {format_moment(GENERATED_AT)}" in text
    for number, item in enumerate(summary.items, start=1):
        assert f"{number}. {item.text}" in text
    for label in ("Evidenced", "Partly evidenced", "Not evidenced", "Not applicable", "Not yet answered"):
        assert f"Status: {label} " in text
    assert NOTE_TYPOGRAPHY in text  # curly quotes, dashes, ellipsis; '<b>bold</b>' literally, not bold
    quote = summary.items[0].citations[0]
    assert f"“{quote.quote}”" in text
    assert f"› {quote.section} ({quote.source})" in text
    assert f"Rationale: {summary.review.rationale}" in text
    assert "Please add the 2023 strategy discussion outcome." in text
    squashed = "".join(text.split())
    for doc in summary.policy_documents:
        assert doc.sha256 in squashed


def test_metadata(settings, tmp_path):
    summary = sample_summary(settings)
    reader, _ = read_pdf(render(summary), tmp_path)
    assert reader.metadata.title == f"Checklist summary: {summary.pathway_title}"
    assert reader.metadata.author == "CP Pathways Assistant"
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4


def test_fonts_are_embedded_source_sans(settings, tmp_path):
    reader, _ = read_pdf(render(sample_summary(settings)), tmp_path)
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and all("SourceSansPro" in name for name in fonts), fonts


def test_characters_outside_the_font_are_replaced():
    # European Latin letters print as typed; other scripts the fonts lack -> '?'.
    assert printable("Łódź ș Ș ő ğ İ 😀 漢 é – — … “ ” £ € →") == "Łódź ș Ș ő ğ İ ? ? é – — … “ ” £ € →"
    # Upright text (all that users type) also has Cyrillic and Greek; the italics (policy quotes)
    # lack them, and lack 'ḿ', which becomes its base letter there.
    assert printable("Олександр Ωα ḿ") == "Олександр Ωα ḿ"
    assert printable("Олександр Ωα ḿ", italic=True) == "????????? ?? m"
    assert printable("a\x00b\x07c\x1fd\u200be") == "abcde"
    assert printable("one\r\ntwo\x0cthree") == "one\ntwo\nthree"




def test_awkward_text_renders(settings, tmp_path):
    summary = awkward_summary(sample_summary(settings))
    data = export(summary, "pdf")
    reader, text = read_pdf(data, tmp_path)
    assert len(reader.pages) > 20
    assert "Note 199: Łódź, Ștefan ș, ? ? end second line <i>&amp;" in text
    assert "Deadline 119 Łódź" in text
    for missing in ("😀", "漢", "\x00"):
        assert missing not in text
    assert LONG_WORD in "".join(text.split())  # wrapped, across pages too


def test_cyrillic_typed_by_users_prints_and_policy_quotes_still_render(settings, tmp_path):
    summary = sample_summary(settings)
    item = summary.items[0]
    items = [item.model_copy(update={"note": "Mother, Олександра Коваленко, speaks Ukrainian; Ștefan (uncle) attends."}),
             *summary.items[1:]]
    data = render(summary.model_copy(update={"items": items}))
    _, text = read_pdf(data, tmp_path)
    assert "Mother, Олександра Коваленко, speaks Ukrainian; Ștefan (uncle) attends." in text
    assert "?" not in text.split("Mother,")[1].split("attends.")[0]
    assert item.citations[0].quote.split()[0] in text


def test_same_summary_gives_the_same_bytes(settings):
    summary = sample_summary(settings)
    first = render(summary)
    assert first.startswith(b"%PDF-")
    assert render(summary) == first
    assert render(awkward_summary(summary)) == render(awkward_summary(summary))
