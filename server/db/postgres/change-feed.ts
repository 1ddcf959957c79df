/**
 * The live-update bus shared by every server on one database: a write's changes are published
 * to this process's subscribers as soon as it commits, and sent with NOTIFY (delivered by
 * PostgreSQL only after the commit, to every server LISTENing) to the subscribers of the
 * others. A NOTIFY payload is limited to 8,000 bytes: a batch that does not fit (an import)
 * is written to `change_batches` and only its id is sent.
 *
 * The same notifications keep the stamps that caches compare on every request, with no query:
 * a generation per layer and one for the reference layers, bumped by this process's commits
 * and by each notification. A notification arrives only after the commit it announces is
 * visible, so a cache can never keep a result computed before a change under a stamp taken
 * after it. When the listening connection is lost, every generation is bumped on reconnect
 * (changes may have been missed).
 *
 * The stamp of everything ('*', the Store's changes.stamp) is for caches that also subscribe:
 * like SQLite's data_version, it moves for commits of other processes, not for this process's
 * own, which its subscribers have just been given. Moving it there too made every subscriber
 * start over after each of its own edits (the operational tiles re-read and re-counted the
 * whole incident layer, a second on a city, after one incident was saved).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Change } from '../store.ts';

const CHANNEL = 'opsmap_changes';
/** Below PostgreSQL's 8,000-byte payload limit, with room for the envelope. */
const MAX_PAYLOAD = 7_500;

interface Message {
  /** Sending server, so that it skips its own (already delivered) notifications. */
  s: string;
  /** The changes, when they fit. */
  c?: Change[];
  /** Else the id of the batch in change_batches. */
  b?: number;
  /** Reference layers imported. */
  r?: string[];
}

export class ChangeFeed {
  readonly server = randomUUID();
  private readonly subscribers = new Set<(changes: Change[]) => void>();
  private readonly generations = new Map<string, number>();
  private epoch = 0;
  private listener: Promise<pg.Client | null> | null = null;
  private closed = false;
  private order: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly connect: () => pg.Client,
  ) {}

  subscribe(fn: (changes: Change[]) => void): () => void {
    void this.listen();
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** A stamp for one collection (or 'reference'), or '*': commits of other processes (see above). */
  async stamp(key = '*'): Promise<string> {
    await this.listen();
    return `${this.epoch}.${this.generations.get(key) ?? 0}`;
  }

  /** Inside a write's transaction: queues the notification, sent by PostgreSQL at commit. */
  async notify(c: pg.ClientBase, changes: Change[]): Promise<void> {
    if (!changes.length) return;
    let msg: Message = { s: this.server, c: changes };
    let text = JSON.stringify(msg);
    if (Buffer.byteLength(text) > MAX_PAYLOAD) {
      const r = await c.query<{ id: number }>('INSERT INTO change_batches (changes) VALUES ($1) RETURNING id', [JSON.stringify(changes)]);
      msg = { s: this.server, b: r.rows[0].id };
      text = JSON.stringify(msg);
      if (r.rows[0].id % 100 === 0) await c.query(`DELETE FROM change_batches WHERE at < now() - interval '1 hour'`);
    }
    await c.query('SELECT pg_notify($1, $2)', [CHANNEL, text]);
  }

  async notifyReference(c: pg.ClientBase, layer: string): Promise<void> {
    await c.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ s: this.server, r: [layer] } satisfies Message)]);
  }

  /** After this process's commit: bump the stamps of what changed and tell local subscribers. */
  committed(changes: Change[], reference?: string): void {
    if (reference) this.bump(['reference'], false);
    if (!changes.length) return;
    this.bump(
      changes.map((c) => c.collection),
      false,
    );
    this.deliver(changes);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
    const l = await this.listener?.catch(() => null);
    await l?.end().catch(() => {});
  }

  /** `others`: a commit of another process, which moves '*' too. */
  private bump(keys: Iterable<string>, others: boolean) {
    for (const k of new Set([...keys, ...(others ? ['*'] : [])])) this.generations.set(k, (this.generations.get(k) ?? 0) + 1);
  }

  private deliver(changes: Change[]) {
    for (const fn of this.subscribers) {
      try {
        fn(changes);
      } catch (e) {
        console.error('opsmap: a change subscriber failed:', e);
      }
    }
  }

  private listen(): Promise<pg.Client | null> {
    if (this.closed) return Promise.resolve(null);
    this.listener ??= this.start().catch((e) => {
      this.listener = null;
      console.error(`opsmap: cannot LISTEN for changes from other servers (${(e as Error).message}); retrying`);
      setTimeout(() => void this.listen(), 1000).unref();
      return null;
    });
    return this.listener;
  }

  private async start(): Promise<pg.Client> {
    const client = this.connect();
    client.on('error', () => {}); // reported through 'end'
    await client.connect();
    client.on('notification', (n) => {
      // One after another: a batch read from change_batches must not overtake the next notification.
      if (n.channel === CHANNEL && n.payload) this.order = this.order.then(() => this.receive(n.payload!));
    });
    client.on('end', () => {
      if (this.closed) return;
      this.listener = null;
      this.epoch++; // notifications may have been lost: every stamp changes
      setTimeout(() => void this.listen(), 200).unref();
    });
    await client.query(`LISTEN ${CHANNEL}`);
    return client;
  }

  private async receive(payload: string) {
    let msg: Message;
    try {
      msg = JSON.parse(payload) as Message;
    } catch {
      return;
    }
    if (msg.s === this.server) return;
    if (msg.r) this.bump(['reference'], true);
    let changes = msg.c;
    if (msg.b !== undefined) {
      const r = await this.pool.query<{ changes: string }>('SELECT changes FROM change_batches WHERE id = $1', [msg.b]).catch(() => null);
      changes = r?.rows[0] ? (JSON.parse(r.rows[0].changes) as Change[]) : [];
      // A batch that cannot be read (gone, or the query failed) changed who knows what: '*' says so.
      if (!changes.length) this.bump([], true);
    }
    if (changes?.length) {
      this.bump(
        changes.map((c) => c.collection),
        true,
      );
      this.deliver(changes);
    }
  }
}
