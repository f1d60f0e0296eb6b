import { ENABLED_PLUGINS } from '@chibo/catalog';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentRenderer, type RenderInput } from '../src';
import { htmlText, missingFrom, requiredElements } from './support/required-elements';
import { fixtureNames, GOLDEN_SCENARIOS, scenarioDocuments, yearScenarioDocuments } from './support/scenario-documents';

// Golden HTML of the documents of the example scenarios, reviewed by a person (they must look like real Party
// documents, HD 36-HD/VPTW). After a deliberate template change: `UPDATE_GOLDEN=1 npx jest test/golden.spec.ts`, then
// review the diff of test/golden/ (and open the files in a browser) before committing.
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const GOLDEN_DIR = join(__dirname, 'golden');
const SAMPLES_DIR = join(__dirname, '..', 'src', 'samples');
const renderer = DocumentRenderer.fromPlugins(ENABLED_PLUGINS);

describe.each(GOLDEN_SCENARIOS)('the documents of %s', (name) => {
  let run: Awaited<ReturnType<typeof scenarioDocuments>>;
  beforeAll(async () => {
    run = await scenarioDocuments(name);
    if (UPDATE) {
      rmSync(join(GOLDEN_DIR, name), { recursive: true, force: true });
      for (const doc of run.documents) {
        mkdirSync(join(GOLDEN_DIR, name, doc.org), { recursive: true });
        writeFileSync(join(GOLDEN_DIR, name, doc.org, `${doc.name}.html`), renderer.render(doc.input).html);
      }
    }
  });

  it('should issue the plan, notice, resolution, minutes and report of each cell and the committee roll-up', () => {
    const cells = Object.keys(run.scenario.cells);
    expect(run.documents.map((d) => `${d.org}/${d.name}`).sort()).toEqual(
      [...cells.flatMap((c) => ['KH-01', 'TB-01', 'NQ-01', 'BB-01', 'BC-01'].map((n) => `${c}/${n}`)), `${run.scenario.org.code}/BC-01`].sort(),
    );
  });

  it('should render every document exactly as its reviewed golden file', () => {
    for (const doc of run.documents) {
      const file = join(GOLDEN_DIR, name, doc.org, `${doc.name}.html`);
      expect({ file, exists: existsSync(file) }).toEqual({ file, exists: true });
      expect({ file, html: renderer.render(doc.input).html }).toEqual({ file, html: readFileSync(file, 'utf8') });
    }
  });

  it('should have no golden file for a document the run does not issue', () => {
    const expected = new Set(run.documents.map((d) => `${d.org}/${d.name}.html`));
    const present = readdirSync(join(GOLDEN_DIR, name)).flatMap((org) => readdirSync(join(GOLDEN_DIR, name, org)).map((f) => `${org}/${f}`));
    expect(present.filter((f) => !expected.has(f))).toEqual([]);
  });

  it('should print every required element (header, number, date, people, vote, rating, signature) with its diacritics', () => {
    for (const doc of run.documents) {
      const missing = missingFrom(htmlText(renderer.render(doc.input).html), requiredElements(run.scenario, doc));
      expect({ document: `${doc.org}/${doc.name}`, missing }).toEqual({ document: `${doc.org}/${doc.name}`, missing: [] });
    }
  });
});

describe('every example scenario', () => {
  it.each(fixtureNames().sort())('should render each document of %s with the template its step named', async (name) => {
    for (const doc of (await scenarioDocuments(name)).documents) {
      const out = renderer.render(doc.input);
      expect({ document: `${doc.org}/${doc.name}`, template: out.templateRef, note: out.note }).toEqual({ document: `${doc.org}/${doc.name}`, template: `plugin:${doc.input.template}`, note: null });
      expect(out.html).toContain(doc.input.number);
    }
  });
});

describe('every year scenario', () => {
  it('should render the annual thematic plan as a numbered KH naming each topic, its month and who prepares it', async () => {
    const plans = (await yearScenarioDocuments()).filter((d) => d.input.template === 'year:annual-plan');
    expect(plans.map((d) => [d.scenario, d.input.number])).toEqual([['cong-hoa-2018-year', 'Số 01-KH/CB']]);
    const out = renderer.render(plans[0]!.input);
    expect(out.templateRef).toBe('plugin:year:annual-plan');
    const text = htmlText(out.html);
    expect(text).toContain('KẾ HOẠCH');
    expect(text).toContain('Số 01-KH/CB');
    expect(text).toContain('Thực hiện Nghị quyết 29-NQ/TW về đổi mới căn bản, toàn diện giáo dục và đào tạo');
    expect(text).toContain('người chuẩn bị dự thảo: đồng chí Lê Thị Mai');
    expect(text).toContain('Đảng ủy xã Cộng Hòa (để báo cáo)');
  });
});

describe('the samples a committee template is checked against', () => {
  it('should be the documents of every example scenario, by template', async () => {
    const byTemplate = new Map<string, RenderInput[]>();
    for (const name of fixtureNames().sort()) {
      for (const doc of (await scenarioDocuments(name)).documents) {
        const id = doc.input.template ?? 'none';
        byTemplate.set(id, [...(byTemplate.get(id) ?? []), doc.input]);
      }
    }
    // The year scenarios' own templates (the annual plan's KH); their sessions' documents are the guidance ones'.
    for (const doc of await yearScenarioDocuments()) {
      const id = doc.input.template ?? 'none';
      if (!byTemplate.has(id) || id.startsWith('year:')) byTemplate.set(id, [...(byTemplate.get(id) ?? []), doc.input]);
    }
    if (UPDATE) {
      rmSync(SAMPLES_DIR, { recursive: true, force: true });
      mkdirSync(SAMPLES_DIR, { recursive: true });
      for (const [id, inputs] of byTemplate) writeFileSync(join(SAMPLES_DIR, `${id.replace(/[^A-Za-z0-9-]/g, '_')}.json`), `${JSON.stringify(inputs, null, 1)}\n`);
    }
    expect([...byTemplate.keys()].sort()).toEqual(renderer.templates().filter((t) => t.plugin).map((t) => t.id).sort());
    for (const [id, inputs] of byTemplate) {
      const file = join(SAMPLES_DIR, `${id.replace(/[^A-Za-z0-9-]/g, '_')}.json`);
      expect({ file, samples: JSON.parse(readFileSync(file, 'utf8')) }).toEqual({ file, samples: JSON.parse(JSON.stringify(inputs)) });
    }
  });
});
