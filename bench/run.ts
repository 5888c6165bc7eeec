/**
 * `npm run bench -- NAME [args] [--json]`: runs one benchmark (bench/NAME.ts, which exports
 * `run(args): Promise<BenchResult>`), prints a human summary (or the JSON with --json) and writes the
 * JSON to bench/results/NAME.json. Benchmarks measure real work and report ratios against a baseline
 * measured in the same run, because these machines are shared and noisy.
 */
import { mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BenchResult {
  /** The machine-readable figures (what --json prints). */
  json: Record<string, unknown>;
  /** Human-readable lines. */
  lines: string[];
}

const here = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));

const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${available.join('|')}> [args] [--json]\n`);
  process.exit(2);
}
const json = rest.includes('--json');
const args = rest.filter((a) => a !== '--json');
const mod = (await import(`./${name}.ts`)) as { run(args: string[]): Promise<BenchResult> };
const result = await mod.run(args);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL(`./results/${name}.json`, import.meta.url), `${JSON.stringify(result.json, null, 2)}\n`);
if (json) process.stdout.write(`${JSON.stringify(result.json)}\n`);
else process.stdout.write(`${result.lines.join('\n')}\n(written to bench/results/${name}.json)\n`);
