"""Query limits: checked before any resolver runs, so a query over a limit costs no database call.

Defaults are documented in the README ("## GraphQL API"). Every limit answers with the error
code LIMIT_EXCEEDED. Depth and aliases reuse strawberry's validation rules (their errors are
re-tagged); tokens, the fields of a document with its fragments written out (before any
validation rule walks them) and root fields are counted here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TokenKind,
    ValidationContext,
    ValidationRule,
)
from graphql.language import Lexer, Source
from strawberry.extensions import AddValidationRules, SchemaExtension
from strawberry.extensions.max_aliases import create_validator as aliases_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from api.errors import BadUserInput, LimitExceeded, limit_error


@dataclass(frozen=True)
class Limits:
    max_depth: int = 6  # nesting below the root field (root field = 0; deepest today = 4)
    max_aliases: int = 10
    max_tokens: int = 1000  # lexical tokens in the document
    max_expanded_fields: int = 2000  # fields with every fragment spread written out
    max_root_fields: int = 5  # top-level fields per operation (each is one Cypher query)
    max_page_size: int = 100  # `first` on connections, `limit` on lists
    default_page_size: int = 20
    max_compare: int = 10  # vendors in one comparison
    max_flow_depth: int = 4
    max_search_text: int = 200  # characters of free text
    max_list_argument: int = 50  # items in any list argument
    max_stack_picks: int = 28  # picks in assessStack (four per layer)
    max_body_bytes: int = 64 * 1024  # a whole request body, variables included
    # Automatic persisted queries: documents kept by hash per process (least recently used
    # out first), by count and by the UTF-8 bytes of their text.
    max_persisted_queries: int = 1000
    max_persisted_query_bytes: int = 4 * 1024 * 1024

    def page_size(self, requested: int | None, argument: str = "first") -> int:
        """`requested` checked against the page-size limit (before any database call)."""
        if requested is None:
            return self.default_page_size
        if requested < 0:  # not too much of anything: a value that means nothing
            raise BadUserInput(f"argument {argument} must be at least 0, got {requested}")
        if requested > self.max_page_size:
            raise LimitExceeded(
                f"argument {argument}={requested} exceeds the page size limit "
                f"of {self.max_page_size}"
            )
        return requested

    def free_text(self, text: str, argument: str) -> str:
        """`text` checked against the free-text length limit (before any database call)."""
        if len(text) > self.max_search_text:
            raise LimitExceeded(
                f"argument {argument} is {len(text)} characters long; at most "
                f"{self.max_search_text} allowed"
            )
        return text


def _tagged(rule: type[ValidationRule]) -> type[ValidationRule]:
    """`rule` with every error it reports marked LIMIT_EXCEEDED.

    Strawberry's depth and alias rules do all their work in __init__, so the context's
    report_error is swapped only for that call (the context is shared by every rule).
    """

    class Tagged(rule):  # type: ignore[valid-type,misc]
        def __init__(self, context: ValidationContext) -> None:
            report = context.report_error

            def tagged(error: GraphQLError) -> None:
                report(limit_error(error.message, error.nodes))

            context.report_error = tagged  # type: ignore[method-assign]
            try:
                super().__init__(context)
            finally:
                context.report_error = report  # type: ignore[method-assign]

    return Tagged


def _root_fields_rule(max_root_fields: int) -> type[ValidationRule]:
    class RootFields(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            count = len(list(_root_field_nodes(node.selection_set, self.context)))
            if count > max_root_fields:
                self.report_error(
                    limit_error(
                        f"the operation selects {count} root fields; the limit is "
                        f"{max_root_fields}",
                        [node],
                    )
                )

    return RootFields


def _root_field_nodes(
    selection_set: SelectionSetNode, context: ValidationContext, seen: frozenset[str] = frozenset()
) -> Iterator[FieldNode]:
    """Top-level fields, looking through fragments (each fragment at most once per path)."""
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if not selection.name.value.startswith("__"):
                yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_field_nodes(selection.selection_set, context, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = context.get_fragment(name)
            if fragment is not None and name not in seen:
                yield from _root_field_nodes(fragment.selection_set, context, seen | {name})


def validation_rules(limits: Limits) -> list[type[ASTValidationRule]]:
    return [
        _tagged(depth_validator(limits.max_depth, None, None)),
        _tagged(aliases_validator(limits.max_aliases)),
        _root_fields_rule(limits.max_root_fields),
    ]


class LimitTokens(SchemaExtension):
    """Refuses a document with too many tokens before it is parsed."""

    def __init__(self, max_tokens: int) -> None:
        self.max_tokens = max_tokens

    def on_parse(self) -> Iterator[None]:
        query = self.execution_context.query or ""
        if _more_tokens_than(query, self.max_tokens):
            raise limit_error(f"the document has more than {self.max_tokens} tokens")
        yield


class LimitExpansion(SchemaExtension):
    """Refuses, before validation, a document whose fragments expand it past the limit.

    Validation rules (ours and strawberry's depth and alias rules) follow every path through
    the fragments: forty spreads, each fragment spreading the next twice, are 2^20 paths and
    held the event loop for seconds. Counted here once per fragment.
    """

    def __init__(self, max_fields: int) -> None:
        self.max_fields = max_fields

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        if document is not None and expanded_fields(document, self.max_fields) > self.max_fields:
            raise limit_error(
                f"the document expands to more than {self.max_fields} fields through its fragments"
            )
        yield


def expanded_fields(document: DocumentNode, cap: int) -> int:
    """The fields of every operation with each fragment spread written out; counting stops
    soon after `cap`. A fragment cycle counts once (validation refuses it)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    sizes: dict[str, int] = {}

    def size(selection_set: SelectionSetNode | None, visiting: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += 1 + size(selection.selection_set, visiting)
            elif isinstance(selection, InlineFragmentNode):
                total += size(selection.selection_set, visiting)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in sizes and name in fragments and name not in visiting:
                    sizes[name] = size(fragments[name].selection_set, visiting | {name})
                total += sizes.get(name, 0)
            if total > cap:
                break
        return total

    total = 0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            total += size(definition.selection_set, frozenset())
    return total


@lru_cache(maxsize=256)  # like the parse cache: a repeated document is lexed once
def _more_tokens_than(query: str, limit: int) -> bool:
    lexer = Lexer(Source(query))
    count = 0
    try:
        while lexer.advance().kind != TokenKind.EOF:
            count += 1
            if count > limit:
                return True
    except GraphQLError:
        return False  # a syntax error: the parser reports it properly
    return False


def limit_extensions(limits: Limits) -> list[Callable[[], SchemaExtension]]:
    """Extension factories (one instance per request, as strawberry expects)."""
    rules = validation_rules(limits)
    return [
        lambda: LimitTokens(limits.max_tokens),
        lambda: LimitExpansion(limits.max_expanded_fields),
        lambda: AddValidationRules(rules),
    ]
