/** Builds the MCP Apps views into dist/views before any test reads them (esbuild: well under a second). */
import { buildViews } from '../../scripts/buildViews.js';

export default async function setup(): Promise<void> {
  await buildViews();
}
