/**
 * The views as MCP resources: `resources/list` entries and `resources/read` contents. The HTML is
 * built by `npm run build` (scripts/buildViews.ts) into `dist/views/`, read once and kept.
 */
import { readFileSync } from 'node:fs';
import type { ReadResourceResult, Resource } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCode } from '../../errors.js';
import { packagePath } from '../../packageRoot.js';
import { JsonRpcError } from '../requestParams.js';
import { APP_MIME_TYPE, APP_URI_PREFIX, APP_VIEWS, appUri, type AppView } from './views.js';

export { APP_URI_PREFIX };

/** Where `npm run build` writes the views, in a clone and in the installed package alike. */
export const DEFAULT_VIEWS_DIR = packagePath('dist', 'views');

/**
 * No network at all: the views carry their script and styles inline (the host applies this CSP; the
 * HTML also sets its own, stricter one with hashes).
 */
const RESOURCE_META = { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } };

export interface AppResources {
  list(): Resource[];
  /** @throws JsonRpcError -32002 for an unknown URI, -32603 when the views were not built. */
  read(uri: string): ReadResourceResult;
}

export function appResources(
  viewsDir: string = DEFAULT_VIEWS_DIR,
  views: readonly AppView[] = APP_VIEWS,
): AppResources {
  const byUri = new Map(views.map((view) => [appUri(view.name), view]));
  const html = new Map<string, string>();
  const load = (view: AppView): string => {
    let text = html.get(view.name);
    if (text === undefined) {
      try {
        text = readFileSync(`${viewsDir}/${view.name}.html`, 'utf8');
      } catch {
        throw new JsonRpcError(
          ErrorCode.InternalError,
          `The ${view.name} chart is not built (no ${view.name}.html in ${viewsDir}): run npm run build.`,
        );
      }
      html.set(view.name, text);
    }
    return text;
  };
  return {
    list: () =>
      views.map((view) => ({
        uri: appUri(view.name),
        name: view.name,
        title: view.title,
        description: view.description,
        mimeType: APP_MIME_TYPE,
        _meta: RESOURCE_META,
      })),
    read(uri) {
      const view = byUri.get(uri);
      // -32002 is the MCP spec's "resource not found".
      if (!view)
        throw new JsonRpcError(-32002, `Unknown resource ${uri}: resources/list names the chart views.`, { uri });
      return { contents: [{ uri, mimeType: APP_MIME_TYPE, text: load(view), _meta: RESOURCE_META }] };
    },
  };
}
