"""Small pure helpers of the app's shared widgets."""

from assistant.ui.common import place

TITLE = "Policy to reduce the number of children subject to CP Plans for longer than 2 years"


def test_place_names_title_section_and_file():
    assert place("Stepping down", "Role of the Service Manager", "step-down.md") == \
        "Stepping down › Role of the Service Manager (step-down.md)"


def test_place_gives_the_title_once_when_the_section_is_the_title_heading():
    assert place(TITLE, TITLE + ".", "long.md") == f"{TITLE} (long.md)"  # the heading ends with a full stop
    assert place(TITLE, "", "long.md") == f"{TITLE} (long.md)"
    assert place(TITLE, f"{TITLE}. › At 9 months", "long.md") == f"{TITLE} › {TITLE}. › At 9 months (long.md)"
