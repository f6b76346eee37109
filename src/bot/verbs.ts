/**
 * Every `Action.Execute` verb the bot answers. Card templates use these literal strings;
 * a test checks that every verb in `cards/` is here and has a handler, and vice versa.
 */
export const verbs = {
  helpMenu: 'help.menu',
  helpPolicy: 'help.policy',
  incidentNew: 'incident.new',
  incidentMine: 'incident.mine',
  incidentOpen: 'incident.open',
  incidentSubmit: 'incident.submit',
  incidentView: 'incident.view',
  incidentRefresh: 'incident.refresh',
  incidentTriage: 'incident.triage',
  incidentMeasureAdd: 'incident.measure.add',
  incidentMeasureDone: 'incident.measure.done',
  incidentBreachDecision: 'incident.breach.decision',
  incidentAwareness: 'incident.awareness',
  incidentExport: 'incident.export',
  channelAssign: 'channel.assign',
} as const;

export type Verb = (typeof verbs)[keyof typeof verbs];
