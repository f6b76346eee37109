import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { Notifier } from '../../platform/notifier';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import { t, type Locale } from '../../i18n';
import { sniffType } from '../../platform/files';
import type { ConversationRepository } from '../access/conversations';
import { issueLink, type ExportRepository } from '../incidents/exports';
import type { Routes, Turn } from '../turn';
import {
  importStrings,
  transferExportCard,
  transferImportCard,
  type ImportCardOptions,
  type ImportView,
} from './import-card';
import type { FileImportService, ImportResult } from './import-service';
import { FileProblemError, importLimits, type FileProblem } from './limits';
import { findOwners } from './owners';
import type { ColumnMapping, PlannedRowBase } from './plan';
import { readTable } from './read-table';

/** What importing and exporting a register needs. */
export interface TransferDeps {
  clock: Clock;
  conversations: ConversationRepository;
  exports: ExportRepository;
  publicBaseUrl: () => string;
  /** Sends the result of an import that outlasted its button press to the coordinator's personal chat. */
  notifier: Notifier;
  logger: Logger;
  /** How long "Importér" waits for the import before answering that it goes on (default 3 s). */
  answerWithinMs?: number;
}

/** One register's import and export: its words, its verbs, its import service. */
export interface TransferSpec {
  view: ImportView;
  /** The typed commands (Danish, with and without the accent, and English). */
  importWords: string[];
  exportWords: string[];
  verbs: { remap: string; apply: string };
  imports: FileImportService<PlannedRowBase>;
  /** The mapping the card's inputs choose, given the file's number of columns. */
  chooseColumns(data: Record<string, unknown>, columns: number): ColumnMapping;
  /** How many records the export holds. */
  count(): Promise<number>;
  exportGrant: 'systemRegister' | 'riskRegister';
}

/**
 * How long "Importér" waits for the import before it answers: Teams waits about 5 s for the answer
 * to a button and sends the press again after 15 s, and 2,000 risks take half a minute.
 */
const ANSWER_WITHIN_MS = 3000;
/** Who applies an import, in which language. */
type ImportActorWithLocale = ReturnType<typeof actorOf> & { locale: Locale };
/** How an import's apply ended. */
type ApplyOutcome = { result: ImportResult<PlannedRowBase> } | { error: unknown };

/** How long after `importér …` the next file is taken as the register file. */
const EXPECT_MINUTES = 15;
/** What a file's bytes may be to be read as a register file. */
const readable = new Set(['xlsx', 'zip', 'text', 'unknown']);

/** Typed text as compared with the commands: trimmed, lower case, single spaces. */
const spoken = (text: string): string => text.trim().toLocaleLowerCase('da-DK').replace(/\s+/g, ' ');

/** The import commands of every register on a router: a file sent with one is that register's. */
const importWordsOn = new WeakMap<Routes, Set<string>>();
const actorOf = (turn: Turn) => ({ userId: turn.actor.userId, name: turn.actor.name, roles: turn.actor.roles });

/**
 * Import and export of a register (systems P4, risks #19): `importér …` and the file in the personal
 * chat give a dry run with the columns as guessed; "Importér" applies it; `eksportér …` gives one-time
 * links to the register as CSV and XLSX. The coordinator's alone (P10).
 */
export function registerFileTransfer(router: Routes, deps: TransferDeps, spec: TransferSpec): void {
  const { clock } = deps;
  const { imports, view } = spec;
  const card = (locale: Locale, options: ImportCardOptions) => transferImportCard(locale, view, options);
  const isImportText = (text: string): boolean => spec.importWords.includes(spoken(text));
  const everyImportWord = importWordsOn.get(router) ?? new Set<string>();
  importWordsOn.set(router, everyImportWord);
  for (const word of spec.importWords) everyImportWord.add(word);
  const requireCoordinator = (turn: Turn, what: 'import' | 'export') => {
    if (!turn.actor.roles.has('coordinator')) throw new ForbiddenError(`${what} ${view.kind}`);
  };

  /** The card of an upload's dry run (or its result), with a one-time link to the whole dry run. */
  const resultCard = async (
    who: { userId: string; locale: Locale },
    result: ImportResult<PlannedRowBase>,
    extra: Partial<ImportCardOptions> = {},
  ) => {
    const { session, plan } = result;
    const applied = session.status === 'applied';
    const downloadUrl = await issueLink(deps, {
      kind: 'importDryRun',
      userId: who.userId,
      importId: session.id,
      locale: who.locale,
      ...(view.kind === 'risks' ? { register: 'risks' as const } : {}),
    });
    const unfinished = session.status === 'applying';
    const nothing = !applied && !unfinished && plan.counts.create + plan.counts.change === 0;
    return card(who.locale, {
      id: session.id,
      header: session.table.header,
      mapping: session.mapping,
      plan,
      applied,
      unfinished,
      downloadUrl,
      ...(nothing ? { message: importStrings(who.locale, view).nothingToDo, isError: true } : {}),
      ...extra,
    });
  };
  const showResult = async (turn: Turn, result: ImportResult<PlannedRowBase>, extra: Partial<ImportCardOptions> = {}) =>
    turn.show(await resultCard(turn.actor, result, extra));

  const fileProblem = (locale: Locale, name: string, problem: FileProblem | 'unreachable') =>
    card(locale, {
      message: t(locale, 'registerTransfer.import.fileProblem', {
        name,
        problem: t(locale, `registerTransfer.import.fileProblems.${problem}`),
      }),
      isError: true,
    });

  router.command(spec.importWords, async (turn) => {
    requireCoordinator(turn, 'import');
    if (turn.actor.conversationType === 'personal') {
      const until = new Date(clock.now().getTime() + EXPECT_MINUTES * 60_000).toISOString();
      await imports.expectFile(actorOf(turn), until);
    }
    await turn.show(card(turn.actor.locale, {}));
  });

  router.files(async (turn) => {
    const { actor, message } = turn;
    if (actor.conversationType !== 'personal') return false;
    const file = message.files.find((candidate) => candidate.source === 'file');
    if (!file) return false;
    // A file sent with another register's import command is that import's, whatever note is waiting.
    if (!isImportText(message.text) && everyImportWord.has(spoken(message.text))) return false;
    // The note left by `importér …` is taken by the next file either way: one file per ask.
    const announced = actor.roles.has('coordinator') && (await imports.takeExpected(actorOf(turn)));
    if (!isImportText(message.text) && !announced) return false;
    requireCoordinator(turn, 'import');
    const name = file.name.slice(0, 100);
    const downloaded = await turn.download(file, { maxBytes: importLimits.maxBytes });
    if (!downloaded.ok) {
      await turn.show(fileProblem(actor.locale, name, downloaded.reason === 'too-large' ? 'tooLarge' : 'unreachable'));
      return true;
    }
    try {
      if (!readable.has(sniffType(downloaded.bytes))) throw new FileProblemError('notATable');
      const table = await readTable(downloaded.bytes);
      const teamId = (await deps.conversations.channelFor('coordinator'))?.teamId;
      const result = await imports.upload(actorOf(turn), downloaded.bytes, table, (texts) =>
        findOwners(turn.members, teamId, texts),
      );
      await showResult(turn, result);
    } catch (error) {
      if (!(error instanceof FileProblemError)) throw error;
      await turn.show(fileProblem(actor.locale, name, error.problem));
    }
    return true;
  });

  router.action(spec.verbs.remap, async (turn) => {
    requireCoordinator(turn, 'import');
    try {
      const teamId = (await deps.conversations.channelFor('coordinator'))?.teamId;
      const result = await imports.remap(
        actorOf(turn),
        turn.data.id,
        (columns) => spec.chooseColumns(turn.data, columns),
        (texts) => findOwners(turn.members, teamId, texts),
      );
      await showResult(turn, result);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await turn.show(
        card(turn.actor.locale, { message: t(turn.actor.locale, 'registerTransfer.import.gone'), isError: true }),
      );
    }
  });

  /**
   * The card that answers an import's outcome: the result; "no longer kept"; the new dry run of a
   * register changed since; after a storage fault, the dry run with "Importér" to finish it.
   */
  const outcomeCard = async (actor: ImportActorWithLocale, id: unknown, outcome: ApplyOutcome) => {
    const { locale } = actor;
    if ('result' in outcome) {
      const counts = outcome.result.session.applied?.counts ?? outcome.result.plan.counts;
      return resultCard(actor, outcome.result, {
        message: t(locale, 'registerTransfer.import.applied', counts),
        isError: false,
      });
    }
    const { error } = outcome;
    if (error instanceof NotFoundError)
      return card(locale, { message: t(locale, 'registerTransfer.import.gone'), isError: true });
    if (!(error instanceof ConflictError)) throw error;
    return resultCard(actor, await imports.dryRun(actor, id), {
      message: t(locale, 'registerTransfer.import.changedSince'),
      isError: true,
    });
  };

  /** Uploads being imported on this instance: a second press meanwhile is told it is under way. */
  const runningHere = new Set<string>();

  /**
   * The dry run as it stands, with `message` and (the import being unfinished) "Importér" to go on or
   * finish it; the message alone when even the dry run cannot be read now.
   */
  const dryRunWith = async (actor: ImportActorWithLocale, id: unknown, message: string, isError: boolean) => {
    try {
      return await resultCard(actor, await imports.dryRun(actor, id), { message, isError });
    } catch {
      return card(actor.locale, { message, isError });
    }
  };

  /**
   * What a long import sends to the personal chat when it ends: the result; or, when it stopped
   * (a storage fault, a bug: logged), "interrupted" on the dry run with "Importér" to finish it.
   */
  const finishedCard = async (actor: ImportActorWithLocale, id: unknown, outcome: ApplyOutcome) => {
    const { locale } = actor;
    const expected =
      'result' in outcome || outcome.error instanceof NotFoundError || outcome.error instanceof ConflictError;
    if (!expected) deps.logger.error({ err: outcome.error }, 'an import stopped before it was done');
    try {
      return await outcomeCard(actor, id, outcome);
    } catch (error) {
      if (expected) deps.logger.error({ err: error }, 'the card of an import that ended could not be made');
      if ('result' in outcome) {
        const counts = outcome.result.session.applied?.counts ?? outcome.result.plan.counts;
        return card(locale, { message: t(locale, 'registerTransfer.import.applied', counts), isError: false });
      }
      return dryRunWith(actor, id, t(locale, 'registerTransfer.import.interrupted'), true);
    }
  };

  router.action(spec.verbs.apply, async (turn) => {
    requireCoordinator(turn, 'import');
    const actor = { ...actorOf(turn), locale: turn.actor.locale };
    const { locale } = actor;
    const id = turn.data.id;
    const running = t(locale, 'registerTransfer.import.running');
    if (typeof id === 'string' && runningHere.has(id)) return turn.show(await dryRunWith(actor, id, running, false));
    if (typeof id === 'string') runningHere.add(id);
    const applying: Promise<ApplyOutcome> = imports
      .apply(actor, id)
      .then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      )
      .finally(() => typeof id === 'string' && runningHere.delete(id));
    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      applying,
      new Promise<undefined>(
        (resolve) => (timer = setTimeout(() => resolve(undefined), deps.answerWithinMs ?? ANSWER_WITHIN_MS)),
      ),
    ]);
    clearTimeout(timer);
    if (answered) return turn.show(await outcomeCard(actor, id, answered));
    // A long import goes on after the answer, on a card that keeps "Importér" (a press meanwhile is
    // told it is under way; after a restart it finishes the import). The result comes to the chat.
    await turn.show(await dryRunWith(actor, id, running, false));
    void applying
      .then(async (outcome) => {
        const done = await finishedCard(actor, id, outcome);
        const chat = await deps.conversations.personalChatOf(actor.userId);
        if (!chat) return deps.logger.warn('the result of an import has no personal chat to go to');
        await deps.notifier.send(chat, done);
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'the result of an import could not be sent'));
  });

  router.command(spec.exportWords, async (turn) => {
    requireCoordinator(turn, 'export');
    const count = await spec.count();
    const locale = turn.actor.locale;
    const link = (format: 'csv' | 'xlsx') =>
      issueLink(deps, { kind: spec.exportGrant, userId: turn.actor.userId, format, locale });
    await turn.show(transferExportCard(locale, view, count, await link('csv'), await link('xlsx')));
  });
}
