"""Acceptance: every value of the customer's vendor page seeds/evaluations/argilla.txt."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kb.formats.load import load_file
from kb.model import Evaluation, Fit, Severity

ARGILLA = Path(__file__).resolve().parents[3] / "seeds" / "evaluations" / "argilla.txt"

# Rationales exactly as the page states them (one paragraph each).
INPACT = [
    (
        "I",
        "Instant",
        3,
        (
            "Primary workflows involve human annotation which inherently takes minutes to "
            "hours, not seconds. While API responses are fast (~200ms), the core value "
            "proposition operates on human timescales. Cold starts for new annotation tasks "
            "can take 30+ seconds to initialize datasets."
        ),
    ),
    (
        "N",
        "Natural",
        4,
        (
            "Strong Python SDK and intuitive web interface for data scientists. However, "
            "requires understanding of ML concepts like RLHF and annotation schemas. "
            "Business users need training to contribute effectively to feedback loops."
        ),
    ),
    (
        "P",
        "Permitted",
        2,
        (
            "Basic RBAC through workspace permissions and API keys. No ABAC support for "
            "fine-grained access control. Limited audit trails for annotation decisions. "
            "Enterprise features require Argilla Cloud subscription with unclear governance "
            "capabilities."
        ),
    ),
    (
        "A",
        "Adaptive",
        4,
        (
            "Open-source with Docker deployment flexibility. Strong plugin ecosystem for "
            "different annotation types. However, migration from self-hosted to cloud "
            "requires data export/import. No automatic scaling for annotation workloads."
        ),
    ),
    (
        "C",
        "Contextual",
        3,
        (
            "Good integration with Hugging Face ecosystem and major ML frameworks. Limited "
            "native connectors to enterprise data sources. Metadata handling is "
            "annotation-focused, not comprehensive business context integration."
        ),
    ),
    (
        "T",
        "Transparent",
        5,
        (
            "Excellent transparency for annotation workflows with full audit trails of human "
            "decisions, inter-annotator agreement metrics, and version tracking. However, "
            "transparency is limited to the annotation domain, not broader agent "
            "orchestration decisions."
        ),
    ),
]
GOALS = [
    (
        "G",
        "Governance",
        2,
        (
            "Minimal automated policy enforcement. Relies on manual review processes and "
            "workspace-level permissions. No integration with enterprise IAM systems or "
            "automated compliance checks for annotation quality."
        ),
    ),
    (
        "O",
        "Observability",
        4,
        (
            "Strong observability for annotation workflows with metrics dashboards and "
            "progress tracking. Limited integration with enterprise APM tools. No cost "
            "attribution for compute resources during annotation tasks."
        ),
    ),
    (
        "A",
        "Availability",
        3,
        (
            "Self-hosted deployment offers control but requires manual disaster recovery "
            "setup. Argilla Cloud provides better availability but no published SLA. RTO "
            "depends on manual backup/restore processes exceeding 1 hour."
        ),
    ),
    (
        "L",
        "Lexicon",
        2,
        (
            "Annotation schemas are flexible but don't enforce enterprise semantic "
            "standards. No integration with business glossaries or ontology management "
            "systems. Terminology consistency relies on manual annotation guidelines."
        ),
    ),
    (
        "S",
        "Solid",
        3,
        (
            "Founded 2021, relatively new but growing adoption in ML community. Limited "
            "enterprise customer references. Open-source model provides code transparency "
            "but enterprise support is still maturing."
        ),
    ),
]
STRENGTHS = [
    (
        "Native RLHF workflow support with built-in inter-annotator agreement calculations and "
        "quality metrics"
    ),
    (
        "Flexible annotation interfaces supporting text, token, and ranking tasks with custom "
        "schema definitions"
    ),
    "Strong integration with Hugging Face ecosystem enabling seamless model fine-tuning workflows",
    (
        "Open-source architecture allows customization of annotation interfaces and data export "
        "formats"
    ),
    (
        "Active feedback loops with version tracking enable continuous model improvement based "
        "on human corrections"
    ),
]
LIMITATIONS = [
    (
        "Not designed for real-time agent orchestration - focuses on batch annotation workflows "
        "taking hours/days"
    ),
    (
        "Limited enterprise governance features - no ABAC, automated policy enforcement, or IAM "
        "integration"
    ),
    (
        "Requires separate orchestration platform for complex multi-agent workflows and "
        "conditional routing"
    ),
    (
        "Annotation-centric observability doesn't extend to broader agent execution monitoring "
        "and cost attribution"
    ),
    "No native disaster recovery or high-availability features in open-source version",
]


@pytest.fixture(scope="module")
def argilla() -> Evaluation:
    parsed = load_file(ARGILLA, max_file_bytes=1_000_000)
    assert parsed.problems == []
    assert len(parsed.evaluations) == 1
    return parsed.evaluations[0].evaluation


def test_identity_header_and_texts(argilla: Evaluation) -> None:
    assert argilla.vendor.name == "Argilla"
    assert argilla.vendor.slug == "argilla"
    assert argilla.layer == "L7"
    assert argilla.category == "HITL Platform"
    assert argilla.pricing == "Free (OSS) / Argilla Cloud"
    assert argilla.tagline == (
        "Open-source platform for human-in-the-loop data curation, feedback collection, and RLHF."
    )
    assert argilla.analysis == (
        "Argilla is an open-source HITL platform specialized for data curation and RLHF "
        "feedback collection, not true multi-agent orchestration. It solves the trust problem "
        "of model quality degradation by enabling continuous human feedback loops, but lacks "
        "the orchestration capabilities needed for complex agent workflows. The key tradeoff: "
        "excellent for model improvement but insufficient as a standalone Layer 7 "
        "orchestration platform."
    )
    assert argilla.tbi_view == (
        "From a 'Trust Before Intelligence' viewpoint, HITL platforms are critical for "
        "maintaining trust over time through continuous model improvement and human oversight. "
        "However, Argilla's focus on data curation rather than agent orchestration means it "
        "addresses only one aspect of Layer 7 trust requirements. Without proper orchestration "
        "capabilities, complex agent workflows can fail silently or produce inconsistent "
        "results, violating the binary nature of user trust."
    )


@pytest.mark.parametrize(
    ("framework", "declared", "expected"),
    [("INPACT", (25, 36), INPACT), ("GOALS", (18, 25), GOALS)],
)
def test_scores_as_stated(
    argilla: Evaluation,
    framework: str,
    declared: tuple[int, int],
    expected: list[tuple[str, str, int, str]],
) -> None:
    score = argilla.framework(framework)
    assert score is not None
    assert (score.declared_total, score.declared_max) == declared
    got = [(d.letter, d.name, d.score, d.rationale) for d in score.dimensions]
    assert got == expected
    assert {d.max for d in score.dimensions} == {6}


def test_declared_totals_are_kept_beside_the_sums(argilla: Evaluation) -> None:
    inpact, goals = argilla.framework("INPACT"), argilla.framework("GOALS")
    assert inpact is not None and goals is not None
    assert (inpact.declared_total, inpact.computed_total, inpact.computed_max) == (25, 21, 36)
    assert (goals.declared_total, goals.computed_total, goals.computed_max) == (18, 14, 30)


def test_strengths_and_limitations(argilla: Evaluation) -> None:
    assert argilla.strengths == STRENGTHS
    assert argilla.limitations == LIMITATIONS


def test_industry_fit(argilla: Evaluation) -> None:
    fit = argilla.industry_fit
    assert fit.best_suited_for == [
        "Machine learning teams focused on model improvement",
        "Research organizations requiring human annotation workflows",
        "Companies with dedicated data science teams for RLHF",
    ]
    assert fit.use_with_caution_for == [
        "Regulated industries requiring HIPAA/GDPR compliance without additional governance layer",
        "Real-time applications requiring sub-second orchestration responses",
        "Enterprises needing comprehensive audit trails beyond annotation workflows",
    ]
    assert [(c.name, c.scope) for c in fit.certifications_held] == [
        ("SOC 2 Type II", "Argilla Cloud")
    ]
    assert [(c.name, c.scope) for c in fit.certifications_not_held] == [
        ("HIPAA BAA", None),
        ("FedRAMP", None),
    ]
    assert fit.certifications_text == (
        "SOC 2 Type II for Argilla Cloud. No HIPAA BAA, FedRAMP, or industry-specific "
        "compliance certifications available."
    )


def test_alternatives(argilla: Evaluation) -> None:
    assert [(a.name, a.slug, a.rationale) for a in argilla.alternatives] == [
        (
            "Temporal",
            "temporal",
            "Temporal excels at reliable multi-agent orchestration with state management and "
            "error recovery, making it the better choice for production agent workflows. Choose "
            "Argilla when model improvement through human feedback is the primary goal, not "
            "agent orchestration.",
        ),
        (
            "Apache Airflow",
            "apache-airflow",
            "Airflow provides comprehensive workflow orchestration with enterprise observability "
            "and scheduling, better suited for complex agent pipelines. Choose Argilla when "
            "continuous model improvement through RLHF is more critical than workflow "
            "orchestration capabilities.",
        ),
        (
            "Kong",
            "kong",
            "Kong offers enterprise-grade API gateway capabilities with comprehensive governance "
            "and observability for agent communication. Choose Argilla when human feedback "
            "collection is essential; choose Kong when API management and routing are the "
            "primary trust requirements.",
        ),
    ]


def test_integration(argilla: Evaluation) -> None:
    integration = argilla.integration
    assert integration.role == (
        "Provides human-in-the-loop feedback collection and model improvement workflows, "
        "not comprehensive multi-agent orchestration"
    )
    assert integration.upstream.text == (
        "Consumes model outputs from Layer 4 RAG pipelines and inference services, "
        "annotation data from Layer 1 storage systems"
    )
    assert [(x.layer, x.what) for x in integration.upstream.links] == [
        ("L4", "model outputs"),
        ("L1", "annotation data"),
    ]
    assert integration.downstream.text == (
        "Feeds improved model weights and training data back to Layer 4 systems, "
        "annotation insights to Layer 6 observability platforms"
    )
    assert [(x.layer, x.what) for x in integration.downstream.links] == [
        ("L4", "improved model weights and training data"),
        ("L6", "annotation insights"),
    ]


def test_risks(argilla: Evaluation) -> None:
    got = [
        (
            r.severity,
            r.text,
            r.mitigation.text if r.mitigation else None,
            r.mitigation.layers if r.mitigation else None,
        )
        for r in argilla.risks
    ]
    assert got == [
        (
            Severity.HIGH,
            "Annotation bottlenecks can halt agent improvement cycles, causing model performance "
            "to degrade silently over weeks",
            "Implement automated quality thresholds with fallback to previous model versions "
            "when annotation queues exceed SLA",
            [],
        ),
        (
            Severity.MEDIUM,
            "Lack of ABAC means annotators may access sensitive data outside their "
            "authorization scope",
            "Deploy enterprise IAM integration through Layer 5 governance tools before "
            "annotation workflows access production data",
            ["L5"],
        ),
        (
            Severity.MEDIUM,
            "Version inconsistency between annotation feedback and deployed models can cause "
            "trust collapse when users see conflicting behaviors",
            "Implement strict versioning discipline with immutable model artifacts and "
            "annotation lineage tracking",
            [],
        ),
    ]


def test_use_cases(argilla: Evaluation) -> None:
    assert [(u.fit, u.title, u.rationale) for u in argilla.use_cases] == [
        (
            Fit.STRONG,
            "Healthcare clinical decision support with physician feedback on AI recommendations",
            "Excellent for collecting physician corrections and RLHF training data, but requires "
            "separate orchestration platform for real-time clinical workflows and "
            "HIPAA-compliant data handling.",
        ),
        (
            Fit.MODERATE,
            "Financial services fraud detection with analyst feedback on false positives",
            "Good for improving model accuracy through analyst corrections, but lacks the "
            "real-time orchestration needed for transaction processing and regulatory audit "
            "trails.",
        ),
        (
            Fit.STRONG,
            "Manufacturing quality control with inspector feedback on defect classifications",
            "Ideal for continuous improvement of defect detection models through expert "
            "feedback, though production line integration requires additional orchestration "
            "layer.",
        ),
    ]


def test_stack_impact_and_empty_sections(argilla: Evaluation) -> None:
    assert [(s.layer, s.text) for s in argilla.stack_impact] == [
        (
            "L4",
            "RAG pipeline performance depends on annotation quality from Argilla - poor "
            "annotation workflows directly degrade retrieval relevance and user trust in L4 "
            "systems",
        ),
        (
            "L5",
            "Governance policies must account for human annotator access patterns - L5 ABAC "
            "systems need integration points for annotation workflow permissions",
        ),
        (
            "L6",
            "Observability systems must correlate annotation feedback metrics with downstream "
            "agent performance - L6 monitoring needs annotation workflow visibility",
        ),
    ]
    assert argilla.watch_for == []
    assert argilla.poc_checklist == []
    assert argilla.mitigates == []


def test_provenance() -> None:
    parsed = load_file(ARGILLA, max_file_bytes=1_000_000, display="argilla.txt")
    provenance = parsed.evaluations[0].evaluation.provenance
    assert provenance.format == "page"
    assert provenance.source_file == "argilla.txt"
    assert provenance.content_hash == hashlib.sha256(ARGILLA.read_bytes()).hexdigest()


def test_line_numbers() -> None:
    lines = load_file(ARGILLA, max_file_bytes=1_000_000).evaluations[0].lines
    expected = {
        "vendor": 1,
        "layer": 3,
        "tagline": 5,
        "scores.INPACT": 17,
        "scores.INPACT.P": 28,
        "scores.INPACT.P.score": 29,
        "scores.GOALS": 50,
        "strengths.1": 78,
        "limitations.5": 90,
        "industry_fit.best_suited_for.3": 96,
        "industry_fit.certifications": 98,
        "alternatives.2": 113,
        "integration.upstream": 128,
        "risks.2": 138,
        "risks.2.mitigation": 140,
        "use_cases.3": 156,
        "stack_impact.3": 164,
    }
    assert {key: lines.get(key) for key in expected} == expected
