"""read_document: each supported type to title, front matter and heading-path sections;
unreadable files raise UnreadableFile with a reason for the person who put them there."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.support import KNOWLEDGE, STEP_DOWN, make_docx, make_pdf

from assistant.errors import UnreadableFile
from assistant.search.readers import ParsedDocument, Section, read_document


def read(name: str, data: bytes | str) -> ParsedDocument:
    return read_document(Path(name), data.encode("utf-8") if isinstance(data, str) else data)


def section_map(doc: ParsedDocument) -> dict[tuple[str, ...], str]:
    return {s.headings: s.text for s in doc.sections}


# -- Markdown ----------------------------------------------------------------------------------

MARKDOWN = """---
title: Strategy discussions
version: "2.1"
issuing_authority: Example Council
---

# Strategy discussions

Opening paragraph before any sub-heading.

## Who attends

The social worker, the police and health attend.

### Chairing

The team manager chairs the discussion.

## Timescales

A strategy discussion is held within 24 hours.
"""


def test_markdown_front_matter_becomes_meta_and_title():
    doc = read("strategy.md", MARKDOWN)
    assert doc.title == "Strategy discussions"
    assert doc.meta == {"title": "Strategy discussions", "version": "2.1", "issuing_authority": "Example Council"}
    assert all("issuing_authority" not in s.text and "---" not in s.text for s in doc.sections)


def test_markdown_headings_become_heading_paths():
    sections = section_map(read("strategy.md", MARKDOWN))
    assert sections == {
        ("Strategy discussions",): "Opening paragraph before any sub-heading.",
        ("Strategy discussions", "Who attends"): "The social worker, the police and health attend.",
        ("Strategy discussions", "Who attends", "Chairing"): "The team manager chairs the discussion.",
        ("Strategy discussions", "Timescales"): "A strategy discussion is held within 24 hours.",
    }


def test_markdown_title_falls_back_to_first_h1_then_file_name():
    assert read("a.md", "Intro text.\n\n# The Real Title\n\nBody.\n").title == "The Real Title"
    assert read("no-heading-here.md", "Just a paragraph of policy.\n").title == "no-heading-here"


def test_markdown_hash_lines_inside_code_fences_are_not_headings():
    doc = read("fence.md", "# Title\n\n```\n# not a heading\n```\n\nAfter.\n")
    assert [s.headings for s in doc.sections] == [("Title",)]
    assert "# not a heading" in doc.sections[0].text


def test_markdown_invalid_front_matter_is_unreadable():
    with pytest.raises(UnreadableFile, match="front matter is not valid YAML"):
        read("bad.md", "---\ntitle: [unclosed\n---\n\n# T\n\nBody\n")
    with pytest.raises(UnreadableFile, match="front matter is not a YAML mapping"):
        read("list.md", "---\n- a\n- b\n---\n\n# T\n\nBody\n")


def test_real_step_down_file_heading_path():
    path = KNOWLEDGE / STEP_DOWN
    doc = read_document(path, path.read_bytes())
    assert doc.title.startswith("Stepping down a Child Protection Plan at first review (3 months)")
    assert doc.meta["original_file"] == "004_44f527bdc64d6fe9.txt"
    sections = section_map(doc)
    key = (doc.title, "Stepping down at first review conference (3 months)", "Role of the Service Manager")
    assert key in sections
    assert sections[key].startswith("The Service Manager is responsible for recording the discussion")
    assert "Liquid Logic at least 48 hours prior to the meeting" in sections[key]


# -- plain text --------------------------------------------------------------------------------


def test_text_file_is_one_section_titled_by_its_first_line():
    doc = read("notes.txt", "\n\nCore group guidance\r\n\r\nCore groups meet within 10 working days.\r\n")
    assert doc.title == "Core group guidance"
    assert doc.sections == [Section((), "Core group guidance\n\nCore groups meet within 10 working days.")]


def test_text_file_with_utf8_bom_and_non_ascii():
    doc = read("bom.txt", "\ufeffFamily’s wishes — recorded.\n".encode("utf-8"))
    assert doc.sections[0].text == "Family’s wishes — recorded."


# -- PDF ---------------------------------------------------------------------------------------


def test_pdf_text_layer_and_metadata_title():
    data = make_pdf(["Pre-birth planning (policy)", "A pre-birth assessment starts by 20 weeks of pregnancy."],
                    title="Pre-birth planning")
    doc = read("prebirth.pdf", data)
    assert doc.title == "Pre-birth planning"
    assert len(doc.sections) == 1
    text = doc.sections[0].text
    assert "Pre-birth planning (policy)" in text
    assert "A pre-birth assessment starts by 20 weeks of pregnancy." in text


def test_pdf_without_metadata_title_uses_first_line():
    doc = read("x.pdf", make_pdf(["Supervision of cases", "Supervision happens monthly."]))
    assert doc.title == "Supervision of cases"


def test_encrypted_pdf_is_unreadable():
    with pytest.raises(UnreadableFile, match=r"the PDF is encrypted \(password-protected\)"):
        read("locked.pdf", make_pdf(["Confidential text"], user_password="s3cret"))


def test_pdf_encrypted_with_empty_user_password_is_read():
    doc = read("owner-only.pdf", make_pdf(["Openable text here"], user_password=""))
    assert "Openable text here" in doc.sections[0].text


def test_malformed_pdf_is_unreadable():
    with pytest.raises(UnreadableFile, match="it is not a readable PDF"):
        read("broken.pdf", b"%PDF-1.7\nthis is not really a pdf \x00\x01\x02" * 20)
    with pytest.raises(UnreadableFile, match="not a readable PDF|could not be parsed as .pdf"):
        read("garbage.pdf", bytes(range(1, 256)) * 40)


def test_pdf_without_text_layer_is_unreadable():
    with pytest.raises(UnreadableFile, match="no text layer"):
        read("scan.pdf", make_pdf([]))


# -- DOCX ----------------------------------------------------------------------------------------


def test_docx_heading_styles_become_heading_paths():
    data = make_docx([
        ("h1", "Core groups"),
        ("p", "Core groups develop the child protection plan."),
        ("h2", "Membership"),
        ("p", "The social worker and the family are members."),
        ("li", "Parents are invited."),
        ("h2", "Frequency"),
        ("p", "They meet every six weeks."),
    ])
    doc = read("core.docx", data)
    assert doc.title == "Core groups"
    sections = section_map(doc)
    assert sections[("Core groups",)] == "Core groups develop the child protection plan."
    assert "The social worker and the family are members." in sections[("Core groups", "Membership")]
    assert "Parents are invited." in sections[("Core groups", "Membership")]
    assert sections[("Core groups", "Frequency")] == "They meet every six weeks."


def test_docx_core_properties_title_wins():
    doc = read("t.docx", make_docx([("h1", "Heading text"), ("p", "Body.")], core_title="Official title"))
    assert doc.title == "Official title"


def test_docx_table_stays_under_its_own_heading():
    data = make_docx([
        ("h1", "Thresholds"),
        ("table", [["Level", "Response"], ["4", "Child protection"]]),
        ("h1", "Escalation"),
        ("p", "Escalate disagreements to the service manager."),
    ])
    sections = read("tables.docx", data).sections
    table = next(s for s in sections if "Child protection" in s.text)
    assert table.headings == ("Thresholds",)
    assert table.text == "Level | Response\n4 | Child protection"
    assert [s.headings for s in sections] == [("Thresholds",), ("Escalation",)]


def test_docx_that_is_not_a_zip_is_unreadable():
    with pytest.raises(UnreadableFile, match=r"not a valid \.docx \(not a zip package"):
        read("old.docx", b"\xd0\xcf\x11\xe0 this is an old binary .doc or plain text")


def test_docx_zip_bomb_is_refused_before_unpacking(zip_bomb_docx):
    data = zip_bomb_docx.read_bytes()
    assert len(data) < 2 * 1024 * 1024  # small on disk ...
    with pytest.raises(UnreadableFile, match=r"expand to 300 MB when unpacked, more than the 200 MB allowed"):
        read_document(zip_bomb_docx, data)  # ... but refused for what it declares


def test_docx_zip_that_is_not_a_word_document_is_unreadable(tmp_path):
    import zipfile

    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    with pytest.raises(UnreadableFile, match=r"could not be parsed as \.docx"):
        read_document(path, path.read_bytes())


# -- HTML ------------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><title>Supervision policy</title>
<style>body { color: red } .secret-style {}</style>
<script>var secretScript = "do not index";</script>
</head>
<body>
<h1>Supervision</h1>
<p>Supervision is <b>monthly</b> for every social worker.</p>
<h2>Recording</h2>
<p>Decisions are recorded on the child&rsquo;s file.</p>
<ul><li>Actions have owners.</li><li>Actions have dates.</li></ul>
<script>trackVisitor("secretTracker");</script>
<h2>Escalation</h2>
<div>Disagreements go to the <em>team manager</em> first.</div>
<noscript>enable javascript please</noscript>
</body></html>
"""


def test_html_headings_become_heading_paths():
    doc = read("supervision.html", HTML)
    assert doc.title == "Supervision policy"
    sections = section_map(doc)
    assert sections[("Supervision",)] == "Supervision is monthly for every social worker."
    assert sections[("Supervision", "Recording")] == (
        "Decisions are recorded on the child’s file.\n\n- Actions have owners.\n\n- Actions have dates."
    )


def test_html_script_and_style_content_never_appears():
    doc = read("supervision.htm", HTML)
    text = "\n".join(s.text for s in doc.sections) + doc.title
    for leaked in ("secretScript", "secretTracker", "secret-style", "color: red", "enable javascript"):
        assert leaked not in text


def test_html_text_outside_paragraph_tags_is_kept():
    sections = section_map(read("supervision.html", HTML))
    assert sections[("Supervision", "Escalation")] == "Disagreements go to the team manager first."


def test_html_title_falls_back_to_first_heading():
    assert read("x.html", "<html><body><h2>Core groups</h2><p>Text.</p></body></html>").title == "Core groups"


# -- files that cannot be read ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.md", b"", "the file is empty"),
        ("blank.txt", b" \n\t\r\n ", "the file is empty"),
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks like a binary file"),
        ("latin1.txt", "Café policy: the child’s naïve view".encode("latin-1", "replace"), "not UTF-8 text"),
        ("notes.rtf", b"{\\rtf1 text}", r"'\.rtf' files are not supported"),
        ("headings-only.md", b"# Title\n\n## Sub\n", "contains no readable text"),
        ("empty.html", b"<html><head><title>x</title><script>a()</script></head><body> </body></html>",
         "contains no readable text"),
    ],
)
def test_unreadable_files_raise_with_a_reason(name, data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        read(name, data)


def test_latin1_error_gives_the_byte_position():
    data = "Policy for caf\u00e9 staff".encode("latin-1")
    with pytest.raises(UnreadableFile, match=f"invalid byte at position {data.index(0xE9)}"):
        read("latin1.txt", data)


def test_front_matter_values_are_kept_as_written():
    from assistant.search.readers import split_front_matter

    meta, body = split_front_matter('---\ntitle: "Policy"\nversion: 2.10\nissuing_authority: null\n---\n# Policy\n')
    assert meta == {"title": "Policy", "version": "2.10", "issuing_authority": None}
    assert body == "# Policy\n"
