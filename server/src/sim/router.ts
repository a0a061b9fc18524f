/** A minimal method + path-template router (`/pages/{id}`), literal segments first. */
import type { SimRequest, SimResponse } from './http';

export type Handler = (req: SimRequest, params: Record<string, string>) => SimResponse | Promise<SimResponse>;

export class Router {
  private readonly routes: { method: string; segments: string[]; handler: Handler }[] = [];

  add(method: string, template: string, handler: Handler): this {
    this.routes.push({ method, segments: template.split('/').filter(Boolean), handler });
    return this;
  }

  /** The best route for a path: any method match, preferring more literal segments. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | 'method-not-allowed' | undefined {
    const segs = path.split('/').filter(Boolean);
    let best: { handler: Handler; params: Record<string, string>; score: string } | undefined;
    let pathKnown = false;
    for (const r of this.routes) {
      if (r.segments.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let score = '';
      let ok = true;
      for (let i = 0; i < segs.length && ok; i++) {
        const t = r.segments[i];
        if (t.startsWith('{') && t.endsWith('}')) {
          try {
            params[t.slice(1, -1)] = decodeURIComponent(segs[i]);
          } catch {
            ok = false;
          }
          score += '0';
        } else {
          ok = t === segs[i];
          score += '1';
        }
      }
      if (!ok) continue;
      pathKnown = true;
      if (r.method !== '*' && r.method !== method) continue;
      if (!best || score > best.score) best = { handler: r.handler, params, score };
    }
    if (best) return { handler: best.handler, params: best.params };
    return pathKnown ? 'method-not-allowed' : undefined;
  }
}
