import type { Clock } from '../../clock';
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

  const showResult = async (
    turn: Turn,
    result: ImportResult<PlannedRowBase>,
    extra: Partial<ImportCardOptions> = {},
  ) => {
    const { session, plan } = result;
    const applied = session.status === 'applied';
    const downloadUrl = await issueLink(deps, {
      kind: 'importDryRun',
      userId: turn.actor.userId,
      importId: session.id,
      locale: turn.actor.locale,
      ...(view.kind === 'risks' ? { register: 'risks' as const } : {}),
    });
    const unfinished = session.status === 'applying';
    const nothing = !applied && !unfinished && plan.counts.create + plan.counts.change === 0;
    await turn.show(
      card(turn.actor.locale, {
        id: session.id,
        header: session.table.header,
        mapping: session.mapping,
        plan,
        applied,
        unfinished,
        downloadUrl,
        ...(nothing ? { message: importStrings(turn.actor.locale, view).nothingToDo, isError: true } : {}),
        ...extra,
      }),
    );
  };

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

  router.action(spec.verbs.apply, async (turn) => {
    requireCoordinator(turn, 'import');
    const { locale } = turn.actor;
    try {
      const result = await imports.apply(actorOf(turn), turn.data.id);
      const counts = result.session.applied?.counts ?? result.plan.counts;
      await showResult(turn, result, { message: t(locale, 'registerTransfer.import.applied', counts), isError: false });
    } catch (error) {
      if (error instanceof NotFoundError)
        return turn.show(card(locale, { message: t(locale, 'registerTransfer.import.gone'), isError: true }));
      if (!(error instanceof ConflictError)) throw error;
      const result = await imports.dryRun(actorOf(turn), turn.data.id);
      await showResult(turn, result, { message: t(locale, 'registerTransfer.import.changedSince'), isError: true });
    }
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
