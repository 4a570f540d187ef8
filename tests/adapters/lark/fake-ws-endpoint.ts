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
 */
export class FakeWsEndpoint {
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (payload: Record<string, unknown>) => void>();
  private seq = 0;

  constructor(server: http.Server) {
    this.wss = new WebSocketServer({ server, path: '/ws' });
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (buf: Buffer) => this.onFrame(ws, buf));
    });
  }

  /** Number of connected clients. */
  get clients(): number {
    return this.sockets.size;
  }

  /** Sends an event as a data frame and resolves with the client's ACK payload. */
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
    return new Promise((resolve) => {
      this.acks.set(id, resolve);
      for (const ws of this.sockets) ws.send(frame);
    });
  }

  private onFrame(ws: WebSocket, buf: Buffer) {
    const f = Frame.toObject(Frame.decode(buf), { longs: Number }) as DecodedFrame;
    const headers = Object.fromEntries(f.headers.map((h) => [h.key, h.value]));
    if (f.method === 0 && headers.type === 'ping') {
      ws.send(Frame.encode(Frame.create({ ...f, headers: [{ key: 'type', value: 'pong' }] })).finish());
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
