"""Code lists of the market profile: Helsinki-region municipalities, the Finnish education
classification (Kansallinen koulutusluokitus 2016), languages, CEFR levels, driving-licence
classes, working time and remote work. Labels are translatable; codes are what is stored.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kohtaanto.matching.market import LANGUAGES, LEVELS, LICENCES

# The 14 municipalities of the Helsinki sub-region (seutukunta 011): code, fi, sv, postal
# codes used for the demo postings.
HELSINKI_REGION = 11
MUNICIPALITIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "091": (
        "Helsinki",
        "Helsingfors",
        (
            "00100",
            "00180",
            "00500",
            "00510",
            "00520",
            "00530",
            "00700",
            "00930",
            "00980",
            "00380",
            "00210",
            "00560",
        ),
    ),
    "049": ("Espoo", "Esbo", ("02100", "02150", "02600", "02230", "02770", "02200")),
    "092": ("Vantaa", "Vanda", ("01300", "01510", "01600", "01350", "01730")),
    "235": ("Kauniainen", "Grankulla", ("02700",)),
    "106": ("Hyvinkää", "Hyvinge", ("05800", "05830")),
    "186": ("Järvenpää", "Träskända", ("04400", "04430")),
    "245": ("Kerava", "Kervo", ("04200", "04250")),
    "257": ("Kirkkonummi", "Kyrkslätt", ("02400", "02440")),
    "505": ("Mäntsälä", "Mäntsälä", ("04600",)),
    "543": ("Nurmijärvi", "Nurmijärvi", ("01900", "05100")),
    "611": ("Pornainen", "Borgnäs", ("07170",)),
    "753": ("Sipoo", "Sibbo", ("04130", "01150")),
    "858": ("Tuusula", "Tusby", ("04300", "04310")),
    "927": ("Vihti", "Vichtis", ("03100", "03600")),
}


def municipality_name(code: str, lang: str = "fi") -> str:
    names = MUNICIPALITIES.get(code)
    if names is None:
        return code
    return names[1] if lang == "sv" else names[0]


def region_of(code: str) -> int | None:
    return HELSINKI_REGION if code in MUNICIPALITIES else None


# Koulutusaste 2016, level 1 (the ISCED 2011 levels).
EDUCATION_LEVELS = {
    "0": _("early childhood and pre-primary education"),
    "1": _("primary education"),
    "2": _("lower secondary education (basic education)"),
    "3": _("upper secondary education (vocational or general)"),
    "4": _("post-secondary non-tertiary (specialist vocational)"),
    "5": _("short-cycle tertiary"),
    "6": _("bachelor's or equivalent (incl. polytechnic degrees)"),
    "7": _("master's or equivalent"),
    "8": _("doctoral or equivalent"),
    "9": _("level unknown"),
}

# Koulutusala 2016, level 1 (ISCED-F 2013 broad fields).
EDUCATION_FIELDS = {
    "00": _("generic programmes"),
    "01": _("education"),
    "02": _("arts and humanities"),
    "03": _("social sciences, journalism and information"),
    "04": _("business, administration and law"),
    "05": _("natural sciences, mathematics and statistics"),
    "06": _("information and communication technologies"),
    "07": _("engineering, manufacturing and construction"),
    "08": _("agriculture, forestry, fisheries and veterinary"),
    "09": _("health and welfare"),
    "10": _("services"),
    "99": _("field unknown"),
}

LANGUAGE_NAMES = {
    "fi": _("Finnish"),
    "sv": _("Swedish"),
    "en": _("English"),
    "ru": _("Russian"),
    "et": _("Estonian"),
    "ar": _("Arabic"),
    "so": _("Somali"),
    "fa": _("Persian"),
    "de": _("German"),
    "fr": _("French"),
    "es": _("Spanish"),
    "zh": _("Chinese"),
}
assert tuple(LANGUAGE_NAMES) == LANGUAGES

LEVEL_NAMES = {
    "A1": _("A1 beginner"),
    "A2": _("A2 elementary"),
    "B1": _("B1 intermediate"),
    "B2": _("B2 upper intermediate"),
    "C1": _("C1 advanced"),
    "C2": _("C2 proficient"),
    "native": _("native language"),
}
assert tuple(LEVEL_NAMES) == tuple(LEVELS)

WORKING_TIME_NAMES = {"full_time": _("full-time"), "part_time": _("part-time"), "shift": _("shift work")}
REMOTE_NAMES = {"onsite": _("on site"), "hybrid": _("partly remote"), "remote": _("remote")}
REMOTE_PREF_NAMES = {
    "no": _("I want to work on site"),
    "accept": _("remote work suits me too"),
    "only": _("I want remote work only"),
}
LICENCE_CLASSES = LICENCES

FACTOR_NAMES = {
    "occupation": _("occupation fit"),
    "skills": _("essential skills covered"),
    "location": _("location"),
    "language": _("language"),
    "working_time": _("working time"),
    "level": _("education level"),
}
