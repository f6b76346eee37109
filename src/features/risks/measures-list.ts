import { openMeasureFacts } from '../incidents/list-item';
import type { OpenMeasure } from '../measures/parent';
import { shortenForJson } from '../../text';
import type { RiskRecord } from './model';

/** How much of a risk's title an open measure's row keeps (counted in JSON, as the incident rows do). */
const TITLE = 120;

/**
 * The open treatment measures of a risk as their list rows keep them (#19, #20): the measure with its
 * owner and due date, and the risk's id and title — what the owner's list, the morning reminders,
 * the digest and the quarterly review show.
 */
export const openRiskMeasures = (risk: RiskRecord): OpenMeasure[] =>
  openMeasureFacts(risk.measures ?? []).map((measure) => ({
    parent: { kind: 'risk', id: risk.id, title: shortenForJson(risk.title, TITLE) },
    measure,
  }));
