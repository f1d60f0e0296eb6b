import type { EntityManager } from 'typeorm';

interface Waiting<Q, A> {
  request: Q;
  resolve: (answer: A) => void;
  reject: (error: unknown) => void;
}

/** Requests waiting for their statement, by transaction (query runner) and by kind. */
const waiting = new WeakMap<object, Map<string, Array<Waiting<unknown, unknown>>>>();

/**
 * Inside a transaction, answers the requests of one kind that are made at about the same moment with one statement:
 * the writes a group commit carries run side by side, and what each asks of the database (a document number, the head
 * of an audit chain) is gathered until the current turn of the event loop ends, then `run` gets all of them in the
 * order asked and returns one answer each, in that order. Outside a transaction `run` gets the request alone, at once.
 * A failure of `run` reaches every request it carried (they share the transaction, which fails with it).
 */
export function batchedInTransaction<Q, A>(manager: EntityManager, kind: string, request: Q, run: (manager: EntityManager, requests: Q[]) => Promise<A[]>): Promise<A> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) return run(manager, [request]).then((answers) => answers[0]!);
  let kinds = waiting.get(runner);
  if (!kinds) waiting.set(runner, (kinds = new Map()));
  let list = kinds.get(kind) as Array<Waiting<Q, A>> | undefined;
  if (!list) {
    const requests: Array<Waiting<Q, A>> = [];
    list = requests;
    kinds.set(kind, requests as Array<Waiting<unknown, unknown>>);
    setImmediate(() => {
      kinds!.delete(kind);
      run(
        manager,
        requests.map((r) => r.request),
      ).then(
        (answers) => {
          if (answers.length !== requests.length) throw new Error(`batchedInTransaction(${kind}): ${answers.length} answers for ${requests.length} requests`);
          requests.forEach((r, i) => r.resolve(answers[i]!));
        },
        (error: unknown) => requests.forEach((r) => r.reject(error)),
      ).catch((error: unknown) => requests.forEach((r) => r.reject(error)));
    });
  }
  const requests = list;
  return new Promise<A>((resolve, reject) => requests.push({ request, resolve, reject }));
}
