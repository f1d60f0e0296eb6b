/**
 * Benchmark (not a test): renders 1,000 resolutions (NQ) to HTML with the plugin template, each with its own number,
 * title and decisions, and prints the time. The budget is under 1 s for 1,000; the script exits 1 above
 * BENCH_MAX_MS (default 1000). Run with `npm run bench:documents` from the repository root.
 */
import { defaultDocumentRenderer } from '../default-renderer';
import { shippedSamples } from '../template-overrides';

const COUNT = Number(process.env['BENCH_DOCUMENTS'] ?? 1_000);
const MAX_MS = Number(process.env['BENCH_MAX_MS'] ?? 1_000);

function main(): void {
  const t0 = performance.now();
  const renderer = defaultDocumentRenderer();
  const [sample] = shippedSamples('thematic:resolution');
  if (!sample) throw new Error('No resolution sample: build @chibo/documents (npm run build)');
  const data = sample.data as { resolution: { decisions: string[] } };
  const inputs = Array.from({ length: COUNT }, (_, i) => ({
    ...sample,
    number: `Số ${String(i + 1).padStart(2, '0')}-NQ/CB`,
    title: `Nghị quyết sinh hoạt chi bộ lần ${i + 1}`,
    data: { ...data, resolution: { ...data.resolution, decisions: [...data.resolution.decisions, `Nội dung bổ sung số ${i + 1}.`] } },
  }));
  // The first render compiles the template (once per process), as the first document after start-up does.
  renderer.render(inputs[0]!);
  const setupMs = performance.now() - t0;
  const t1 = performance.now();
  let bytes = 0;
  for (const input of inputs) bytes += renderer.render(input).html.length;
  const ms = performance.now() - t1;
  console.log(`rendered ${COUNT} resolutions to HTML in ${ms.toFixed(0)} ms (${(ms / COUNT).toFixed(3)} ms each, ${Math.round((COUNT / ms) * 1000)} documents/s, ${(bytes / 1024 / 1024).toFixed(1)} MB of HTML); start-up and first compile ${setupMs.toFixed(0)} ms`);
  if (ms > MAX_MS) {
    console.error(`over the budget of ${MAX_MS} ms`);
    process.exitCode = 1;
  }
}

main();
