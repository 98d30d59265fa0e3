// Baseline (iii) of the GraphQL API benchmark (bench/bench_api.py): @neo4j/graphql on Apollo
// Server, over the same Neo4j and data as the API. Env: NEO4J_URI (bolt, no auth), PORT.
// `node server.mjs --print-schema` prints the generated SDL instead of serving.
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { printSchema } from "graphql";
import neo4j from "neo4j-driver";

const typeDefs = readFileSync(new URL("./typeDefs.graphql", import.meta.url), "utf8");
const uri = process.env.NEO4J_URI ?? "bolt://127.0.0.1:57687";
// The bench server runs without auth; the driver still needs an auth token object.
const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "bench"), {
  maxConnectionPoolSize: 50,
});

const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const schema = await neoSchema.getSchema();

if (process.argv.includes("--print-schema")) {
  process.stdout.write(printSchema(schema));
  await driver.close();
  process.exit(0);
}

const server = new ApolloServer({ schema });
const port = Number(process.env.PORT ?? 58001);
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port },
  context: async () => ({ sessionConfig: { defaultAccessMode: "READ" } }),
});
console.log(`@neo4j/graphql on Apollo Server at ${url}`);

const stop = async () => {
  await server.stop();
  await driver.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
