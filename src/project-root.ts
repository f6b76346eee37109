import { existsSync } from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, cards/ and locales/, whether running from src/ or dist/. */
export const projectRoot: string = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'cards'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the project root (package.json next to cards/)');
    dir = parent;
  }
  return dir;
})();
