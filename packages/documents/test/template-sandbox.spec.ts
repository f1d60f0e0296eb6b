import { ENABLED_PLUGINS } from '@chibo/catalog';
import { DocumentRenderer, shippedSamples } from '../src';

const resolutionSamples = shippedSamples('thematic:resolution');
const layout = (body: string) => `{{#> document}}\n{{> title-block}}\n<div class="body">\n${body}\n</div>\n{{#> footer}}<p class="recipient">- Lưu chi bộ.</p>{{/footer}}\n{{/document}}\n`;
/** Seven loops over the 17-member roster, one inside the other: 17⁷ ≈ 410 million turns, small enough for the pre-scan. */
const slow = layout(`${'{{#each @root.roster}}'.repeat(7)}.${'{{/each}}'.repeat(7)}`);

/** The longest the event loop went without a turn while `work` ran (a 10 ms ticker measures it). */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    const result = await work();
    return { result, stallMs: Math.max(stallMs, performance.now() - last) };
  } finally {
    clearInterval(ticker);
  }
}

describe('committee templates run in a sandbox with a time limit', () => {
  const renderer = new DocumentRenderer(DocumentRenderer.fromPlugins(ENABLED_PLUGINS).templates().filter((t) => t.plugin), undefined, { templateTimeLimitMs: 500 });
  afterAll(() => renderer.close());

  it('should refuse a template that runs past the limit with too-slow, without stalling the event loop', async () => {
    expect(resolutionSamples.length).toBeGreaterThan(0);

    const started = performance.now();
    const { result, stallMs } = await longestStall(() => renderer.validateAsync(slow, resolutionSamples));

    expect(result).toEqual([expect.objectContaining({ path: 'source', rule: 'too-slow' })]);
    // Bounds that hold on a loaded CI machine yet fail if the template ran here: on this thread the loop would stall
    // for at least the 500 ms limit, and a template that is not stopped runs far longer than 8 s.
    expect(performance.now() - started).toBeLessThan(8_000);
    expect(stallMs).toBeLessThan(450);
  });

  it('should keep working after a template was stopped: same answers as on the calling thread', async () => {
    const good = layout('<p>Chi bộ quyết nghị: {{#each resolution.decisions}}{{inc @index}}) {{this}} {{/each}}</p>');
    const missing = layout('<p>Số phiếu: {{resolution.votes}}</p>');

    expect(await renderer.validateAsync(good, resolutionSamples)).toEqual([]);
    expect(await renderer.validateAsync(missing, resolutionSamples)).toEqual(renderer.validate(missing, resolutionSamples));
    expect((await renderer.validateAsync(missing, resolutionSamples))[0]).toMatchObject({ rule: 'unknown-field', line: 4 });
  });

  it('should render a document with the plugin’s template, and say why, when a stored override runs past the limit', async () => {
    const sample = resolutionSamples[0]!;
    const plugin = renderer.render(sample);

    const { result } = await longestStall(() => renderer.renderAsync(sample, { ref: 'override:DU-NGOC-LAM:thematic:resolution@1', source: slow }));
    const overridden = await renderer.renderAsync(sample, { ref: 'override:DU-NGOC-LAM:thematic:resolution@2', source: layout('<p>{{resolution.title}}</p>') });

    expect(result).toMatchObject({ html: plugin.html, templateRef: plugin.templateRef });
    expect(result.note).toContain('override:DU-NGOC-LAM:thematic:resolution@1');
    expect(result.note).toContain('quá 0.5 giây');
    expect(overridden).toMatchObject({ templateRef: 'override:DU-NGOC-LAM:thematic:resolution@2', note: null });
    expect(overridden.html).toContain('<p>Nghị quyết sinh hoạt chuyên đề');
    expect(overridden.html).not.toBe(plugin.html);
  });
});
