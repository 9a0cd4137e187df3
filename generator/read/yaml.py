"""A strict, safe YAML reader that remembers where every value came from.

Annotations are written by strangers, so the reader accepts only plain data:
mappings with string keys, lists, strings, integers, floats, booleans and null.
It refuses what safe loaders still allow and what surprises people:
duplicate keys, anchors and aliases (the "billion laughs" bomb), tags that
construct objects, and YAML 1.1 conversions such as ``yes`` -> ``True``,
``2024-01-03`` -> ``date`` or ``1:20`` -> ``80``. Dates stay strings, to be
parsed by the validator with their precision.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from generator.diagnostics import Diagnostic, DossierError, Location

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


class _ReadByPyYAML(Exception):
    """libyaml would read this document otherwise than PyYAML's parser does."""


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


class _PythonComposer(Reader, Scanner, Parser, Composer, _StrictResolver):
    """PyYAML's own parser and composer, refusing aliases, anchors and deep nesting:
    the reader whose error messages are reported."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _StrictResolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        """Compose one node, refusing aliases, anchors and deep nesting before they cost."""
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent):
            raise _Rejected(
                event.start_mark, "aliases (*name) are not allowed; write the value out"
            )
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise _Rejected(
                event.start_mark, "anchors (&name) are not allowed; write each value out in full"
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Rejected(
                    event.start_mark, f"nesting deeper than {MAX_DEPTH} levels is refused"
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _LibyamlReader:
    """Located values built straight from libyaml's events, without PyYAML's nodes,
    several times faster than ``_PythonComposer``.

    It reads plain documents only: an alias, an anchor, a tag, a key that is not
    a string or comes twice, deep nesting, an invalid number, or ``?`` in a plain
    value inside ``[...]`` or ``{...}`` (which PyYAML refuses and libyaml does
    not) raise ``_ReadByPyYAML`` or ``_Rejected``, and PyYAML reads the document
    again to accept it or word the problem.
    """

    def __init__(self, text: str, path: str) -> None:
        self.parser: Any = _CParser(text)
        self.path = path
        self.resolver = _StrictResolver()

    def read(self) -> Any:
        parser = self.parser
        try:
            parser.get_event()  # the start of the stream
            if parser.check_event(StreamEndEvent):
                return None
            parser.get_event()  # the start of the document
            value = self._value(parser.get_event(), depth=1, flow=False)
            parser.get_event()  # the end of the document
            if not parser.check_event(StreamEndEvent):
                raise _ReadByPyYAML  # a second document
            return value
        finally:
            parser.dispose()

    def _value(self, event: Any, *, depth: int, flow: bool) -> Any:
        if (
            depth > MAX_DEPTH
            or isinstance(event, AliasEvent)
            or getattr(event, "anchor", None) is not None
            or getattr(event, "tag", None) is not None
        ):
            raise _ReadByPyYAML
        if isinstance(event, ScalarEvent):
            if flow and not event.style and "?" in event.value:
                raise _ReadByPyYAML
            tag = self.resolver.resolve(  # type: ignore[no-untyped-call]
                ScalarNode, event.value, event.implicit
            )
            return _scalar(tag, event.value, event.start_mark)
        start: Any = event  # the start of a list or a mapping
        inner = flow or bool(start.flow_style)
        parser = self.parser
        if isinstance(event, SequenceStartEvent):
            items = YamlList()
            items.location = _location(self.path, event.start_mark)
            items.item_locations = []
            while not parser.check_event(SequenceEndEvent):
                item = parser.get_event()
                items.item_locations.append(_location(self.path, item.start_mark))
                items.append(self._value(item, depth=depth + 1, flow=inner))
            parser.get_event()
            return items
        if not isinstance(event, MappingStartEvent):
            raise _ReadByPyYAML
        mapping = YamlMap()
        mapping.location = _location(self.path, event.start_mark)
        mapping.key_locations = {}
        mapping.value_locations = {}
        while not parser.check_event(MappingEndEvent):
            key_event = parser.get_event()
            key = self._value(key_event, depth=depth + 1, flow=inner)
            if not isinstance(key, str) or key in mapping:
                raise _ReadByPyYAML
            value_event = parser.get_event()
            mapping[key] = self._value(value_event, depth=depth + 1, flow=inner)
            mapping.key_locations[key] = _location(self.path, key_event.start_mark)
            mapping.value_locations[key] = _location(self.path, value_event.start_mark)
        parser.get_event()
        return mapping


try:
    from yaml._yaml import CParser as _CParser  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # PyYAML built without libyaml
    _LIBYAML = False
else:
    _LIBYAML = True


def _location(path: str, mark: Any) -> Location:
    """Where ``mark`` (PyYAML's or libyaml's, or ``None``) points, counted from 1."""
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


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


def load_yaml(data: bytes, path: str, *, fast: bool = True) -> tuple[Any, list[Diagnostic]]:
    """Parse one YAML document into plain values with locations.

    Returns the value (``None`` for an empty file) and the problems found; when
    there is a problem the value is ``None``. ``fast=False`` reads with PyYAML's
    own parser alone, to compare it with the fast way (see ``_read``).
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
        _refuse_yaml_line_breaks(text, path)
        return _read(text, path, fast=fast and _LIBYAML), []
    except DossierError as exc:
        return None, exc.diagnostics
    except _Rejected as exc:
        return None, [Diagnostic(_location(path, exc.mark), exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = ", ".join(part for part in (exc.context, exc.problem) if part)
        return None, [Diagnostic(_location(path, mark), f"invalid YAML: {problem}")]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(Location(path), f"invalid YAML: {exc}")]


def _read(text: str, path: str, *, fast: bool) -> Any:
    """The value of ``text``. The fast way reads with libyaml; whatever it refuses
    or leaves to PyYAML is read again by PyYAML's own parser, so that every problem
    is reported in the same words and at the same place whichever is installed."""
    if fast and _NEEDS_PYTHON_PARSER.search(text) is None:
        try:
            return _LibyamlReader(text, path).read()
        except (yaml.YAMLError, _Rejected, _ReadByPyYAML):
            pass
    composer = _PythonComposer(text)
    try:
        node = composer.get_single_node()
    finally:
        composer.dispose()
    return None if node is None else _Converter(path).convert(node)


_NEEDS_PYTHON_PARSER = re.compile(
    r"[\t\ufeff]|(?:^|[\s\[{,])[?!](?:\s|$)|[|>][-+0-9]*#|:\s*[,\]}]|^(?:---|\.\.\.|%)",
    re.M,
)
"""What libyaml and PyYAML's parser read differently (found by comparing them on
generated and mutated input, ``tests/test_properties.py``): tabs, byte order
marks inside the text, explicit ``?`` keys, the bare tag ``!``, a comment right
after a block scalar's indicator, an empty value inside ``{...}`` or ``[...]``
(placed one column apart), document markers and directives. A file with any of
these is read by PyYAML alone; so is one with ``?`` in a plain value inside
``[...]`` or ``{...}``, which PyYAML refuses (``_LibyamlReader``)."""


_YAML_ONLY_LINE_BREAKS = re.compile("[\u2028\u2029]")
"""Characters YAML reads as line breaks although few editors show them as such (NEL,
the third, is a control character and refused as one)."""


def _refuse_yaml_line_breaks(text: str, path: str) -> None:
    """Refuse LINE SEPARATOR and PARAGRAPH SEPARATOR, which YAML would silently fold
    into spaces inside a quoted string, so that a quote could not match its text."""
    found = _YAML_ONLY_LINE_BREAKS.search(text)
    if found is None:
        return
    escape = {"\u2028": "\\L", "\u2029": "\\P"}[found.group()]
    raise DossierError(
        [
            Diagnostic(
                _position(text, found.start(), path),
                f"U+{ord(found.group()):04X} is read by YAML as a line break; write it as "
                f"{escape} inside a double-quoted string",
            )
        ]
    )


class _Converter:
    def __init__(self, path: str) -> None:
        self.path = path

    def convert(self, node: Node) -> Any:
        if node.tag not in _ALLOWED_TAGS:
            raise _Rejected(
                node.start_mark,
                f"the YAML tag {node.tag!r} is not allowed; only plain values, lists and "
                "mappings are",
            )
        if isinstance(node, MappingNode):
            return self._mapping(node)
        if isinstance(node, SequenceNode):
            items = YamlList(self.convert(item) for item in node.value)
            items.location = _location(self.path, node.start_mark)
            items.item_locations = [_location(self.path, item.start_mark) for item in node.value]
            return items
        assert isinstance(node, ScalarNode)
        return _scalar(node.tag, node.value, node.start_mark)

    def _mapping(self, node: MappingNode) -> YamlMap:
        mapping = YamlMap()
        mapping.location = _location(self.path, node.start_mark)
        mapping.key_locations = {}
        mapping.value_locations = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _TAG + "str":
                raise _Rejected(
                    key_node.start_mark,
                    "mapping keys must be plain words; quote this key or rename it",
                )
            key = _scalar(key_node.tag, key_node.value, key_node.start_mark)
            if key in mapping:
                first = mapping.key_locations[key]
                raise _Rejected(
                    key_node.start_mark,
                    f"duplicate key {key!r} (first at line {first.line}); keep one of them",
                )
            mapping[key] = self.convert(value_node)
            mapping.key_locations[key] = _location(self.path, key_node.start_mark)
            mapping.value_locations[key] = _location(self.path, value_node.start_mark)
        return mapping


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
    if found is not None:
        # The text itself was checked before parsing: this came from an escape.
        hint = (
            "; write a character beyond U+FFFF as \\U0001F600 or as itself, not as two \\u escapes"
            if 0xD800 <= ord(found.group()) <= 0xDFFF
            else ""
        )
        raise _Rejected(
            mark,
            f"the text holds {_described(found.group())}, written as an escape; remove it{hint}",
        )
    return value


def with_locations(value: Any) -> Any:
    """``value``, read by ``load_yaml``, as plain tuples holding every location it
    carries: two reads are the same when these are equal."""
    if isinstance(value, YamlMap):
        return (
            value.location,
            [
                (key, value.key_locations[key], value.value_locations[key], with_locations(item))
                for key, item in value.items()
            ],
        )
    if isinstance(value, YamlList):
        return (value.location, value.item_locations, [with_locations(item) for item in value])
    return (type(value), value)
