import type { VendorQuery } from "../gql/graphql";
import { BarChart, Timeline } from "../components/charts";
import { Status } from "../components/Status";
import { FlowDocument, VendorDocument } from "../operations";
import { totalText } from "../format";
import { href } from "../router";
import { useQuery } from "../useQuery";

type Evaluation = NonNullable<VendorQuery["vendor"]>;
type Alternative = NonNullable<VendorQuery["alternatives"]>["suggested"][number];

const SEVERITY_ORDER = ["critical", "high", "medium", "low"];

function List({ title, items, level = 2 }: { title: string; items: string[]; level?: 2 | 3 }) {
  if (items.length === 0) return null;
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section>
      <Heading>{title}</Heading>
      <ul>
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </section>
  );
}

function VendorLink({ slug, name, isStub }: { slug: string; name: string; isStub?: boolean }) {
  return (
    <a href={`/vendor/${encodeURIComponent(slug)}`}>
      {name}
      {isStub ? " (stub)" : ""}
    </a>
  );
}

function Scores({ evaluation }: { evaluation: Evaluation }) {
  const scores = evaluation.latestScores;
  if (scores.length === 0) return <p>No dimension scores.</p>;
  return (
    <section>
      <h2>Scores</h2>
      <div class="chart-and-table">
        <BarChart
          title={`${evaluation.vendor.name}: score per dimension over its maximum`}
          bars={scores.map((s) => ({ label: `${s.framework} ${s.letter} ${s.name}`, value: s.score, max: s.max }))}
        />
        <table class="scores">
          <caption>Score per dimension, with the file's rationale</caption>
          <thead>
            <tr>
              <th scope="col">Dimension</th>
              <th scope="col">Score</th>
              <th scope="col">Rationale</th>
            </tr>
          </thead>
          <tbody>
            {scores.map((s) => (
              <tr key={s.dimension} data-dimension={s.dimension}>
                <th scope="row">
                  {s.framework} {s.letter} — {s.name}
                </th>
                <td class="num">
                  {s.score}/{s.max}
                </td>
                <td>{s.rationale}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function TotalsTable({ evaluation }: { evaluation: Evaluation }) {
  const rows = [
    ["INPACT", evaluation.inpact],
    ["GOALS", evaluation.goals],
  ] as const;
  return (
    <table class="totals-table">
      <caption>Totals as the file declares them and as the dimensions sum</caption>
      <thead>
        <tr>
          <th scope="col">Framework</th>
          <th scope="col">Declared</th>
          <th scope="col">Computed</th>
          <th scope="col">Agree</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, t]) => (
          <tr key={name} data-framework={name}>
            <th scope="row">{name}</th>
            <td class="num">{t.declared == null ? "–" : `${t.declared}/${t.declaredMax ?? "?"}`}</td>
            <td class="num">{t.computed == null ? "–" : `${t.computed}/${t.computedMax ?? "?"}`}</td>
            <td>{t.agrees == null ? "–" : t.agrees ? "yes" : <strong class="badge">no</strong>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Risks({ evaluation }: { evaluation: Evaluation }) {
  if (evaluation.risks.length === 0) return null;
  return (
    <section>
      <h2>Risks</h2>
      <ol class="risks">
        {evaluation.risks.map((risk) => (
          <li key={risk.id} class={`risk severity-${risk.severity}`} data-severity={risk.severity}>
            <p>
              <strong class="severity">{risk.severity}</strong> {risk.text}
            </p>
            {risk.mitigation && (
              <p class="mitigation">
                <span class="label">Mitigation:</span> {risk.mitigation}
                {risk.mitigationLayers.length > 0 && ` (${risk.mitigationLayers.join(", ")})`}
              </p>
            )}
            {risk.tools.length + risk.layerTools.length > 0 && (
              <p>
                <span class="label">Tools:</span>{" "}
                {[...risk.tools, ...risk.layerTools].map((tool, i) => (
                  <span key={`${tool.slug}-${i}`}>
                    {i > 0 && ", "}
                    <VendorLink slug={tool.slug} name={tool.name} />
                  </span>
                ))}
                {risk.layerToolCount > risk.layerTools.length && ` and ${risk.layerToolCount - risk.layerTools.length} more`}
              </p>
            )}
            <a href={href("/risks", { risk: risk.id })}>Every tool that mitigates it</a>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Alternatives({ title, items }: { title: string; items: Alternative[] }) {
  if (items.length === 0) return null;
  return (
    <section>
      <h2>{title}</h2>
      <ul>
        {items.map((alt) => (
          <li key={alt.vendor.slug}>
            <VendorLink {...alt.vendor} /> — {alt.rationale}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Flow({ slug }: { slug: string }) {
  const flow = useQuery(FlowDocument, { slug, depth: 1 });
  if (flow.status !== "done") return <Status state={flow} />;
  const steps = flow.data.flow;
  if (!steps) return null;
  const render = (title: string, list: typeof steps.upstream) => (
    <div>
      <h3>{title}</h3>
      {list.length === 0 ? (
        <p class="muted">None recorded.</p>
      ) : (
        <ul>
          {list.map((step) => (
            <li key={step.node.id}>
              {step.node.kind === "LAYER" ? `${step.node.id} — ${step.node.name}` : <VendorLink slug={step.node.id} name={step.node.name} />}
              {step.what && `: ${step.what}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <section class="two-columns">
      <h2>Upstream and downstream</h2>
      {render("Consumes from", steps.upstream)}
      {render("Feeds", steps.downstream)}
    </section>
  );
}

export function Vendor({ slug }: { slug: string }) {
  const state = useQuery(VendorDocument, { slug });
  if (state.status !== "done") return <Status state={state} />;
  const evaluation = state.data.vendor;
  if (!evaluation) return <p role="alert">No vendor "{slug}".</p>;
  const vendor = evaluation.vendor;
  const history = [...evaluation.history].reverse();
  const sortedRisks = [...evaluation.risks].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
  return (
    <article class="vendor" data-slug={vendor.slug}>
      <h1>{vendor.name}</h1>
      <p class="meta">
        {vendor.layerId ?? "no layer"} · {vendor.category ?? "no category"}
        {evaluation.pricing && ` · ${evaluation.pricing}`}
        {evaluation.retired && " · retired"}
        {vendor.isStub && " · stub (known only from other files)"}
      </p>
      {evaluation.tagline && <p class="lead">{evaluation.tagline}</p>}
      <p>
        <a href={href("/compare", { v: vendor.slug })}>Compare with others</a>
      </p>
      <section>
        <h2>Totals</h2>
        <p>
          INPACT <strong data-total="inpact">{totalText(evaluation.inpact)}</strong> · GOALS{" "}
          <strong data-total="goals">{totalText(evaluation.goals)}</strong>
        </p>
        <TotalsTable evaluation={evaluation} />
      </section>
      <Scores evaluation={evaluation} />
      {evaluation.analysis && (
        <section>
          <h2>Analysis</h2>
          <p>{evaluation.analysis}</p>
        </section>
      )}
      {evaluation.tbiView && (
        <section>
          <h2>Trust Before Intelligence</h2>
          <p>{evaluation.tbiView}</p>
        </section>
      )}
      <List title="Strengths" items={evaluation.strengths} />
      <List title="Limitations" items={evaluation.limitations} />
      <List title="Best suited for" items={evaluation.bestSuitedFor} />
      <List title="Use with caution for" items={evaluation.useWithCautionFor} />
      <section>
        <h2>Certifications</h2>
        <List level={3} title="Held" items={evaluation.certificationsHeld.map((c) => (c.scope ? `${c.name} (${c.scope})` : c.name))} />
        <List level={3} title="Not held" items={evaluation.certificationsNotHeld.map((c) => (c.scope ? `${c.name} (${c.scope})` : c.name))} />
        {evaluation.certificationsHeld.length + evaluation.certificationsNotHeld.length === 0 && <p class="muted">None recorded.</p>}
      </section>
      <Risks evaluation={{ ...evaluation, risks: sortedRisks }} />
      {evaluation.useCases.length > 0 && (
        <section>
          <h2>Use cases</h2>
          <ul>
            {evaluation.useCases.map((u) => (
              <li key={u.title}>
                <strong>{u.title}</strong> ({u.fit}) — {u.rationale}
              </li>
            ))}
          </ul>
        </section>
      )}
      {evaluation.stackImpact.length > 0 && (
        <section>
          <h2>Stack impact</h2>
          <ul>
            {evaluation.stackImpact.map((s) => (
              <li key={s.layerId}>
                <strong>{s.layerId}</strong>: {s.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Flow slug={vendor.slug} />
      <Alternatives title="Alternatives it suggests" items={state.data.alternatives?.suggested ?? []} />
      <Alternatives title="Suggested as an alternative by" items={state.data.alternatives?.suggestedBy ?? []} />
      <List title="Watch for" items={evaluation.watchFor} />
      <List title="Proof-of-concept checklist" items={evaluation.pocChecklist} />
      {history.length > 0 && (
        <section>
          <h2>Score history</h2>
          <div class="chart-and-table">
            <Timeline
              title="INPACT and GOALS totals per evaluation version"
              points={history.map((h) => ({
                label: `v${h.version}`,
                inpact: h.inpact.declared ?? h.inpact.computed ?? null,
                goals: h.goals.declared ?? h.goals.computed ?? null,
              }))}
            />
            <table>
              <caption>Evaluation versions, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Evaluated</th>
                  <th scope="col">INPACT</th>
                  <th scope="col">GOALS</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.version}>
                    <th scope="row">v{h.version}{h.latest ? " (latest)" : ""}</th>
                    <td>{h.evaluatedAt ?? "–"}</td>
                    <td class="num">{h.inpact.declared ?? h.inpact.computed ?? "–"}</td>
                    <td class="num">{h.goals.declared ?? h.goals.computed ?? "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {evaluation.sourceFile && <p class="muted">Source: {evaluation.sourceFile}</p>}
    </article>
  );
}
