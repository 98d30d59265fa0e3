"""Pure argument handling: Lucene escaping, cursors, page sizes, token counting, error codes."""

from __future__ import annotations

import base64

import pytest
from graphql import GraphQLError, parse

from api.errors import BadUserInput, Code, LimitExceeded, classify, format_error
from api.fulltext import lucene_query
from api.limits import Limits, _more_tokens_than, expanded_fields
from api.reads import page_params
from api.resolvers.arguments import bounded
from api.resolvers.vendors import decode_cursor, encode_cursor
from api.schema import build_schema
from kb.errors import Neo4jUnavailable, NotFound


def test_lucene_syntax_is_escaped_and_words_are_ored() -> None:
    assert lucene_query("ABAC access", "text", Limits()) == "ABAC OR access"
    assert lucene_query('name:* "x" a~2', "text", Limits()) == r"name\:\* OR \"x\" OR a\~2"
    assert lucene_query("AND OR NOT", "text", Limits()) == "and OR or OR not"


def test_lucene_query_refuses_text_with_no_word() -> None:
    with pytest.raises(BadUserInput, match="must contain a word"):
        lucene_query("   ", "riskText", Limits())


def test_free_text_over_its_limit_is_limit_exceeded() -> None:
    assert Limits(max_search_text=3).free_text("abc", "text") == "abc"
    with pytest.raises(
        LimitExceeded, match=r"^argument text is 4 characters long; at most 3 allowed$"
    ):
        Limits(max_search_text=3).free_text("abcd", "text")


def test_cursor_round_trip_and_foreign_cursors() -> None:
    assert [decode_cursor(encode_cursor(n)) for n in (0, 7, 10_000)] == [0, 7, 10_000]
    for bad in ("", "abc", encode_cursor(-1), "dmVuZG9yczp4"):  # the last: "vendors:x"
        with pytest.raises(BadUserInput, match="not a cursor"):
            decode_cursor(bad)


def test_a_cursor_is_only_what_encode_cursor_writes() -> None:
    """int() alone would accept these, and a 19-digit offset overflowed Neo4j's SKIP."""
    assert decode_cursor(encode_cursor(999_999_999)) == 999_999_999
    for text in ("vendors: 2", "vendors:+2", "vendors:2_0", "vendors:2\n", "vendors:٣"):
        forged = base64.urlsafe_b64encode(text.encode()).decode()
        with pytest.raises(BadUserInput, match="not a cursor"):
            decode_cursor(forged)
    for offset in (1_000_000_000, 9_223_372_036_854_775_806, int("9" * 30)):
        with pytest.raises(BadUserInput, match="not a cursor"):
            decode_cursor(encode_cursor(offset))


def test_below_a_minimum_is_bad_input_above_a_maximum_is_a_limit() -> None:
    assert bounded(4, "depth", 1, 4) == 4
    with pytest.raises(BadUserInput, match="argument depth=0 must be between 1 and 4"):
        bounded(0, "depth", 1, 4)
    with pytest.raises(LimitExceeded, match="argument depth=5 must be between 1 and 4"):
        bounded(5, "depth", 1, 4)


def test_page_size() -> None:
    limits = Limits(max_page_size=50, default_page_size=20)
    assert (limits.page_size(None), limits.page_size(0), limits.page_size(50)) == (20, 0, 50)
    with pytest.raises(LimitExceeded, match="first=51 exceeds the page size limit of 50"):
        limits.page_size(51)
    with pytest.raises(BadUserInput, match="argument first must be at least 0, got -1"):
        limits.page_size(-1)


def test_token_counting() -> None:
    assert _more_tokens_than("{ a { b } }", 6) is False
    assert _more_tokens_than("{ a { b } }", 5) is True
    assert _more_tokens_than("# a comment only counts as nothing\n{ a }", 3) is False
    assert _more_tokens_than('{ a(x: "unterminated', 10) is False  # the parser reports it


def test_error_codes() -> None:
    def wrapped(error: Exception) -> GraphQLError:
        return GraphQLError("resolver failed", original_error=error)

    assert classify(wrapped(NotFound("no vendor"))) == (Code.NOT_FOUND, "no vendor")
    assert classify(wrapped(LimitExceeded("too big"))) == (Code.LIMIT_EXCEEDED, "too big")
    assert classify(wrapped(BadUserInput("bad"))) == (Code.BAD_USER_INPUT, "bad")
    assert classify(wrapped(Neo4jUnavailable("bolt://secret-host:7687 refused")))[0] == (
        Code.UNAVAILABLE
    )
    assert "secret-host" not in classify(wrapped(Neo4jUnavailable("bolt://secret-host")))[1]
    assert classify(wrapped(ValueError("MATCH (n) leaked"))) == (
        Code.INTERNAL,
        "Internal server error.",
    )
    assert classify(GraphQLError("Syntax Error: Expected Name")) == (
        Code.BAD_USER_INPUT,
        "Syntax Error: Expected Name",
    )


def test_a_variable_that_does_not_coerce_is_named_with_where_it_fails() -> None:
    schema = build_schema()
    document = "query($f: VendorFilter) { vendors(filter: $f) { totalCount } }"
    result = schema.execute_sync(document, variable_values={"f": {"minInpactTotal": "x"}})
    assert [format_error(e)["message"] for e in result.errors or []] == [
        "Variable '$f' has invalid value at .minInpactTotal: "
        "Int cannot represent non-integer value: 'x'"
    ]
    # A wrapped error whose message is not graphql-core's own still gives the inner one.
    inner = GraphQLError("no vendor", original_error=NotFound("no vendor"))
    assert classify(GraphQLError("Variable '$s' failed: no vendor", original_error=inner)) == (
        Code.NOT_FOUND,
        "no vendor",
    )


def test_formatted_errors_carry_only_message_locations_path_and_code() -> None:
    error = GraphQLError("boom", original_error=RuntimeError("internal"), path=["vendor"])
    assert format_error(error) == {
        "message": "Internal server error.",
        "path": ["vendor"],
        "extensions": {"code": "INTERNAL"},
    }


def test_production_errors_suggest_no_schema_names() -> None:
    """graphql-core appends suggestions to validation messages of every kind (arguments,
    types, input fields, enum values); production leaves them out."""
    messages = [
        "Unknown argument 'slugg' on field 'Query.vendor'. Did you mean 'slug'?",
        "Unknown type 'VendorFiltr'. Did you mean 'VendorFilter', 'VendorRisk', or 'VendorRef'?",
        "Value 'INPACT_TOTL' does not exist in 'VendorSortField' enum. Did you mean the enum "
        "value 'INPACT_TOTAL'?",
        "Expected value of type 'VendorFilter' not to include unknown field 'layr'. Did you "
        "mean 'layer'? Found: { layr: \"L1\" }.",
        "Variable '$f' of type 'Int' used in position expecting type 'VendorFilter'.",
        "Cannot query field 'x' on type 'VendorRef'.",
        "Fragment cannot be spread here as objects of type 'Query' can never be of type 'Flow'.",
        "Enum 'VendorSortField' cannot represent non-enum value: \"x\". Did you mean the enum "
        "value 'NAME'?",
        "Enum 'Layer' cannot represent non-string value: 7.",
    ]
    hidden = [format_error(GraphQLError(m), hide_suggestions=True)["message"] for m in messages]
    assert hidden == [
        "Unknown argument 'slugg' on field 'Query.vendor'.",
        "Unknown type 'VendorFiltr'.",
        "Value 'INPACT_TOTL' does not exist in the enum.",
        # ... nor a type the document did not name
        "Expected value not to include unknown field 'layr'. Found: { layr: \"L1\" }.",
        "Variable '$f' used in position expecting another type.",
        "Cannot query field 'x'.",
        "Fragment cannot be spread here: its type condition can never match.",
        'The enum cannot represent non-enum value: "x".',
        "The enum cannot represent non-string value: 7.",
    ]
    assert format_error(GraphQLError(messages[0]))["message"] == messages[0]
    # A resolver's own message is left as it is, whatever it says.
    own = GraphQLError("x", original_error=BadUserInput("Did you mean 'y'?"))
    assert format_error(own, hide_suggestions=True)["message"] == "Did you mean 'y'?"


def _doubling(levels: int) -> str:
    """Each fragment spreads the next twice: 2**levels copies of the last one's fields."""
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return f"{{ ...F0 }} {chain} fragment F{levels} on Query {{ layers {{ id }} }}"


@pytest.mark.parametrize(
    ("document", "fields"),
    [
        ("{ layers { id name } }", 3),
        ("{ a: layers { ...L } b: layers { ...L } } fragment L on LayerOverview { id name }", 6),
        ("{ layers { ... on Layer { id } } }", 2),
        (_doubling(3), 16),
        # A cycle is validation's to refuse; counting must still end.
        ("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A layers { id } }", 2),
    ],
)
def test_expanded_fields_write_every_fragment_out(document: str, fields: int) -> None:
    assert expanded_fields(parse(document), 1_000) == fields


def test_expanded_fields_stop_soon_after_the_cap() -> None:
    """2**60 paths: counted per fragment, and stopped once past the cap."""
    assert 100 < expanded_fields(parse(_doubling(60)), 100) <= 400


def test_q4_parameters_fill_the_unasked_filters_and_refuse_unknown_ones() -> None:
    params = page_params({"layer": "L1"}, sort_property="name", descending=False, offset=0, first=5)
    assert params == {
        "filter": {
            "layer": "L1",
            "category": None,
            "minInpact": None,
            "minGoals": None,
            "minScores": [],
            "certification": None,
            "segment": None,
            "evaluated": None,
        },
        "sortProperty": "name",
        "descending": False,
        "offset": 0,
        "first": 5,
    }
    with pytest.raises(ValueError, match=r"\['layr'\]"):
        page_params({"layr": "L1"}, sort_property="name", descending=False, offset=0, first=5)
