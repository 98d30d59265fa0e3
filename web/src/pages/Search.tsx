import { Status } from "../components/Status";
import { SearchDocument } from "../operations";
import { useQuery } from "../useQuery";

const FIELD_TEXT = {
  VENDOR_NAME: "Vendor name",
  SCORE_RATIONALE: "Score rationale",
  ALTERNATIVE_RATIONALE: "Alternative's rationale",
  RISK: "Risk",
  MITIGATION: "Mitigation",
} as const;

export function Search({ params }: { params: URLSearchParams }) {
  const text = (params.get("q") ?? "").trim();
  const state = useQuery(SearchDocument, text ? { text, first: 50 } : null);
  if (!text) return <p>Type words in the search box above.</p>;
  if (state.status !== "done") return <Status state={state} />;
  const hits = state.data.search ?? [];
  return (
    <>
      <p role="status">
        {hits.length} result{hits.length === 1 ? "" : "s"} for “{text}”
      </p>
      <ol class="hits">
        {hits.map((hit, i) => (
          <li key={i}>
            <a href={`/vendor/${encodeURIComponent(hit.vendor.slug)}`}>{hit.vendor.name}</a>{" "}
            <span class="label">
              {FIELD_TEXT[hit.field]}
              {hit.detail ? ` ${hit.detail}` : ""}
            </span>
            <p>{hit.text}</p>
          </li>
        ))}
      </ol>
    </>
  );
}
