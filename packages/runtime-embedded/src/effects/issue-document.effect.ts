import { DocumentEntity, NumberingRegister, OrgUnit, Term } from '@chibo/db';
import { formatDocumentNumber, localDate, termFor, type Term as RuleTerm } from '@chibo/rules';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../errors';
import type { EffectContext, EffectHandler } from './effect';

/**
 * This effect issues a numbered document: it reserves the next number in the register of (issuing body, type, term)
 * and stores the document with a checksum of its data. The reservation and the document commit together, so a crash
 * leaves no hole; a unique (register, seq) index makes a double issue impossible; the idempotency key makes a retry
 * return the same number. Compensation: none — a cancelled document keeps its number (status `cancelled`).
 */
export const issueDocumentEffect: EffectHandler = {
  name: 'issue-document',
  async run(ctx: EffectContext, input: Record<string, unknown>) {
    const type = String(input['type']);
    const orgCode = String(input['org']);
    const existing = await ctx.manager.findOne(DocumentEntity, { where: { idempotencyKey: ctx.idempotencyKey } });
    if (existing) return { document: { id: existing.id, type: existing.type, number: existing.number } };
    const doc = await issueDocument(ctx.manager, { orgCode, type, title: String(input['title'] ?? ''), data: input['data'] ?? null, at: ctx.at, instanceId: ctx.instanceId, idempotencyKey: ctx.idempotencyKey });
    return { document: { id: doc.id, type: doc.type, number: doc.number } };
  },
};

/** Reserves the next number and stores the document, inside the caller's transaction. */
export async function issueDocument(
  manager: EntityManager,
  input: { orgCode: string; type: string; title: string; data: unknown; at: string; instanceId: string | null; idempotencyKey: string | null },
): Promise<DocumentEntity> {
  const org = await manager.findOne(OrgUnit, { where: { code: input.orgCode } });
  if (!org) throw new NotFoundError(`Không tìm thấy tổ chức ${input.orgCode}`);
  const term = termFor(input.at, await termsOf(manager, org));
  const termFrom = term?.from ?? localDate(input.at).slice(0, 4) + '-01-01';
  let register = await manager.findOne(NumberingRegister, { where: { orgId: org.id, type: input.type, termFrom } });
  if (!register) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(NumberingRegister)
      .values({ id: uuid(), orgId: org.id, type: input.type, termFrom, lastSeq: 0 })
      .orIgnore()
      .execute();
    register = await manager.findOneOrFail(NumberingRegister, { where: { orgId: org.id, type: input.type, termFrom } });
  }
  // The increment takes the row lock (Postgres) or the write lock (SQLite) until the transaction ends.
  await manager.createQueryBuilder().update(NumberingRegister).set({ lastSeq: () => 'last_seq + 1' }).where('id = :id', { id: register.id }).execute();
  const { lastSeq } = await manager.findOneOrFail(NumberingRegister, { where: { id: register.id } });
  const data = input.data ?? null;
  const doc = manager.create(DocumentEntity, {
    orgId: org.id,
    instanceId: input.instanceId,
    type: input.type,
    seq: lastSeq,
    number: formatDocumentNumber(lastSeq, input.type, org.abbr),
    registerId: register.id,
    title: input.title,
    data,
    checksum: createHash('sha256').update(JSON.stringify(data)).digest('hex'),
    status: 'issued',
    idempotencyKey: input.idempotencyKey,
    issuedAt: input.at,
    createdAt: input.at,
  });
  return manager.save(doc);
}

/** The org's own terms, else its nearest ancestor's (a cell numbers within its committee's term). */
async function termsOf(manager: EntityManager, org: OrgUnit): Promise<RuleTerm[]> {
  for (let current: OrgUnit | null = org; current; current = current.parentId ? await manager.findOne(OrgUnit, { where: { id: current.parentId } }) : null) {
    const terms = await manager.find(Term, { where: { orgId: current.id } });
    if (terms.length) return terms.map((t) => ({ from: t.from, ...(t.to ? { to: t.to } : {}) }));
  }
  return [];
}

function uuid(): string {
  return globalThis.crypto.randomUUID();
}
