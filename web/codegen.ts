// Types the front-end's GraphQL documents from the committed schema and writes the
// trusted-documents manifest (src/gql/persisted-documents.json: "sha256:<hex>" -> document).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.ts", "src/**/*.tsx", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "./src/gql/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        // The bundle carries hashes only; the API looks the documents up by hash.
        persistedDocuments: { mode: "replaceDocumentWithHash", hashAlgorithm: "sha256" },
      },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { Date: "string", DateTime: "string" } },
    },
  },
};

export default config;
