/**
 * The package's root folder, for the files that ship beside the code (package.json, dist/views/).
 * This module is one level below the root both as `src/packageRoot.ts` and once bundled: scripts/build.ts
 * writes the entry and every chunk flat into `dist/`. So `..` of this module's URL is the root either way.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT: string = fileURLToPath(new URL('..', import.meta.url));

/** An absolute path inside the package, e.g. `packagePath('dist', 'views')`. */
export function packagePath(...segments: string[]): string {
  return path.join(PACKAGE_ROOT, ...segments);
}
