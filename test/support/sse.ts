// A raw reader of GET /v1/tokens/changes for tests: every event as it arrives, with when.
import http from 'node:http';

export type SseEvent = { id?: string; event: string; data: string; at: number };

export type SseReader = {
  events: SseEvent[];
  status: number;
  next(event: string, after?: number, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
};

export function readChanges(url: string, options: { key?: string; lastEventId?: string } = {}): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${options.key ?? 'test-verify-key-1'}` };
    if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
    const request = http.get(`${url}/v1/tokens/changes`, { headers }, (response) => {
      const events: SseEvent[] = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: 'message', data: '', at: Date.now() };
          for (const line of block.split('\n')) {
            const [field, ...rest] = line.split(': ');
            if (field === 'id') event.id = rest.join(': ');
            if (field === 'event') event.event = rest.join(': ');
            if (field === 'data') event.data = rest.join(': ');
          }
          if (block.includes('data: ')) events.push(event);
        }
      });
      response.on('error', () => undefined);
      const next = async (name: string, after = 0, timeoutMs = 3_000) => {
        const end = Date.now() + timeoutMs;
        for (;;) {
          const found = events.find((event, i) => i >= after && event.event === name);
          if (found) return found;
          if (Date.now() > end) throw new Error(`no ${name} event within ${timeoutMs} ms`);
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      resolve({ events, status: response.statusCode!, next, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}
