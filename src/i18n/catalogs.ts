import daChannels from '../../locales/da/channels.json';
import daCommon from '../../locales/da/common.json';
import daIncidents from '../../locales/da/incidents.json';
import enChannels from '../../locales/en/channels.json';
import enCommon from '../../locales/en/common.json';
import enIncidents from '../../locales/en/incidents.json';

/**
 * Every string, per language: one file per feature under `locales/<lang>/`, each holding its
 * top-level key(s). A test checks Danish and English have exactly the same keys.
 * To add a feature's strings: add `locales/da/<feature>.json` and `locales/en/<feature>.json`
 * and one line per language below.
 */
export const da = { ...daCommon, ...daIncidents, ...daChannels };

export const en: typeof da = { ...enCommon, ...enIncidents, ...enChannels };
