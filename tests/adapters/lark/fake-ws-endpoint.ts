import type http from 'node:http';
import protobuf from 'protobufjs';
import { type WebSocket, WebSocketServer } from 'ws';

// Lark's long-connection frame (pbbp2.Frame), as the SDK encodes it.
const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Frame: {
          fields: {
            SeqID: { type: 'uint64', id: 1 },
            LogID: { type: 'uint64', id: 2 },
            service: { type: 'int32', id: 3 },
            method: { type: 'int32', id: 4 },
            headers: { rule: 'repeated', type: 'Header', id: 5 },
            payload_encoding: { type: 'string', id: 6 },
            payload_type: { type: 'string', id: 7 },
            payload: { type: 'bytes', id: 8 },
            LogIDNew: { type: 'string', id: 9 },
          },
        },
      },
    },
  },
});
const Frame = root.lookupType('pbbp2.Frame');

interface DecodedFrame {
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array;
}

/**
 * The long-connection side of the fake open platform: answers /callback/ws/endpoint (through the HTTP fake) and
 * speaks Lark's protobuf frames over a WebSocket on the same server, so that the SDK's WSClient connects to it.
 * Like the real platform it answers a ping with a pong carrying the ClientConfig, and delivers each event to one
 * connected client picked at random (cluster mode), not to all of them.
 */
export class FakeWsEndpoint {
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (payload: Record<string, unknown>) => void>();
  private seq = 0;
  /** Connections accepted so far (a reconnect adds one). */
  connections = 0;
  /** Pongs sent so far. */
  pongs = 0;
  /** Which client (index in connection order) got each event. */
  readonly deliveredTo: number[] = [];
  private readonly order = new Map<WebSocket, number>();

  constructor(
    server: http.Server,
    private readonly clientConfig: () => Record<string, number>,
  ) {
    this.wss = new WebSocketServer({ server, path: '/ws' });
    this.wss.on('connection', (ws) => {
      this.order.set(ws, this.connections++);
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (buf: Buffer) => this.onFrame(ws, buf));
    });
  }

  /** Number of connected clients. */
  get clients(): number {
    return this.sockets.size;
  }

  /** Resolves once at least `n` clients are connected (polls; no fixed sleep decides the outcome). */
  async waitForClients(n: number, connections = 0): Promise<void> {
    for (let i = 0; i < 500 && (this.sockets.size < n || this.connections < connections); i++)
      await new Promise((r) => setTimeout(r, 10));
    if (this.sockets.size < n)
      throw new Error(`expected ${n} long-connection clients, have ${this.sockets.size}`);
  }

  /** Closes every client's socket from the server side, as a platform restart or a network cut would. */
  dropAll(): void {
    for (const ws of this.sockets) ws.close(1001, 'server going away');
  }

  /** Sends an event as a data frame to one client picked at random and resolves with its ACK payload. */
  push(event: unknown): Promise<Record<string, unknown>> {
    const id = `msg_${++this.seq}`;
    const frame = Frame.encode(
      Frame.create({
        SeqID: this.seq,
        LogID: this.seq,
        service: 1,
        method: 1,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: id },
          { key: 'sum', value: '1' },
          { key: 'seq', value: '0' },
          { key: 'trace_id', value: `trace_${this.seq}` },
        ],
        payload: Buffer.from(JSON.stringify(event)),
      }),
    ).finish();
    const all = [...this.sockets];
    const target = all[Math.floor(Math.random() * all.length)];
    if (!target) return Promise.reject(new Error('no long-connection client connected'));
    this.deliveredTo.push(this.order.get(target) ?? -1);
    return new Promise((resolve) => {
      this.acks.set(id, resolve);
      target.send(frame);
    });
  }

  private onFrame(ws: WebSocket, buf: Buffer) {
    const f = Frame.toObject(Frame.decode(buf), { longs: Number }) as DecodedFrame;
    const headers = Object.fromEntries(f.headers.map((h) => [h.key, h.value]));
    if (f.method === 0 && headers.type === 'ping') {
      // the real pong carries the ClientConfig as JSON; without it the SDK logs "invalid pong payload"
      const pong = Buffer.from(JSON.stringify(this.clientConfig()));
      ws.send(
        Frame.encode(
          Frame.create({ ...f, headers: [{ key: 'type', value: 'pong' }], payload: pong }),
        ).finish(),
      );
      this.pongs++;
      return;
    }
    const done = headers.message_id ? this.acks.get(headers.message_id) : undefined;
    if (done && f.payload) {
      this.acks.delete(headers.message_id as string);
      done(JSON.parse(Buffer.from(f.payload).toString('utf8')) as Record<string, unknown>);
    }
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
