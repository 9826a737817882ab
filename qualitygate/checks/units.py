"""Numbers with units: find them in text or attribute values, and convert to one base per dimension.

"1.5 kg" and "1500 g" both become (mass, 1500.0); "8 x 10 inches" gives two lengths in metres.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# unit (lower case) -> (dimension, factor to the base unit: m, g, l, W, V, mAh, GB, hours)
UNITS: dict[str, tuple[str, float]] = {}


def _units(dimension: str, factor: float, *names: str) -> None:
    for name in names:
        UNITS[name] = (dimension, factor)


_units("length", 0.001, "mm", "millimeter", "millimeters", "millimetre", "millimetres")
_units("length", 0.01, "cm", "cms", "centimeter", "centimeters", "centimetre", "centimetres")
_units("length", 1.0, "m", "meter", "meters", "metre", "metres", "mtr", "mtrs")
_units("length", 0.0254, "inch", "inches", '"', "”", "in.")
_units("length", 0.3048, "ft", "feet", "foot")
_units("mass", 0.001, "mg", "milligram", "milligrams")
_units("mass", 1.0, "g", "gm", "gms", "gram", "grams", "gr")
_units("mass", 1000.0, "kg", "kgs", "kilogram", "kilograms")
_units("mass", 453.59237, "lb", "lbs", "pound", "pounds")
_units("mass", 28.349523, "oz", "ounce", "ounces")
_units("volume", 0.001, "ml", "millilitre", "millilitres", "milliliter", "milliliters")
_units("volume", 1.0, "l", "ltr", "ltrs", "litre", "litres", "liter", "liters")
_units("volume", 0.0295735, "fl oz", "fl. oz")
_units("power", 1.0, "w", "watt", "watts")
_units("power", 1000.0, "kw", "kilowatt", "kilowatts")
_units("voltage", 1.0, "v", "volt", "volts")
_units("charge", 1.0, "mah")
_units("charge", 1000.0, "ah")
_units("storage", 0.001, "mb")
_units("storage", 1.0, "gb")
_units("storage", 1000.0, "tb")
_units("time", 1.0, "hours", "hour", "hrs", "hr")
_units("time", 1 / 60, "minutes", "mins")

_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)"
_UNIT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
# A unit must end at a word boundary (so "5 m" but not "5 mobiles"); quote marks need no boundary.
_UNIT_END = r"(?:(?<=[\"”.])|\b)"
_QTY_RE = re.compile(rf"(?<![\w.]){_NUM}\s?(?:-\s?)?({_UNIT}){_UNIT_END}", re.IGNORECASE)
# "8 x 10 inches", "21.59 x 27.95 cm": the unit written once applies to every number.
_DIMS_RE = re.compile(
    rf"(?<![\w.]){_NUM}\s?(?:({_UNIT}){_UNIT_END})?\s?[x×*]\s?{_NUM}\s?(?:({_UNIT}){_UNIT_END})?"
    rf"(?:\s?[x×*]\s?{_NUM}\s?(?:({_UNIT}){_UNIT_END})?)?",
    re.IGNORECASE,
)
# Tolerance for rounding and conversion ("15 inch" written as "38 cm"): 5% relative.
REL_TOL = 0.05


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with a unit, converted to the dimension's base unit."""

    dimension: str
    value: float
    span: tuple[int, int]
    raw: str


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def find_quantities(text: str) -> Iterator[Quantity]:
    """Every number-with-unit in `text`, including each number of an "A x B x C unit" group."""
    taken: list[tuple[int, int]] = []
    for m in _DIMS_RE.finditer(text):
        nums = [g for g in (m.group(1), m.group(3), m.group(5)) if g]
        units = [g for g in (m.group(2), m.group(4), m.group(6)) if g]
        if not units:
            continue
        dimension, factor = UNITS[units[-1].lower()]
        if dimension != "length":
            continue
        taken.append(m.span())
        for n in nums:
            yield Quantity(dimension, _num(n) * factor, m.span(), m.group(0))
    for m in _QTY_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        dimension, factor = UNITS[m.group(2).lower()]
        yield Quantity(dimension, _num(m.group(1)) * factor, m.span(), m.group(0))


def same_amount(a: float, b: float) -> bool:
    """Equal within rounding and unit-conversion tolerance."""
    if a == b:
        return True
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def show(q: Quantity) -> str:
    """The quantity as the text wrote it."""
    return " ".join(q.raw.split())
