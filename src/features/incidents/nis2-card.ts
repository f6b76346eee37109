import { stringsFor, t, type Locale } from '../../i18n';
import { formatLocal, hoursLeft, timeApart, toLocalInputs } from './deadlines';
import { handledAtOf, incidentNis2Deadlines, progressReportAtOf } from './handled';
import { nis2StepKeys, nis2Steps, type Incident, type Nis2Report, type Nis2Step } from './model';

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

function sent(
  locale: Locale,
  deadline: Date | undefined,
  report: Nis2Report,
): Pick<Nis2StepView, 'status' | 'statusColor'> {
  const at = formatLocal(report.sentAt, locale);
  if (!deadline) return { status: t(locale, 'nis2Final.sent', { at, by: report.recordedBy }), statusColor: 'Good' };
  const late = timeApart(deadline, new Date(report.sentAt));
  return new Date(report.sentAt) <= deadline
    ? { status: t(locale, 'incidents.triage.nis2SentInTime', { at, by: report.recordedBy }), statusColor: 'Good' }
    : {
        status: t(locale, 'incidents.triage.nis2SentLate', { at, by: report.recordedBy, ...late }),
        statusColor: 'Warning',
      };
}

/**
 * A step's deadline line and its status. The final report after a progress report (NIS2 art.
 * 23(4)(e)) says so: due a month after the incident is handled, with the date once it is.
 */
function deadlineAndStatus(
  locale: Locale,
  incident: Incident,
  step: Nis2Step,
  deadline: Date | undefined,
  report: Nis2Report | undefined,
  now: Date,
): Pick<Nis2StepView, 'deadline' | 'status' | 'statusColor'> {
  const progress = step === 'finalReport' ? progressReportAtOf(incident) : undefined;
  if (!deadline)
    return {
      deadline: t(locale, 'nis2Final.afterHandling', { progress: formatLocal(progress ?? now, locale) }),
      ...(report
        ? sent(locale, undefined, report)
        : { status: t(locale, 'nis2Final.ongoing'), statusColor: 'Default' }),
    };
  const line = progress
    ? t(locale, 'nis2Final.moved', {
        deadline: formatLocal(deadline, locale),
        handled: formatLocal(handledAtOf(incident) ?? now, locale),
      })
    : t(locale, 'incidents.triage.nis2Deadline', { deadline: formatLocal(deadline, locale) });
  return { deadline: line, ...(report ? sent(locale, deadline, report) : notSent(locale, deadline, now)) };
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
  const deadlines = incidentNis2Deadlines(incident);
  return nis2Steps.map((step) => {
    const keys = nis2StepKeys[step];
    const report = reports[step];
    const recorded = report ? toLocalInputs(report.sentAt) : { date: '', time: '' };
    const deadline = deadlines[step];
    return {
      step,
      title: tr.nis2Steps[step],
      ...deadlineAndStatus(locale, incident, step, deadline, report, now),
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
