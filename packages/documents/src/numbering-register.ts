import { batchedInTransaction, CoalescingLoader, DocumentEntity, findOrgUnit, NumberingRegister, type OrgUnit, rememberDocumentChecksum, Term } from '@chibo/db';
import { formatDocumentNumber, localDate, termFor, type Term as RuleTerm } from '@chibo/rules';
import { createHash, randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { defaultDocumentRenderer } from './default-renderer';
import { TemplateRenderError, type DocumentRenderer, type TemplateOverrideSource } from './document-renderer';
import { DocumentAlreadyCancelledError, DocumentNotFoundError } from './errors';
import { findTemplateOverride, nearestOverride } from './template-overrides';

/** What issuing a document needs. `at` is the instant of issue (the date printed on it). */
export interface IssueDocumentInput {
  orgCode: string;
  type: string;
  title: string;
  data: unknown;
  at: string;
  instanceId: string | null;
  idempotencyKey: string | null;
  /** The template the issuing step named (`thematic:minutes`); absent: the generic template. */
  template?: string | null;
}

/**
 * Issues a document inside the caller's transaction: reserves the next number in the register of (issuing body, type,
 * term), renders the HTML (the committee's override of the template if one applies) and stores both with their
 * checksums. The increment takes the register row's lock until the transaction ends, and `uq_documents_register_seq`
 * refuses a second document with the same number: a number is reserved exactly once, and a crash before commit
 * rolls the reservation back with everything else, so the register has no hole.
 *
 * A template that fails on the data never yields a partial document: a committee's override falls back to the
 * plugin's template (`renderNote` says so); if even that fails, the document keeps its number without HTML and
 * `renderNote` holds the reason.
 */
export async function issueDocument(
  manager: EntityManager,
  input: IssueDocumentInput,
  renderer: DocumentRenderer = defaultDocumentRenderer(),
  options: IssueOptions = {},
): Promise<DocumentEntity> {
  const { org, templateId, terms, override } = options.prepared ?? (await prepareDocument(manager, input, renderer));
  const { register, seq } = await reserveNumber(manager, org, input.type, input.at, terms);
  const number = formatDocumentNumber(seq, input.type, org.abbr);
  const data = input.data ?? null;
  const parent = org.parentId ? await findOrgUnit(manager, { id: org.parentId }) : null;
  let rendered: { html: string | null; checksum: string | null; templateRef: string | null; note: string | null };
  try {
    // A committee's override renders in the sandbox (worker thread, time limit); the plugin's template here.
    const out = await renderer.renderAsync(
      {
        template: templateId,
        type: input.type,
        number,
        title: input.title,
        issuedAt: input.at,
        data,
        org: { code: org.code, name: org.name, abbr: org.abbr, kind: org.kind, parentName: parent?.name ?? null },
      },
      override,
    );
    rendered = { html: out.html, checksum: out.checksum, templateRef: out.templateRef, note: out.note };
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    rendered = { html: null, checksum: null, templateRef: error.templateRef, note: `Chưa dựng được văn bản: ${error.message}` };
  }
  const doc = manager.create(DocumentEntity, {
    // Chosen here, not by the insert: the caller may insert the row later (`options.insert`) and needs its id now.
    id: randomUUID(),
    orgId: org.id,
    instanceId: input.instanceId,
    type: input.type,
    seq,
    number,
    registerId: register.id,
    title: input.title,
    data,
    checksum: dataChecksum(data),
    status: 'issued',
    idempotencyKey: input.idempotencyKey,
    issuedAt: input.at,
    createdAt: input.at,
    html: rendered.html,
    htmlChecksum: rendered.checksum,
    templateRef: rendered.templateRef,
    renderNote: rendered.note,
    cancelledAt: null,
    cancelReason: null,
    cancelledBy: null,
  });
  // insert, not save: save would first look the new id up.
  if (options.insert) options.insert(doc);
  else await manager.insert(DocumentEntity, doc as never);
  rememberDocumentChecksum(manager, doc.id, doc.checksum);
  return doc;
}

/** What issuing reads besides the register, which may be read before the issuing transaction (`prepareDocument`). */
export interface PreparedDocument {
  org: OrgUnit;
  templateId: string;
  terms: RuleTerm[];
  override: TemplateOverrideSource | null;
}

export interface IssueOptions {
  /** The reads `prepareDocument` made (outside the transaction, so that it holds its locks for less time). */
  prepared?: PreparedDocument;
  /** Takes the new row instead of inserting it now: the caller inserts it, in the same transaction, with others. */
  insert?: (doc: DocumentEntity) => void;
}

/**
 * The reads a document's issue needs besides its number: the issuing unit, the template, the terms that number it and
 * the committee's override of the template. They may run before the issuing transaction: a term or a template
 * changed in between only means the document was, in effect, issued a moment earlier.
 */
export async function prepareDocument(manager: EntityManager, input: Pick<IssueDocumentInput, 'orgCode' | 'template'>, renderer: DocumentRenderer = defaultDocumentRenderer()): Promise<PreparedDocument> {
  const org = await findOrgUnit(manager, { code: input.orgCode });
  if (!org) throw new DocumentNotFoundError(`Không tìm thấy tổ chức ${input.orgCode}`);
  const templateId = renderer.templateIdFor({ template: input.template ?? null });
  return { org, templateId, ...(await termsAndOverride(manager, org, templateId)) };
}

/** sha256 (hex) of a document's data as stored (its JSON). */
export function dataChecksum(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data ?? null)).digest('hex');
}

/**
 * Takes the next number of the register of (org, type, term containing `at`), creating the register on first use.
 * Must run inside a transaction: the row lock taken by the increment is what serialises concurrent issuers.
 */
export async function reserveNumber(
  manager: EntityManager,
  org: OrgUnit,
  type: string,
  at: string,
  terms?: RuleTerm[],
): Promise<{ register: NumberingRegister; seq: number }> {
  const term = termFor(at, terms ?? (await termsOf(manager, org)));
  // Without a term, numbering restarts each calendar year (a register must start somewhere).
  const termFrom = term?.from ?? `${localDate(at).slice(0, 4)}-01-01`;
  if (manager.connection.options.type === 'postgres') return takeNumber(manager, org.id, type, termFrom);
  let register = await manager.findOne(NumberingRegister, { where: { orgId: org.id, type, termFrom } });
  if (!register) {
    await manager.createQueryBuilder().insert().into(NumberingRegister).values({ id: randomUUID(), orgId: org.id, type, termFrom, lastSeq: 0 }).orIgnore().execute();
    register = await manager.findOneOrFail(NumberingRegister, { where: { orgId: org.id, type, termFrom } });
  }
  // The increment takes the row lock (Postgres) or the write lock (SQLite) until the transaction ends.
  await manager.createQueryBuilder().update(NumberingRegister).set({ lastSeq: () => 'last_seq + 1' }).where('id = :id', { id: register.id }).execute();
  const { lastSeq } = await manager.findOneOrFail(NumberingRegister, { where: { id: register.id } });
  return { register, seq: lastSeq };
}

/**
 * PostgreSQL: takes the next number of the register of (org, type, term), holding the register row's lock until the
 * transaction ends. The numbers asked for in one transaction at about the same time (the documents of a group commit,
 * issued side by side) are taken together, in one statement: an upsert that creates each register on first use and
 * adds to it the count asked of it; each asker gets its own number, in the order they asked.
 */
function takeNumber(manager: EntityManager, orgId: string, type: string, termFrom: string): Promise<{ register: NumberingRegister; seq: number }> {
  return batchedInTransaction(manager, 'document-numbers', { orgId, type, termFrom }, takeNumbers);
}

interface NumberRequest {
  orgId: string;
  type: string;
  termFrom: string;
}

/** Takes one number per request: one upsert for all (registers in a fixed order, so two takers cannot deadlock). */
async function takeNumbers(manager: EntityManager, requests: readonly NumberRequest[]): Promise<Array<{ register: NumberingRegister; seq: number }>> {
  const counts = new Map<string, { orgId: string; type: string; termFrom: string; count: number }>();
  const keyOf = (r: Pick<NumberRequest, 'orgId' | 'type' | 'termFrom'>) => `${r.orgId}\u0000${r.type}\u0000${r.termFrom}`;
  for (const request of requests) {
    const key = keyOf(request);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { orgId: request.orgId, type: request.type, termFrom: request.termFrom, count: 1 });
  }
  const registers = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  const rows = (await manager.query(
    `INSERT INTO "numbering_registers" ("id", "org_id", "type", "term_from", "last_seq")
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::int[])
     ON CONFLICT ("org_id", "type", "term_from") DO UPDATE SET "last_seq" = "numbering_registers"."last_seq" + EXCLUDED."last_seq"
     RETURNING "id", "org_id" AS "orgId", "type", "term_from" AS "termFrom", "last_seq" AS "lastSeq"`,
    [registers.map(() => randomUUID()), registers.map((r) => r.orgId), registers.map((r) => r.type), registers.map((r) => r.termFrom), registers.map((r) => r.count)],
  )) as Array<{ id: string; orgId: string; type: string; termFrom: string; lastSeq: number | string }>;
  // The numbers each register gave, first to last, handed out in the order they were asked for.
  const next = new Map<string, { register: NumberingRegister; seq: number }>();
  for (const row of rows) {
    const key = keyOf(row);
    const lastSeq = Number(row.lastSeq);
    next.set(key, { register: manager.create(NumberingRegister, { id: row.id, orgId: row.orgId, type: row.type, termFrom: row.termFrom, lastSeq }), seq: lastSeq - counts.get(key)!.count + 1 });
  }
  return requests.map((request) => {
    const from = next.get(keyOf(request));
    if (!from) throw new Error(`No number taken from the register of ${request.orgId}/${request.type}/${request.termFrom}`);
    return { register: from.register, seq: from.seq++ };
  });
}

/**
 * Cancels a document. It keeps its number (the register shows it as cancelled, with the reason and who cancelled
 * it), so the register has no hole; the number is never given to another document.
 */
export async function cancelDocument(manager: EntityManager, input: { id: string; reason: string; at: string; by: string | null }): Promise<DocumentEntity> {
  const doc = await manager.findOne(DocumentEntity, { where: { id: input.id } });
  if (!doc) throw new DocumentNotFoundError(`Không tìm thấy văn bản ${input.id}`);
  if (doc.status === 'cancelled') throw new DocumentAlreadyCancelledError(`Văn bản ${doc.number} đã bị hủy ngày ${localDate(doc.cancelledAt ?? input.at)}`);
  const updated = await manager.update(DocumentEntity, { id: doc.id, status: 'issued' }, { status: 'cancelled', cancelledAt: input.at, cancelReason: input.reason, cancelledBy: input.by });
  if (updated.affected !== 1) throw new DocumentAlreadyCancelledError(`Văn bản ${doc.number} vừa bị hủy`);
  return manager.findOneOrFail(DocumentEntity, { where: { id: doc.id } });
}

/** One number of a register and what it was given to. */
export interface RegisterEntry {
  seq: number;
  number: string | null;
  documentId: string | null;
  title: string | null;
  status: 'issued' | 'cancelled' | 'missing';
  issuedAt: string | null;
  cancelReason: string | null;
}

/**
 * The numbers of a register from 1 to its last, each with its document. `holes` lists numbers no document holds:
 * it is empty unless the database was changed outside chibo (issuing and reserving commit together).
 */
export async function registerEntries(manager: EntityManager, registerId: string): Promise<{ register: NumberingRegister; entries: RegisterEntry[]; holes: number[] }> {
  const register = await manager.findOne(NumberingRegister, { where: { id: registerId } });
  if (!register) throw new DocumentNotFoundError(`Không tìm thấy sổ đăng ký ${registerId}`);
  const docs = await manager.find(DocumentEntity, { where: { registerId }, order: { seq: 'ASC' }, select: { id: true, seq: true, number: true, title: true, status: true, issuedAt: true, cancelReason: true } });
  const bySeq = new Map(docs.map((d) => [d.seq, d]));
  const entries: RegisterEntry[] = [];
  for (let seq = 1; seq <= register.lastSeq; seq++) {
    const d = bySeq.get(seq);
    entries.push(
      d
        ? { seq, number: d.number, documentId: d.id, title: d.title, status: d.status, issuedAt: d.issuedAt, cancelReason: d.cancelReason }
        : { seq, number: null, documentId: null, title: null, status: 'missing', issuedAt: null, cancelReason: null },
    );
  }
  return { register, entries, holes: entries.filter((e) => e.status === 'missing').map((e) => e.seq) };
}

/** The org's own terms, else its nearest ancestor's (a cell numbers within its committee's term). */
async function termsOf(manager: EntityManager, org: OrgUnit): Promise<RuleTerm[]> {
  const chain = await unitChain(manager, org);
  return nearestTerms(chain, await manager.find(Term, { where: { orgId: In(chain) } }));
}

/** The ids of the org and its ancestors, nearest first (from the org-unit cache). */
async function unitChain(manager: EntityManager, org: OrgUnit): Promise<string[]> {
  const chain: string[] = [];
  for (let current: OrgUnit | null = org; current; current = current.parentId ? await findOrgUnit(manager, { id: current.parentId }) : null) chain.push(current.id);
  return chain;
}

function nearestTerms(chain: readonly string[], terms: ReadonlyArray<Pick<Term, 'orgId' | 'from' | 'to'>>): RuleTerm[] {
  for (const orgId of chain) {
    const own = terms.filter((t) => t.orgId === orgId);
    if (own.length) return own.map((t) => ({ from: t.from, ...(t.to ? { to: t.to } : {}) }));
  }
  return [];
}

type TermsAndOverride = { terms: RuleTerm[]; override: TemplateOverrideSource | null };

/**
 * What issuing a document reads besides the register: the terms that number it and the committee's template
 * override. On PostgreSQL both come in one round trip (the issue path runs for every document a procedure issues),
 * and outside a transaction the documents being prepared at the same moment share it.
 */
async function termsAndOverride(manager: EntityManager, org: OrgUnit, templateId: string): Promise<TermsAndOverride> {
  if (manager.connection.options.type !== 'postgres') {
    return { terms: await termsOf(manager, org), override: await findTemplateOverride(manager, org, templateId) };
  }
  if (manager !== manager.connection.manager) return (await readTermsAndOverrides(manager, [{ org, templateId }]))[0]!;
  let loader = termReads.get(manager.connection);
  if (!loader) {
    const orgs = new Map<string, OrgUnit>();
    const connection = manager.connection;
    loader = Object.assign(
      new CoalescingLoader<string, TermsAndOverride>(async (keys) => {
        const asks = keys.map((key) => {
          const [orgId, template] = key.split('\u0000') as [string, string];
          return { org: orgs.get(orgId)!, templateId: template };
        });
        const read = await readTermsAndOverrides(connection.manager, asks);
        return new Map(keys.map((key, i) => [key, read[i]!]));
      }),
      { orgs },
    );
    termReads.set(manager.connection, loader);
  }
  loader.orgs.set(org.id, org);
  const read = await loader.load(`${org.id}\u0000${templateId}`);
  if (!read) throw new Error(`No terms read for ${org.code}`);
  return read;
}

/** Per database: reads of terms and overrides made outside a transaction, shared by the callers of one moment. */
const termReads = new WeakMap<object, CoalescingLoader<string, TermsAndOverride> & { orgs: Map<string, OrgUnit> }>();

/** PostgreSQL: the terms and template override of each (org, template) asked for, in one query. */
async function readTermsAndOverrides(manager: EntityManager, asks: ReadonlyArray<{ org: OrgUnit; templateId: string }>): Promise<TermsAndOverride[]> {
  const chains = await Promise.all(asks.map((ask) => unitChain(manager, ask.org)));
  const rows = (await manager.query(
    `SELECT 'term' AS kind, t.org_id AS unit, t.from_date AS "from", t.to_date AS "to", NULL::int AS version, NULL::text AS source, NULL::text AS template
       FROM terms t WHERE t.org_id = ANY($1::varchar[])
     UNION ALL
     SELECT 'template', o.code, NULL, NULL, d.version, d.source, d.template_id
       FROM document_template_overrides d JOIN org_units o ON o.id = d.org_id
      WHERE d.template_id = ANY($2::varchar[]) AND d.status = 'active' AND o.code = ANY($3::varchar[])`,
    [[...new Set(chains.flat())], [...new Set(asks.map((a) => a.templateId))], [...new Set(asks.flatMap((a) => a.org.path.split('/').filter(Boolean)))]],
  )) as Array<{ kind: 'term' | 'template'; unit: string; from: string | null; to: string | null; version: number | null; source: string | null; template: string | null }>;
  const terms = rows.filter((r) => r.kind === 'term').map((r) => ({ orgId: r.unit, from: r.from!, to: r.to }));
  const overrides = rows.filter((r) => r.kind === 'template');
  return asks.map((ask, i) => {
    const codes = new Set(ask.org.path.split('/').filter(Boolean));
    const mine = overrides.filter((r) => r.template === ask.templateId && codes.has(r.unit)).map((r) => ({ code: r.unit, version: Number(r.version), source: r.source! }));
    return { terms: nearestTerms(chains[i]!, terms), override: nearestOverride(ask.org, ask.templateId, mine) };
  });
}
