import { registerDpia } from '../../dpia/handlers';
import type { SystemDeps } from './context';
import { registerCriticality } from './criticality';
import { registerSystemLists } from './lists';
import { registerSystemForm } from './register';
import { registerSystemCard } from './system-card';
import type { Routes } from '../../turn';

export type { SystemDeps } from './context';

/** The system register (P4, P8) and DPIA screening (P5). */
export function registerSystemRegister(router: Routes, deps: SystemDeps): void {
  registerSystemLists(router, deps);
  registerSystemForm(router, deps);
  registerSystemCard(router, deps);
  registerCriticality(router, deps);
  registerDpia(router, deps);
}
