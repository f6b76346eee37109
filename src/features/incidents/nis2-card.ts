import { stringsFor, t, type Locale } from '../../i18n';
import { nis2Awareness } from './awareness';
import { formatLocal, hoursLeft, nis2Deadlines, timeApart, toLocalInputs } from './deadlines';
import { nis2StepKeys, nis2Steps, type Incident, type Nis2Report } from './model';

/** One NIS2 report as the triage card shows it: its deadline, whether it was sent in time, and its inputs. */
export interface Nis2StepView {
  step: string;
  title: string;
  deadline: string;
  status: string;
  statusColor: 'Good' | 'Warning' | 'Attention' | 'Default';
  dateId: string;
  timeId: string;
  date: string;
  time: string;
  error: string;
  button: string;
  /** True once the step is recorded as sent: it can then be withdrawn. */
  recorded: boolean;
}

/** Hours up to two days, then whole days: a month ahead reads better as days. */
function notSent(locale: Locale, deadline: Date, now: Date): Pick<Nis2StepView, 'status' | 'statusColor'> {
  const left = hoursLeft(deadline, now);
  const apart = timeApart(deadline, now);
  if (left < 0) return { status: t(locale, 'incidents.triage.nis2Overdue', apart), statusColor: 'Attention' };
  if (left < 48) return { status: t(locale, 'incidents.triage.nis2LeftHours', apart), statusColor: 'Default' };
  return {
    status: t(locale, 'incidents.triage.nis2LeftDays', { days: Math.floor(left / 24) }),
    statusColor: 'Default',
  };
}

function sent(locale: Locale, deadline: Date, report: Nis2Report): Pick<Nis2StepView, 'status' | 'statusColor'> {
  const at = formatLocal(report.sentAt, locale);
  const late = timeApart(deadline, new Date(report.sentAt));
  return new Date(report.sentAt) <= deadline
    ? { status: t(locale, 'incidents.triage.nis2SentInTime', { at, by: report.recordedBy }), statusColor: 'Good' }
    : {
        status: t(locale, 'incidents.triage.nis2SentLate', { at, by: report.recordedBy, ...late }),
        statusColor: 'Warning',
      };
}

/**
 * The NIS2 reports of a significant incident on the triage card (P3), none for any other incident.
 *
 * @remarks The inputs show what the user entered when the card comes back with an error, else the
 * recorded time, so a correction starts from it and a mistake loses nothing.
 */
export function nis2StepViews(
  locale: Locale,
  incident: Incident,
  now: Date,
  errors: Record<string, string> = {},
  entered: Record<string, string> = {},
): Nis2StepView[] {
  if (!incident.nis2Significant) return [];
  const tr = stringsFor(locale).incidents.triage;
  const reports = incident.nis2Reports ?? {};
  const awareness = nis2Awareness(incident);
  const notified = reports.notification && new Date(reports.notification.sentAt);
  const deadlines = nis2Deadlines(awareness, notified);
  return nis2Steps.map((step) => {
    const keys = nis2StepKeys[step];
    const report = reports[step];
    const recorded = report ? toLocalInputs(report.sentAt) : { date: '', time: '' };
    return {
      step,
      title: tr.nis2Steps[step],
      deadline: t(locale, 'incidents.triage.nis2Deadline', { deadline: formatLocal(deadlines[step], locale) }),
      ...(report ? sent(locale, deadlines[step], report) : notSent(locale, deadlines[step], now)),
      dateId: keys.date,
      timeId: keys.time,
      date: entered[keys.date] ?? recorded.date,
      time: entered[keys.time] ?? recorded.time,
      error: errors[keys.date] ? t(locale, errors[keys.date]) : '',
      button: report ? tr.nis2Correct : tr.nis2Record,
      recorded: report !== undefined,
    };
  });
}
