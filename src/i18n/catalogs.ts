import daApprovals from '../../locales/da/approvals.json';
import daChannels from '../../locales/da/channels.json';
import daCommon from '../../locales/da/common.json';
import daIncidents from '../../locales/da/incidents.json';
import daBreachRecord from '../../locales/da/breach-record.json';
import daReviews from '../../locales/da/reviews.json';
import daRoles from '../../locales/da/roles.json';
import daDpia from '../../locales/da/dpia.json';
import daDpo from '../../locales/da/dpo.json';
import daSystems from '../../locales/da/systems.json';
import daViolations from '../../locales/da/violations.json';
import daMeasures from '../../locales/da/measures.json';
import daRisks from '../../locales/da/risks.json';
import daAwareness from '../../locales/da/awareness.json';
import daAnnualAssessment from '../../locales/da/annual-assessment.json';
import daEvidence from '../../locales/da/evidence.json';
import daRegisterTransfer from '../../locales/da/register-transfer.json';
import daRiskTransfer from '../../locales/da/risk-transfer.json';
import enApprovals from '../../locales/en/approvals.json';
import enChannels from '../../locales/en/channels.json';
import enCommon from '../../locales/en/common.json';
import enIncidents from '../../locales/en/incidents.json';
import enBreachRecord from '../../locales/en/breach-record.json';
import enReviews from '../../locales/en/reviews.json';
import enRoles from '../../locales/en/roles.json';
import enDpia from '../../locales/en/dpia.json';
import enDpo from '../../locales/en/dpo.json';
import enSystems from '../../locales/en/systems.json';
import enViolations from '../../locales/en/violations.json';
import enMeasures from '../../locales/en/measures.json';
import enRisks from '../../locales/en/risks.json';
import enAwareness from '../../locales/en/awareness.json';
import enAnnualAssessment from '../../locales/en/annual-assessment.json';
import enEvidence from '../../locales/en/evidence.json';
import enRegisterTransfer from '../../locales/en/register-transfer.json';
import enRiskTransfer from '../../locales/en/risk-transfer.json';

/**
 * Every string, per language: one file per feature under `locales/<lang>/`, each holding its
 * top-level key(s). A test checks Danish and English have exactly the same keys.
 * To add a feature's strings: add `locales/da/<feature>.json` and `locales/en/<feature>.json`
 * and one line per language below.
 */
export const da = {
  ...daCommon,
  ...daIncidents,
  ...daBreachRecord,
  ...daChannels,
  ...daSystems,
  ...daDpia,
  ...daDpo,
  ...daRoles,
  ...daApprovals,
  ...daReviews,
  ...daViolations,
  ...daMeasures,
  ...daRisks,
  ...daAwareness,
  ...daAnnualAssessment,
  ...daEvidence,
  ...daRegisterTransfer,
  ...daRiskTransfer,
};

export const en: typeof da = {
  ...enCommon,
  ...enIncidents,
  ...enBreachRecord,
  ...enChannels,
  ...enSystems,
  ...enDpia,
  ...enDpo,
  ...enRoles,
  ...enApprovals,
  ...enReviews,
  ...enViolations,
  ...enMeasures,
  ...enRisks,
  ...enAwareness,
  ...enAnnualAssessment,
  ...enEvidence,
  ...enRegisterTransfer,
  ...enRiskTransfer,
};
