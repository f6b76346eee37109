import type { ExportRepository } from '../exports';
import type { IncidentDeps } from './context';
import { registerBreachDecision } from './breach-decision';
import { registerBreachDetails } from './breach-details';
import { registerBreachRecord } from './breach-record';
import { registerNis2Updates } from './nis2-updates';
import { registerDpoBreach, type DpoBreachDeps } from './dpo';
import { registerExport } from './export';
import { registerReporting } from './report';
import { ReportFlow } from './report-flow';
import { registerMessageReport, registerPastedOffer } from './message-report';
import { registerTriage } from './triage';
import type { Routes } from '../../turn';
import { registerMeasures } from './measures';

export type { IncidentDeps } from './context';

/** Incidents (P1–P3): reporting, the coordinator's triage and log, and the auditors' export. */
export function registerIncidents(
  router: Routes,
  deps: IncidentDeps & DpoBreachDeps & { exports: ExportRepository; publicBaseUrl: () => string },
): void {
  const flow = new ReportFlow(deps);
  registerReporting(router, deps, flow);
  registerMessageReport(router, deps, flow);
  registerPastedOffer(router, deps);
  registerTriage(router, deps);
  registerMeasures(router, deps);
  registerBreachDecision(router, deps);
  registerBreachDetails(router, deps);
  registerExport(router, deps);
  registerDpoBreach(router, deps);
  registerBreachRecord(router, deps);
  registerNis2Updates(router, deps);
}
