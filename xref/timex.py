"""Normalise time expressions to closed date intervals anchored on the publication date.

Articles written years apart disagree because the world changed, so "last month" in a 2018
article and "last month" in a 2019 article are different months. Every DATE/TIME entity spaCy
finds is turned into ``(begin, end, granularity)`` against the article's publication date;
then the judge can tell an update (later interval, different value) from a contradiction.

Cheap regular-expression rules run first and cover the phrasings news uses most ("late 2019",
"this week", "earlier this year", "Q3 2024", "the late 1990s", weekdays, months, seasons,
"two years ago"); dateparser handles the rest, chiefly full dates in their many spellings
("Dec. 3, 2020", "3 December 2020", "2020-12-03"). ``dateparser.search`` is never used: it
misreads "Dec" and other short words inside running text.

Documented choices (a caller could reasonably expect otherwise):

* Lists ("in 2013 and 2017", "Monday or Tuesday") return None. A covering interval would claim
  the years in between, and the first item alone would silently drop the rest; the caller still
  has the text. Ranges ("between 2013 and 2017", "2013-2017", "from June to August 2019") are
  single periods and return their covering interval.
* Vague expressions ("a few years ago", "recently", "years ago", "the following year") return
  None: there is no interval to compare.
* Undated months look back, as news mostly does: "in October" in a November article is the October
  just gone (the current month counts). An undated day of a month looks back too, unless it falls within
  60 days after publication: "July 21" in a July 15 article is six days ahead ("expected to be
  contained by July 21"), "August 9" in a February 20 article the one just gone. A bare weekday
  ("Tuesday", "on Tuesday") is the most recent such day on or before publication; "last Tuesday"
  and "last October" are strictly before it; "next ..." strictly after; "this ..." the nearest one.
* Weeks run Monday..Sunday. "last year" is the previous calendar year, while "the past year"
  is the rolling window ``[published - 1 year, published]`` (likewise week, month, decade and
  "the past two years").
* "earlier this year" is Jan 1..published and "later this year" published..Dec 31, with
  granularity "part-of-year" like "early 2019"; the same for month and week keep their unit.
* Parts of a year: early = Jan-Apr, mid = May-Aug, late = Sep-Dec, end of = Oct-Dec,
  beginning of = Jan-Mar, first/second half = Jan-Jun/Jul-Dec. Parts of a month ("late
  December"): days 1-10, 11-20, 21-end, granularity "month". Parts of a decade: early = years
  0-3, mid = 4-6, late = 7-9.
* Seasons are meteorological: spring Mar-May, summer Jun-Aug, fall Sep-Nov, and "winter 2020"
  is Dec 2019-Feb 2020 (the convention climate records use).
* A weekend has granularity "week". A clock time without a day ("3 p.m.") returns None; with a
  day ("Tuesday at 3 p.m.") the day is kept.
* Without a publication date, relative expressions return None and absolute ones still work;
  for dateparser's share this is decided by parsing against two different bases and keeping
  only answers that do not move.
* Durations: a year is 365.25 days and a month 1/12 of it. Hedges are reduced to "about",
  "nearly", "at least", "more than", "up to", "as much as", "less than" or "".
  Vague durations ("several years", "decades") are durations with no length.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

__all__ = ["duration_seconds", "is_duration", "normalise_time", "time_bound"]

Interval = tuple[date, date, str]

DAY = 86400.0
YEAR_SECONDS = 365.25 * DAY
UNIT_SECONDS = {
    "second": 1.0,
    "minute": 60.0,
    "hour": 3600.0,
    "day": DAY,
    "week": 7 * DAY,
    "fortnight": 14 * DAY,
    "month": YEAR_SECONDS / 12,
    "quarter": YEAR_SECONDS / 4,
    "year": YEAR_SECONDS,
    "decade": 10 * YEAR_SECONDS,
    "century": 100 * YEAR_SECONDS,
}
UNIT_ALIASES = {"sec": "second", "min": "minute", "hr": "hour", "yr": "year", "centurie": "century"}

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "final": 4}
YEAR_PARTS = {
    "early": (1, 4), "mid": (5, 8), "middle of": (5, 8), "late": (9, 12), "end of": (10, 12),
    "beginning of": (1, 3), "start of": (1, 3), "first half of": (1, 6), "second half of": (7, 12),
    "latter half of": (7, 12),
}
MONTH_PARTS = {"early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "mid": (11, 20),
               "middle of": (11, 20), "late": (21, 31), "end of": (21, 31)}
DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
ROLLING_GRANULARITY = {"century": "decade", "fortnight": "week"}
GRANULARITY_RANK = ["day", "week", "month", "quarter", "season", "part-of-year", "year", "decade"]
# The longest a time of each grain lasts: a time longer than its grain is a period ("from 2020 to 2024").
GRANULARITY_DAYS = {"day": 1, "week": 7, "month": 31, "quarter": 92, "season": 92, "part-of-year": 184, "year": 366,
                    "decade": 3653, "century": 36525}

HEDGES = {
    "about": "about", "around": "about", "roughly": "about", "approximately": "about", "some": "about",
    "an estimated": "about", "circa": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "not quite": "nearly",
    "at least": "at least", "no less than": "at least", "a minimum of": "at least",
    "more than": "more than", "over": "more than", "just over": "more than", "upwards of": "more than",
    "in excess of": "more than", "longer than": "more than",
    "up to": "up to", "at most": "up to", "no more than": "up to",
    "as much as": "as much as", "as many as": "as much as", "as long as": "as much as",
    "less than": "less than", "under": "less than", "fewer than": "less than", "shorter than": "less than",
}
_UNITS_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                "nineteen")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS = {word: value for value, word in enumerate(_UNITS_WORDS)}
NUMBER_WORDS |= {word: 10 * tens for tens, word in enumerate(_TENS_WORDS, start=2)}
NUMBER_WORDS |= {"a": 1, "an": 1, "hundred": 100}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first so that "sept" wins over "sep" and "end of" over "end"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_ONES = _alternation([w for w, v in NUMBER_WORDS.items() if 0 < v < 10 and len(w) > 2])
_TENS = _alternation([w for w, v in NUMBER_WORDS.items() if 20 <= v < 100])
_SMALL = _alternation([w for w, v in NUMBER_WORDS.items() if v < 20 and len(w) > 2])
NUM = (
    rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|a couple(?: of)?|a dozen|half an?|(?:{_TENS})(?:[\s-](?:{_ONES}))?"
    rf"|{_SMALL}|a hundred|an?)(?:\s+and\s+a\s+half)?"
)
UNIT = (r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|quarters?"
        r"|years?|yrs?|decades?|century|centuries)")
UNIT_PLURAL = r"(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries)"
HEDGE = rf"(?:{_alternation(HEDGES)})"
AMOUNT = rf"(?P<num>{NUM})[\s-]+(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?"
MONTH = rf"(?P<month>{_alternation(MONTHS)})\.?"
YEAR = r"(?P<year>1[5-9]\d\d|2[01]\d\d)"
YEAR_REF = r"(?:the\s+)?(?P<yref>1[5-9]\d\d|2[01]\d\d|(?:this|last|next|current)\s+year|year)"
WEEKDAY = rf"(?P<weekday>{_alternation(WEEKDAYS)})"
REL = r"(?:(?P<rel>this past|this coming|past|last|this|current|next|coming)\s+)?"
REL_KIND = {None: "latest", "this past": "past", "past": "past", "last": "past", "this": "this",
            "current": "this", "next": "next", "coming": "next", "this coming": "next"}

PREFIXES = re.compile(
    r"^(?:back in|as of|as early as|as late as|as recently as|not until|no earlier than|no later than"
    r"|no sooner than|up until|until|till|'til|since|by|in|on|at|during|from|of|for|before|after|around"
    r"|about|circa|approximately|roughly|sometime in|some time in|sometime|throughout|within|through"
    r"|ahead of|prior to|starting in|beginning in|starting|just|only|even|the)\s+"
)
CLOCK = re.compile(
    r"(?:\b(?:at|around|about|by|before|after|until|from)\s+)?"
    r"(?:\b\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\b\.?|\b\d{1,2}:\d{2}(?::\d{2})?|\bnoon\b|\bmidnight\b|\bmidday\b)"
    r"(?:\s+(?:local time|[ecmp][sd]?t|gmt|utc|bst|cet|cest)\b)?"
)
DAY_PART = re.compile(r"\b(?:in the\s+)?(?:morning|afternoon|evening|night|overnight)\b")
EARLY_LATE_DAY = re.compile(
    rf"^(?:early|late)\s+(?=(?:on\s+)?(?:{WEEKDAY}|today|yesterday|tomorrow|tonight"
    r"|this (?:morning|afternoon|evening)|last night)\b)"
)
LIST = re.compile(r"\s(?:and|or|&)\s(?!a half\b)|^(?:\d{4}\s*,\s*)+\d{4}$")

RANGE_YEARS = re.compile(r"^(?P<a>1[5-9]\d\d|2[01]\d\d)\s*-\s*(?P<b>1[5-9]\d\d|2[01]\d\d|\d\d)$")
RANGE_BETWEEN = re.compile(r"^between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)$")
# A bare hyphen is a range only between month names or with spaces: "mid-2019" is not one.
RANGE_TO = re.compile(
    r"^(?P<a>.+?)(?:\s+(?:to|through|thru|until|till|-)\s+"
    rf"|(?<=[a-z.])-(?=(?:{_alternation(MONTHS)})\b))(?P<b>.+)$"
)
DAY_WORDS = {"today": 0, "now": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "day before yesterday": -2,
             "day after tomorrow": 2}
AGO = re.compile(rf"^(?:{HEDGE}\s+)?{AMOUNT}\s+(?P<dir>ago|from now|hence)$")
ROLLING = re.compile(rf"^(?P<rel>past|last|next|coming)\s+{AMOUNT}$")
REL_UNIT = re.compile(r"^(?P<rel>this past|this coming|this|current|last|past|next|coming)\s+"
                      r"(?P<unit>week|weekend|month|quarter|year|decade)$")
EARLIER_LATER = re.compile(r"^(?P<when>earlier|later)\s+this\s+(?P<unit>week|month|year)$")
PART_OF_YEAR = re.compile(rf"^(?P<part>{_alternation(YEAR_PARTS)})[\s-]+{YEAR_REF}$")
PART_OF_MONTH = re.compile(
    rf"^(?P<part>{_alternation(MONTH_PARTS)})[\s-]+(?:the\s+)?"
    rf"(?:{MONTH}(?:,?\s+(?:of\s+)?{YEAR})?|(?P<mref>this month|last month|next month|month))$"
)
DECADE = re.compile(r"^(?:(?P<part>early|mid|late)[\s-]+)?(?:the\s+)?'?(?P<decade>(?:1[5-9]|20|21)?\d0)'?s$")
QUARTER_WORDS = re.compile(rf"^(?P<ord>{_alternation(ORDINALS)})[\s-]+quarter(?:\s+(?:of\s+)?{YEAR_REF})?$")
QUARTER_Q = re.compile(rf"^q(?P<q>[1-4])(?:(?:\s+|-|\s+of\s+){YEAR})?$")
QUARTER_YQ = re.compile(rf"^{YEAR}\s*-?\s*q(?P<q>[1-4])$")
SEASON = re.compile(rf"^{REL}(?P<season>spring|summer|fall|autumn|winter)(?:,?\s+(?:of\s+)?{YEAR})?$")
PLAIN_YEAR = re.compile(rf"^(?:(?:the\s+)?(?:year|calendar)\s+)?{YEAR}(?:\s+(?:season|campaign|edition))?$")
MONTH_RULE = re.compile(rf"^{REL}{MONTH}(?:,?\s+(?:of\s+)?{YEAR})?$")
SOON_DAYS = 60  # an undated day this soon after publication is the coming one
MONTH_DAY_RULE = re.compile(rf"^{MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?$")
WEEKDAY_RULE = re.compile(rf"^{REL}{WEEKDAY}$")

FALLBACK_NEEDS = re.compile(
    rf"\b(?:{_alternation(MONTHS)}|{_alternation(WEEKDAYS)})\b|\d{{1,4}}[/.]\d{{1,2}}[/.]\d{{1,4}}"
    r"|\b\d{4}-\d{1,2}(?:-\d{1,2})?\b"
)
FALLBACK_BLOCK = re.compile(
    r"\b(?:ago|later|earlier|after|before|following|previous|prior|same|since|past|coming|next|last|this"
    r"|few|several|many|every|each|that)\b"
)
VAGUE_DURATION = re.compile(
    rf"^(?:{HEDGE}\s+)?(?:(?:a few|few|several|many|some|dozens of|hundreds of|a number of|countless"
    rf"|numerous)\s+)?{UNIT_PLURAL}$"
    rf"|^(?:{HEDGE}\s+)?{NUM}\s*(?:-|to|or)\s*{NUM}[\s-]+{UNIT}$"
    rf"|^{NUM}\s+{UNIT}\s+or\s+(?:two|so)$"
)
AMOUNT_RE = re.compile(AMOUNT)
DURATION_PARTS = re.compile(r"\s*,\s+(?:and\s+)?|\s+and\s+(?!a\s+half\b)")
# "for 25 years", "only about 15 minutes": words before a length that do not change it
DURATION_LEADS = re.compile(r"^(?:for|another|an additional|a further|the|only|just|a mere)\s+")

BOUNDS = {
    "not until": "until", "no earlier than": "until", "no sooner than": "until", "up until": "until",
    "until": "until", "till": "until", "'til": "until",
    "no later than": "by", "by": "by",
    "before": "before", "prior to": "before", "ahead of": "before",
    "after": "after",
    "ever since": "since", "since": "since",
}
BOUND_FILLERS = (r"(?:at least|at the earliest|at the latest|as late as|as early as|sometime in|some time in"
                 r"|sometime|around|about|roughly|approximately|the|in|on|at|early|late|mid)")
BOUND_BEFORE = re.compile(rf"(?<![\w'])(?P<bound>{_alternation(BOUNDS)})\s+(?:{BOUND_FILLERS}\s+)*$")
BOUND_INSIDE = re.compile(rf"^(?P<bound>{_alternation(BOUNDS)})\s+")
BOUND_LOOKBACK = 80

# Two unrelated bases for dateparser when there is no publication date: an answer that moves
# with the base was relative.
NO_DATE_BASES = (date(2001, 3, 7), date(2013, 8, 22))


class _Unresolvable(Exception):
    """A rule recognised the expression but it has no interval (relative with no publication date)."""


# ---------------------------------------------------------------------------------------------
# public API


def normalise_time(text: str, published: date | None) -> Interval | None:
    """Normalise one time expression to ``(begin, end, granularity)``, or None.

    Relative expressions are resolved against ``published``; without it only absolute ones
    resolve. Durations, lists and vague expressions return None (see the module docstring).
    """
    if not isinstance(text, str):
        return None
    if isinstance(published, datetime):
        published = published.date()
    return _normalise(_clean(text), published)


def is_duration(text: str) -> bool:
    """True for lengths of time ("40 minutes", "as much as two years", "several years").

    Anchored expressions ("two years ago", "the past two years", "last year") are points or
    periods, not durations, and the judge compares them as dates instead.
    """
    phrase = DURATION_LEADS.sub("", _clean(text))
    return duration_seconds(phrase) is not None or bool(VAGUE_DURATION.match(phrase))


def duration_seconds(text: str) -> tuple[float, str] | None:
    """Length of a duration in seconds and its canonical hedge: "nearly two hours" -> (7200.0, "nearly").

    Compound lengths add up ("two hours and 40 minutes"). Vague and ranged durations ("several
    years", "two to three years") have no single length and return None.
    """
    phrase = DURATION_LEADS.sub("", _clean(text))
    hedge, phrase = _split_hedge(phrase)
    if phrase.endswith(" or so"):
        hedge, phrase = hedge or "about", phrase[: -len(" or so")]
    total = 0.0
    for part in DURATION_PARTS.split(phrase):
        match = AMOUNT_RE.fullmatch(part)
        if match is None:
            return None
        value, unit = _amount(match)
        total += value * UNIT_SECONDS[unit]
    return total, hedge


def time_bound(sentence: str, start: int) -> str | None:
    """The word that turns the time expression at ``start`` into a bound, or None.

    "until late 2019" is an expectation's horizon, "since 2017" the start of a state: the judge
    must not read either as the event's date. Filler words between the bound and the expression
    ("until at least 2020", "by the end of 2019") are allowed.
    """
    if not 0 <= start <= len(sentence):
        return None
    before = sentence[max(0, start - BOUND_LOOKBACK) : start].lower().replace("’", "'")
    match = BOUND_BEFORE.search(before) or BOUND_INSIDE.match(sentence[start:].lower())
    return BOUNDS[match.group("bound")] if match else None


# ---------------------------------------------------------------------------------------------
# cleaning


def _clean(text: str) -> str:
    """Lower-case, unify quotes and dashes, drop surrounding punctuation and possessives."""
    phrase = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-").lower()
    phrase = re.sub(r"\s+", " ", phrase).strip(" .,;:!?\"()[]")
    phrase = re.sub(r"(?<=[a-z])'s?$", "", phrase)
    return phrase.strip(" '")


def _strip_prefixes(phrase: str) -> str:
    """Drop leading prepositions and determiners ("back in 2019" -> "2019"); the bound lives elsewhere."""
    while True:
        stripped = PREFIXES.sub("", phrase, count=1)
        if stripped == phrase:
            return phrase
        phrase = stripped


def _strip_clock(phrase: str) -> str:
    """Remove clock times and parts of the day, which add nothing at day granularity."""
    phrase = EARLY_LATE_DAY.sub("", CLOCK.sub(" ", phrase))
    without_part = DAY_PART.sub(" ", phrase)
    if without_part != phrase:
        phrase = without_part
        rest = phrase.strip(" ,")
        phrase = {"this": "today", "": "", "last": "yesterday"}.get(rest, phrase)
    return re.sub(r"\s+", " ", phrase).strip(" ,-")


def _split_hedge(phrase: str) -> tuple[str, str]:
    match = re.match(rf"^({HEDGE})\s+", phrase)
    if match is None:
        return "", phrase
    return HEDGES[match.group(1)], phrase[match.end() :]


def _number(text: str) -> float | None:
    """The value of a number written in digits or words ("40", "twenty-five", "one and a half")."""
    half = 0.5 if text.endswith("and a half") else 0.0
    text = re.sub(r"\s+and\s+a\s+half$", "", text).strip()
    if re.fullmatch(r"[\d,.]+", text):
        return float(text.replace(",", "")) + half
    special = {"a couple": 2.0, "a couple of": 2.0, "a dozen": 12.0, "half a": 0.5, "half an": 0.5,
               "a hundred": 100.0}
    if text in special:
        return special[text] + half
    words = re.split(r"[\s-]+", text)
    if not all(word in NUMBER_WORDS for word in words):
        return None
    return float(sum(NUMBER_WORDS[word] for word in words)) + half


def number_value(text: str) -> float | None:
    """The value of a number written in words or digits: "twenty-five" -> 25, "40" -> 40."""
    return _number(_clean(text))


def _unit(word: str) -> str:
    """Singular canonical unit name: "hrs" -> "hour", "centuries" -> "century"."""
    word = word[:-1] if word.endswith("s") else word
    return UNIT_ALIASES.get(word, word)


def _amount(match: re.Match[str]) -> tuple[float, str]:
    value = _number(match.group("num")) or 0.0
    if match.group("half"):
        value += 0.5
    return value, _unit(match.group("unit"))


# ---------------------------------------------------------------------------------------------
# calendar helpers


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int, granularity: str) -> Interval:
    return date(year, first, 1), _month_end(year, last), granularity


def _year(year: int) -> Interval:
    return date(year, 1, 1), date(year, 12, 31), "year"


def _week(day: date) -> Interval:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6), "week"


def _quarter(year: int, quarter: int) -> Interval:
    return _months(year, 3 * quarter - 2, 3 * quarter, "quarter")


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: date, unit: str, value: float) -> date:
    """``day`` moved by ``value`` units (negative = back); calendar units keep the day of month."""
    if unit in ("month", "quarter", "year", "decade", "century"):
        per = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
        return _add_months(day, round(value * per))
    return day + timedelta(days=math.trunc(value * UNIT_SECONDS[unit] / DAY))


def _containing(day: date, unit: str) -> Interval:
    """The calendar period of ``unit`` that contains ``day``."""
    if unit in ("second", "minute", "hour", "day"):
        return day, day, "day"
    if unit in ("week", "fortnight"):
        return _week(day)
    if unit == "month":
        return _months(day.year, day.month, day.month, "month")
    if unit == "quarter":
        return _quarter(day.year, (day.month - 1) // 3 + 1)
    return _year(day.year)


def _pick(instances: list[tuple[date, date]], kind: str, published: date) -> tuple[date, date] | None:
    """Choose among repeating periods (Octobers, Tuesdays, summers) the one a news reader means."""
    if kind == "latest":
        chosen = [i for i in instances if i[0] <= published]
        return max(chosen) if chosen else None
    if kind == "past":
        chosen = [i for i in instances if i[1] < published]
        return max(chosen) if chosen else None
    if kind == "next":
        chosen = [i for i in instances if i[0] > published]
        return min(chosen) if chosen else None

    def distance(span: tuple[date, date]) -> int:
        return max((span[0] - published).days, (published - span[1]).days, 0)

    return min(instances, key=distance) if instances else None


def _need(published: date | None) -> date:
    if published is None:
        raise _Unresolvable
    return published


def _year_ref(token: str | None, published: date | None) -> int:
    """A year written as digits or relative to publication ("last year"); None means this year."""
    if token and token[:1].isdigit():
        return int(token)
    offset = {"last year": -1, "next year": 1}.get(re.sub(r"\s+", " ", token or ""), 0)
    return _need(published).year + offset


# ---------------------------------------------------------------------------------------------
# rules: each returns an interval, None when it does not apply, or raises _Unresolvable


def _rule_range(phrase: str, published: date | None) -> Interval | None:
    """Ranges are one period: "2013-2017", "between 2013 and 2017", "from June to August 2019"."""
    years = RANGE_YEARS.match(phrase)
    if years:
        first, last = int(years["a"]), years["b"]
        end = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
        return (date(first, 1, 1), date(end, 12, 31), "year") if end > first else None
    match = RANGE_BETWEEN.match(phrase) or RANGE_TO.match(phrase)
    if match is None:
        return None
    first_text, last_text = match["a"], match["b"]
    year = re.search(r"\b(1[5-9]\d\d|2[01]\d\d)$", last_text)
    if year and not re.search(r"\b\d{4}\b", first_text):
        first_text = f"{first_text} {year.group(1)}"
    first, last = _normalise(first_text, published), _normalise(last_text, published)
    if first is None or last is None or last[1] < first[0]:
        if match.re is RANGE_BETWEEN:
            raise _Unresolvable
        return None
    granularity = max(first[2], last[2], key=GRANULARITY_RANK.index)
    return first[0], last[1], granularity


def _rule_day_words(phrase: str, published: date | None) -> Interval | None:
    """today, yesterday, tomorrow (and "tonight", "last night" after clock stripping)."""
    if phrase not in DAY_WORDS:
        return None
    day = _need(published) + timedelta(days=DAY_WORDS[phrase])
    return day, day, "day"


def _rule_ago(phrase: str, published: date | None) -> Interval | None:
    """"two years ago" is the calendar year two years before publication, "three days ago" a day."""
    match = AGO.match(phrase)
    if match is None:
        return None
    value, unit = _amount(match)
    sign = 1 if match["dir"] != "ago" else -1
    day = _shift(_need(published), unit, sign * value)
    if unit == "year" and value != int(value):
        unit = "month"
    return _containing(day, unit)


def _rule_rolling(phrase: str, published: date | None) -> Interval | None:
    """"the past two years" is the window ending at publication, "the next two years" the one after."""
    match = ROLLING.match(phrase)
    if match is None:
        return None
    value, unit = _amount(match)
    published = _need(published)
    granularity = unit if unit in GRANULARITY_RANK else ROLLING_GRANULARITY.get(unit, "day")
    if match["rel"] in ("past", "last"):
        return _shift(published, unit, -value), published, granularity
    return published, _shift(published, unit, value), granularity


def _rule_relative_unit(phrase: str, published: date | None) -> Interval | None:
    """this/last/next week, month, quarter, year, decade, weekend."""
    match = REL_UNIT.match(phrase)
    if match is None:
        return None
    published = _need(published)
    kind, unit = REL_KIND[match["rel"]], match["unit"]
    if unit == "weekend":
        return _weekend(published, kind)
    if unit == "decade":
        return _decade_relative(published, kind)
    if kind == "past":
        if match["rel"] == "last":
            return _containing(_shift(published, unit, -1), unit)
        return _shift(published, unit, -1), published, unit
    step = {"this": 0, "next": 1}[kind]
    return _containing(_shift(published, unit, step), unit)


def _weekend(published: date, kind: str) -> Interval:
    saturday = published - timedelta(days=published.weekday()) + timedelta(days=5)
    if kind == "past":
        saturday -= timedelta(days=7)
    elif kind == "next":
        saturday += timedelta(days=7)
    return saturday, saturday + timedelta(days=1), "week"


def _decade_relative(published: date, kind: str) -> Interval:
    """"this decade" is the calendar decade; "the past/next decade" the rolling ten years."""
    if kind == "this":
        start = published.year // 10 * 10
        return date(start, 1, 1), date(start + 9, 12, 31), "decade"
    if kind == "next":
        return published, _shift(published, "decade", 1), "decade"
    return _shift(published, "decade", -1), published, "decade"


def _rule_earlier_later(phrase: str, published: date | None) -> Interval | None:
    """"earlier this year" is Jan 1..publication, "later this month" publication..month end."""
    match = EARLIER_LATER.match(phrase)
    if match is None:
        return None
    published = _need(published)
    unit = match["unit"]
    begin, end, granularity = _containing(published, unit)
    if unit == "year":
        granularity = "part-of-year"
    return (begin, published, granularity) if match["when"] == "earlier" else (published, end, granularity)


def _rule_part_of_year(phrase: str, published: date | None) -> Interval | None:
    """"late 2019", "the end of 2019", "early this year", "the first half of 2020"."""
    match = PART_OF_YEAR.match(phrase)
    if match is None:
        return None
    first, last = YEAR_PARTS[match["part"]]
    return _months(_year_ref(match["yref"], published), first, last, "part-of-year")


def _rule_part_of_month(phrase: str, published: date | None) -> Interval | None:
    """"late December 2020", "mid-December", "the end of the month": thirds of a month."""
    match = PART_OF_MONTH.match(phrase)
    if match is None:
        return None
    if match["mref"]:
        step = {"last month": -1, "next month": 1}.get(match["mref"], 0)
        anchor = _add_months(_need(published), step)
        year, month = anchor.year, anchor.month
    else:
        year, month = _month_year(MONTHS[match["month"]], match["year"], None, published)
    first, last = MONTH_PARTS[match["part"]]
    end = min(last, calendar.monthrange(year, month)[1])
    return date(year, month, first), date(year, month, end), "month"


def _rule_decade(phrase: str, published: date | None) -> Interval | None:
    """"the 1990s", "the late 1990s", "the '90s" (two digits need the publication date's century)."""
    match = DECADE.match(phrase)
    if match is None:
        return None
    digits = match["decade"]
    if len(digits) == 2:
        year = _need(published).year
        start = year // 100 * 100 + int(digits)
        start = start if start <= year else start - 100
    elif len(digits) == 4:
        start = int(digits)
    else:
        return None
    first, last = DECADE_PARTS.get(match["part"] or "", (0, 9))
    return date(start + first, 1, 1), date(start + last, 12, 31), "decade"


def _rule_quarter(phrase: str, published: date | None) -> Interval | None:
    """"Q3 2024", "2024 Q3", "the third quarter of 2024", "the third quarter" (of the published year)."""
    match = QUARTER_Q.match(phrase) or QUARTER_YQ.match(phrase)
    if match:
        return _quarter(_year_ref(match["year"], published), int(match["q"]))
    match = QUARTER_WORDS.match(phrase)
    if match:
        return _quarter(_year_ref(match["yref"], published), ORDINALS[match["ord"]])
    return None


def _rule_season(phrase: str, published: date | None) -> Interval | None:
    """"summer 2023", "last summer", "this winter" (meteorological seasons)."""
    match = SEASON.match(phrase)
    if match is None:
        return None
    first, last = SEASONS[match["season"]]
    if match["year"]:
        return (*_season(int(match["year"]), first, last), "season")
    published = _need(published)
    instances = [_season(year, first, last) for year in range(published.year - 2, published.year + 3)]
    chosen = _pick(instances, REL_KIND[match["rel"]], published)
    if chosen is None:
        raise _Unresolvable
    return (*chosen, "season")


def _season(year: int, first: int, last: int) -> tuple[date, date]:
    """A season named by ``year``; winter starts in the December before."""
    start_year = year - 1 if first > last else year
    return date(start_year, first, 1), _month_end(year, last)


def _rule_plain_year(phrase: str, published: date | None) -> Interval | None:
    match = PLAIN_YEAR.match(phrase)
    return _year(int(match["year"])) if match else None


def _rule_month(phrase: str, published: date | None) -> Interval | None:
    """"August 2017", "Dec. 2020", "December of 2020", "in October", "last December"."""
    match = MONTH_RULE.match(phrase)
    if match is None:
        return None
    year, month = _month_year(MONTHS[match["month"]], match["year"], match["rel"], published)
    return _months(year, month, month, "month")


def _month_year(month: int, year: str | None, rel: str | None, published: date | None) -> tuple[int, int]:
    if year:
        return int(year), month
    published = _need(published)
    years = range(published.year - 2, published.year + 3)
    instances = [(date(year, month, 1), _month_end(year, month)) for year in years]
    chosen = _pick(instances, REL_KIND[rel], published)
    if chosen is None:
        raise _Unresolvable
    return chosen[0].year, month


def _rule_month_day(phrase: str, published: date | None) -> Interval | None:
    """"July 21" without a year looks back, as news mostly does, unless it is at most ``SOON_DAYS`` ahead:
    in a July 15 article it is six days ahead ("expected to be contained by July 21"), not a year back;
    in a February 20 article "August 9" is the one just gone."""
    match = MONTH_DAY_RULE.match(phrase)
    if match is None:
        return None
    published = _need(published)
    month, day = MONTHS[match["month"]], int(match["day"])
    days = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            days.append(date(year, month, day))
        except ValueError:  # February 30, or February 29 of a common year
            continue
    if not days:
        raise _Unresolvable
    ahead = [d for d in days if 0 < (d - published).days <= SOON_DAYS]
    behind = [d for d in days if d <= published]
    chosen = min(ahead) if ahead else max(behind) if behind else min(days)
    return chosen, chosen, "day"


def _rule_weekday(phrase: str, published: date | None) -> Interval | None:
    """"Tuesday" is the latest Tuesday on or before publication; "last"/"next" are strict."""
    match = WEEKDAY_RULE.match(phrase)
    if match is None:
        return None
    published = _need(published)
    target = WEEKDAYS.index(match["weekday"])
    days = [published + timedelta(days=offset) for offset in range(-8, 9)]
    instances = [(day, day) for day in days if day.weekday() == target]
    chosen = _pick(instances, REL_KIND[match["rel"]], published)
    if chosen is None:
        raise _Unresolvable
    return chosen[0], chosen[0], "day"


RULES = (
    _rule_plain_year, _rule_month, _rule_month_day, _rule_day_words, _rule_weekday, _rule_relative_unit,
    _rule_earlier_later, _rule_ago, _rule_rolling, _rule_part_of_year, _rule_part_of_month,
    _rule_decade, _rule_quarter, _rule_season,
)


# ---------------------------------------------------------------------------------------------
# the pipeline and dateparser


@lru_cache(maxsize=200_000)
def _normalise(phrase: str, published: date | None) -> Interval | None:
    """Cached on the cleaned phrase: news repeats "last year" and "on Tuesday" endlessly."""
    phrase = _strip_prefixes(_strip_clock(_strip_prefixes(phrase)))
    if not phrase:
        return None  # empty, or a clock time with no day ("3 p.m.")
    try:
        ranged = _rule_range(phrase, published)
        if ranged is not None:
            return ranged
        if LIST.search(phrase) or is_duration(phrase):
            return None
        for rule in RULES:
            result = rule(phrase, published)
            if result is not None:
                return result
    except (_Unresolvable, ValueError, OverflowError):  # e.g. "10,000 years ago" leaves the calendar
        return None
    return _fallback(phrase, published)


def _fallback(phrase: str, published: date | None) -> Interval | None:
    """dateparser for full dates; guarded so bare numbers and vague words never reach it."""
    if FALLBACK_BLOCK.search(phrase) or not FALLBACK_NEEDS.search(phrase):
        return None
    if published is not None:
        return _dateparse(phrase, published)
    first, second = (_dateparse(phrase, base) for base in NO_DATE_BASES)
    return first if first is not None and first == second else None


@lru_cache(maxsize=512)
def _parser(published: date) -> DateDataParser:
    """One parser per publication date: building one costs far more than a parse."""
    settings = {
        "RELATIVE_BASE": datetime(published.year, published.month, published.day),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return DateDataParser(languages=["en"], settings=settings)


def _dateparse(phrase: str, published: date) -> Interval | None:
    try:
        data = _parser(published).get_date_data(phrase)
    except Exception:  # dateparser raises assorted errors on odd input; garbage in, None out
        return None
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return _year(day.year)
    if period == "month":
        return _months(day.year, day.month, day.month, "month")
    if period == "week":
        return _week(day)
    return day, day, "day"
