import type { QueryState } from "../useQuery";

/** Loading and error states of a query; null once its data is there. */
export function Status<T>({ state }: { state: QueryState<T> }) {
  if (state.status === "loading") return <p class="status" role="status">Loading…</p>;
  if (state.status === "error")
    return (
      <p class="status error" role="alert">
        {state.message} ({state.code})
      </p>
    );
  return null;
}
