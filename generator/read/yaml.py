"""A strict, safe YAML reader that remembers where every value came from.

Annotations are written by strangers, so the reader accepts only plain data:
mappings with string keys, lists, strings, integers, floats, booleans and null.
It refuses what safe loaders still allow and what surprises people:
duplicate keys, anchors and aliases (the "billion laughs" bomb), tags that
construct objects, and YAML 1.1 conversions such as ``yes`` -> ``True``,
``2024-01-03`` -> ``date`` or ``1:20`` -> ``80``. Dates stay strings, to be
parsed by the validator with their precision.

It reads with libyaml, the C parser every PyYAML wheel carries, and builds the
located values straight from its events. PyYAML's pure-Python parser read the
annotations before; where libyaml reads a document otherwise, the reader keeps
PyYAML's meaning (the non-specific tag ``!``; a byte order mark after the first
character, which is text), or refuses with what to write instead (``key:`` right
before ``,``, ``]`` or ``}``). What libyaml reads plainly and PyYAML refused (a tab
between tokens, ``?`` inside a word in ``[...]``, ``|#``) is read.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import BaseResolver

from generator.diagnostics import Diagnostic, DossierError, Location

try:
    from yaml._yaml import CParser as _CParser  # type: ignore[import-not-found, unused-ignore]
except ImportError as error:  # every PyYAML wheel has libyaml; a build from source may not
    raise ImportError(
        "PyYAML was built without libyaml, which the dossier reader needs; reinstall PyYAML "
        "from its wheel: make deps, or pip install --force-reinstall --only-binary=:all: PyYAML"
    ) from error

MAX_YAML_BYTES = 1_000_000
"""Annotation files larger than this are refused: no honest annotation is that big."""

MAX_DEPTH = 32
"""Deeper nesting than this is refused, so that no input can exhaust the stack."""

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq")}


class YamlMap(dict[str, Any]):
    """A mapping read from YAML, with the location of itself, its keys and values."""

    location: Location
    key_locations: dict[str, Location]
    value_locations: dict[str, Location]


class YamlList(list[Any]):
    """A list read from YAML, with the location of itself and of each item."""

    location: Location
    item_locations: list[Location]


class _Rejected(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _StrictResolver(BaseResolver):
    """Resolves plain scalars to the YAML 1.2 core types only."""


_StrictResolver.add_implicit_resolver(
    _TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictResolver.add_implicit_resolver(
    _TAG + "int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_StrictResolver.add_implicit_resolver(
    _TAG + "float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_StrictResolver.add_implicit_resolver(
    _TAG + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)

_STR = _TAG + "str"

_BYTE_ORDER_MARK_STAND_IN = "\ufdd0"
"""What libyaml reads in place of U+FEFF (see ``_Reader``): one of ``FORBIDDEN_CHARACTERS``."""

_PLAIN = (True, False)
"""libyaml's ``implicit`` for a plain scalar: its tag is found from its words."""


class _Reader:
    """Located values built straight from libyaml's events, one node at a time, so
    that an alias, an anchor or deep nesting is refused before it costs anything."""

    def __init__(self, text: str, path: str) -> None:
        # A byte order mark after the first character is text to YAML, as it was when
        # PyYAML read annotations, but libyaml skips it at the start of a line and
        # miscounts the columns after it. It is read as a stand-in of the same length
        # that the text cannot hold (a noncharacter, refused before), then put back.
        self.marks_stood_in = "\ufeff" in text[1:]
        self.parser: Any = _CParser(
            text[:1] + text[1:].replace("\ufeff", _BYTE_ORDER_MARK_STAND_IN)
            if self.marks_stood_in
            else text
        )
        self.text = text
        self.path = path
        self.resolver = _StrictResolver()

    def read(self) -> Any:
        """The document's value, ``None`` for an empty stream; a problem raises
        ``DossierError`` with its place."""
        try:
            return self._document()
        except _Rejected as exc:
            problem = Diagnostic(self.location(exc.mark), exc.message)
        except yaml.MarkedYAMLError as exc:
            mark, message = _syntax_problem(exc, self.text)
            if exc.problem == "exceeded maximum nesting depth":
                # libyaml has a bound of its own on nesting, far deeper than MAX_DEPTH,
                # which it can meet while looking ahead, before a level too deep has
                # been read: the text before that point holds the first such level.
                _Reader(self.text[: mark.index], self.path).read()
            problem = Diagnostic(self.location(mark), message)
        except yaml.YAMLError as exc:  # pragma: no cover - the text was checked before
            problem = Diagnostic(Location(self.path), f"invalid YAML: {exc}")
        finally:
            self.parser.dispose()
        raise DossierError([problem])

    def _document(self) -> Any:
        parser = self.parser
        parser.get_event()  # the start of the stream
        if parser.check_event(StreamEndEvent):
            return None
        parser.get_event()  # the start of the document
        value = self._value(parser.get_event(), depth=1)
        parser.get_event()  # the end of the document
        if not parser.check_event(StreamEndEvent):
            raise _Rejected(
                parser.peek_event().start_mark,
                "invalid YAML: expected a single document in the stream, but found another "
                "document; move it to a file of its own",
            )
        return value

    def location(self, mark: Any) -> Location:
        """Where ``mark`` points, counted from 1. libyaml places the end of a text
        that does not end with a line break at the start of a line after it."""
        if mark.index >= len(self.text) and not self.text.endswith(("\n", "\r")):
            lines = _LINE_BREAK.split(self.text)
            return Location(self.path, len(lines), len(lines[-1]) + 1)
        return Location(self.path, mark.line + 1, mark.column + 1)

    def _value_location(self, event: Any) -> Location:
        """Where a mapping's value is. An empty value after ``key: `` inside ``{...}`` or
        ``[...]`` is placed by libyaml at the token after it; it is placed right after
        the ``:``, as libyaml does in a block and PyYAML, which read annotations
        before, did everywhere."""
        mark, end = event.start_mark, event.end_mark
        if isinstance(event, ScalarEvent) and mark.index == end.index:
            start = mark.index
            while start > 0 and self.text[start - 1] in " \t":
                start -= 1
            if start < mark.index and self.text[start - 1 : start] == ":":
                return Location(self.path, mark.line + 1, mark.column + 1 - (mark.index - start))
        return self.location(mark)

    def _node(self, event: Any, depth: int) -> None:
        """Refuse an alias, an anchor, or a node deeper than ``MAX_DEPTH``."""
        if isinstance(event, AliasEvent):
            raise _Rejected(
                event.start_mark, "aliases (*name) are not allowed; write the value out"
            )
        if event.anchor is not None:
            raise _Rejected(
                event.start_mark, "anchors (&name) are not allowed; write each value out in full"
            )
        if depth > MAX_DEPTH:
            raise _Rejected(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels is refused")

    def _scalar_tag(self, event: Any) -> str:
        tag = event.tag
        if tag is None:
            implicit = event.implicit
        elif tag == "!":
            # PyYAML reads a scalar with the non-specific tag as a plain one (``! 84``
            # is 84, ``!`` alone is null), and so annotations have meant it.
            implicit = _PLAIN
        else:
            return str(tag)
        resolved: str = self.resolver.resolve(  # type: ignore[no-untyped-call]
            ScalarNode, event.value, implicit
        )
        return resolved

    def _value(self, event: Any, *, depth: int) -> Any:
        self._node(event, depth)
        if isinstance(event, ScalarEvent):
            tag = self._scalar_tag(event)
            _refuse_tag(tag, event.start_mark)
            value = event.value
            if self.marks_stood_in:
                value = value.replace(_BYTE_ORDER_MARK_STAND_IN, "\ufeff")
            return _scalar(tag, value, event.start_mark)
        if event.tag not in (None, "!"):
            _refuse_tag(event.tag, event.start_mark)
        if isinstance(event, SequenceStartEvent):
            return self._sequence(event, depth)
        return self._mapping(event, depth)

    def _sequence(self, start: Any, depth: int) -> YamlList:
        parser = self.parser
        items = YamlList()
        items.location = self.location(start.start_mark)
        items.item_locations = []
        while not parser.check_event(SequenceEndEvent):
            item = parser.get_event()
            items.item_locations.append(self.location(item.start_mark))
            items.append(self._value(item, depth=depth + 1))
        parser.get_event()
        return items

    def _mapping(self, start: Any, depth: int) -> YamlMap:
        parser = self.parser
        mapping = YamlMap()
        mapping.location = self.location(start.start_mark)
        mapping.key_locations = {}
        mapping.value_locations = {}
        while not parser.check_event(MappingEndEvent):
            key_event = parser.get_event()
            self._node(key_event, depth + 1)
            if not (isinstance(key_event, ScalarEvent) and self._scalar_tag(key_event) == _STR):
                raise _Rejected(
                    key_event.start_mark,
                    "mapping keys must be plain words; quote this key or rename it",
                )
            key = self._value(key_event, depth=depth + 1)
            if key in mapping:
                first = mapping.key_locations[key]
                raise _Rejected(
                    key_event.start_mark,
                    f"duplicate key {key!r} (first at line {first.line}); keep one of them",
                )
            value_event = parser.get_event()
            mapping[key] = self._value(value_event, depth=depth + 1)
            mapping.key_locations[key] = self.location(key_event.start_mark)
            mapping.value_locations[key] = self._value_location(value_event)
        parser.get_event()
        return mapping


def _refuse_tag(tag: str, mark: Any) -> None:
    if tag not in _ALLOWED_TAGS:
        raise _Rejected(
            mark,
            f"the YAML tag {tag!r} is not allowed; only plain values, lists and mappings are",
        )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""What YAML reads as a line break once NEL, LS and PS are refused."""


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> tuple[Any, str]:
    """Where a syntax error is and what it is: libyaml's words, or what to do where
    libyaml refuses what PyYAML, which read annotations before, read or worded."""
    mark: Any = error.problem_mark  # libyaml marks every syntax error
    if error.problem == "found invalid Unicode character escape code":
        # mark is at the hexadecimal digits of a \u or \U escape.
        letter = text[mark.index - 1]
        digits = text[mark.index : mark.index + (4 if letter == "u" else 8)]
        code = int(digits, 16)
        if 0xD800 <= code <= 0xDFFF:
            return error.context_mark, _escaped(chr(code))
        return mark, (
            f"invalid YAML: the escape \\{letter}{digits} names no character (Unicode ends "
            "at U+10FFFF); write the character that was meant"
        )
    after = text[mark.index + 1 : mark.index + 2]
    if error.problem == "found unexpected ':'" and after in (",", "]", "}"):
        return mark, (
            "invalid YAML: a ':' right before ',', ']' or '}' is not read as the end of a "
            "key; write a space after the ':', or quote the key"
        )
    words = ", ".join(part for part in (error.context, error.problem) if part)
    return mark, f"invalid YAML: {words}"


FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)
"""Characters no annotation or article holds honestly, refused wherever they come from:
C0 controls but tab, line feed and carriage return, DEL and C1 controls (a terminal
obeys ESC; NUL, form feed or a C1 control is invisible, breaks XML and is most often a
page decoded with the wrong encoding), lone surrogates (no UTF-8 can encode them, so
writing a page with one would fail) and Unicode's noncharacters."""


def _position(text: str, index: int, path: str) -> Location:
    """Where ``text[index]`` stands: lines end with a line feed, columns count characters."""
    line_start = text.rfind("\n", 0, index) + 1
    return Location(path, text.count("\n", 0, index) + 1, index - line_start + 1)


def _described(character: str) -> str:
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code < 0xA0:
        kind = "a control character"
    else:
        kind = "a noncharacter"
    return f"U+{code:04X} ({kind})"


def refuse_characters(text: str, path: str, fix: str) -> None:
    """Refuse the first of the ``FORBIDDEN_CHARACTERS`` in ``text``, where it stands;
    ``fix`` says what to do about it."""
    found = FORBIDDEN_CHARACTERS.search(text)
    if found is not None:
        raise DossierError(
            [
                Diagnostic(
                    _position(text, found.start(), path),
                    f"{_described(found.group())} is not allowed; {fix}",
                )
            ]
        )


def decode_utf8(data: bytes, path: str) -> str:
    """Decode ``data`` as UTF-8 (a leading BOM is dropped) or say where it is not."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        column = len(line_start.decode("utf-8", errors="replace")) + 1
        raise DossierError(
            [
                Diagnostic(
                    Location(path, line, column),
                    f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                )
            ]
        ) from None


def load_yaml(data: bytes, path: str) -> tuple[Any, list[Diagnostic]]:
    """Parse one YAML document into plain values with locations.

    Returns the value (``None`` for an empty file) and the problems found; when
    there is a problem the value is ``None``.
    """
    if len(data) > MAX_YAML_BYTES:
        return None, [
            Diagnostic(
                Location(path),
                f"the file is {len(data):,} bytes, over the limit of {MAX_YAML_BYTES:,}; "
                "split it or shorten it",
            )
        ]
    try:
        text = decode_utf8(data, path)
        refuse_characters(text, path, "delete it, or write the character that was meant")
        _refuse_what_yaml_reads_otherwise(text, path)
        return _Reader(text, path).read(), []
    except DossierError as exc:
        return None, exc.diagnostics


_READ_BY_YAML_OTHERWISE = {
    "\u2028": "U+2028 is read by YAML as a line break; "
    "write it as \\L inside a double-quoted string",
    "\u2029": "U+2029 is read by YAML as a line break; "
    "write it as \\P inside a double-quoted string",
}
"""Characters YAML does not read as the text they are although few editors show it:
LINE SEPARATOR and PARAGRAPH SEPARATOR, which it would silently fold into spaces inside
a quoted string, so that a quote could not match its text (NEL, the third line break,
is a control character and refused as one). Each is refused where it stands, with
what to write instead."""

_READ_BY_YAML_OTHERWISE_PATTERN = re.compile(f"[{''.join(_READ_BY_YAML_OTHERWISE)}]")


def _refuse_what_yaml_reads_otherwise(text: str, path: str) -> None:
    """Refuse the first of the ``_READ_BY_YAML_OTHERWISE`` characters in ``text``."""
    found = _READ_BY_YAML_OTHERWISE_PATTERN.search(text)
    if found is not None:
        raise DossierError(
            [
                Diagnostic(
                    _position(text, found.start(), path),
                    _READ_BY_YAML_OTHERWISE[found.group()],
                )
            ]
        )


def _escaped(character: str) -> str:
    """The problem with one of the ``FORBIDDEN_CHARACTERS``, written as an escape."""
    hint = (
        "; write a character beyond U+FFFF as \\U0001F600 or as itself, not as two \\u escapes"
        if 0xD800 <= ord(character) <= 0xDFFF
        else ""
    )
    return f"the text holds {_described(character)}, written as an escape; remove it{hint}"


def _scalar(full_tag: str, value: str, mark: Any) -> Any:
    tag = full_tag.removeprefix(_TAG)
    if tag == "null":
        return None
    try:
        if tag == "bool":
            return {"true": True, "false": False}[value.lower()]
        if tag == "int":
            return int(value, 10)
        if tag == "float":
            return float(value)
    except (KeyError, ValueError):
        raise _Rejected(mark, f"{value!r} is not a valid {tag}") from None
    found = FORBIDDEN_CHARACTERS.search(value)
    if found is not None:  # the text was checked before parsing: this came from an escape
        raise _Rejected(mark, _escaped(found.group()))
    return value
