"""Words a policy marks **bold** are shown bold; everything else stays literal (app and exports)."""

from __future__ import annotations

import pytest

from assistant.casework.emphasis import spans
from assistant.casework.export.markdown import policy_markdown


@pytest.mark.parametrize("text, expected", [
    ("- **Recurring Risks:** If the concerns", [("- ", False), ("Recurring Risks:", True), (" If the concerns", False)]),
    ("**a** and **b**", [("a", True), (" and ", False), ("b", True)]),
    ("a ** b ** c", [("a ** b ** c", False)]),  # a space just inside the markers: not bold
    ("unpaired **bold", [("unpaired **bold", False)]),
    ("**across\nlines**", [("**across\nlines**", False)]),
    ("****", [("****", False)]),
    ("", [("", False)]),
])
def test_spans(text, expected):
    assert spans(text) == expected


def test_pieces_join_to_the_text_without_its_markers():
    text = "- **Recurring Risks:** x **New Risks:** y"
    assert "".join(piece for piece, _ in spans(text)) == "- Recurring Risks: x New Risks: y"


def test_policy_markdown_keeps_bold_and_nothing_else():
    got = policy_markdown("- **Recurring Risks:** see [the form](http://example.org) <b>now</b> _x_")
    assert got.startswith("\\- **Recurring Risks:** see \\[the form\\]")
    assert "\\<b\\>now\\</b\\>" in got and "\\_x\\_" in got
    assert policy_markdown("**[link](http://e)**") == "**\\[link\\](http://e)**"


# -- in the exports and the app -----------------------------------------------------------------

from helpers.samples import bold_quote_summary, sample_summary  # noqa: E402


def test_markdown_export_keeps_policy_bold_and_escapes_the_rest(settings):
    from assistant.casework.export import render

    text = render(bold_quote_summary(sample_summary(settings)), "md").decode()
    assert "> “\\- **Recurring Risks:** If the concerns mirror" in text
    assert "\\<b\\>\\[x\\](http://e)\\</b\\>" in text


def test_docx_export_sets_policy_bold_as_bold_runs(settings, tmp_path):
    from io import BytesIO

    from docx import Document

    from assistant.casework.export import render

    doc = Document(BytesIO(render(bold_quote_summary(sample_summary(settings)), "docx")))
    quote = next(p for p in doc.paragraphs if "Recurring Risks:" in p.text)
    assert "**" not in quote.text and "<b>[x](http://e)</b>" in quote.text
    assert [r.text for r in quote.runs if r.bold] == ["Recurring Risks:"]
    assert quote.style.name == "Quote"


def test_pdf_export_prints_policy_bold_in_bold_italics(settings, tmp_path):
    from pypdf import PdfReader

    from assistant.casework.export import render

    def read(summary, name):
        path = tmp_path / name
        path.write_bytes(render(summary, "pdf"))
        reader = PdfReader(path)
        fonts = {str(f["/BaseFont"]).split("+")[-1] for page in reader.pages
                 for f in page["/Resources"]["/Font"].values()}
        return " ".join(page.extract_text() for page in reader.pages), fonts

    text, fonts = read(bold_quote_summary(sample_summary(settings)), "bold.pdf")
    assert "Recurring Risks:" in text and "**Recurring" not in text and "<b>[x](http://e)</b>" in text
    assert "SourceSansPro-BoldIt" in fonts  # bold inside the italic quote
    _, plain_fonts = read(sample_summary(settings), "plain.pdf")
    assert "SourceSansPro-BoldIt" not in plain_fonts
