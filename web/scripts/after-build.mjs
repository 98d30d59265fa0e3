// Puts the trusted-documents manifest next to the built files, where the API reads it.
import { copyFileSync } from "node:fs";

copyFileSync("src/gql/persisted-documents.json", "dist/persisted-documents.json");
