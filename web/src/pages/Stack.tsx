// The Stack Builder: picks and profile live in the URL; the grading is the API's (assessStack),
// this page only lays out what it returns.
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { request } from "../api";
import { Status } from "../components/Status";
import { LAYER_IDS } from "../format";
import type { AdviseStackQuery, AssessStackQuery, FindingKind } from "../gql/graphql";
import { AdviseStackDocument, AssessStackDocument } from "../operations";
import { href, navigate } from "../router";
import { useQuery } from "../useQuery";

const DEFAULT_PROFILE = "healthcare";
const MAX_PICKS = 28; // the API's limit (kb/stack/inputs.py)

const KIND_TEXT: Record<FindingKind, string> = {
  EMPTY_LAYER: "Empty layer",
  BELOW_THRESHOLD: "Below the profile",
  UNMITIGATED_RISK: "Unmitigated risk",
  WEAKLY_MITIGATED_RISK: "Weakly mitigated risk",
  BROKEN_FLOW: "Broken flow",
  OTHER_SCALE: "Total on another scale",
};

interface Pick {
  layer: string;
  vendor: string;
}

type Assessment = NonNullable<AssessStackQuery["assessStack"]>;
type AssessedLayer = Assessment["layers"][number];
type Finding = AssessedLayer["findings"][number];
type Advice = NonNullable<AdviseStackQuery["adviseStack"]>;

/** `pick=L7:argilla` parameters; malformed ones are left out. */
function picksOf(params: URLSearchParams): Pick[] {
  const picks: Pick[] = [];
  for (const value of params.getAll("pick").slice(0, MAX_PICKS)) {
    const [layer, vendor] = value.split(":", 2);
    if (layer && vendor) picks.push({ layer, vendor });
  }
  return picks;
}

function stackHref(profile: string, picks: Pick[]): string {
  return href("/stack", { profile, pick: picks.map((p) => `${p.layer}:${p.vendor}`) });
}

function PickForm({ profile, picks }: { profile: string; picks: Pick[] }) {
  const [layer, setLayer] = useState<string>("L1");
  const [vendor, setVendor] = useState("");
  const add = (event: Event) => {
    event.preventDefault();
    const slug = vendor.trim().toLowerCase();
    const known = picks.some((p) => p.layer === layer && p.vendor === slug);
    if (slug && !known && picks.length < MAX_PICKS) navigate(stackHref(profile, [...picks, { layer, vendor: slug }]));
    setVendor("");
  };
  return (
    <form class="filters" onSubmit={add}>
      <label>
        Layer of the pick
        <select name="layer" value={layer} onChange={(e) => setLayer(e.currentTarget.value)}>
          {LAYER_IDS.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Vendor slug
        <input name="vendor" maxLength={200} value={vendor} placeholder="e.g. cerbos" onInput={(e) => setVendor(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={picks.length >= MAX_PICKS}>
        Add pick
      </button>
    </form>
  );
}

function ProfileForm({ profile, picks, onAdvice }: { profile: string; picks: Pick[]; onAdvice: (advice: Advice) => void }) {
  const [draft, setDraft] = useState(profile);
  const [problem, setProblem] = useState<string | null>(null);
  const advise = () => {
    setProblem(null);
    request(AdviseStackDocument, { profile }).then(
      (data) => {
        if (!data.adviseStack) return;
        onAdvice(data.adviseStack);
        navigate(stackHref(profile, data.adviseStack.picks));
      },
      (error: unknown) => setProblem(`${String((error as Error).message)} (${(error as { code?: string }).code ?? "ERROR"})`),
    );
  };
  return (
    <form
      class="filters"
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.trim()) navigate(stackHref(draft.trim(), picks));
      }}
    >
      <label>
        Profile
        <input name="profile" maxLength={100} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
      </label>
      <button type="submit">Use profile</button>
      <button type="button" class="secondary" onClick={advise}>
        Advise
      </button>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

function AdvicePanel({ advice }: { advice: Advice }) {
  return (
    <section class="advice" aria-labelledby="advice-heading">
      <h2 id="advice-heading">Advice for {advice.profile}</h2>
      <ul>
        {advice.layers.map((layer) => (
          <li key={layer.layerId} data-layer={layer.layerId}>
            <strong>
              {layer.layerId} {layer.name}:
            </strong>{" "}
            {layer.best ? (
              <>
                picked <a href={`/vendor/${encodeURIComponent(layer.best.slug)}`}>{layer.best.name}</a>
              </>
            ) : layer.closest ? (
              <>
                nothing passes; the closest is <a href={`/vendor/${encodeURIComponent(layer.closest.slug)}`}>{layer.closest.name}</a>,
                which misses: {layer.closest.misses.join("; ")}
              </>
            ) : (
              "nothing to pick"
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Summary({ assessment }: { assessment: Assessment }) {
  const { summary } = assessment;
  return (
    <section class="stack-summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <p class="verdict" data-passes={String(summary.passes)}>
        {summary.passes ? "✓ The stack passes" : "✗ The stack does not pass"} the {assessment.profile} profile.
      </p>
      <dl class="totals">
        {summary.bySeverity.map((count) => (
          <Fragment key={count.severity}>
            <dt>{count.severity}</dt>
            <dd data-severity={count.severity}>{count.count}</dd>
          </Fragment>
        ))}
        <dt>Gaps</dt>
        <dd data-summary="gaps">{summary.gaps}</dd>
        <dt>Layers covered</dt>
        <dd data-summary="covered">{summary.layersCovered.length ? summary.layersCovered.join(", ") : "none"}</dd>
      </dl>
    </section>
  );
}

function BuildOrder({ assessment }: { assessment: Assessment }) {
  if (assessment.buildOrder.length === 0) return null;
  return (
    <section aria-labelledby="build-heading">
      <h2 id="build-heading">Build order</h2>
      <ol class="build-order">
        {assessment.buildOrder.map((step) => (
          <li key={step.layerId} value={step.step} class={`severity-${step.severity}`} data-layer={step.layerId}>
            <span class="severity">{step.severity}</span>{" "}
            <a href={`#layer-${step.layerId}`}>
              {step.layerId} {step.name}
            </a>
            : {step.kinds.map((kind) => KIND_TEXT[kind]).join(", ")}
            {step.suggestion && (
              <>
                {" "}
                — start with <a href={`/vendor/${encodeURIComponent(step.suggestion.vendor.slug)}`}>{step.suggestion.vendor.name}</a>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The texts behind a finding; a scale note's reason already is its note. */
function Evidence({ finding }: { finding: Finding }) {
  const e = finding.evidence;
  return (
    <dl class="evidence">
      {e.risk && (
        <>
          <dt>Risk{e.riskSeverity ? ` (${e.riskSeverity})` : ""}</dt>
          <dd data-evidence="risk">{e.risk}</dd>
        </>
      )}
      {e.mitigation && (
        <>
          <dt>Mitigation{e.mitigationLayers.length ? ` (at ${e.mitigationLayers.join(", ")})` : ""}</dt>
          <dd data-evidence="mitigation">{e.mitigation}</dd>
        </>
      )}
      {e.flow && (
        <>
          <dt>
            Flow ({e.flowDirection} {e.flowLayer})
          </dt>
          <dd data-evidence="flow">{e.flow}</dd>
        </>
      )}
      {e.thresholds.length > 0 && (
        <>
          <dt>Thresholds missed</dt>
          <dd data-evidence="thresholds">{e.thresholds.join("; ")}</dd>
        </>
      )}
      {e.scaleNotes.length > 0 && finding.kind !== "OTHER_SCALE" && (
        <>
          <dt>Scale</dt>
          <dd data-evidence="scale">{e.scaleNotes.join("; ")}</dd>
        </>
      )}
    </dl>
  );
}

function FindingItem({ finding, addHref }: { finding: Finding; addHref: (layer: string, slug: string) => string }) {
  return (
    <li class={`finding severity-${finding.severity}`} data-kind={finding.kind} data-severity={finding.severity}>
      <p>
        <strong class="severity">{finding.severity}</strong> <span class="kind">{KIND_TEXT[finding.kind]}</span>{" "}
        <span class="reason">{finding.reason}</span>
      </p>
      <Evidence finding={finding} />
      {finding.suggestions.length > 0 && (
        <ul class="suggestions" aria-label="Vendors that would close it">
          {finding.suggestions.map((s) => (
            <li key={s.vendor.slug} data-slug={s.vendor.slug}>
              <a href={`/vendor/${encodeURIComponent(s.vendor.slug)}`}>{s.vendor.name}</a>{" "}
              <a href={addHref(finding.layerId, s.vendor.slug)} aria-label={`Add ${s.vendor.name} at ${finding.layerId}`}>
                (add)
              </a>
              {s.alternativeOf && <span class="muted"> — an alternative to {s.alternativeOf}</span>}
              {s.rationale && (
                <>
                  : <q class="rationale">{s.rationale}</q>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function totalCell(pick: AssessedLayer["picks"][number], framework: string): string {
  const total = pick.totals.find((t) => t.framework === framework);
  if (!total || total.stated == null) return "–";
  return `${total.stated}/${total.statedMax ?? "?"}`;
}

function LayerSection(props: { layer: AssessedLayer; removeHref: (slug: string) => string; addHref: (layer: string, slug: string) => string }) {
  const { layer } = props;
  // Findings come most severe first: the first one's severity is the layer's.
  const severity = layer.findings[0]?.severity ?? "none";
  return (
    <section id={`layer-${layer.layerId}`} class="band stack-layer" data-layer={layer.layerId} data-severity={severity}>
      <h2>
        {layer.layerId} — {layer.name} <span class="severity">{severity === "none" ? "no findings" : severity}</span>
      </h2>
      {layer.picks.length === 0 ? (
        <p class="muted">No tool picked.</p>
      ) : (
        <table class="picks">
          <caption>Picks at {layer.layerId}</caption>
          <thead>
            <tr>
              <th scope="col">Vendor</th>
              <th scope="col">INPACT</th>
              <th scope="col">GOALS</th>
              <th scope="col">Profile</th>
              <th scope="col">
                <span class="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {layer.picks.map((pick) => (
              <tr key={pick.slug} data-slug={pick.slug}>
                <th scope="row">
                  <a href={`/vendor/${encodeURIComponent(pick.slug)}`}>{pick.name}</a>
                </th>
                <td class="num">{totalCell(pick, "INPACT")}</td>
                <td class="num">{totalCell(pick, "GOALS")}</td>
                <td>{pick.passes ? "✓ passes" : `✗ ${pick.misses.join("; ")}`}</td>
                <td>
                  <a href={props.removeHref(pick.slug)} aria-label={`Remove ${pick.name}`}>
                    Remove
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {layer.closest && (
        <p class="closest">
          No vendor of {layer.layerId} passes the profile; the closest is{" "}
          <a href={`/vendor/${encodeURIComponent(layer.closest.slug)}`}>{layer.closest.name}</a>, which misses:{" "}
          {layer.closest.misses.join("; ")}
        </p>
      )}
      {layer.findings.length > 0 && (
        <ol class="findings" aria-label={`Findings at ${layer.layerId}`}>
          {layer.findings.map((finding, index) => (
            <FindingItem key={index} finding={finding} addHref={props.addHref} />
          ))}
        </ol>
      )}
    </section>
  );
}

export function Stack({ params }: { params: URLSearchParams }) {
  const profile = params.get("profile") || DEFAULT_PROFILE;
  const picks = picksOf(params);
  const [advice, setAdvice] = useState<Advice | null>(null);
  const state = useQuery(AssessStackDocument, { profile, picks });
  const removeHref = (layer: string) => (slug: string) =>
    stackHref(
      profile,
      picks.filter((p) => !(p.layer === layer && p.vendor === slug)),
    );
  const addHref = (layer: string, slug: string) => stackHref(profile, [...picks, { layer, vendor: slug }]);
  return (
    <>
      <p class="lead">
        Pick the tools of your stack layer by layer (several per layer, or none) and a profile: the knowledge base grades the
        gaps, explains them through risks and flows, and suggests the order to close them. Share the page's link to share the
        stack.
      </p>
      <ProfileForm key={profile} profile={profile} picks={picks} onAdvice={setAdvice} />
      <PickForm profile={profile} picks={picks} />
      {advice && advice.profile === profile && <AdvicePanel advice={advice} />}
      {state.status !== "done" ? (
        <Status state={state} />
      ) : (
        state.data.assessStack && (
          <>
            <Summary assessment={state.data.assessStack} />
            <BuildOrder assessment={state.data.assessStack} />
            {state.data.assessStack.layers.map((layer) => (
              <LayerSection key={layer.layerId} layer={layer} removeHref={removeHref(layer.layerId)} addHref={addHref} />
            ))}
          </>
        )
      )}
    </>
  );
}
