import { useState } from "preact/hooks";
import type { EvidenceKind, RisksQuery } from "../gql/graphql";
import { Status } from "../components/Status";
import { RisksDocument } from "../operations";
import { LAYER_IDS } from "../format";
import { href, navigate } from "../router";
import { useQuery } from "../useQuery";

const KINDS: EvidenceKind[] = ["EXPLICIT", "LAYER", "DIMENSION"];
const KIND_TEXT: Record<EvidenceKind, string> = {
  EXPLICIT: "Linked explicitly by a vendor file",
  LAYER: "The mitigation applies at the tool's layer",
  DIMENSION: "The tool scores well on the dimensions the risk maps to",
};

type Mitigation = NonNullable<RisksQuery["mitigatingTools"]>[number];

function RiskResult({ result }: { result: Mitigation }) {
  return (
    <section class="risk-result" data-risk={result.risk.id}>
      <h2>
        {result.risk.severity && <span class="severity">{result.risk.severity}</span>} {result.risk.text ?? result.risk.id}
      </h2>
      {result.risk.owner && (
        <p>
          Risk of <a href={`/vendor/${encodeURIComponent(result.risk.owner.slug)}`}>{result.risk.owner.name}</a>
        </p>
      )}
      {result.mitigation && (
        <p class="mitigation">
          <span class="label">Mitigation:</span> {result.mitigation}
        </p>
      )}
      <p>{result.toolCount} tools mitigate it.</p>
      {KINDS.map((kind) => {
        const tools = result.tools.filter((tool) => tool.strongest === kind);
        if (tools.length === 0) return null;
        return (
          <div key={kind} data-kind={kind}>
            <h3>{KIND_TEXT[kind]}</h3>
            <ol>
              {tools.map((tool) => (
                <li key={tool.vendor.slug} value={tool.rank}>
                  <a href={`/vendor/${encodeURIComponent(tool.vendor.slug)}`}>{tool.vendor.name}</a> ({tool.vendor.layerId ?? "–"})
                  <ul>
                    {tool.evidence.map((e, i) => (
                      <li key={i}>
                        <span class="label">{e.kind}</span> <q>{e.quote}</q>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </div>
        );
      })}
    </section>
  );
}

export function Risks({ params }: { params: URLSearchParams }) {
  const riskId = params.get("risk");
  const text = params.get("q");
  const layer = params.get("layer");
  const [draft, setDraft] = useState(text ?? "");
  const state = useQuery(
    RisksDocument,
    riskId || text ? { riskId: riskId || null, riskText: riskId ? null : text, layer: layer || null, first: 20 } : null,
  );
  const go = (next: Record<string, string | undefined>) =>
    navigate(href("/risks", { risk: riskId ?? undefined, q: text ?? undefined, layer: layer ?? undefined, ...next }));
  return (
    <>
      <p class="lead">Type a risk to see the tools that mitigate it, and why.</p>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          go({ q: draft.trim() || undefined, risk: undefined });
        }}
      >
        <label>
          Risk
          <input name="q" maxLength={200} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} placeholder="e.g. ABAC authorization" />
        </label>
        <label>
          Tools in layer
          <select aria-label="Tools in layer" name="layer" value={layer ?? ""} onChange={(e) => go({ layer: e.currentTarget.value || undefined })}>
            <option value="">All layers</option>
            {LAYER_IDS.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Find tools</button>
      </form>
      {(riskId || text) &&
        (state.status !== "done" ? (
          <Status state={state} />
        ) : (state.data.mitigatingTools ?? []).length === 0 ? (
          <p>No risk matches.</p>
        ) : (
          (state.data.mitigatingTools ?? []).map((result) => <RiskResult key={result.risk.id} result={result} />)
        ))}
    </>
  );
}
