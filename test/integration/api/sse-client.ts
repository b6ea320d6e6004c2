/** A minimal Server-Sent Events client over fetch, for tests against a listening server. */
export interface ReceivedEvent {
  id?: string;
  event?: string;
  data: string;
}

export interface SseClient {
  status: number;
  events: ReceivedEvent[];
  comments: string[];
  /** Resolves when `n` events have arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function connectSse(url: string, headers: Record<string, string>): Promise<SseClient> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  const waiters: (() => void)[] = [];
  const notify = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  let buffer = '';
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let idx: number;
        while ((idx = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          const ev: ReceivedEvent = { data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) ev.id = line.slice(4);
            else if (line.startsWith('event: ')) ev.event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) {
            ev.data = data.join('\n');
            events.push(ev);
          }
          notify();
        }
      }
    } catch {
      // aborted by close()
    } finally {
      notify();
    }
  })();
  return {
    status: res.status,
    events,
    comments,
    ended,
    close: () => controller.abort(),
    waitFor(n, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${n} events (got ${events.length})`)), timeoutMs);
        const check = (): void => {
          if (events.length >= n) {
            clearTimeout(timer);
            resolve(events.slice(0, n));
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}
