"""Resolve the server's jars from Maven Central with Maven, once per version."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from kb.neo4j_local.errors import MavenFailed, ToolMissing
from kb.neo4j_local.layout import BROWSER_VERSION, NEO4J_VERSION, Layout

# org.neo4j:neo4j holds CommunityEntryPoint; neo4j-server the HTTP server; neo4j-browser the UI.
ARTIFACTS = (
    ("org.neo4j", "neo4j", NEO4J_VERSION),
    ("org.neo4j.app", "neo4j-server", NEO4J_VERSION),
    ("org.neo4j.client", "neo4j-browser", BROWSER_VERSION),
)

# Pinned so a fresh machine gets the same copier (Maven 3.8 would pick a 2013 default).
COPY_GOAL = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"

_COMPLETE = ".complete"  # written last: a folder without it is a half-finished copy

# Maven's words for "the network did not answer"; anything else is reported as it is.
_NETWORK_SIGNS = (
    "Could not transfer",
    "UnknownHostException",
    "Connection refused",
    "Connect to",
    "connect timed out",
    "Network is unreachable",
    "offline mode",
)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # Maven colours its output even with style.color=never


def render_pom() -> str:
    dependencies = "\n".join(
        f"    <dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
        f"<version>{version}</version></dependency>"
        for group, artifact, version in ARTIFACTS
    )
    return (
        '<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
        "  <modelVersion>4.0.0</modelVersion>\n"
        "  <groupId>local.kb</groupId><artifactId>neo4j-server-jars</artifactId>"
        "<version>1</version>\n"
        f"  <dependencies>\n{dependencies}\n  </dependencies>\n"
        "</project>\n"
    )


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        hint = {
            "java": "install Java 17+ (e.g. apt-get install openjdk-17-jre-headless)",
            "mvn": "install Maven (e.g. apt-get install maven)",
        }[name]
        raise ToolMissing(f"{name} not found on PATH: {hint}, or set NEO4J_URI to a running Neo4j")
    return path


_JAVA_VERSION = re.compile(r'version "(?:1\.)?(\d+)')
MIN_JAVA = 17


def java_major(version_output: str) -> int | None:
    """The major version in `java -version` output ("17.0.15" -> 17, "1.8.0_402" -> 8)."""
    match = _JAVA_VERSION.search(version_output)
    return int(match.group(1)) if match else None


def require_java() -> str:
    """A `java` of version 17 or later (Neo4j 5 needs it), or ToolMissing saying so."""
    java = require_tool("java")
    probe = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    major = java_major(probe.stderr + probe.stdout)
    if major is not None and major < MIN_JAVA:
        raise ToolMissing(
            f"Neo4j 5 needs Java {MIN_JAVA}+, but {java} is Java {major}: install Java 17+ "
            f"(e.g. apt-get install openjdk-17-jre-headless) and put it first on PATH"
        )
    return java


def explain_maven_failure(output: str) -> str:
    """One line from Maven's output: the first [ERROR], labelled when it is the network."""
    output = _ANSI.sub("", output)
    errors = [line.strip() for line in output.splitlines() if line.startswith("[ERROR]")]
    others = [line.strip() for line in output.splitlines() if line.strip()]
    # Without an [ERROR] line (e.g. the JVM refused to start): the end of it, on one line.
    if errors:
        first = errors[0].removeprefix("[ERROR]").strip()
    else:
        first = " ".join(others)[-300:] or "no output"
    first = first.removesuffix("-> [Help 1]").strip()
    if any(sign in output for sign in _NETWORK_SIGNS):
        return (
            f"Maven could not download Neo4j {NEO4J_VERSION} from Maven Central "
            f"(is https://repo.maven.apache.org reachable, or a mirror set in ~/.m2/settings.xml?):"
            f" {first}"
        )
    return f"Maven could not resolve Neo4j {NEO4J_VERSION}: {first}"


def ensure_jars(layout: Layout) -> Path:
    """The folder of jars for the pinned version, resolving it with Maven the first time."""
    if (layout.jars / _COMPLETE).is_file():
        return layout.jars
    mvn = require_tool("mvn")
    layout.maven.mkdir(parents=True, exist_ok=True)
    pom = layout.maven / "pom.xml"
    pom.write_text(render_pom(), encoding="utf-8")
    # Copy into a scratch folder and rename at the end, so an interrupted copy is never used.
    scratch = layout.jars.with_name(f"{NEO4J_VERSION}.partial")
    shutil.rmtree(scratch, ignore_errors=True)
    result = subprocess.run(
        [
            mvn,
            "-q",
            "-B",
            "-Dstyle.color=never",
            "-f",
            str(pom),
            COPY_GOAL,
            f"-DoutputDirectory={scratch}",
            "-DincludeScope=runtime",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        shutil.rmtree(scratch, ignore_errors=True)
        raise MavenFailed(explain_maven_failure(result.stdout + result.stderr))
    (scratch / _COMPLETE).write_text(NEO4J_VERSION + "\n", encoding="utf-8")
    shutil.rmtree(layout.jars, ignore_errors=True)
    scratch.rename(layout.jars)
    return layout.jars
