import { useState } from "preact/hooks";
import { RadarChart, seriesColour } from "../components/charts";
import { Status } from "../components/Status";
import { CompareDocument } from "../operations";
import { totalText } from "../format";
import { href, navigate } from "../router";
import { useQuery } from "../useQuery";

const MAX_VENDORS = 10;

function Picker({ slugs }: { slugs: string[] }) {
  const [text, setText] = useState("");
  const add = (event: Event) => {
    event.preventDefault();
    const slug = text.trim().toLowerCase();
    if (slug && !slugs.includes(slug) && slugs.length < MAX_VENDORS) navigate(href("/compare", { v: [...slugs, slug] }));
    setText("");
  };
  return (
    <form class="picker" onSubmit={add}>
      <label>
        Vendor slug to add
        <input name="vendor" value={text} placeholder="e.g. argilla" onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={slugs.length >= MAX_VENDORS}>
        Add
      </button>
      <ul class="chips" aria-label="Compared vendors">
        {slugs.map((slug) => (
          <li key={slug}>
            {slug}{" "}
            <a href={href("/compare", { v: slugs.filter((s) => s !== slug) })} aria-label={`Remove ${slug}`}>
              ×
            </a>
          </li>
        ))}
      </ul>
    </form>
  );
}

export function Compare({ params }: { params: URLSearchParams }) {
  const slugs = params.getAll("v").slice(0, MAX_VENDORS);
  const state = useQuery(CompareDocument, slugs.length >= 2 ? { slugs } : null);
  return (
    <>
      <p class="lead">Two to ten vendors side by side, dimension by dimension.</p>
      <Picker slugs={slugs} />
      {slugs.length < 2 ? (
        <p>Add at least two vendors.</p>
      ) : state.status !== "done" ? (
        <Status state={state} />
      ) : (
        state.data.compare && <Comparison data={state.data.compare} />
      )}
    </>
  );
}


function Comparison({ data }: { data: NonNullable<import("../gql/graphql").CompareQuery["compare"]> }) {
  const vendors = data.vendors;
  return (
    <>
      <div class="chart-and-table">
        <div>
          <RadarChart
            title="Each vendor's dimension scores as shares of their maxima"
            axes={data.dimensions.map((d) => `${d.framework === "INPACT" ? "" : "G:"}${d.letter}`)}
            series={vendors.map((v) => ({
              name: v.vendor.slug,
              values: data.dimensions.map((d) => {
                const cell = d.cells.find((c) => c.slug === v.vendor.slug);
                return cell?.score != null && cell.max ? cell.score / cell.max : null;
              }),
            }))}
          />
          <ul class="legend">
            {vendors.map((v, i) => (
              <li key={v.vendor.slug}>
                <svg width="12" height="12" aria-hidden="true">
                  <rect width="12" height="12" fill={seriesColour(i)} />
                </svg>{" "}
                {v.vendor.name}
              </li>
            ))}
          </ul>
        </div>
        <table class="compare">
          <caption>Scores per dimension</caption>
          <thead>
            <tr>
              <th scope="col">Dimension</th>
              {vendors.map((v) => (
                <th scope="col" key={v.vendor.slug}>
                  <a href={`/vendor/${encodeURIComponent(v.vendor.slug)}`}>{v.vendor.name}</a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">INPACT total</th>
              {vendors.map((v) => (
                <td class="num" key={v.vendor.slug}>{totalText(v.inpact)}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">GOALS total</th>
              {vendors.map((v) => (
                <td class="num" key={v.vendor.slug}>{totalText(v.goals)}</td>
              ))}
            </tr>
            {data.dimensions.map((d) => (
              <tr key={d.dimension}>
                <th scope="row">
                  {d.framework} {d.letter} — {d.name}
                </th>
                {d.cells.map((cell) => (
                  <td class="num" key={cell.slug}>
                    {cell.score == null ? "–" : `${cell.score}/${cell.max ?? "?"}`}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section>
        <h2>Profiles</h2>
        <table>
          <caption>Selection profiles passed (✓) or missed, with the thresholds missed</caption>
          <thead>
            <tr>
              <th scope="col">Profile</th>
              {vendors.map((v) => (
                <th scope="col" key={v.vendor.slug}>{v.vendor.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(vendors[0]?.profiles ?? []).map((profile) => (
              <tr key={profile.profileId}>
                <th scope="row">{profile.name}</th>
                {vendors.map((v) => {
                  const result = v.profiles.find((p) => p.profileId === profile.profileId);
                  return (
                    <td key={v.vendor.slug}>
                      {result?.passes ? "✓ passes" : `✗ ${result?.failures.join("; ") ?? ""}`}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
