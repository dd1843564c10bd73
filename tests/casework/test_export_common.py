"""Wording shared by the app and every export format."""

from assistant.casework.export.common import place

TITLE = "Policy to reduce the number of children subject to CP Plans for longer than 2 years"


def test_place_names_title_section_and_file():
    assert place("Stepping down", "Role of the Service Manager", "step-down.md") == \
        "Stepping down › Role of the Service Manager (step-down.md)"


def test_place_gives_the_title_once_when_the_section_is_the_title_heading():
    assert place(TITLE, TITLE + ".", "long.md") == f"{TITLE} (long.md)"  # the heading ends with a full stop
    assert place(TITLE, "", "long.md") == f"{TITLE} (long.md)"
    assert place(TITLE, f"{TITLE}. › At 9 months", "long.md") == f"{TITLE} › {TITLE}. › At 9 months (long.md)"


def test_every_format_names_a_title_heading_once(settings):
    from io import BytesIO

    from docx import Document
    from helpers.samples import sample_summary

    from assistant.casework.export import render

    summary = sample_summary(settings)
    item = summary.items[0]
    cited = item.citations[0].model_copy(update={"title": TITLE, "section": TITLE + ".", "source": "long.md"})
    summary = summary.model_copy(update={"items": [item.model_copy(update={"citations": [cited]}),
                                                   *summary.items[1:]]})
    markdown = render(summary, "md").decode()
    assert f"> {TITLE} (long.md)" in markdown and f"{TITLE} › " not in markdown
    docx_text = "\n".join(p.text for p in Document(BytesIO(render(summary, "docx"))).paragraphs)
    assert f"{TITLE} (long.md)" in docx_text and f"{TITLE} › " not in docx_text
