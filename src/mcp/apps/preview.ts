/**
 * `GET /apps/preview`, demo mode only: the built preview host page (views/preview/host.ts), which
 * shows every view with the simulator's data by calling this server's tools through `/mcp` with the
 * API key. The page itself holds no data and no secret; the owner's today is written into it because
 * the demo's clock (and the simulator's) need not be the browser's.
 */
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { DEFAULT_VIEWS_DIR } from './resources.js';
import { PREVIEW_TODAY_SLOT } from './views.js';

export interface AppsPreviewOptions {
  /** The owner's local today (YYYY-MM-DD). */
  today: () => string;
  viewsDir?: string;
}

export function appsPreviewHandler(options: AppsPreviewOptions): RequestHandler {
  let html: string | undefined;
  return (_req, res) => {
    try {
      html ??= readFileSync(`${options.viewsDir ?? DEFAULT_VIEWS_DIR}/preview.html`, 'utf8');
    } catch {
      res
        .status(503)
        .type('text/plain')
        .send('The charts preview is not built (no dist/views/preview.html): run npm run build.');
      return;
    }
    res
      .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' })
      .type('html')
      .send(html.replace(PREVIEW_TODAY_SLOT, `data-today="${options.today()}"`));
  };
}
