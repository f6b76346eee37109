import type { Router } from '../../../bot/router';
import type { ExportRepository } from '../exports';
import type { IncidentDeps } from './context';
import { registerBreachDetails } from './breach-details';
import { registerBreachRecord } from './breach-record';
import { registerNis2Updates } from './nis2-updates';
import { registerDpoBreach, type DpoBreachDeps } from './dpo';
import { registerExport } from './export';
import { registerReporting } from './report';
import { registerTriage } from './triage';

export type { IncidentDeps } from './context';

/** Incidents (P1–P3): reporting, the coordinator's triage and log, and the auditors' export. */
export function registerIncidents(
  router: Router,
  deps: IncidentDeps & DpoBreachDeps & { exports: ExportRepository; publicBaseUrl: () => string },
): void {
  registerReporting(router, deps);
  registerTriage(router, deps);
  registerBreachDetails(router, deps);
  registerExport(router, deps);
  registerDpoBreach(router, deps);
  registerBreachRecord(router, deps);
  registerNis2Updates(router, deps);
}
