// Sends a trusted document by its hash (the API looks it up in the build's manifest).
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";

interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

function hashOf(document: object): string {
  const meta = (document as unknown as { __meta__?: { hash?: string } }).__meta__;
  if (!meta?.hash) throw new Error("a GraphQL document without its persisted hash");
  return meta.hash;
}

export async function request<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
): Promise<TData> {
  const response = await fetch("/graphql", {
    method: "POST",
    // An explicit GraphQL Accept header: `*/*` could be answered with GraphiQL's page.
    headers: {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json",
    },
    body: JSON.stringify({ documentId: hashOf(document), variables }),
    signal,
  });
  let body: { data?: TData | null; errors?: GraphQLError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(`the API answered HTTP ${response.status} without JSON`, "HTTP");
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? "ERROR");
  if (!body.data) throw new ApiError("the API answered no data", "ERROR");
  return body.data;
}
