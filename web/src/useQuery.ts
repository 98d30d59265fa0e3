import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useEffect, useState } from "preact/hooks";
import { request } from "./api";

export type QueryState<T> =
  | { status: "loading" }
  | { status: "error"; message: string; code: string }
  | { status: "done"; data: T };

/** Runs a document whenever its variables change (compared as JSON); null skips it. */
export function useQuery<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables | null,
): QueryState<TData> {
  const [state, setState] = useState<QueryState<TData>>({ status: "loading" });
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (variables === null) return;
    const controller = new AbortController();
    setState({ status: "loading" });
    request(document, variables, controller.signal).then(
      (data) => setState({ status: "done", data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const code = (error as { code?: string }).code ?? "ERROR";
        setState({ status: "error", message: String((error as Error).message), code });
      },
    );
    return () => controller.abort();
  }, [document, key]);
  return state;
}
