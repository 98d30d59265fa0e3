"""A synthetic, reproducible corpus of full vendor evaluations as canonical YAML files.

`generate_corpus(n, out_dir, seed=...)` writes `out_dir/vendor-00001.yaml` ... one file per
vendor, spread evenly over the 7 layers. Every evaluation is full: 11 scored dimensions with
rationales, strengths, limitations, 3 risks with mitigations (one naming a layer), 3
alternatives (other vendors of the corpus), use cases, industry fit, upstream/downstream flows,
stack impact, watch-for and POC items; every tenth vendor also carries explicit mitigation
links. The same (n, seed) always gives byte-identical files.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from kb.formats.canonical import dump_canonical
from kb.framework import framework_data
from kb.model import (
    Alternative,
    Certification,
    DimensionScore,
    Evaluation,
    Fit,
    Flow,
    FlowLink,
    FrameworkScore,
    IndustryFit,
    Integration,
    Mitigation,
    Provenance,
    Risk,
    RiskLink,
    Severity,
    SourceFormat,
    StackImpact,
    UseCase,
    VendorIdentity,
)

_WORDS = [
    "agent",
    "audit",
    "cache",
    "catalog",
    "cluster",
    "connector",
    "context",
    "contract",
    "dashboard",
    "dataset",
    "deploy",
    "embedding",
    "event",
    "feedback",
    "gateway",
    "glossary",
    "governance",
    "graph",
    "index",
    "ingest",
    "lineage",
    "latency",
    "model",
    "monitor",
    "ontology",
    "pipeline",
    "policy",
    "prompt",
    "query",
    "ranking",
    "recovery",
    "replica",
    "retrieval",
    "schema",
    "secret",
    "semantic",
    "signal",
    "stream",
    "tenant",
    "trace",
    "vector",
    "workflow",
]
_SEGMENTS = [
    "Regulated healthcare providers",
    "Financial services with audit duties",
    "Retail analytics teams",
    "Public sector agencies",
    "Manufacturing quality teams",
    "Start-ups shipping agents fast",
    "Research labs",
    "Global enterprises with many tenants",
]
_CERTS = ["SOC 2 Type II", "ISO 27001", "HIPAA BAA", "FedRAMP Moderate", "PCI DSS"]


def vendor_name(index: int) -> str:
    return f"Synthetic Vendor {index:05d}"


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _layer(index: int) -> str:
    return f"L{(index - 1) % 7 + 1}"


def _scores(rng: random.Random) -> list[FrameworkScore]:
    scores = []
    for framework in framework_data().frameworks:
        top = 6  # vendor pages score every dimension out of 6
        dims = [
            DimensionScore(
                letter=d.letter,
                name=d.name,
                score=rng.randint(1, top),
                max=top,
                rationale=_sentence(rng, 30),
            )
            for d in framework.dimensions
        ]
        scores.append(
            FrameworkScore(
                framework=framework.id,
                declared_total=sum(d.score for d in dims),
                declared_max=top * len(dims),
                dimensions=dims,
            )
        )
    return scores


def risk_text(index: int, number: int, seed: int) -> str:
    """Risk `number` of vendor `index`: reproducible on its own so that other vendors' explicit
    mitigation links can name it by its exact text."""
    rng = random.Random(seed * 7_919 + index * 10 + number)
    return f"Risk {number} of {vendor_name(index)}: {_sentence(rng, 16)}"


def make_evaluation(index: int, n: int, rng: random.Random, seed: int = 0) -> Evaluation:
    """The full evaluation of vendor `index` (1-based) in a corpus of `n` vendors."""
    layer = _layer(index)
    others = [i for i in rng.sample(range(1, n + 1), min(n, 4)) if i != index][:3]
    risks = []
    for r in range(3):
        mitigation_layers = [f"L{rng.randint(1, 7)}"] if r == 1 else []
        risks.append(
            Risk(
                severity=rng.choice(list(Severity)),
                text=risk_text(index, r + 1, seed),
                mitigation=Mitigation(
                    text=_sentence(rng, 18)
                    + (f" Use Layer {mitigation_layers[0][1]} tools." if mitigation_layers else ""),
                    layers=mitigation_layers,
                ),
            )
        )
    mitigates: list[RiskLink] = []
    if index % 10 == 0 and others:
        target = others[0]
        risks[0].mitigated_by_layers = [f"L{rng.randint(1, 7)}"]
        risks[0].mitigated_by_vendors = [vendor_name(others[-1])]
        mitigates.append(
            RiskLink(
                vendor=f"synthetic-vendor-{target:05d}",
                risk=risk_text(target, 1, seed),
                note="explicit link",
            )
        )
    up = f"L{rng.randint(1, 7)}"
    down = f"L{rng.randint(1, 7)}"
    return Evaluation(
        vendor=VendorIdentity(name=vendor_name(index)),
        layer=layer,
        category=rng.choice(["Vector DB", "CDC", "Catalog", "LLM", "Policy Engine", "APM"]),
        pricing=rng.choice(["Free (OSS)", "Usage-based", "Enterprise licence"]),
        tagline=_sentence(rng, 10),
        analysis=_sentence(rng, 60),
        tbi_view=_sentence(rng, 50),
        scores=_scores(rng),
        strengths=[_sentence(rng) for _ in range(5)],
        limitations=[_sentence(rng) for _ in range(5)],
        industry_fit=IndustryFit(
            best_suited_for=rng.sample(_SEGMENTS, 3),
            use_with_caution_for=rng.sample(_SEGMENTS, 2),
            certifications_held=[Certification(name=c) for c in rng.sample(_CERTS, 2)],
            certifications_not_held=[Certification(name="FedRAMP High")],
            certifications_text="Certifications as stated by the vendor.",
        ),
        alternatives=[
            Alternative(name=vendor_name(i), rationale=_sentence(rng, 25)) for i in others
        ],
        integration=Integration(
            role=_sentence(rng, 12),
            upstream=Flow(
                text=f"Consumes data from Layer {up[1]}.",
                links=[FlowLink(layer=up, what=_sentence(rng, 4))],
            ),
            downstream=Flow(
                text=f"Feeds Layer {down[1]}.",
                links=[FlowLink(layer=down, what=_sentence(rng, 4))],
            ),
        ),
        risks=risks,
        mitigates=mitigates,
        use_cases=[
            UseCase(fit=rng.choice(list(Fit)), title=_sentence(rng, 8), rationale=_sentence(rng))
            for _ in range(3)
        ],
        stack_impact=[StackImpact(layer=f"L{k}", text=_sentence(rng, 12)) for k in (4, 5, 6)],
        watch_for=[_sentence(rng, 8)],
        poc_checklist=[_sentence(rng, 8), _sentence(rng, 8)],
        provenance=Provenance(format=SourceFormat.CANONICAL),
    )


def generate_corpus(n: int, out_dir: Path, *, seed: int = 20260620) -> list[Path]:
    """Write n canonical YAML files into out_dir (created); the same n and seed, same bytes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(1, n + 1):
        rng = random.Random(seed * 1_000_003 + index)
        path = out_dir / f"vendor-{index:05d}.yaml"
        path.write_text(
            dump_canonical(make_evaluation(index, n, rng, seed), "yaml"), encoding="utf-8"
        )
        paths.append(path)
    return paths


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("bench/.work/corpus")
    print(f"wrote {len(generate_corpus(count, target))} files to {target}")
