// A tiny consumer of manifestgen's output, compiled by .ci/run with
// `tsc --strict` against the generated manifestgen/schemas/manifests.d.ts and
// run with node on a real output dir: the types must describe what is there.
import type { Changes, FilterFile, Index, ModelsFile, SeenFile } from "./manifests";

// Just enough of node, so that no @types package is needed.
declare function require(name: "fs"): { readFileSync(path: string, encoding: "utf8"): string };
declare const process: { argv: string[]; exit(code: number): never };
declare const console: { log(...args: unknown[]): void; error(...args: unknown[]): void };

const dir = process.argv[2];
const read = <T>(rel: string): T => JSON.parse(require("fs").readFileSync(dir + "/" + rel, "utf8")) as T;
const fail = (msg: string): never => {
  console.error("consumer: " + msg);
  return process.exit(1);
};

const index = read<Index>("index.json");
if (index.hub !== "embedded" && index.hub !== "live") fail("hub " + index.hub);
let ids = 0;
for (const entry of index.filters) {
  if (entry.status === "missing" || entry.file === undefined) continue;
  const filter = read<FilterFile>(entry.file);
  const models = read<ModelsFile>(index.sources[entry.source].models);
  for (const id of filter.modelIds) {
    const model = models.models[id];
    if (model === undefined) fail(`${entry.file}: ${id} not in models`);
    const downloads: number = model.downloads;
    const tags: string[] = model.tags;
    if (typeof downloads !== "number" || !Array.isArray(tags)) fail(`${id}: bad model`);
    ids++;
  }
}
const seen = read<SeenFile>("civitai/seen.json");
for (const [id, s] of Object.entries(seen.models)) {
  if (Number.isNaN(Date.parse(s.firstSeenAt))) fail(`seen ${id}: firstSeenAt ${s.firstSeenAt}`);
}
const changes = read<Changes>("changes.json");
if (changes.generation !== index.generation) fail("changes.json is of another generation");
const headline = changes.previous === null ? `no comparison (${changes.reason})` : `${changes.totals.added} added since ${changes.previous.generation}`;
console.log(`consumer: ${index.filters.length} filters, ${ids} ids resolved, change feed: ${headline}`);
