/**
 * Server-Sent Events mechanics, independent of what is streamed: headers, framing, heartbeats,
 * and a registry so that closing the server ends every open stream (otherwise `close()` would
 * wait for clients that never hang up).
 */
import type { ServerResponse } from 'node:http';

export interface SseEvent {
  id?: string | number;
  event?: string;
  data: unknown;
}

export interface SseStream {
  send(event: SseEvent): boolean;
  /** Ends the response (idempotent). */
  close(): void;
  readonly closed: boolean;
  /** Runs once when the stream ends, whoever ended it (client, server, error). */
  onClose(fn: () => void): void;
}

/** Frames one event. Multi-line data is split into several `data:` lines, as the format asks. */
export function formatSseEvent(event: SseEvent): string {
  let out = '';
  if (event.id !== undefined) out += `id: ${String(event.id).replace(/[\r\n]/g, '')}\n`;
  if (event.event !== undefined) out += `event: ${event.event.replace(/[\r\n]/g, '')}\n`;
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

export class SseRegistry {
  readonly #streams = new Set<SseStream>();

  get size(): number {
    return this.#streams.size;
  }

  /**
   * Starts an event stream on a raw response the caller has hijacked from Fastify.
   *
   * @param heartbeatMs - interval of `: ping` comments that keep proxies from timing out
   * @param retryMs - reconnection delay advertised to the client
   */
  open(res: ServerResponse, opts: { heartbeatMs: number; retryMs?: number; headers?: Record<string, string> }): SseStream {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...opts.headers,
    });
    res.write(`retry: ${opts.retryMs ?? 3000}\n: connected\n\n`);
    const listeners: (() => void)[] = [];
    let closed = false;
    const registry = this.#streams;
    const finish = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      registry.delete(stream);
      for (const fn of listeners.splice(0)) {
        try {
          fn();
        } catch {
          // a cleanup callback must not stop the others
        }
      }
      if (!res.writableEnded) res.end();
    };
    const heartbeat = setInterval(() => {
      if (!closed) res.write(': ping\n\n');
    }, opts.heartbeatMs);
    heartbeat.unref();
    const stream: SseStream = {
      send(event) {
        if (closed) return false;
        return res.write(formatSseEvent(event));
      },
      close: finish,
      get closed() {
        return closed;
      },
      onClose(fn) {
        if (closed) fn();
        else listeners.push(fn);
      },
    };
    res.on('close', finish);
    res.on('error', finish);
    this.#streams.add(stream);
    return stream;
  }

  /** Ends every open stream (server shutdown). */
  closeAll(): void {
    for (const stream of [...this.#streams]) stream.close();
  }
}
