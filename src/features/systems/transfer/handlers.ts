import type { Clock } from '../../../clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../errors';
import { t, type Locale } from '../../../i18n';
import { sniffType } from '../../../platform/files';
import type { ConversationRepository } from '../../access/conversations';
import { issueLink, type ExportRepository } from '../../incidents/exports';
import type { Routes, Turn } from '../../turn';
import { verbs } from '../../verbs';
import { importCard, exportCard, type ImportCardOptions } from './cards';
import { mappingFrom } from './columns';
import type { ImportResult, RegisterImportService } from './import-service';
import { FileProblemError, importLimits, type FileProblem } from './limits';
import { findOwners } from './owners';
import { readTable } from './read-table';

/** What importing and exporting the register needs. */
export interface RegisterTransferDeps {
  clock: Clock;
  conversations: ConversationRepository;
  imports: RegisterImportService;
  exports: ExportRepository;
  publicBaseUrl: () => string;
}

/** The typed commands (Danish, with and without the accent, and English). */
const importWords = ['importér systemer', 'importer systemer', 'import systems'];
const exportWords = ['eksportér systemer', 'eksporter systemer', 'export systems'];
/** How long after `importér systemer` the next file is taken as the register file. */
const EXPECT_MINUTES = 15;
/** What a file's bytes may be to be read as a register file. */
const readable = new Set(['xlsx', 'zip', 'text', 'unknown']);

const actorOf = (turn: Turn) => ({ userId: turn.actor.userId, name: turn.actor.name, roles: turn.actor.roles });
const isImportText = (text: string): boolean =>
  importWords.includes(text.trim().toLocaleLowerCase('da-DK').replace(/\s+/g, ' '));

/**
 * Import and export of the system register (P4): `importér systemer` and the file in the personal
 * chat give a dry run with the columns as guessed; "Importér" applies it; `eksportér systemer`
 * gives one-time links to the register as CSV and XLSX. The coordinator's alone (P10).
 */
export function registerRegisterTransfer(router: Routes, deps: RegisterTransferDeps): void {
  const { imports, clock } = deps;
  const requireCoordinator = (turn: Turn, key: string) => {
    if (!turn.actor.roles.has('coordinator')) throw new ForbiddenError(key);
  };

  const showResult = async (turn: Turn, result: ImportResult, extra: Partial<ImportCardOptions> = {}) => {
    const { session, plan } = result;
    const applied = session.status === 'applied';
    const downloadUrl = await issueLink(deps, {
      kind: 'importDryRun',
      userId: turn.actor.userId,
      importId: session.id,
      locale: turn.actor.locale,
    });
    const nothing = !applied && plan.counts.create + plan.counts.change === 0;
    await turn.show(
      importCard(turn.actor.locale, {
        id: session.id,
        header: session.table.header,
        mapping: session.mapping,
        plan,
        applied,
        downloadUrl,
        ...(nothing ? { message: t(turn.actor.locale, 'registerTransfer.import.nothingToDo'), isError: true } : {}),
        ...extra,
      }),
    );
  };

  const fileProblem = (locale: Locale, name: string, problem: FileProblem | 'unreachable') =>
    importCard(locale, {
      message: t(locale, 'registerTransfer.import.fileProblem', {
        name,
        problem: t(locale, `registerTransfer.import.fileProblems.${problem}`),
      }),
      isError: true,
    });

  router.command(importWords, async (turn) => {
    requireCoordinator(turn, 'import systems');
    if (turn.actor.conversationType === 'personal') {
      const until = new Date(clock.now().getTime() + EXPECT_MINUTES * 60_000).toISOString();
      await imports.expectFile(actorOf(turn), until);
    }
    await turn.show(importCard(turn.actor.locale, {}));
  });

  router.files(async (turn) => {
    const { actor, message } = turn;
    if (actor.conversationType !== 'personal') return false;
    const file = message.files.find((candidate) => candidate.source === 'file');
    if (!file) return false;
    // The note left by `importér systemer` is taken by the next file either way: one file per ask.
    const announced = actor.roles.has('coordinator') && (await imports.takeExpected(actorOf(turn)));
    if (!isImportText(message.text) && !announced) return false;
    requireCoordinator(turn, 'import systems');
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

  router.action(verbs.systemImportRemap, async (turn) => {
    requireCoordinator(turn, 'import systems');
    try {
      const teamId = (await deps.conversations.channelFor('coordinator'))?.teamId;
      const result = await imports.remap(
        actorOf(turn),
        turn.data.id,
        (columns) => mappingFrom(turn.data, columns),
        (texts) => findOwners(turn.members, teamId, texts),
      );
      await showResult(turn, result);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await turn.show(
        importCard(turn.actor.locale, { message: t(turn.actor.locale, 'registerTransfer.import.gone'), isError: true }),
      );
    }
  });

  router.action(verbs.systemImportApply, async (turn) => {
    requireCoordinator(turn, 'import systems');
    const { locale } = turn.actor;
    try {
      const result = await imports.apply(actorOf(turn), turn.data.id);
      const counts = result.session.applied?.counts ?? result.plan.counts;
      await showResult(turn, result, { message: t(locale, 'registerTransfer.import.applied', counts), isError: false });
    } catch (error) {
      if (error instanceof NotFoundError)
        return turn.show(importCard(locale, { message: t(locale, 'registerTransfer.import.gone'), isError: true }));
      if (!(error instanceof ConflictError)) throw error;
      const result = await imports.dryRun(actorOf(turn), turn.data.id);
      await showResult(turn, result, { message: t(locale, 'registerTransfer.import.changedSince'), isError: true });
    }
  });

  router.command(exportWords, async (turn) => {
    requireCoordinator(turn, 'export systems');
    const count = (await imports.registerSystems()).length;
    const locale = turn.actor.locale;
    const csvUrl = await issueLink(deps, { kind: 'systemRegister', userId: turn.actor.userId, format: 'csv', locale });
    const xlsxUrl = await issueLink(deps, {
      kind: 'systemRegister',
      userId: turn.actor.userId,
      format: 'xlsx',
      locale,
    });
    await turn.show(exportCard(locale, count, csvUrl, xlsxUrl));
  });
}
