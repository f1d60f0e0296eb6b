import { type AuditPublicKey } from '../audit-key';
import { checkSignature } from '../checkpoint';
import { GENESIS_HASH } from '../entry-body';
import { type AuditProblem, describeOrigin, type LocatedCheckpoint, short } from './problems';

/** One entry as the verifier reads it: its links, and the hash recomputed from its content by the reader. */
export interface VerifyRow {
  id: number;
  chain: string;
  position: number;
  prevHash: string;
  /** The hash stored with the entry. */
  hash: string;
  /**
   * sha256 over the stored previous hash and the entry's body as rebuilt from its columns (or as written in a bundle
   * line); '' when the content cannot be read as an entry of this chain.
   */
  computed: string;
}

/** The links of an entry, for diagnosing a broken chain. */
export type LinkRow = Pick<VerifyRow, 'id' | 'position' | 'prevHash' | 'hash'>;

/** How a verifier reads the whole of one chain's links when it has to explain a break. */
export type LinksOf = (chain: string) => Promise<LinkRow[]>;

interface Expectation extends LocatedCheckpoint {
  /** The hash found at the checkpoint's position, once seen; null when the chain ended before it. */
  actual?: string | null;
}

type Slim = Pick<VerifyRow, 'id' | 'position' | 'hash'>;

/** Where the verifier is in one chain. */
interface ChainState {
  chain: string;
  /** The entry waiting for the next one (the look-ahead). */
  cur?: VerifyRow;
  p1?: Slim;
  p2?: Slim;
  /** The last entry seen, good or bad (while resynchronising after a break). */
  seen?: Slim;
  /** The break being explored: entries are skipped until one links to the entry before it again. */
  open?: Break;
  nextExpectation: number;
  lastPosition: number;
  expectations: Expectation[] | undefined;
}

/** A broken entry of a chain (the first of a bad range), with what the classification needs. */
interface Break {
  cur: VerifyRow;
  nx: VerifyRow | undefined;
  p1: Slim | undefined;
  p2: Slim | undefined;
  c: { selfOk: boolean; linkOk: boolean; positionOk: boolean; expectedPrev: string; expectedPosition: number };
}

/**
 * Checks chains entry by entry, in (chain, position) order, with one entry of look-ahead:
 *
 * - each entry's hash is recomputed from its previous hash and body, and must equal the stored one;
 * - each entry's previous hash must be the hash of the entry before it (the genesis hash for the first);
 * - positions must run 1, 2, 3… and the global sequence must grow along the chain;
 * - every trusted signed checkpoint must find its hash at its position.
 *
 * Each broken entry of a chain is classified (modified, deleted, reordered, inserted) from its neighbours and, when
 * needed, the chain's whole link table; the verifier then skips to the first entry that links to the one before it
 * again and goes on checking, so every bad range of a chain is named, not only the first.
 * A checkpoint that no longer matches while the links all hold means the chain was rewritten consistently — what a
 * database superuser could do — and is reported with the range of entries the change lies in.
 */
export class ChainVerifier {
  readonly problems: AuditProblem[] = [];
  entries = 0;
  chains = 0;
  /** Checkpoints compared (signature valid); the others are problems already. */
  checkpointsCompared = 0;

  private readonly expectations = new Map<string, Expectation[]>();
  /** Where each chain is: rows of different chains may interleave (several streams), each chain's in order. */
  private readonly states = new Map<string, ChainState>();
  private last?: ChainState;
  /** The bad ranges of each broken chain, first position named (a checkpoint mismatch after one may be explained by it). */
  private readonly brokenAt = new Map<string, number[]>();
  private readonly breaks: Break[] = [];

  constructor(
    private readonly linksOf: LinksOf,
    checkpoints: readonly LocatedCheckpoint[],
    keys: readonly AuditPublicKey[],
  ) {
    // The same checkpoint often comes from several places (the table, the journal, a report): check each signature once.
    const checked = new Map<string, ReturnType<typeof checkSignature>>();
    for (const located of checkpoints) {
      const cp = located.checkpoint;
      const cacheKey = `${cp.keyId}\u0000${cp.signature}\u0000${cp.chain}\u0000${cp.position}\u0000${cp.hash}\u0000${cp.issuedAt}`;
      const signature = checked.get(cacheKey) ?? checkSignature(cp, keys);
      checked.set(cacheKey, signature);
      if (signature === 'invalid') {
        this.problems.push({
          code: 'bad-signature',
          chain: cp.chain,
          position: cp.position,
          entryId: null,
          message: `${capitalize(describeOrigin(located.origin))} của chuỗi ${cp.chain} (mục #${cp.position}) có chữ ký không hợp lệ: mốc đã bị giả mạo hoặc bị sửa.`,
        });
        continue;
      }
      if (signature === 'unknown-key') {
        this.problems.push({
          code: 'unknown-key',
          chain: cp.chain,
          position: cp.position,
          entryId: null,
          message: `${capitalize(describeOrigin(located.origin))} của chuỗi ${cp.chain} được ký bằng khóa ${cp.keyId}, không phải khóa được tin cậy (${keys.map((k) => k.keyId).join(', ') || 'không có'}): không kiểm được.`,
        });
        continue;
      }
      this.checkpointsCompared++;
      const list = this.expectations.get(cp.chain) ?? [];
      list.push({ ...located });
      this.expectations.set(cp.chain, list);
    }
    for (const list of this.expectations.values()) list.sort((a, b) => a.checkpoint.position - b.checkpoint.position);
  }

  /**
   * Feeds the next entry. Each chain's rows must come in position order; rows of different chains may interleave.
   * Synchronous: a broken chain is only noted here and explained in {@link finish}, so a reader can stream a million
   * rows without awaiting each.
   */
  push(row: VerifyRow): void {
    let state = this.last;
    if (!state || state.chain !== row.chain) {
      state = this.states.get(row.chain);
      if (!state) {
        state = { chain: row.chain, nextExpectation: 0, lastPosition: 0, expectations: this.expectations.get(row.chain) };
        this.states.set(row.chain, state);
        this.chains++;
      }
      this.last = state;
    }
    if (state.cur) this.evaluate(state, state.cur, row);
    this.compareCheckpoints(state, row);
    state.cur = row;
  }

  /** Ends the run: the last entries, the broken chains explained, the chains checkpoints name but that are gone, the rewrites. */
  async finish(): Promise<AuditProblem[]> {
    for (const state of this.states.values()) {
      if (state.cur) this.evaluate(state, state.cur, undefined);
      state.cur = undefined;
      // Checkpoints beyond the chain's last entry: the entries they counted are gone.
      const list = state.expectations;
      if (list) for (let i = state.nextExpectation; i < list.length; i++) list[i]!.actual = null;
    }
    for (const b of this.breaks) {
      const problem = await this.classify(b);
      const list = this.brokenAt.get(b.cur.chain) ?? [];
      list.push(Math.min(problem.position ?? b.cur.position, b.cur.position));
      this.brokenAt.set(b.cur.chain, list);
      this.problems.push(problem);
    }
    for (const [chain, list] of this.expectations) {
      if (!this.states.has(chain)) for (const e of list) e.actual = null;
    }
    for (const [chain, list] of [...this.expectations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) this.reportCheckpoints(chain, list);
    return this.problems;
  }

  private compareCheckpoints(state: ChainState, row: VerifyRow): void {
    if (row.position > state.lastPosition) state.lastPosition = row.position;
    const list = state.expectations;
    if (!list) return;
    while (state.nextExpectation < list.length && list[state.nextExpectation]!.checkpoint.position <= row.position) {
      const e = list[state.nextExpectation]!;
      // A position with no row of its own (a gap) is judged by the entry problems; only exact positions compare.
      if (e.checkpoint.position === row.position) e.actual = row.hash;
      state.nextExpectation++;
    }
  }

  private evaluate(state: ChainState, cur: VerifyRow, nx: VerifyRow | undefined): void {
    this.entries++;
    const seen = state.seen;
    state.seen = { id: cur.id, position: cur.position, hash: cur.hash };
    if (state.open) {
      // After a break, the chain is good again from the first entry that hashes right and links to the entry just
      // before it: every later break is a bad range of its own, named too.
      if (cur.computed === cur.hash && seen && cur.prevHash === seen.hash && cur.position === seen.position + 1 && cur.id > seen.id) {
        state.open = undefined;
        state.p2 = seen;
        state.p1 = state.seen;
      }
      return;
    }
    const p1 = state.p1;
    const expectedPrev = p1?.hash ?? GENESIS_HASH;
    const expectedPosition = (p1?.position ?? 0) + 1;
    const selfOk = cur.computed === cur.hash;
    const linkOk = cur.prevHash === expectedPrev;
    const positionOk = cur.position === expectedPosition;
    const orderOk = !p1 || cur.id > p1.id;
    if (selfOk && linkOk && positionOk && orderOk) {
      state.p2 = p1;
      state.p1 = state.seen;
      return;
    }
    const b: Break = { cur, nx, p1, p2: state.p2, c: { selfOk, linkOk, positionOk, expectedPrev, expectedPosition } };
    state.open = b;
    this.breaks.push(b);
  }

  private async classify({ cur, nx, p1, p2, c }: Break): Promise<AuditProblem> {
    const { chain } = cur;
    const at = (row: Slim) => `Chuỗi ${chain}, mục #${row.position} (số ${row.id})`;
    const problem = (code: AuditProblem['code'], row: Slim | null, position: number, message: string): AuditProblem => ({
      code,
      chain,
      position,
      entryId: row?.id ?? null,
      message,
    });

    if (c.selfOk && c.linkOk && c.positionOk) {
      return problem('reordered', cur, cur.position, `${at(cur)}: thứ tự toàn cục bị đổi — số ${cur.id} nhỏ hơn số ${p1?.id} của mục đứng trước nó.`);
    }
    if (c.linkOk && !c.selfOk) {
      if (nx && nx.prevHash === c.expectedPrev && nx.prevHash !== cur.hash) {
        return problem('inserted', cur, cur.position, `${at(cur)}: bị chèn thêm — mục kế tiếp trỏ thẳng tới ${p1 ? `mục #${p1.position}` : 'đầu chuỗi'}, bỏ qua mục này.`);
      }
      return problem('modified', cur, cur.position, `${at(cur)}: đã bị sửa — mã băm tính lại từ nội dung không khớp mã băm đã lưu.`);
    }
    if (c.linkOk && c.selfOk) {
      return problem('modified', cur, cur.position, `Chuỗi ${chain}, mục số ${cur.id}: số thứ tự trong chuỗi bị sửa (ghi #${cur.position}, đúng ra là #${c.expectedPosition}).`);
    }

    // The entry does not point at the one before it: look at where it does point.
    const links = await this.linksOf(chain);
    const byHash = new Map(links.map((l) => [l.hash, l]));
    const target = byHash.get(cur.prevHash);
    if (c.selfOk) {
      if (target && target.position > cur.position) {
        return problem('reordered', cur, cur.position, `${at(cur)}: sai thứ tự — theo chuỗi băm, mục này phải đứng sau mục #${target.position} (số ${target.id}).`);
      }
      if (p1 && cur.prevHash === (p2?.hash ?? GENESIS_HASH)) {
        return problem('inserted', p1, p1.position, `${at(p1)}: bị chèn thêm — mục #${cur.position} trỏ thẳng tới ${p2 ? `mục #${p2.position}` : 'đầu chuỗi'}, bỏ qua mục này.`);
      }
      if (target && target.position < cur.position) {
        const first = links.find((l) => l.position === target.position + 1) ?? p1 ?? cur;
        return problem('inserted', first, first.position, `${at(first)}: bị chèn thêm — mục #${cur.position} trỏ thẳng tới mục #${target.position}, bỏ qua các mục ở giữa.`);
      }
      if (cur.position > c.expectedPosition) {
        const last = cur.position - 1;
        const range = last > c.expectedPosition ? `các mục #${c.expectedPosition}–#${last}` : `mục #${c.expectedPosition}`;
        return problem('deleted', null, c.expectedPosition, `Chuỗi ${chain}: ${range} đã bị xóa — mục #${cur.position} (số ${cur.id}) trỏ tới một mục không còn trong chuỗi.`);
      }
      if (!p1) {
        return problem('deleted', null, 1, `Chuỗi ${chain}: các mục đầu chuỗi đã bị xóa (rồi đánh số lại) — mục #${cur.position} (số ${cur.id}) trỏ tới một mục không còn trong chuỗi.`);
      }
      return problem(
        'modified',
        p1,
        p1.position,
        `${at(p1)}: đã bị sửa và tính lại mã băm — mục #${cur.position} vẫn trỏ tới mã băm cũ (hoặc một mục giữa hai mục này đã bị xóa rồi đánh số lại).`,
      );
    }
    if (nx && nx.prevHash === c.expectedPrev) {
      return problem('inserted', cur, cur.position, `${at(cur)}: bị chèn thêm — mục kế tiếp trỏ thẳng tới ${p1 ? `mục #${p1.position}` : 'đầu chuỗi'}, bỏ qua mục này.`);
    }
    return problem('modified', cur, cur.position, `${at(cur)}: đã bị sửa — cả mã băm lẫn liên kết tới mục trước đều không khớp.`);
  }

  /**
   * One problem for each run of checkpoints the chain no longer satisfies, with the range the change lies in (from
   * the last checkpoint that still matches before the run to the run's first checkpoint) — unless an entry problem
   * in that range explains it. A consistent rewrite changes every later head, so one run follows it to the end; a
   * change re-hashed in place leaves later checkpoints matching, so several runs can be named in one chain.
   */
  private reportCheckpoints(chain: string, list: Expectation[]): void {
    const compared = list
      .filter((e) => e.actual !== undefined)
      .map((e) => ({ e, good: e.actual === e.checkpoint.hash }))
      // At one position, a disagreeing checkpoint counts before an agreeing one (a head signed after a rewrite).
      .sort((a, b) => a.e.checkpoint.position - b.e.checkpoint.position || Number(a.good) - Number(b.good));
    const breaks = this.brokenAt.get(chain) ?? [];
    let lastGood = 0;
    for (let i = 0; i < compared.length; i++) {
      if (compared[i]!.good) {
        lastGood = Math.max(lastGood, compared[i]!.e.checkpoint.position);
        continue;
      }
      let j = i;
      while (j + 1 < compared.length && !compared[j + 1]!.good) j++;
      const run = compared.slice(i, j + 1).map((x) => x.e);
      i = j;
      const e = run[0]!;
      const cp = e.checkpoint;
      if (breaks.some((at) => at > lastGood && at <= cp.position)) continue;
      const origin = describeOrigin(e.origin);
      // Every other checkpoint of the run that disagrees too: the auditor sees all the evidence (a report received, a journal line…).
      const others = [...new Set(run.slice(1).map((x) => describeOrigin(x.origin)))].filter((o) => o !== origin);
      const also = others.length ? ` Cũng không khớp: ${others.join('; ')}.` : '';
      if (e.actual === null) {
        this.problems.push({
          code: 'truncated',
          chain,
          position: Math.max(this.lastPositionOf(chain) + 1, 1),
          entryId: null,
          message: `Chuỗi ${chain} bị cắt bớt: ${origin}, ký lúc ${cp.issuedAt}, ghi nhận ${cp.position} mục, nay chỉ còn ${this.lastPositionOf(chain)}.${also}`,
        });
        continue;
      }
      this.problems.push({
        code: 'rewritten',
        chain,
        position: lastGood + 1,
        entryId: null,
        message:
          `Chuỗi ${chain} đã bị viết lại sau khi được ký: ${origin}, ký lúc ${cp.issuedAt}, ghi mục #${cp.position} có mã băm ${short(cp.hash)}…, nay là ${short(e.actual!)}…; ` +
          `thay đổi nằm trong ${lastGood + 1 === cp.position ? `mục #${cp.position}` : `các mục #${lastGood + 1}–#${cp.position}`}.${also}`,
      });
    }
  }

  private lastPositionOf(chain: string): number {
    return this.states.get(chain)?.lastPosition ?? 0;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
