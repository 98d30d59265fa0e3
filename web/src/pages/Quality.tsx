import { Status } from "../components/Status";
import { DataQualityDocument } from "../operations";
import { number } from "../format";
import { href, navigate } from "../router";
import { useQuery } from "../useQuery";

export function Quality({ params }: { params: URLSearchParams }) {
  const days = number(params.get("days")) ?? 365;
  const state = useQuery(DataQualityDocument, { olderThanDays: days });
  return (
    <>
      <p class="lead">Declared totals that disagree with their dimensions, stubs, and old evaluations.</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Stale after (days)
          <input
            name="days"
            type="number"
            min={0}
            value={days}
            onChange={(e) => navigate(href("/quality", { days: e.currentTarget.value }))}
          />
        </label>
      </form>
      {state.status !== "done" ? (
        <Status state={state} />
      ) : (
        state.data.dataQuality && (
          <>
            <section>
              <h2>Totals that disagree ({state.data.dataQuality.totalMismatches.length})</h2>
              <table>
                <caption>Declared total against the sum of the dimension scores</caption>
                <thead>
                  <tr>
                    <th scope="col">Vendor</th>
                    <th scope="col">INPACT declared</th>
                    <th scope="col">INPACT computed</th>
                    <th scope="col">GOALS declared</th>
                    <th scope="col">GOALS computed</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.dataQuality.totalMismatches.map((m) => (
                    <tr key={m.vendor.slug} data-slug={m.vendor.slug}>
                      <th scope="row">
                        <a href={`/vendor/${encodeURIComponent(m.vendor.slug)}`}>{m.vendor.name}</a>
                      </th>
                      <td class="num">{m.inpactDeclared ?? "–"}</td>
                      <td class="num">{m.inpactComputed ?? "–"}</td>
                      <td class="num">{m.goalsDeclared ?? "–"}</td>
                      <td class="num">{m.goalsComputed ?? "–"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section>
              <h2>Stubs ({state.data.dataQuality.stubCount})</h2>
              <ul>
                {state.data.dataQuality.stubs.map((s) => (
                  <li key={s.slug}>
                    <a href={`/vendor/${encodeURIComponent(s.slug)}`}>{s.name}</a>, linked from {s.linkedFrom.join(", ")}
                  </li>
                ))}
              </ul>
            </section>
            <section>
              <h2>Evaluations older than {days} days ({state.data.dataQuality.stale.length})</h2>
              <ul>
                {state.data.dataQuality.stale.map((s) => (
                  <li key={s.vendor.slug}>
                    <a href={`/vendor/${encodeURIComponent(s.vendor.slug)}`}>{s.vendor.name}</a>: {s.evaluatedAt} ({s.ageDays} days)
                  </li>
                ))}
              </ul>
            </section>
          </>
        )
      )}
    </>
  );
}
