import type { Actor } from '../turn';
import type { Routes } from '../turn';
import type { Turn } from '../turn';
import { verbs } from '../verbs';
import { ConflictError, ForbiddenError, ValidationError } from '../../errors';
import { t } from '../../i18n';
import type { RiskDeps } from './context';
import { registerAcceptance } from './acceptance-handlers';
import { registerIncidentLinks } from './incident-links';
import { registerRiskMeasures } from './measure-handlers';
import { recordOnSystems } from './system-assessments';
import { findPerson, personKey, teamToSearch } from '../access/people';
import { isDraftId } from '../draft-id';
import { mayRequestAcceptance } from './acceptance';
import { mayUseRegister } from './access';
import { assessCard, riskDetailCard, riskFormCard, riskListCard } from './cards';
import { assessFields, parseAssessment, parseRiskForm, pickInputs, riskFields } from './form';
import type { RiskRecord } from './model';

export type { RiskDeps } from './context';

/**
 * The risk register (P4, P6, P10): the register with its heat map, the create/edit form and the
 * assess form. Every verb checks the role on the server ({@link RiskService}); card data only names
 * which risk and what was typed.
 */
export function registerRisks(router: Routes, deps: RiskDeps): void {
  const { risks } = deps;

  const showList = async ({ actor, data, show }: Turn) => {
    const after = typeof data.after === 'string' ? data.after : undefined;
    const [page, maps] = await Promise.all([risks.list(actor, after), risks.heatMap(actor)]);
    const canCreate = actor.roles.has('coordinator') || actor.roles.has('systemOwner');
    await show(
      riskListCard(actor.locale, {
        page: page.items,
        maps,
        next: page.next,
        mine: !actor.roles.has('coordinator') && !actor.roles.has('management'),
        canCreate,
      }),
    );
  };

  const showForm = async ({ actor, data, show }: Turn) => {
    const id = typeof data.id === 'string' && data.id ? data.id : undefined;
    const risk = id ? await changeable(actor, id) : undefined;
    if (!risk && !actor.roles.has('coordinator') && !actor.roles.has('systemOwner'))
      throw new ForbiddenError('new risk');
    await show(await formCard(actor, { risk }));
  };

  const formCard = async (
    actor: Actor,
    options: Omit<Parameters<typeof riskFormCard>[1], 'systemChoices' | 'showArea'>,
  ) =>
    riskFormCard(actor.locale, {
      ...options,
      systemChoices: await risks.systemChoices(actor),
      showArea: actor.roles.has('coordinator'),
    });

  const changeable = async (actor: Actor, id: unknown): Promise<RiskRecord> => {
    const { risk, canChange } = await risks.get(actor, id);
    if (!canChange) throw new ForbiddenError('change risk');
    return risk;
  };

  const detail = async (
    actor: Actor,
    id: string,
    banner?: { text: string; isError: boolean },
    known?: RiskRecord,
    incident?: { typed: string; error: string },
  ) => {
    const { risk: stored, canChange } = await risks.get(actor, id);
    const risk = known && known.version >= stored.version ? known : stored;
    const acceptance = risks.acceptanceOf(risk);
    return riskDetailCard(actor.locale, {
      risk,
      history: await risks.history(actor, id),
      canChange,
      now: deps.clock.now(),
      banner,
      acceptance,
      canAccept: actor.roles.has('coordinator') && mayRequestAcceptance(acceptance),
      canLink: actor.roles.has('coordinator'),
      incident,
      reopenedBy: await risks.changedSince(risk),
    });
  };
  registerAcceptance(router, deps, detail);
  registerIncidentLinks(router, deps, detail);
  registerRiskMeasures(router, deps);

  router.command(['risici', 'risikoregister', 'risks', 'risk register'], showList);
  router.command(['ny risiko', 'new risk'], showForm);
  router.action(verbs.riskList, showList);
  router.action(verbs.riskNew, showForm);
  router.action(verbs.riskView, async ({ actor, data, show }) => {
    if (!mayUseRegister(actor)) throw new ForbiddenError('risk register');
    await show(await detail(actor, String(data.id ?? '')));
  });

  router.action(verbs.riskSave, async (turn) => {
    const { actor, data, reply } = turn;
    if (!mayUseRegister(actor)) throw new ForbiddenError('risk register');
    const inputs = pickInputs(data, riskFields);
    const existing = typeof data.id === 'string' && data.id ? await changeable(actor, data.id) : undefined;
    const draftId = !existing && isDraftId(data.draftId) ? data.draftId : undefined;
    try {
      const form = parseFormWithOwner(inputs);
      const owner = await resolveOwner(turn, form.owner, existing, deps);
      const input = {
        title: form.title,
        scenario: form.scenario,
        systemIds: form.systemIds,
        area: form.area,
        ...owner,
      };
      const { risk, repeated } = existing
        ? { risk: await risks.edit(actor, existing.id, data.version, input), repeated: false }
        : await risks.create(actor, input, draftId);
      const said = t(actor.locale, repeated ? 'risks.detail.alreadySaved' : 'risks.detail.saved');
      await reply(await detail(actor, risk.id, { text: said, isError: false }, risk));
    } catch (error) {
      if (error instanceof ValidationError)
        return reply(
          await formCard(actor, {
            risk: existing,
            values: inputs,
            errors: error.fields,
            banner: t(actor.locale, 'risks.form.fixErrors'),
            draftId,
          }),
        );
      if (error instanceof ConflictError && existing)
        return reply(
          await formCard(actor, {
            risk: (await risks.get(actor, existing.id)).risk,
            banner: t(actor.locale, 'common.errorConflict'),
          }),
        );
      throw error;
    }
  });

  router.action(verbs.riskAssess, async ({ actor, data, show }) => {
    await show(assessCard(actor.locale, { risk: await changeable(actor, data.id) }));
  });

  router.action(verbs.riskAssessSave, async ({ actor, data, reply }) => {
    const risk = await changeable(actor, data.id);
    const inputs = pickInputs(data, assessFields);
    try {
      const assessed = await risks.assess(actor, risk.id, data.version, parseAssessment(inputs, deps.clock.now()));
      await recordOnSystems(deps, actor, assessed);
      const said = t(actor.locale, 'risks.detail.assessed');
      await reply(await detail(actor, risk.id, { text: said, isError: false }, assessed));
    } catch (error) {
      if (error instanceof ValidationError)
        return reply(
          assessCard(actor.locale, {
            risk,
            values: inputs,
            errors: error.fields,
            banner: t(actor.locale, 'risks.form.fixErrors'),
          }),
        );
      if (error instanceof ConflictError)
        return reply(await detail(actor, risk.id, { text: t(actor.locale, 'common.errorConflict'), isError: true }));
      throw error;
    }
  });
}

/** The form with the owner taken from the people picker when one was picked, else from the e-mail typed. */
function parseFormWithOwner(inputs: Record<string, string>) {
  return parseRiskForm({ ...inputs, owner: inputs.ownerPick || inputs.owner || '' });
}

/**
 * Resolves the risk owner picked (the Teams people picker) or typed (work e-mail) to an Entra
 * identity Teams knows, with the name Teams gives.
 *
 * @remarks P10: the card's value is only a key to look up; someone Teams does not know is refused,
 * except the owner the risk already has and the acting user themselves.
 */
async function resolveOwner(
  { actor, members, conversation }: Turn,
  typed: string,
  existing: RiskRecord | undefined,
  deps: RiskDeps,
): Promise<{ ownerId: string; ownerName: string }> {
  const value = typed.trim().toLowerCase();
  if (existing && value === existing.ownerId) return { ownerId: existing.ownerId, ownerName: existing.ownerName };
  if (value === actor.userId) return { ownerId: actor.userId, ownerName: actor.name };
  const teamId = (await deps.conversations.channelFor('coordinator'))?.teamId;
  const found = personKey(value)
    ? await findPerson(members, value, teamToSearch(conversation, teamId), 'owner')
    : undefined;
  if (!found) throw new ValidationError({ owner: 'risks.errors.ownerNotFound' });
  return { ownerId: found.userId, ownerName: found.name };
}
