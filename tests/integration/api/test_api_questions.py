"""Q1-Q9 over HTTP against the seed corpus (seeds/), with exact expected answers."""

from __future__ import annotations

from typing import Any

import neo4j

from tests.integration.api.test_api_evidence import change_vendor, restore_vendor

ARGILLA_ABAC_RISK = "argilla/4e5964d31b"
ABAC_MITIGATION = (
    "Deploy enterprise IAM integration through Layer 5 governance tools before annotation "
    "workflows access production data"
)


def data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


Q1 = """
query ($id: String, $text: String, $layer: String) {
  mitigatingTools(riskId: $id, riskText: $text, layer: $layer) {
    risk { id severity owner { slug } }
    mitigation mitigationLayers matchedRules toolCount
    tools { rank vendor { name layerId } strongest evidence { kind quote layerId } }
  }
}
"""


def test_q1_the_argilla_abac_risk_by_id_is_mitigated_by_the_l5_vendors(gql: Any) -> None:
    answer = data(gql(Q1, id=ARGILLA_ABAC_RISK))["mitigatingTools"]
    assert len(answer) == 1
    risk = answer[0]
    assert risk["risk"] == {
        "id": ARGILLA_ABAC_RISK,
        "severity": "medium",
        "owner": {"slug": "argilla"},
    }
    assert risk["mitigation"] == ABAC_MITIGATION
    assert risk["mitigationLayers"] == ["L5"]
    assert risk["matchedRules"] == ["access control"]
    assert risk["toolCount"] == 3
    assert [(t["rank"], t["vendor"]["name"], t["strongest"]) for t in risk["tools"]] == [
        (1, "Cerbos", "LAYER"),
        (2, "Auth0", "LAYER"),
        (3, "HashiCorp Vault", "LAYER"),
    ]
    for tool in risk["tools"]:
        assert tool["evidence"] == [{"kind": "LAYER", "quote": ABAC_MITIGATION, "layerId": "L5"}]


def test_q1_free_text_finds_the_risk_first(gql: Any) -> None:
    answer = data(gql(Q1, text="ABAC authorization"))["mitigatingTools"]
    assert answer[0]["risk"]["id"] == ARGILLA_ABAC_RISK
    assert [t["vendor"]["name"] for t in answer[0]["tools"]] == [
        "Cerbos",
        "Auth0",
        "HashiCorp Vault",
    ]


def test_q1_free_text_ranks_the_matching_risks(gql: Any) -> None:
    query = """
    { mitigatingTools(riskText: "annotation models", maxRisks: 3) { risk { id } matchScore } }
    """
    answer = data(gql(query))["mitigatingTools"]
    # Both words match the versioning risk; only "annotation" the bottleneck one; the ABAC
    # risk says "annotators", which Lucene's analyzer does not reduce to "annotation".
    assert [r["risk"]["id"] for r in answer] == ["argilla/18a817e1f5", "argilla/07829c5cb6"]
    assert answer[0]["matchScore"] > answer[1]["matchScore"]


def test_q1_layer_filter_keeps_only_tools_in_that_layer(gql: Any) -> None:
    in_l5 = data(gql(Q1, id=ARGILLA_ABAC_RISK, layer="Layer 5"))["mitigatingTools"][0]
    in_l7 = data(gql(Q1, id=ARGILLA_ABAC_RISK, layer="L7"))["mitigatingTools"][0]
    assert in_l5["toolCount"] == 3
    assert (in_l7["toolCount"], in_l7["tools"]) == (0, [])


def test_q1_a_risk_without_layer_or_links_has_no_tools_in_the_seed_corpus(gql: Any) -> None:
    # The bottleneck risk maps to monitoring/feedback dimensions, but no snapshot vendor has
    # dimension scores and Argilla never mitigates its own risk.
    answer = data(gql(Q1, text="annotation bottlenecks"))["mitigatingTools"][0]
    assert answer["risk"]["severity"] == "high"
    assert answer["matchedRules"] == ["monitoring", "feedback and adaptation"]
    assert (answer["toolCount"], answer["tools"]) == (0, [])


def test_q1_unknown_risk_id_is_not_found(gql: Any) -> None:
    body = gql(Q1, id="argilla/nope")
    assert body["data"] == {"mitigatingTools": None}
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND"}


def test_q1_needs_exactly_one_of_id_and_text(gql: Any) -> None:
    body = gql(Q1, id=ARGILLA_ABAC_RISK, text="abac")
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "exactly one" in body["errors"][0]["message"]


Q2 = """
query ($slug: String!) {
  vendor(slug: $slug) {
    vendor { name layerId category isStub inpactTotal goalsTotal }
    pricing
    inpact { declared declaredMax computed computedMax agrees }
    goals { declared declaredMax computed computedMax agrees }
    latestScores { dimension score max }
    history { version latest format sourceFile scores { dimension } }
    strengths limitations bestSuitedFor useWithCautionFor
    certificationsHeld { name scope } certificationsNotHeld { name scope }
    risks {
      severity text mitigation mitigationLayers tools { name } layerTools { name } layerToolCount
    }
    useCases { fit title }
    stackImpact { layerId }
    upstream { layerId what } downstream { layerId what }
  }
}
"""


def test_q2_argilla_whole_evaluation(gql: Any) -> None:
    v = data(gql(Q2, slug="argilla"))["vendor"]
    assert v["vendor"] == {
        "name": "Argilla",
        "layerId": "L7",
        "category": "HITL Platform",
        "isStub": False,
        "inpactTotal": 25,
        "goalsTotal": 18,
    }
    assert v["pricing"] == "Free (OSS) / Argilla Cloud"
    assert v["inpact"] == {
        "declared": 25,
        "declaredMax": 36,
        "computed": 21,
        "computedMax": 36,
        "agrees": False,
    }
    assert v["goals"] == {
        "declared": 18,
        "declaredMax": 25,
        "computed": 14,
        "computedMax": 30,
        "agrees": False,
    }
    assert [(s["dimension"], s["score"], s["max"]) for s in v["latestScores"]] == [
        ("INPACT.I", 3, 6),
        ("INPACT.N", 4, 6),
        ("INPACT.P", 2, 6),
        ("INPACT.A", 4, 6),
        ("INPACT.C", 3, 6),
        ("INPACT.T", 5, 6),
        ("GOALS.G", 2, 6),
        ("GOALS.O", 4, 6),
        ("GOALS.A", 3, 6),
        ("GOALS.L", 2, 6),
        ("GOALS.S", 3, 6),
    ]
    assert [(h["version"], h["latest"], h["format"], len(h["scores"])) for h in v["history"]] == [
        (1, True, "page", 11)
    ]
    assert len(v["strengths"]) == 5
    assert v["strengths"][0].startswith("Native RLHF workflow support")
    assert len(v["limitations"]) == 5
    assert v["bestSuitedFor"] == [
        "Machine learning teams focused on model improvement",
        "Research organizations requiring human annotation workflows",
        "Companies with dedicated data science teams for RLHF",
    ]
    assert len(v["useWithCautionFor"]) == 3
    assert v["certificationsHeld"] == [{"name": "SOC 2 Type II", "scope": "Argilla Cloud"}]
    assert v["certificationsNotHeld"] == [
        {"name": "FedRAMP", "scope": None},
        {"name": "HIPAA BAA", "scope": None},
    ]
    assert [(r["severity"], r["mitigationLayers"]) for r in v["risks"]] == [
        ("high", []),
        ("medium", ["L5"]),
        ("medium", []),
    ]
    assert v["risks"][1]["mitigation"] == ABAC_MITIGATION
    assert [t["name"] for t in v["risks"][1]["layerTools"]] == [
        "Cerbos",
        "Auth0",
        "HashiCorp Vault",
    ]
    assert [r["tools"] for r in v["risks"]] == [[], [], []]
    assert [r["layerToolCount"] for r in v["risks"]] == [0, 3, 0]
    assert [u["fit"] for u in v["useCases"]] == ["strong", "moderate", "strong"]
    assert [s["layerId"] for s in v["stackImpact"]] == ["L4", "L5", "L6"]
    assert [u["layerId"] for u in v["upstream"]] == ["L4", "L1"]
    assert [d["layerId"] for d in v["downstream"]] == ["L4", "L6"]


def test_q2_snapshot_vendor_has_totals_and_no_dimension_scores(gql: Any) -> None:
    v = data(gql(Q2, slug="cerbos"))["vendor"]
    assert v["vendor"]["inpactTotal"] == 31
    assert v["inpact"]["declared"] == 31
    assert v["inpact"]["computed"] is None
    assert v["inpact"]["agrees"] is None
    assert v["latestScores"] == []
    assert v["risks"] == []


def test_q2_unknown_vendor_is_not_found(gql: Any) -> None:
    body = gql(Q2, slug="no-such-vendor")
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    assert body["errors"][0]["message"] == "no vendor with slug 'no-such-vendor'"


Q3 = """
query ($slug: String!) {
  alternatives(slug: $slug) {
    vendor { name }
    suggested { vendor { name isStub } rationale }
    suggestedBy { vendor { name isStub } rationale }
  }
}
"""


def test_q3_argilla_suggests_three_alternatives_two_of_them_stubs(gql: Any) -> None:
    a = data(gql(Q3, slug="argilla"))["alternatives"]
    assert [(x["vendor"]["name"], x["vendor"]["isStub"]) for x in a["suggested"]] == [
        ("Temporal", False),
        ("Apache Airflow", True),
        ("Kong", True),
    ]
    assert a["suggested"][0]["rationale"].startswith("Temporal excels at reliable multi-agent")
    assert a["suggestedBy"] == []


def test_q3_the_other_direction(gql: Any) -> None:
    a = data(gql(Q3, slug="kong"))["alternatives"]
    assert a["suggested"] == []
    assert [(x["vendor"]["name"], x["vendor"]["isStub"]) for x in a["suggestedBy"]] == [
        ("Argilla", False)
    ]
    assert a["suggestedBy"][0]["rationale"].startswith("Kong offers enterprise-grade API gateway")


Q4 = """
query ($filter: VendorFilter, $sort: VendorSort, $first: Int, $after: String) {
  vendors(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    edges { cursor node { name inpactTotal goalsTotal } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def names(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


def test_q4_by_name_pages_through_all_21_vendors(gql: Any) -> None:
    first = data(gql(Q4, first=8))["vendors"]
    assert first["totalCount"] == 21
    assert names(first) == [
        "Anthropic Claude",
        "Apache Airflow",
        "Apache Kafka (Self-hosted)",
        "Argilla",
        "Auth0",
        "Cerbos",
        "Confluent Cloud",
        "dbt Core",
    ]
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    seen = names(first)
    after = first["pageInfo"]["endCursor"]
    while after is not None:
        page = data(gql(Q4, first=8, after=after))["vendors"]
        assert page["totalCount"] == 21
        seen += names(page)
        after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    assert len(seen) == 21 == len(set(seen))
    assert seen[-3:] == ["Temporal", "Trino", "Valkey"]


def test_q4_filter_layer_sorted_by_inpact_total(gql: Any) -> None:
    c = data(gql(Q4, filter={"layer": "L5"}, sort={"field": "INPACT_TOTAL"}))["vendors"]
    assert c["totalCount"] == 3
    assert [(e["node"]["name"], e["node"]["inpactTotal"]) for e in c["edges"]] == [
        ("Cerbos", 31),
        ("Auth0", 28),
        ("HashiCorp Vault", 26),
    ]


def test_q4_minimum_totals_and_goals_sort_ascending(gql: Any) -> None:
    c = data(
        gql(
            Q4,
            filter={"minInpactTotal": 28, "minGoalsTotal": 22},
            sort={"field": "GOALS_TOTAL", "direction": "ASC"},
        )
    )["vendors"]
    assert [(e["node"]["name"], e["node"]["goalsTotal"]) for e in c["edges"]] == [
        ("Auth0", 22),
        ("PostgreSQL", 22),
        ("Anthropic Claude", 23),
        ("GPT-4o", 23),
        ("Confluent Cloud", 24),
        ("OpenAI (GPT-4)", 24),
    ]
    assert c["totalCount"] == 6


def test_q4_dimension_filter_and_sort(gql: Any) -> None:
    only_argilla = data(gql(Q4, filter={"minScores": [{"dimension": "INPACT.T", "min": 5}]}))[
        "vendors"
    ]
    assert (only_argilla["totalCount"], names(only_argilla)) == (1, ["Argilla"])
    # Sorting by a dimension puts the unscored last, then by name.
    by_p = data(gql(Q4, sort={"field": "DIMENSION", "dimension": "inpact.p"}, first=3))["vendors"]
    assert names(by_p) == ["Argilla", "Anthropic Claude", "Apache Airflow"]


def test_q4_stubs_certification_and_segment(gql: Any) -> None:
    stubs = data(gql(Q4, filter={"evaluated": False}))["vendors"]
    assert (stubs["totalCount"], names(stubs)) == (2, ["Apache Airflow", "Kong"])
    soc2 = data(gql(Q4, filter={"certification": "SOC 2 Type II"}))["vendors"]
    assert names(soc2) == ["Argilla"]
    hipaa = data(gql(Q4, filter={"certification": "HIPAA BAA"}))["vendors"]
    assert hipaa["totalCount"] == 0  # Argilla states it does NOT hold it
    segment = data(gql(Q4, filter={"segment": "data science"}))["vendors"]
    assert names(segment) == ["Argilla"]
    category = data(gql(Q4, filter={"category": "hitl platform"}))["vendors"]
    assert names(category) == ["Argilla"]


def test_q4_a_certification_naming_nothing_is_bad_input_not_no_filter(gql: Any) -> None:
    for name in ("!!!", ""):
        error = gql(Q4, filter={"certification": name})["errors"][0]
        assert error["extensions"] == {"code": "BAD_USER_INPUT"}
        assert error["message"] == (
            f"argument filter.certification: {name!r} names no certification "
            "(expected a name such as 'SOC 2 Type II')"
        )


def test_q4_bad_cursor_and_unknown_dimension_are_bad_input(gql: Any) -> None:
    bad_cursor = gql(Q4, after="not-a-cursor")
    assert bad_cursor["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    bad_dim = gql(Q4, sort={"field": "DIMENSION", "dimension": "INPACT.Z"})
    assert bad_dim["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "unknown dimension" in bad_dim["errors"][0]["message"]


Q5 = """
query ($slugs: [String!]!) {
  compare(slugs: $slugs) {
    vendors {
      vendor { name }
      inpact { declared computed }
      profiles { profileId passes failures scaleNotes }
    }
    dimensions { dimension cells { slug score max } }
  }
}
"""


# The scale rule of seeds/framework.yaml: the snapshot's GOALS "/30" is a label of /25 totals.
RELABEL_WHY = (
    "the Stack Builder snapshot labels GOALS totals /30, but its numbers are /25 totals: the "
    "book and the site agree on LangGraph 27/21 and OpenAI 29/24 as /25 totals, and the "
    "site's vendor pages state GOALS out of 25 (Argilla 18/25)"
)
CERBOS_GOALS = f"GOALS 21 stated on /30, compared as 21/25: {RELABEL_WHY}"
AUTH0_GOALS = f"GOALS 22 stated on /30, compared as 22/25: {RELABEL_WHY}"


def test_q5_compare_argilla_cerbos_auth0(gql: Any) -> None:
    c = data(gql(Q5, slugs=["argilla", "cerbos", "auth0"]))["compare"]
    assert [v["vendor"]["name"] for v in c["vendors"]] == ["Argilla", "Cerbos", "Auth0"]
    assert [v["inpact"] for v in c["vendors"]] == [
        {"declared": 25, "computed": 21},
        {"declared": 31, "computed": None},
        {"declared": 28, "computed": None},
    ]
    assert [v["profiles"] for v in c["vendors"]] == [
        [
            {
                "profileId": "healthcare",
                "passes": False,
                "failures": ["INPACT total 25 < 28 (3 short)", "GOALS total 18 < 20 (2 short)"],
                "scaleNotes": [],
            }
        ],
        [{"profileId": "healthcare", "passes": True, "failures": [], "scaleNotes": [CERBOS_GOALS]}],
        [{"profileId": "healthcare", "passes": True, "failures": [], "scaleNotes": [AUTH0_GOALS]}],
    ]
    assert len(c["dimensions"]) == 11
    permitted = next(d for d in c["dimensions"] if d["dimension"] == "INPACT.P")
    assert permitted["cells"] == [
        {"slug": "argilla", "score": 2, "max": 6},
        {"slug": "cerbos", "score": None, "max": None},
        {"slug": "auth0", "score": None, "max": None},
    ]


def test_q5_needs_two_to_ten_known_vendors(gql: Any) -> None:
    one = gql(Q5, slugs=["argilla"])
    assert one["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    eleven = gql(Q5, slugs=[f"v{i}" for i in range(11)])
    assert eleven["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED"}
    unknown = gql(Q5, slugs=["argilla", "nope"])
    assert unknown["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    assert unknown["errors"][0]["message"] == "no vendor with slug 'nope'"


Q6 = """
query ($vendor: String, $layer: String, $depth: Int!) {
  flow(vendor: $vendor, layer: $layer, depth: $depth) {
    start { kind id }
    upstream { node { kind id } depth via what }
    downstream { node { kind id } depth via what }
  }
}
"""


def steps(items: list[dict[str, Any]]) -> list[tuple[str, int, str, str]]:
    return [(s["node"]["id"], s["depth"], s["via"], s["what"]) for s in items]


def test_q6_argilla_flow_depth_1(gql: Any) -> None:
    f = data(gql(Q6, vendor="argilla", depth=1))["flow"]
    assert f["start"] == {"kind": "VENDOR", "id": "argilla"}
    assert steps(f["upstream"]) == [
        ("L1", 1, "argilla", "annotation data"),
        ("L4", 1, "argilla", "model outputs"),
    ]
    assert [s[0] for s in steps(f["downstream"])] == ["L4", "L6"]


def test_q6_layer_flow_depth_2_goes_through_argilla(gql: Any) -> None:
    f = data(gql(Q6, layer="L4", depth=2))["flow"]
    assert [(s["node"]["kind"], s["node"]["id"], s["depth"]) for s in f["downstream"]] == [
        ("VENDOR", "argilla", 1),
        ("LAYER", "L6", 2),
    ]
    assert [(s["node"]["kind"], s["node"]["id"], s["depth"]) for s in f["upstream"]] == [
        ("VENDOR", "argilla", 1),
        ("LAYER", "L1", 2),
    ]


def test_q6_depth_over_the_limit(gql: Any) -> None:
    body = gql(Q6, vendor="argilla", depth=5)
    assert body["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED"}
    below = gql(Q6, vendor="argilla", depth=0)["errors"][0]
    assert below["message"] == "argument depth=0 must be between 1 and 4"
    assert below["extensions"] == {"code": "BAD_USER_INPUT"}


def test_q6_a_start_with_nothing_flowing_answers_with_no_steps(gql: Any) -> None:
    # Only Argilla's file declares flows: L5 and Cerbos are known, nothing flows through them
    # (the query once lost its only row there and answered NOT_FOUND).
    for kind, args in (("LAYER", {"layer": "L5"}), ("VENDOR", {"vendor": "cerbos"})):
        f = data(gql(Q6, depth=2, **args))["flow"]
        assert f == {
            "start": {"kind": kind, "id": args.get("layer") or args["vendor"]},
            "upstream": [],
            "downstream": [],
        }
    assert gql(Q6, layer="L9", depth=1)["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert gql(Q6, vendor="nope", depth=1)["errors"][0]["extensions"] == {"code": "NOT_FOUND"}


Q7 = """
query ($text: String!, $first: Int) {
  search(text: $text, first: $first) { field text detail vendor { slug } }
}
"""


def test_q7_search_says_which_field_matched(gql: Any) -> None:
    hits = data(gql(Q7, text="temporal"))["search"]
    assert [(h["field"], h["vendor"]["slug"], h["detail"]) for h in hits] == [
        ("VENDOR_NAME", "temporal", None),
        ("ALTERNATIVE_RATIONALE", "argilla", "temporal"),
    ]


def test_q7_search_rationales_risks_and_mitigations(gql: Any) -> None:
    abac = data(gql(Q7, text="ABAC"))["search"]
    assert [(h["field"], h["detail"], h["vendor"]["slug"]) for h in abac] == [
        ("SCORE_RATIONALE", "INPACT.P", "argilla"),
        ("RISK", None, "argilla"),
    ]
    assert abac[1]["text"].startswith("Lack of ABAC means annotators")
    mitigation = data(gql(Q7, text="immutable artifacts"))["search"]
    assert mitigation[0]["field"] == "MITIGATION"
    assert mitigation[0]["text"].startswith("Implement strict versioning discipline")


def test_q7_search_leaves_retired_vendors_out_of_every_field(
    gql: Any, seeded: neo4j.Driver
) -> None:
    before = change_vendor(seeded, "argilla", retired=True)
    try:
        assert data(gql(Q7, text="ABAC"))["search"] == []  # a score rationale and a risk
        hits = data(gql(Q7, text="temporal"))["search"]  # and an alternative's rationale
        assert [(h["field"], h["vendor"]["slug"]) for h in hits] == [("VENDOR_NAME", "temporal")]
        mitigations = data(gql(Q7, text="immutable artifacts"))["search"]
        assert "argilla" not in {h["vendor"]["slug"] for h in mitigations}
    finally:
        restore_vendor(seeded, "argilla", before)
    assert len(data(gql(Q7, text="ABAC"))["search"]) == 2


Q8 = """
query ($days: Int!) {
  dataQuality(olderThanDays: $days) {
    totalMismatches { vendor { slug } inpactDeclared inpactComputed goalsDeclared goalsComputed }
    stubCount stubs { slug linkedFrom }
    stale { vendor { slug } evaluatedAt }
  }
}
"""


def test_q8_data_quality(gql: Any) -> None:
    q = data(gql(Q8, days=100))["dataQuality"]
    assert q["totalMismatches"] == [
        {
            "vendor": {"slug": "argilla"},
            "inpactDeclared": 25,
            "inpactComputed": 21,
            "goalsDeclared": 18,
            "goalsComputed": 14,
        }
    ]
    assert q["stubCount"] == 2
    assert q["stubs"] == [
        {"slug": "apache-airflow", "linkedFrom": ["argilla"]},
        {"slug": "kong", "linkedFrom": ["argilla"]},
    ]
    # The 18 snapshot evaluations are dated 2026-06-20; Argilla's page carries no date.
    assert len(q["stale"]) == 18
    assert {s["evaluatedAt"] for s in q["stale"]} == {"2026-06-20"}
    assert "argilla" not in {s["vendor"]["slug"] for s in q["stale"]}
    assert data(gql(Q8, days=36500))["dataQuality"]["stale"] == []


Q9 = """
{
  layers(top: 2) {
    id position below above vendorCount averageInpactTotal bestInpactTotal bestGoalsTotal
    topVendors { name }
  }
}
"""


def test_q9_layers(gql: Any) -> None:
    layers = data(gql(Q9))["layers"]
    assert [(x["id"], x["position"], x["below"], x["above"]) for x in layers] == [
        ("L1", 1, None, "L2"),
        ("L2", 2, "L1", "L3"),
        ("L3", 3, "L2", "L4"),
        ("L4", 4, "L3", "L5"),
        ("L5", 5, "L4", "L6"),
        ("L6", 6, "L5", "L7"),
        ("L7", 7, "L6", None),
    ]
    assert [x["vendorCount"] for x in layers] == [4, 2, 1, 3, 3, 3, 3]
    l5 = layers[4]
    assert l5["averageInpactTotal"] == (31 + 28 + 26) / 3
    assert (l5["bestInpactTotal"], l5["bestGoalsTotal"]) == (31, 22)
    assert [v["name"] for v in l5["topVendors"]] == ["Cerbos", "Auth0"]
    assert [v["name"] for v in layers[6]["topVendors"]] == ["Temporal", "LangGraph"]
