"""The Neo4j Browser guide is the explore_*.cypher files; the style sheet covers the model."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from kb.browser import play_command, render_guide, style_sheet
from kb.browser.guide import MODEL_QUERY
from tests.grass import parse_grass, placeholders

ROOT = Path(__file__).resolve().parents[2]
STYLE_URL = "http://localhost:8000/browser/style.grass"


class _Slides(HTMLParser):
    """Each <slide>: its heading, paragraphs and runnable blocks, text unescaped."""

    def __init__(self) -> None:
        super().__init__()
        self.slides: list[dict[str, list[str]]] = []
        self._field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "slide":
            self.slides.append({"h3": [], "p": [], "runnable": []})
        elif tag == "pre" and "runnable" in classes:
            self._start("runnable")
        elif tag in ("h3", "p"):
            self._start(tag)

    def _start(self, field: str) -> None:
        self._field = field
        self.slides[-1][field].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("pre", "h3", "p"):
            self._field = None

    def handle_data(self, data: str) -> None:
        if self._field is not None:
            self.slides[-1][self._field][-1] += data


def _slides(document: str) -> list[dict[str, list[str]]]:
    parser = _Slides()
    parser.feed(document)
    return parser.slides


def _explore_files() -> list[Path]:
    return sorted((ROOT / "cypher" / "read").glob("explore_*.cypher"))


def test_the_first_slide_applies_the_style_and_draws_the_model() -> None:
    first = _slides(render_guide(STYLE_URL))[0]
    assert first["h3"] == ["The model"]
    assert first["runnable"] == [f":style {STYLE_URL}", "CALL db.schema.visualization()"]
    assert MODEL_QUERY == "CALL db.schema.visualization()"


def test_the_guide_runs_exactly_the_explore_files_one_slide_each() -> None:
    files = _explore_files()
    assert len(files) == 6  # the glob finds them (the test is not vacuous)
    slides = _slides(render_guide(STYLE_URL))[1:]
    assert len(slides) == len(files)
    for slide, path in zip(slides, files, strict=True):
        text = path.read_text(encoding="utf-8")
        lines = text.strip().splitlines()
        comment = " ".join(
            line.removeprefix("//").strip() for line in lines if line.startswith("//")
        )
        runnable = [line for line in lines if not line.startswith("//")]
        # The :param lines one block each, then the query: together, the file less its comment.
        assert "\n".join(slide["runnable"]) == "\n".join(runnable)
        assert slide["runnable"][: text.count(":param")] == [
            line for line in lines if line.startswith(":param")
        ]
        words = path.stem.removeprefix("explore_").replace("_", " ")
        assert slide["h3"] == [words[:1].upper() + words[1:]]
        description = comment.removeprefix("Explore:").strip()
        assert slide["p"][0] == description[:1].upper() + description[1:]
        assert slide["p"][-1] == f"From cypher/read/{path.name}."


def test_text_is_escaped_so_a_query_shows_as_written() -> None:
    document = render_guide(STYLE_URL)
    assert "(:Vendor)-[:ALTERNATIVE_TO]-&gt;(:Vendor)" in document
    assert "<script" not in document


def test_the_play_command_names_the_guide_on_the_api() -> None:
    assert play_command("127.0.0.1", 8000) == ":play http://localhost:8000/browser/guide.html"
    assert play_command("0.0.0.0", 8631) == ":play http://localhost:8631/browser/guide.html"  # noqa: S104
    assert play_command("kb.example", 80) == ":play http://kb.example:80/browser/guide.html"
    assert play_command("fd00::1", 8000) == ":play http://[fd00::1]:8000/browser/guide.html"


def _model_properties() -> dict[str, set[str]]:
    """Label -> its property names, from the node tables of docs/graph-model.md."""
    model = (ROOT / "docs" / "graph-model.md").read_text(encoding="utf-8")
    properties: dict[str, set[str]] = {}
    for row in re.findall(r"^\| `([A-Z][A-Za-z]+)` \|(.*)$", model, re.MULTILINE):
        properties[row[0]] = set(re.findall(r"`([a-z][A-Za-z]*)`", row[1]))
    for label in ("Vendor", "Evaluation"):  # "see below": their own sections
        section = model.split(f"### {label}\n", 1)[1].split("\n#", 1)[0]
        properties[label] |= set(re.findall(r"`([a-z][A-Za-z]*)`", section))
    return properties


def test_every_label_has_a_colour_and_a_caption_of_its_own_properties() -> None:
    rules = parse_grass(style_sheet())
    model = _model_properties()
    assert len(model) == 14
    labelled = {selector.removeprefix("node."): props for selector, props in rules.items()}
    assert sorted(set(labelled) - {"node", "relationship"}) == sorted(model)
    colours = [labelled[label]["color"] for label in model]
    assert len(set(colours)) == len(colours), "two labels share a colour"
    for label, props in model.items():
        caption = labelled[label]["caption"]
        used = placeholders(caption)
        # {name} first or within: the schema picture's node for the label holds only `name`.
        assert "name" in used, label
        assert set(used) <= props | {"name"}, label
    assert labelled["Risk"]["caption"] == "{name}{severity} {text}"


def test_docker_compose_allows_the_guide_host_like_the_managed_server() -> None:
    from kb.neo4j_local.config import BROWSER_REMOTE_CONTENT_HOSTS

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    environment = compose["services"]["neo4j"]["environment"]
    allowed = environment["NEO4J_browser_remote__content__hostname__whitelist"]
    assert allowed == BROWSER_REMOTE_CONTENT_HOSTS == "guides.neo4j.com,localhost,127.0.0.1"
