import { useEffect, useRef, useState } from "preact/hooks";
import type { VendorFilter, VendorPageQuery, VendorSort } from "../gql/graphql";
import { Status } from "../components/Status";
import { request } from "../api";
import { CardTotalsDocument, LayersDocument, VendorPageDocument, VendorTotalsDocument } from "../operations";
import { href, navigate } from "../router";
import { number, totalText } from "../format";
import { useQuery } from "../useQuery";

const PAGE_SIZE = 10; // also Q5's maximum: one totals request per page of cards
const DIMENSIONS = ["INPACT.I", "INPACT.N", "INPACT.P", "INPACT.A", "INPACT.C", "INPACT.T", "GOALS.G", "GOALS.O", "GOALS.A", "GOALS.L", "GOALS.S"];
const SORTS = { name: "Name", inpact: "INPACT total", goals: "GOALS total", dimension: "Dimension score" } as const;
const FILTER_KEYS = ["layer", "minInpact", "minGoals", "dim", "dimMin", "cert", "segment", "kind", "sort"] as const;

type Card = NonNullable<VendorPageQuery["vendors"]>["edges"][number]["node"];
type CardTotals = { inpact: string; goals: string; agrees: boolean };

function filterFrom(params: URLSearchParams, layer: string | null): VendorFilter {
  const dim = params.get("dim");
  const dimMin = number(params.get("dimMin"));
  const kind = params.get("kind");
  return {
    layer: layer ?? undefined,
    minInpactTotal: number(params.get("minInpact")),
    minGoalsTotal: number(params.get("minGoals")),
    minScores: dim && dimMin !== undefined ? [{ dimension: dim, min: dimMin }] : undefined,
    certification: params.get("cert") || undefined,
    segment: params.get("segment") || undefined,
    // Stubs have no layer: they get a band of their own.
    evaluated: layer === null || kind === "stubs" ? false : true,
  };
}

function sortFrom(params: URLSearchParams): VendorSort {
  const sort = params.get("sort");
  if (sort === "inpact") return { field: "INPACT_TOTAL" };
  if (sort === "goals") return { field: "GOALS_TOTAL" };
  if (sort === "dimension" && params.get("dim")) return { field: "DIMENSION", dimension: params.get("dim") };
  return { field: "NAME" };
}

/** Declared totals with maxima and whether they agree with the dimensions, for a page of cards. */
async function totalsFor(cards: Card[]): Promise<Map<string, CardTotals>> {
  const slugs = cards.filter((card) => !card.isStub).map((card) => card.slug);
  const found = new Map<string, CardTotals>();
  if (slugs.length === 0) return found;
  // Q5 compares 2 to 10 vendors (a page is at most 10); a lone vendor is asked for by Q2.
  const rows =
    slugs.length === 1
      ? [(await request(VendorTotalsDocument, { slug: slugs[0] ?? "" })).vendor]
      : ((await request(CardTotalsDocument, { slugs })).compare?.vendors ?? []);
  for (const row of rows) {
    if (!row) continue;
    found.set(row.vendor.slug, {
      inpact: totalText(row.inpact),
      goals: totalText(row.goals),
      agrees: row.inpact.agrees !== false && row.goals.agrees !== false,
    });
  }
  return found;
}

/** The band's cards as shown, as a CSV file the browser saves. */
function downloadCsv(name: string, cards: Card[], totals: Map<string, CardTotals>): void {
  const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const lines = [["slug", "name", "layer", "category", "stub", "inpact", "goals", "totals agree"].join(",")];
  for (const card of cards) {
    const shown = totals.get(card.slug);
    lines.push(
      [
        card.slug,
        card.name,
        card.layerId ?? "",
        card.category ?? "",
        String(card.isStub),
        shown?.inpact ?? String(card.inpactTotal ?? ""),
        shown?.goals ?? String(card.goalsTotal ?? ""),
        shown ? String(shown.agrees) : "",
      ]
        .map(quote)
        .join(","),
    );
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv" }));
  link.download = `${name}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000); // after the download has started
}

function VendorCard({ card, totals }: { card: Card; totals: CardTotals | undefined }) {
  return (
    <li class={card.isStub ? "card stub" : "card"} data-slug={card.slug}>
      <h3>
        <a href={`/vendor/${encodeURIComponent(card.slug)}`}>{card.name}</a>
      </h3>
      {card.isStub ? (
        <p class="muted">Stub: known only from other vendors' files</p>
      ) : (
        <>
          {card.category && <p class="category">{card.category}</p>}
          <dl class="totals">
            <dt>INPACT</dt>
            <dd data-total="inpact">{totals ? totals.inpact : (card.inpactTotal ?? "–")}</dd>
            <dt>GOALS</dt>
            <dd data-total="goals">{totals ? totals.goals : (card.goalsTotal ?? "–")}</dd>
          </dl>
          {totals && !totals.agrees && (
            <p class="badge" title="The declared totals differ from the sum of the dimension scores">
              Totals disagree
            </p>
          )}
        </>
      )}
    </li>
  );
}

/** One layer's cards, a page at a time; `id` null: the stubs, which have no layer. */
function LayerBand(props: { id: string | null; name: string; params: URLSearchParams }) {
  const key = props.params.toString();
  const [cards, setCards] = useState<Card[]>([]);
  const [totals, setTotals] = useState(new Map<string, CardTotals>());
  const [count, setCount] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Answers for filters no longer shown are dropped.
  const generation = useRef(0);

  const load = async (after: string | null, reset: boolean) => {
    const mine = generation.current;
    try {
      const data = await request(VendorPageDocument, {
        filter: filterFrom(props.params, props.id),
        sort: sortFrom(props.params),
        first: PAGE_SIZE,
        after,
      });
      if (mine !== generation.current) return;
      const page = data.vendors;
      const nodes = page?.edges.map((edge) => edge.node) ?? [];
      setCount(page?.totalCount ?? 0);
      setCursor(page?.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null);
      setCards((old) => (reset ? nodes : [...old, ...nodes]));
      const more = await totalsFor(nodes);
      if (mine !== generation.current) return;
      setTotals((old) => new Map([...(reset ? [] : old), ...more]));
    } catch (caught) {
      if (mine === generation.current) setError(String((caught as Error).message));
    }
  };

  useEffect(() => {
    generation.current += 1;
    setCards([]);
    setCount(null);
    setError(null);
    void load(null, true);
  }, [props.id, key]);

  const headingId = `band-${props.id ?? "stubs"}`;
  return (
    <section class="band" aria-labelledby={headingId} data-layer={props.id ?? "stubs"}>
      <h2 id={headingId}>
        {props.id ? `${props.id} — ${props.name}` : props.name}{" "}
        <span class="count" data-count={count ?? ""}>
          {count === null ? "" : `${count} vendor${count === 1 ? "" : "s"}`}
        </span>
      </h2>
      {error && <p role="alert" class="error">{error}</p>}
      <ul class="cards">
        {cards.map((card) => (
          <VendorCard key={card.slug} card={card} totals={totals.get(card.slug)} />
        ))}
      </ul>
      <div class="band-actions">
        {cursor && (
          <button type="button" onClick={() => void load(cursor, false)}>
            More {props.id ?? "stubs"}
          </button>
        )}
        {cards.length > 0 && (
          <button type="button" class="secondary" onClick={() => downloadCsv(`vendors-${props.id ?? "stubs"}`, cards, totals)}>
            Download {props.id ?? "stubs"} as CSV
          </button>
        )}
      </div>
    </section>
  );
}

function Filters({ params }: { params: URLSearchParams }) {
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(href("/", Object.fromEntries(FILTER_KEYS.map((k) => [k, next.get(k) ?? undefined]))));
  };
  const field = (name: string, label: string, type: "number" | "text") => {
    const onChange = (event: { currentTarget: HTMLInputElement }) => set(name, event.currentTarget.value.trim());
    const value = params.get(name) ?? "";
    return (
      <label>
        {label}
        {type === "number" ? (
          <input name={name} type="number" min={0} value={value} onChange={onChange} />
        ) : (
          <input name={name} type="text" value={value} onChange={onChange} />
        )}
      </label>
    );
  };
  return (
    <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <label>
        Layer
        <select aria-label="Layer" name="layer" value={params.get("layer") ?? ""} onChange={(e) => set("layer", e.currentTarget.value)}>
          <option value="">All layers</option>
          {["L1", "L2", "L3", "L4", "L5", "L6", "L7"].map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      {field("minInpact", "Min INPACT total", "number")}
      {field("minGoals", "Min GOALS total", "number")}
      <label>
        Dimension
        <select aria-label="Dimension" name="dim" value={params.get("dim") ?? ""} onChange={(e) => set("dim", e.currentTarget.value)}>
          <option value="">Any</option>
          {DIMENSIONS.map((dim) => (
            <option key={dim} value={dim}>
              {dim}
            </option>
          ))}
        </select>
      </label>
      {field("dimMin", "Min dimension score", "number")}
      {field("cert", "Certification held", "text")}
      {field("segment", "Segment", "text")}
      <label>
        Vendors
        <select aria-label="Vendors" name="kind" value={params.get("kind") ?? ""} onChange={(e) => set("kind", e.currentTarget.value)}>
          <option value="">Evaluated and stubs</option>
          <option value="evaluated">Evaluated only</option>
          <option value="stubs">Stubs only</option>
        </select>
      </label>
      <label>
        Sort by
        <select aria-label="Sort by" name="sort" value={params.get("sort") ?? "name"} onChange={(e) => set("sort", e.currentTarget.value)}>
          {Object.entries(SORTS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <a href="/" class="reset">
        Clear filters
      </a>
    </form>
  );
}

export function Landscape({ params }: { params: URLSearchParams }) {
  const layers = useQuery(LayersDocument, {});
  const only = params.get("layer");
  const kind = params.get("kind");
  const bandParams = new URLSearchParams(params);
  bandParams.delete("layer");
  return (
    <>
      <p class="lead">
        The seven layers of the architecture, L1 (storage) to L7 (multi-agent orchestration), and
        the vendors evaluated in each. Filters stay in the address, so a view can be shared.
      </p>
      <Filters params={params} />
      <Status state={layers} />
      {layers.status === "done" &&
        kind !== "stubs" &&
        (layers.data.layers ?? [])
          .filter((layer) => !only || layer.id === only)
          .map((layer) => <LayerBand key={layer.id} id={layer.id} name={layer.name} params={bandParams} />)}
      {layers.status === "done" && !only && kind !== "evaluated" && (
        <LayerBand id={null} name="Stubs: vendors known only from other vendors' files" params={bandParams} />
      )}
    </>
  );
}
