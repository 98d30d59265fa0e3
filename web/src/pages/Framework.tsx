import { Status } from "../components/Status";
import { FrameworkDocument } from "../operations";
import { href } from "../router";
import { useQuery } from "../useQuery";

const average = (value: number | null | undefined) => (value == null ? "–" : value.toFixed(1));

/** The architecture the knowledge base describes: the layers, bottom to top, with their numbers. */
export function Framework() {
  const state = useQuery(FrameworkDocument, {});
  return (
    <>
      <p class="lead">
        Trust Before Intelligence: an enterprise AI agent is trusted only when every layer below
        it is. Seven layers, from storage (L1) to multi-agent orchestration (L7), each resting on
        the one below. Vendors are scored on INPACT (six dimensions: Instant, Natural, Permitted,
        Adaptive, Contextual, Transparent) and GOALS (five: Governance, Observability,
        Availability, Lexicon, Solid).
      </p>
      {state.status !== "done" ? (
        <Status state={state} />
      ) : (
        <table class="framework">
          <caption>The layers, top to bottom, with their vendors' totals</caption>
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">What it holds</th>
              <th scope="col">Vendors</th>
              <th scope="col">INPACT average / best</th>
              <th scope="col">GOALS average / best</th>
              <th scope="col">Top vendors</th>
            </tr>
          </thead>
          <tbody>
            {[...(state.data.layers ?? [])].reverse().map((layer) => (
              <tr key={layer.id} data-layer={layer.id}>
                <th scope="row">
                  <a href={href("/", { layer: layer.id })}>
                    {layer.id} — {layer.name}
                  </a>
                </th>
                <td>{layer.description}</td>
                <td class="num">{layer.vendorCount}</td>
                <td class="num">
                  {average(layer.averageInpactTotal)} / {layer.bestInpactTotal ?? "–"}
                </td>
                <td class="num">
                  {average(layer.averageGoalsTotal)} / {layer.bestGoalsTotal ?? "–"}
                </td>
                <td>
                  {layer.topVendors.map((vendor, i) => (
                    <span key={vendor.slug}>
                      {i > 0 && ", "}
                      <a href={`/vendor/${encodeURIComponent(vendor.slug)}`}>{vendor.name}</a>
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
