import type { AdaptiveCard } from '../../../platform/cards';
import type { Locale } from '../../../i18n';
import {
  transferExportCard,
  transferImportCard,
  type ImportCardOptions,
  type ImportView,
} from '../../transfer/import-card';
import { importFields } from './columns';

export type { ImportCardOptions } from '../../transfer/import-card';

/** How the system register's import speaks (P4). */
export const systemsView: ImportView = { kind: 'systems', root: 'registerTransfer', fields: importFields };

/** The system register's import card (P4): see {@link transferImportCard}. */
export const importCard = (locale: Locale, options: ImportCardOptions): AdaptiveCard =>
  transferImportCard(locale, systemsView, options);

/** The export card: the two one-time links (P4). */
export const exportCard = (locale: Locale, count: number, csvUrl: string, xlsxUrl: string): AdaptiveCard =>
  transferExportCard(locale, systemsView, count, csvUrl, xlsxUrl);
