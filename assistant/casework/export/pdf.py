"""The checklist summary as an A4 PDF, for printing and for conference papers.

Same content, order and wording as the Markdown export, laid out with reportlab platypus. Page
one holds the decision: the case, the readiness line, the recommendation, every manager's decision
and the dates; the detail starts on a new page. The layout:
headings, tables for the header facts, deadlines and policy documents (header rows repeat and
rows split across pages), policy quotes indented in italics (words the policy marks ``**bold**``
in bold italics), "Page N" in every footer. The output
is reproducible (``invariant=1``): the same summary gives the same bytes.

The text is set in Source Sans Pro (Adobe, SIL Open Font License), from the pinned
``font-source-sans-pro`` package, so curly quotes, dashes, ellipses, arrows, '£', '€' and the
letters of the Latin alphabets of Europe ('Ł', 'ș', 'ź', 'ő', 'ğ'...) print as real glyphs, and
Cyrillic and Greek too in upright text (all that users type is upright; the italics, used only for
policy quotes and the disclaimer, lack those two scripts). The fonts have no glyph for other
characters (for example emoji, Chinese or Arabic script), and reportlab would print an empty box.
So, in the PDF only, such a character is replaced by its base letter when Unicode decomposes it
into letters the fonts have ('ḿ' -> 'm'), combining marks and invisible format characters are
dropped, and anything else becomes '?'. The DOCX, Markdown and JSON exports keep every character
exactly as typed. Control characters are dropped, line breaks
in notes are kept, and all text is XML-escaped before it reaches a Paragraph, so a note that
contains '<b>' or '&' prints literally.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib.resources import as_file, files
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from assistant.casework.checklist import NO_DECISIONS, NO_RECOMMENDATION, ChecklistSummary, SummaryItem
from assistant.casework.emphasis import spans
from assistant.casework.export.common import (
    DATES,
    DEADLINE_NOTES,
    DECISIONS,
    PATHWAY_QUOTED,
    POLICY_CHANGED,
    RECOMMENDATION,
    deadline_heading,
    decision_facts,
    decision_heading,
    format_moment,
    overdue_label,
    place,
    recorded_by,
)

AUTHOR = "CP Pathways Assistant"
FONT_PACKAGE = "font_source_sans_pro"
FONTS = {"CPSans": "SourceSansPro-Regular.ttf", "CPSans-Bold": "SourceSansPro-Bold.ttf",
         "CPSans-Italic": "SourceSansPro-It.ttf", "CPSans-BoldItalic": "SourceSansPro-BoldIt.ttf"}
REGULAR, BOLD, ITALIC, BOLD_ITALIC = FONTS
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN


@lru_cache(maxsize=1)
def font_coverage() -> tuple[frozenset[int], frozenset[int]]:
    """Register the font family once. Returns the code points both upright faces (regular, bold)
    have a real glyph for, and those both italic faces have: the italics lack Cyrillic and Greek."""
    coverage: dict[str, set[int]] = {}
    for name, filename in FONTS.items():
        with as_file(files(FONT_PACKAGE) / "files" / filename) as path:
            font = TTFont(name, str(path))  # reads the whole file: nothing is kept open
        pdfmetrics.registerFont(font)
        # Some code points map to glyph 0 (.notdef, the empty box): those are not covered.
        coverage[name] = {code for code, glyph in font.face.charToGlyph.items() if glyph}
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    return (frozenset(coverage[REGULAR] & coverage[BOLD]), frozenset(coverage[ITALIC] & coverage[BOLD_ITALIC]))


@lru_cache(maxsize=8192)
def _printable_char(char: str, italic: bool) -> str:
    """What the PDF prints for one character: itself, its decomposed base letters, nothing, or '?'."""
    covered = font_coverage()[italic]
    if char == "\n" or ord(char) in covered:
        return char
    if char == "\t":
        return " "
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Mn", "Me"):
        return ""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if base and all(ord(c) in covered for c in base) else "?"


def printable(text: str, italic: bool = False) -> str:
    """Text reduced to what the fonts can print, line breaks as '\\n' (see the module docstring);
    ``italic`` for text set in the italic faces."""
    return "".join(_printable_char(c, italic) for c in "\n".join(text.splitlines()))


def markup(text: str, italic: bool = False) -> str:
    """Plain text as Paragraph markup that prints literally, line breaks kept."""
    return escape(printable(text, italic)).replace("\n", "<br/>")


ITALIC_STYLES = {"disclaimer", "quote"}


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=13.5, spaceAfter=3)
    heading = ParagraphStyle("heading", body, fontName=BOLD, keepWithNext=1)
    return {
        "body": body,
        "title": ParagraphStyle("title", heading, fontSize=17, leading=21, spaceAfter=8),
        "h1": ParagraphStyle("h1", heading, fontSize=13.5, leading=17, spaceBefore=10, spaceAfter=5),
        "h2": ParagraphStyle("h2", heading, fontSize=11.5, leading=14.5, spaceBefore=8, spaceAfter=4),
        "h3": ParagraphStyle("h3", heading, fontSize=10, leading=13, spaceBefore=6, spaceAfter=3),
        "disclaimer": ParagraphStyle("disclaimer", body, fontName=ITALIC, backColor=colors.HexColor("#EEEEEE"),
                                     borderPadding=5, spaceBefore=4, spaceAfter=12),
        "bullet": ParagraphStyle("bullet", body, leftIndent=12, bulletIndent=2, bulletFontName=REGULAR),
        "bullet2": ParagraphStyle("bullet2", body, leftIndent=24, bulletIndent=14, bulletFontName=REGULAR),
        "note": ParagraphStyle("note", body, leftIndent=14),
        "quote": ParagraphStyle("quote", body, fontName=ITALIC, leftIndent=14, spaceAfter=1,
                                textColor=colors.HexColor("#333333")),
        "source": ParagraphStyle("source", body, fontSize=8, leading=10, leftIndent=14, spaceAfter=5,
                                 textColor=colors.HexColor("#555555")),
        "cell": ParagraphStyle("cell", body, fontSize=9.5, leading=12, spaceAfter=0),
        "hash": ParagraphStyle("hash", body, fontSize=7, leading=10.5, spaceAfter=0),
    }


def _table(cells: list[list[str | Paragraph]], widths: list[float], style: ParagraphStyle, header: bool) -> Table:
    """A grid of wrapping Paragraph cells; a header row is bold, shaded and repeated on each page."""
    def cell(value: str | Paragraph, bold: bool) -> Paragraph:
        if isinstance(value, Paragraph):
            return value
        return Paragraph(f"<b>{markup(value)}</b>" if bold else markup(value), style)

    rows = [[cell(value, header and n == 0) for value in row] for n, row in enumerate(cells)]
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=36, hAlign="LEFT")
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), REGULAR, style.fontSize)]  # else the cells set an unused Helvetica
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E4E4E4")))
    table.setStyle(TableStyle(commands))
    return table


class _Story(list):
    """The flowables of the document, with shorthands for the paragraphs it is made of."""

    def __init__(self) -> None:
        super().__init__()
        self.styles = _styles()

    def para(self, style: str, text: str, bullet: str | None = None) -> None:
        self.append(Paragraph(markup(text, style in ITALIC_STYLES), self.styles[style], bulletText=bullet))

    def field(self, label: str, value: str = "", bold: bool = False) -> None:
        shown = f"<b>{markup(value)}</b>" if bold else markup(value)
        self.append(Paragraph(f"<b>{escape(label)}</b> {shown}".rstrip(), self.styles["body"]))

    def table(self, cells: list[list[str | Paragraph]], widths: list[float], header: bool = True) -> None:
        self.append(_table(cells, widths, self.styles["cell"], header))
        self.append(Spacer(0, 4))


def _hash(digest: str, style: ParagraphStyle) -> Paragraph:
    """A SHA-256 on two lines of 32 hex digits, which fit its column."""
    return Paragraph(f"{markup(digest[:32])}<br/>{markup(digest[32:])}", style)


def _item(story: _Story, number: int, item: SummaryItem) -> None:
    story.para("h3", f"{number}. {item.text}")
    story.field("Status:", item.status_label + ("" if item.required else " (optional)"), bold=True)
    story.field("Responsible:", item.role_label)
    for label, text in (("Evidence note:", item.note), ("Not applicable because:", item.reason),
                        *((f"{c.label}:", c.text) for c in item.comments)):
        if text and text.strip():
            story.field(label)
            story.para("note", text.strip())
    story.field("Policy:")
    for citation in item.citations:
        if citation.policy_changed:
            story.field(POLICY_CHANGED, citation.policy_changed)
            story.field(PATHWAY_QUOTED, f"“{' '.join(citation.quote.split())}”")
            continue
        story.append(Paragraph("".join(f"<b>{markup(piece, True)}</b>" if bold else markup(piece, True)
                                       for piece, bold in spans(f"“{citation.quote}”")), story.styles["quote"]))
        story.para("source", place(citation.title, citation.section, citation.source))


def _decision(story: _Story, s: ChecklistSummary) -> None:
    """Page one: the recommendation, every manager's decision, the dates."""
    story.para("h1", RECOMMENDATION)
    r = s.recommendation
    if r is None:
        story.para("body", NO_RECOMMENDATION)
    else:
        story.append(Paragraph(f"<b>{markup(r.label)}</b>", story.styles["body"]))
        story.field("Recorded by:", recorded_by(r))
        if r.rationale.strip():
            story.field("Rationale:")
            story.para("note", r.rationale.strip())

    story.para("h1", DECISIONS)
    if not s.reviews:
        story.para("body", NO_DECISIONS)
    for review in s.reviews:
        story.para("h2", decision_heading(review))
        for line in decision_facts(review):
            story.para("body", line)
        if review.rationale.strip():
            story.field("Rationale:")
            story.para("note", review.rationale.strip())

    story.para("h1", DATES)
    for d in s.key_dates or [None]:  # type: ignore[list-item]  # None stands for "no dates"
        story.para("bullet", f"{d.label}: {d.due_for_people}" if d else "No key dates entered.", bullet="•")
    if s.deadlines:
        story.table([["Due", "What", "Status"]]
                    + [[d.due_for_people, d.label, overdue_label(d.overdue)] for d in s.deadlines],
                    [36 * mm, WIDTH - 58 * mm, 22 * mm])
    if s.timeline_note:
        story.para("body", s.timeline_note)


def _story(s: ChecklistSummary) -> _Story:
    story = _Story()
    story.para("title", f"Checklist summary: {s.pathway_title}")
    story.para("disclaimer", s.disclaimer)
    story.table([["Case reference", s.case_reference], ["Practitioner role", s.role_label],
                 ["Generated", format_moment(s.generated_at)]], [38 * mm, WIDTH - 38 * mm], header=False)
    story.field("Readiness:", s.readiness)
    _decision(story, s)
    story.append(PageBreak())

    if any(d.notes for d in s.deadlines):
        story.para("h1", DEADLINE_NOTES)
        for d in s.deadlines:
            if d.notes:
                story.append(Paragraph(f"<b>{markup(deadline_heading(d))}</b>", story.styles["bullet"],
                                       bulletText="•"))
                for note in d.notes:
                    story.para("bullet2", note, bullet="–")

    if s.decisions:
        story.para("h1", "Decisions on the route")
        for decision in s.decisions:
            answer = markup(decision.answer or "Not answered yet")
            story.append(Paragraph(f"{markup(decision.question)} <b>{answer}</b>", story.styles["bullet"],
                                   bulletText="•"))

    story.para("h1", f"Open gaps ({len(s.open_gaps)})")
    for item in s.gap_items():
        story.para("bullet", f"{item.text} ({item.role_label}; {item.status_label.lower()})", bullet="•")
    if not s.open_gaps:
        story.para("bullet", "None: every required item is evidenced or marked not applicable.", bullet="•")

    story.para("h1", "Checklist")
    step = None
    for number, item in enumerate(s.items, start=1):
        if item.step != step:
            step = item.step
            story.para("h2", step)
        _item(story, number, item)

    story.para("h1", "Policy documents")
    story.table([["Document", "Version", "File", "SHA-256"]]
                + [[d.title, d.version or "not stated", d.source, _hash(d.sha256, story.styles["hash"])]
                   for d in s.policy_documents],
                [WIDTH - 130 * mm, 20 * mm, 54 * mm, 56 * mm])
    return story


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 8)
    canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"Page {doc.page}")
    canvas.restoreState()


def render(summary: ChecklistSummary) -> bytes:
    """The whole summary as the bytes of an A4 PDF."""
    font_coverage()
    out = BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=printable(f"Checklist summary: {summary.pathway_title}"), author=AUTHOR, creator=AUTHOR,
        initialFontName=REGULAR, invariant=1,
    )
    doc.build(_story(summary), onFirstPage=_footer, onLaterPages=_footer)
    return out.getvalue()
