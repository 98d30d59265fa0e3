// After `vite build`: the trusted-documents manifest next to the built files, where the API
// reads it, and GraphiQL's files under dist/graphiql/<package>@<version>/, the paths
// strawberry's GraphiQL page loads from unpkg.com (the API points the page here instead);
// then a gzip copy (name.gz) of every text file, which the API sends to clients that accept it.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { constants, gzipSync } from "node:zlib";

copyFileSync("src/gql/persisted-documents.json", "dist/persisted-documents.json");

const GRAPHIQL_FILES = [
  ["react", "umd/react.production.min.js"],
  ["react-dom", "umd/react-dom.production.min.js"],
  ["js-cookie", "dist/js.cookie.min.js"],
  ["graphiql", "graphiql.min.css"],
  ["graphiql", "graphiql.min.js"],
  ["@graphiql/plugin-explorer", "dist/style.css"],
  ["@graphiql/plugin-explorer", "dist/index.umd.js"],
];

for (const [name, file] of GRAPHIQL_FILES) {
  const { version } = JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8"));
  const target = join("dist", "graphiql", `${name}@${version}`, file);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join("node_modules", name, file), target);
}

const COMPRESSIBLE = /\.(html|js|css|svg|json)$/;

for (const entry of readdirSync("dist", { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
  const file = join(entry.parentPath ?? entry.path, entry.name);
  writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION }));
}
