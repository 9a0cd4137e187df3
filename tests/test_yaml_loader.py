"""The strict YAML reader: plain data only, and every refusal points at path:line:col."""

from __future__ import annotations

import importlib.util
import sys
import time

import pytest

from generator.diagnostics import Location
from generator.read import yaml as reader
from generator.read.yaml import MAX_DEPTH, MAX_YAML_BYTES, YamlList, YamlMap, load_yaml

PATH = "seeds/demo/dossier.yml"


def refused(data: bytes) -> str:
    """The one diagnostic the reader gives for ``data``, as ``path:line:col: error: ...``."""
    value, problems = load_yaml(data, PATH)
    assert value is None
    assert len(problems) == 1, problems
    return str(problems[0])


def loaded(data: bytes) -> object:
    value, problems = load_yaml(data, PATH)
    assert problems == []
    return value


# Plain data is read, with locations


def test_plain_values_are_read() -> None:
    value = loaded(
        b"text: hello\n"
        b"count: 84\n"
        b"negative: -3\n"
        b"ratio: 1.5\n"
        b"flag: true\n"
        b"off: false\n"
        b"nothing: null\n"
        b"tilde: ~\n"
        b"empty:\n"
        b"items: [a, 2]\n"
    )
    assert value == {
        "text": "hello",
        "count": 84,
        "negative": -3,
        "ratio": 1.5,
        "flag": True,
        "off": False,
        "nothing": None,
        "tilde": None,
        "empty": None,
        "items": ["a", 2],
    }
    assert isinstance(value, YamlMap)
    assert type(value["count"]) is int
    assert value["flag"] is True


def test_locations_of_keys_values_and_items() -> None:
    value = loaded(
        b"# a comment\n"  # line 1
        b"title: Demo\n"  # line 2
        b"tags:\n"  # line 3
        b"  - iran\n"  # line 4
        b"  - kerman\n"  # line 5
        b"nested: {a: 1}\n"  # line 6
    )
    assert isinstance(value, YamlMap)
    assert value.location == Location(PATH, 2, 1)
    assert value.key_locations["title"] == Location(PATH, 2, 1)
    assert value.value_locations["title"] == Location(PATH, 2, 8)
    tags = value["tags"]
    assert isinstance(tags, YamlList)
    assert tags.location == Location(PATH, 4, 3)
    assert tags.item_locations == [Location(PATH, 4, 5), Location(PATH, 5, 5)]
    assert value["nested"].value_locations["a"] == Location(PATH, 6, 13)
    assert str(value.value_locations["title"]) == f"{PATH}:2:8"


def test_empty_file_and_comment_only_file_are_none() -> None:
    assert load_yaml(b"", PATH) == (None, [])
    assert load_yaml(b"# nothing yet\n", PATH) == (None, [])


# Refusals


def test_duplicate_key_points_at_the_second_one() -> None:
    message = refused(b"title: A\nsummary: B\ntitle: C\n")
    assert message == (
        f"{PATH}:3:1: error: duplicate key 'title' (first at line 1); keep one of them"
    )


def test_duplicate_key_in_a_nested_mapping() -> None:
    message = refused(b"questions:\n  - id: a\n    kind: text\n    id: b\n")
    assert message.startswith(f"{PATH}:4:5: error: duplicate key 'id' (first at line 2)")


def test_anchor_is_refused() -> None:
    message = refused(b"a: 1\nb: &shared [1, 2]\n")
    assert message.startswith(f"{PATH}:2:4: error: anchors (&name) are not allowed")


def test_anchor_on_a_scalar_in_a_list_is_refused() -> None:
    message = refused(b"items:\n  - one\n  - &x two\n")
    assert message.startswith(f"{PATH}:3:5: error: anchors (&name) are not allowed")


def test_alias_is_refused() -> None:
    # An alias to an undefined anchor: refused as an alias, not as a dangling reference.
    message = refused(b"a: 1\nb: *shared\n")
    assert message.startswith(f"{PATH}:2:4: error: aliases (*name) are not allowed")


def test_billion_laughs_is_refused_fast_without_expanding() -> None:
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, 10):
        aliases = ", ".join([f"*lol{level - 1}"] * 10)
        lines.append(f"lol{level}: &lol{level} [{aliases}]")
    bomb = ("\n".join(lines) + "\n").encode()
    started = time.perf_counter()
    message = refused(bomb)
    assert time.perf_counter() - started < 1.0
    # The first anchor is refused, before any alias could be expanded.
    assert message.startswith(f"{PATH}:1:7: error: anchors (&name) are not allowed")


def test_merge_key_is_only_a_plain_key() -> None:
    # "<<" is not a merge in this reader, so nothing is copied from elsewhere.
    assert loaded(b"<<: {a: 1}\nb: 2\n") == {"<<": {"a": 1}, "b": 2}


@pytest.mark.parametrize(
    ("data", "tag"),
    [
        (b'run: !!python/object/apply:os.system ["echo hi"]\n', "python/object/apply:os.system"),
        (b"run: !!python/name:os.system\n", "python/name:os.system"),
        (b"run: !!python/object:collections.OrderedDict {}\n", "python/object:collections."),
        (b"run: !!binary aGVsbG8=\n", "binary"),
        (b"run: !!timestamp 2024-01-03\n", "timestamp"),
        (b"run: !!set {a, b}\n", "set"),
        (b"run: !local thing\n", "!local"),
    ],
)
def test_tags_that_construct_objects_are_refused(data: bytes, tag: str) -> None:
    message = refused(data)
    assert message.startswith(f"{PATH}:1:6: error: the YAML tag ")
    assert tag in message
    assert "is not allowed" in message


def test_python_tag_deep_in_the_document_points_at_its_line() -> None:
    message = refused(b"a:\n  b:\n    - ok\n    - !!python/object/apply:os.system [ls]\n")
    assert message.startswith(f"{PATH}:4:7: error: the YAML tag ")


@pytest.mark.parametrize(
    ("data", "location"),
    [
        (b"1: one\n", "1:1"),
        (b"title: x\n2024: year\n", "2:1"),
        (b"x:\n  true: yes\n", "2:3"),
        (b"~: nothing\n", "1:1"),
        (b"1.5: ratio\n", "1:1"),
        (b"? [a, b]\n: c\n", "1:3"),
        (b"? {a: 1}\n: c\n", "1:3"),
    ],
)
def test_non_string_keys_are_refused(data: bytes, location: str) -> None:
    assert refused(data) == (
        f"{PATH}:{location}: error: mapping keys must be plain words; quote this key or rename it"
    )


def test_quoted_number_key_is_a_string() -> None:
    assert loaded(b'"1": one\n') == {"1": "one"}


def test_yaml_1_1_booleans_stay_strings() -> None:
    value = loaded(b"a: yes\nb: on\nc: no\nd: off\ne: y\nf: n\ng: Yes\nh: ON\n")
    assert value == {
        "a": "yes",
        "b": "on",
        "c": "no",
        "d": "off",
        "e": "y",
        "f": "n",
        "g": "Yes",
        "h": "ON",
    }


def test_dates_and_sexagesimals_stay_strings() -> None:
    value = loaded(
        b"date: 2024-01-03\n"
        b"stamp: 2024-01-03T15:04+03:30\n"
        b"utc: 2024-01-03 15:04:00Z\n"
        b"duration: 1:20\n"
        b"hex: 0x1F\n"
        b"octal: 0o17\n"
        b"underscored: 1_000\n"
        b"infinity: .inf\n"
    )
    assert value == {
        "date": "2024-01-03",
        "stamp": "2024-01-03T15:04+03:30",
        "utc": "2024-01-03 15:04:00Z",
        "duration": "1:20",
        "hex": "0x1F",
        "octal": "0o17",
        "underscored": "1_000",
        "infinity": ".inf",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"count: !!int x\n", "'x' is not a valid int"),
        (b"count: !!int 0x1F\n", "'0x1F' is not a valid int"),
        (b"ratio: !!float half\n", "'half' is not a valid float"),
        (b"flag: !!bool yes\n", "'yes' is not a valid bool"),
    ],
)
def test_explicit_core_tag_with_a_wrong_value(data: bytes, message: str) -> None:
    column = data.index(b"!!") + 1
    assert refused(data) == f"{PATH}:1:{column}: error: {message}"


def test_explicit_core_tags_with_right_values_are_read() -> None:
    assert loaded(b"a: !!int 84\nb: !!str 84\nc: !!float 1.5\nd: !!bool true\n") == {
        "a": 84,
        "b": "84",
        "c": 1.5,
        "d": True,
    }


def test_invalid_utf8_gives_line_and_column_of_the_bad_byte() -> None:
    message = refused(b"title: Demo\nsummary: Ab\xffc\n")
    assert message == (
        f"{PATH}:2:12: error: the file is not valid UTF-8 (byte 0xff); save it as UTF-8"
    )


def test_invalid_utf8_column_counts_characters_not_bytes() -> None:
    # "é" is two bytes but one character, as in every other column the reader gives.
    message = refused(b"title: Demo\nsummary: \xc3\xa9t\xc3\xa9 \xff\n")
    assert message == (
        f"{PATH}:2:14: error: the file is not valid UTF-8 (byte 0xff); save it as UTF-8"
    )


def test_truncated_utf8_sequence_on_the_first_line() -> None:
    message = refused(b"title: caf\xc3")
    assert message.startswith(f"{PATH}:1:11: error: the file is not valid UTF-8 (byte 0xc3)")


def test_utf8_bom_is_accepted_and_does_not_shift_columns() -> None:
    value = loaded(b"\xef\xbb\xbftitle: Kerman\nsummary: \xc3\xa9t\xc3\xa9\n")
    assert value == {"title": "Kerman", "summary": "été"}
    assert isinstance(value, YamlMap)
    assert value.key_locations["title"] == Location(PATH, 1, 1)
    assert refused(b"\xef\xbb\xbftitle: *x\n").startswith(f"{PATH}:1:8: error: aliases")


def test_multiple_documents_are_refused_at_the_second() -> None:
    message = refused(b"title: A\n---\ntitle: B\n")
    assert message.startswith(f"{PATH}:2:1: error: invalid YAML: ")
    assert "expected a single document" in message


def test_syntax_error_points_at_its_place() -> None:
    message = refused(b"title: A\ntags: [a, b\n")
    assert message.startswith(f"{PATH}:3:1: error: invalid YAML: ")
    assert "flow sequence" in message


def test_tab_indentation_is_a_syntax_error() -> None:
    message = refused(b"a:\n\tb: 1\n")
    assert message.startswith(f"{PATH}:2:1: error: invalid YAML: ")


def test_too_large_file_is_refused_before_parsing() -> None:
    data = b"title: A\n" + b"#" * MAX_YAML_BYTES
    message = refused(data)
    assert message == (
        f"{PATH}:1:1: error: the file is {len(data):,} bytes, over the limit of "
        f"{MAX_YAML_BYTES:,}; split it or shorten it"
    )


def test_file_at_the_size_limit_is_read() -> None:
    data = b"title: A\n"
    data += b"#" * (MAX_YAML_BYTES - len(data))
    assert len(data) == MAX_YAML_BYTES
    assert loaded(data) == {"title": "A"}


def test_nesting_at_the_limit_is_read() -> None:
    # The outermost list is depth 1, the innermost depth 32.
    value = loaded(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)
    for _ in range(MAX_DEPTH - 1):
        assert isinstance(value, list) and len(value) == 1
        value = value[0]
    assert value == []


def test_a_scalar_counts_as_a_level() -> None:
    # 31 lists and the number inside them: 32 levels, read.
    value = loaded(b"[" * (MAX_DEPTH - 1) + b"1" + b"]" * (MAX_DEPTH - 1))
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == 1
    # 32 lists and the number: the number, at column 33, is at depth 33.
    message = refused(b"[" * MAX_DEPTH + b"1" + b"]" * MAX_DEPTH)
    assert message == f"{PATH}:1:33: error: nesting deeper than {MAX_DEPTH} levels is refused"


def test_too_deep_nesting_is_refused_at_the_first_level_too_deep() -> None:
    depth = MAX_DEPTH + 2
    message = refused(b"[" * depth + b"]" * depth)
    # The list opened at column 33 is at depth 33.
    assert message == f"{PATH}:1:33: error: nesting deeper than {MAX_DEPTH} levels is refused"


def nested_mappings(levels: int) -> bytes:
    """``levels`` mappings, each the value of the key ``k`` of the one before; the
    innermost value is ``v``. The mapping on line n is at depth n, its key at depth n + 1."""
    lines = [b"  " * level + b"k:\n" for level in range(levels)]
    return b"".join(lines) + b"  " * levels + b"v"


def test_nesting_of_mappings_at_the_limit_is_read() -> None:
    # 31 mappings: the deepest key, and the value v, are at depth 32.
    value = loaded(nested_mappings(MAX_DEPTH - 1))
    for _ in range(MAX_DEPTH - 1):
        assert isinstance(value, dict) and list(value) == ["k"]
        value = value["k"]
    assert value == "v"


def test_too_deep_nesting_of_mappings_is_refused() -> None:
    message = refused(nested_mappings(MAX_DEPTH + 2))
    # Keys count as a level like values: the mapping on line 32 is at depth 32, so its
    # key k, at column 63, is the first node at depth 33.
    assert message == f"{PATH}:32:63: error: nesting deeper than {MAX_DEPTH} levels is refused"


def test_too_deep_flow_mappings_are_refused_at_the_first_key_too_deep() -> None:
    # "{a: " opens a mapping every 4 columns: the 32nd, at column 125, is at depth 32
    # and its key at column 126 at depth 33.
    message = refused(b"{a: " * 1000 + b"1" + b"}" * 1000)
    assert message == f"{PATH}:1:126: error: nesting deeper than {MAX_DEPTH} levels is refused"


def test_very_deep_nesting_is_a_diagnostic_not_a_crash() -> None:
    message = refused(b"[" * 1000 + b"]" * 1000)
    assert message == f"{PATH}:1:33: error: nesting deeper than {MAX_DEPTH} levels is refused"


def test_nesting_as_deep_as_the_size_limit_allows_is_refused_fast() -> None:
    half = MAX_YAML_BYTES // 2
    started = time.perf_counter()
    message = refused(b"[" * half + b"]" * half)
    assert time.perf_counter() - started < 2.0
    assert message == f"{PATH}:1:33: error: nesting deeper than {MAX_DEPTH} levels is refused"


# Where libyaml reads otherwise than PyYAML, which read annotations before it


def test_the_non_specific_tag_reads_a_scalar_as_a_plain_one() -> None:
    assert loaded(b'a: ! 84\nb: !\nc: ! "1.5"\nd: ! [x]\n') == {
        "a": 84,
        "b": None,
        "c": 1.5,
        "d": ["x"],
    }


@pytest.mark.parametrize(
    ("data", "location"),
    [
        (b"a: [b:, c]\n", "1:6"),
        (b"a: {b:}\n", "1:6"),
        (b"a: {b: 1, c:]\n", "1:12"),
    ],
)
def test_a_colon_right_before_a_flow_indicator_says_what_to_write(
    data: bytes, location: str
) -> None:
    assert refused(data) == (
        f"{PATH}:{location}: error: invalid YAML: a ':' right before ',', ']' or '}}' is not "
        "read as the end of a key; write a space after the ':', or quote the key"
    )


def test_a_colon_and_a_space_before_a_flow_indicator_is_an_empty_value() -> None:
    assert loaded(b"a: {b: , c: 1}\n") == {"a": {"b": None, "c": 1}}


@pytest.mark.parametrize(
    ("text", "value", "value_column"),
    [
        ("a: 1\n\ufeffb: 2\n", {"a": 1, "\ufeffb": 2}, 5),
        ("o\ufeffutlet: News\n", {"o\ufeffutlet": "News"}, 10),
        ('a: "x\ufeffy"\n', {"a": "x\ufeffy"}, 4),
        ("a: x\ufeff\n", {"a": "x\ufeff"}, 4),
        ("a: |\n  \ufeffline\n", {"a": "\ufeffline\n"}, 4),
    ],
)
def test_a_byte_order_mark_after_the_first_character_is_text(
    text: str, value: dict[str, object], value_column: int
) -> None:
    """As when PyYAML read annotations: libyaml alone would skip it at the start of a
    line and miscount the columns after it."""
    data, problems = load_yaml(text.encode(), PATH)
    assert problems == []
    assert data == value
    last = list(value)[-1]
    assert data.value_locations[last].column == value_column


def test_a_second_byte_order_mark_at_the_start_is_skipped_as_the_first() -> None:
    assert loaded("\ufeff\ufeffa: 1\n".encode()) == {"a": 1}


def test_an_escaped_byte_order_mark_is_kept() -> None:
    assert loaded(b'a: "x\\uFEFFy"\n') == {"a": "x\ufeffy"}


@pytest.mark.parametrize(
    ("data", "value"),
    [
        (b"tags: [what?, why]\n", {"tags": ["what?", "why"]}),
        (b"a:\t1\n", {"a": 1}),
        (b"a: [1,\t2]\n", {"a": [1, 2]}),
        (b"a: |# a comment\n  x\n", {"a": "x\n"}),
    ],
)
def test_what_libyaml_reads_plainly_is_read(data: bytes, value: object) -> None:
    assert loaded(data) == value


def test_the_end_of_a_file_without_a_final_line_break_is_on_its_last_line() -> None:
    assert refused(b"a: [1,\n  2") == (
        f"{PATH}:2:4: error: invalid YAML: while parsing a flow sequence, "
        "did not find expected ',' or ']'"
    )
    value = loaded(b"? key")
    assert isinstance(value, YamlMap)
    assert value.value_locations["key"] == Location(PATH, 1, 6)


def test_flow_nesting_beyond_libyaml_s_own_bound_is_refused_at_the_first_level_too_deep() -> None:
    # libyaml stops at 1,000 levels while looking ahead, before the reader reaches 33.
    # The 16th "{b: [" opens at column 79 a mapping at depth 32, and its key b is at 33.
    message = refused(b"a: " + b"{b: [" * 700 + b"]}" * 700 + b"\n")
    assert message == f"{PATH}:1:80: error: nesting deeper than {MAX_DEPTH} levels is refused"


def test_pyyaml_without_libyaml_is_an_error_that_names_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "yaml._yaml", None)  # as if PyYAML had no libyaml
    spec = importlib.util.spec_from_file_location("reader_without_libyaml", reader.__file__)
    assert spec is not None and spec.loader is not None
    with pytest.raises(ImportError, match="reinstall PyYAML from its wheel: make deps"):
        spec.loader.exec_module(importlib.util.module_from_spec(spec))


def test_an_escape_beyond_unicode_is_refused_where_it_stands() -> None:
    assert refused(b'a: "x\\U00110000"\n') == (
        f"{PATH}:1:8: error: invalid YAML: the escape \\U00110000 names no character "
        "(Unicode ends at U+10FFFF); write the character that was meant"
    )


@pytest.mark.parametrize(
    ("data", "column"),
    [(b"a: {b: }\n", 7), (b"a: {b:   , c: 1}\n", 7), (b"a: [b: ]\n", 7), (b'a: {"b": }\n', 9)],
)
def test_an_empty_value_in_a_flow_mapping_is_placed_right_after_its_colon(
    data: bytes, column: int
) -> None:
    value = loaded(data)
    inner = value["a"] if isinstance(value["a"], YamlMap) else value["a"][0]
    assert inner["b"] is None
    assert inner.value_locations["b"] == Location(PATH, 1, column)
