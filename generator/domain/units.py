"""Units a number question's claims may be given in, and how to convert between them.

A question names its unit; a claim may give its number in another unit of the same
kind (a crater in inches where the question counts centimetres), and is compared in
the question's unit. Only units with a fixed factor are here: a month or a year has
no fixed length, so a number of months is not converted into days.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from generator.domain.model import NumberRange


@dataclass(frozen=True)
class Unit:
    symbol: str
    dimension: str
    factor: str
    """How many of the dimension's base unit (metre, second, gram, square metre) it is,
    written as a decimal so that conversions are exact: 12 in is 30.48 cm, not
    30.479999999999997."""
    names: tuple[str, ...] = ()
    """Other ways of writing it, singular and plural."""


UNITS = (
    Unit("mm", "length", "0.001", ("millimetre", "millimetres", "millimeter", "millimeters")),
    Unit("cm", "length", "0.01", ("centimetre", "centimetres", "centimeter", "centimeters")),
    Unit("m", "length", "1", ("metre", "metres", "meter", "meters")),
    Unit("km", "length", "1000", ("kilometre", "kilometres", "kilometer", "kilometers")),
    Unit("in", "length", "0.0254", ("inch", "inches")),
    Unit("ft", "length", "0.3048", ("foot", "feet")),
    Unit("yd", "length", "0.9144", ("yard", "yards")),
    Unit("mi", "length", "1609.344", ("mile", "miles")),
    Unit("s", "time", "1", ("second", "seconds")),
    Unit("min", "time", "60", ("minute", "minutes")),
    Unit("h", "time", "3600", ("hour", "hours")),
    Unit("day", "time", "86400", ("days",)),
    Unit("g", "mass", "1", ("gram", "grams")),
    Unit("kg", "mass", "1000", ("kilogram", "kilograms")),
    Unit("t", "mass", "1000000", ("tonne", "tonnes")),
    Unit("lb", "mass", "453.59237", ("lbs", "pound", "pounds")),
    Unit("m2", "area", "1", ("square metre", "square metres", "square meter", "square meters")),
    Unit("ha", "area", "10000", ("hectare", "hectares")),
    Unit("km2", "area", "1000000", ("square kilometre", "square kilometres")),
    Unit("acre", "area", "4046.8564224", ("acres",)),
)

_BY_NAME = {name: unit for unit in UNITS for name in (unit.symbol, *unit.names)}


def find_unit(name: str) -> Unit | None:
    """The unit written ``name`` (a symbol or a name, in any case), or ``None``."""
    return _BY_NAME.get(name.strip().lower())


def convert(value: NumberRange, stated: Unit, wanted: Unit) -> NumberRange:
    """A number given in ``stated`` as a number in ``wanted``, of the same dimension."""
    factor = Fraction(stated.factor) / Fraction(wanted.factor)

    def bound(number: int | float | None) -> int | float | None:
        if number is None:
            return None
        exact = Fraction(repr(number)) * factor  # the decimal as written, not its float
        return int(exact) if exact.denominator == 1 else float(exact)

    return replace(value, low=bound(value.low), high=bound(value.high))


def known_units() -> str:
    """The symbols of the table, by dimension, for an error message."""
    dimensions: dict[str, list[str]] = {}
    for unit in UNITS:
        dimensions.setdefault(unit.dimension, []).append(unit.symbol)
    return "; ".join(
        f"{dimension}: {', '.join(symbols)}" for dimension, symbols in dimensions.items()
    )
