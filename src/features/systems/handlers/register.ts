import { verbs } from '../../verbs';
import { ConflictError, ForbiddenError, ValidationError } from '../../../errors';
import { t } from '../../../i18n';
import { systemFormCard } from '../cards';
import { parseSystemForm, pickInputs, systemFields } from '../form';
import type { SystemRecord } from '../model';
import { asSystemActor, canRegister, resolveOwner, type SystemDeps } from './context';
import { renderSystemCard } from './render';
import { completeGrantRecord, grantRole } from '../../access/grants';
import { isDraftId } from '../../draft-id';
import { cardText } from '../../../text';
import type { Actor, Routes } from '../../turn';

/**
 * Registering and editing a system (P4): the form, validated with the owner resolved in Teams; the
 * coordinator registers for anyone, a system owner for themselves.
 */
export function registerSystemForm(router: Routes, deps: SystemDeps): void {
  const { systems } = deps;
  const render = renderSystemCard.bind(undefined, deps);

  router.action(verbs.systemNew, async (turn) => {
    if (typeof turn.data.id === 'string' && turn.data.id) {
      const { system } = await systems.get(asSystemActor(turn.actor), turn.data.id);
      return turn.show(systemFormCard(turn.actor.locale, { system }));
    }
    if (!canRegister(turn)) throw new ForbiddenError('register system');
    await turn.show(systemFormCard(turn.actor.locale, {}));
  });

  router.action(verbs.systemSave, async (turn) => {
    const { actor, data } = turn;
    const sa = asSystemActor(actor);
    const inputs = pickInputs(data, systemFields);
    // The people picker's choice names the owner; the text field is the fallback (e-mail or name).
    const ownerPick = cardText(data, 'ownerPick', 200);
    const ownerNamed = ownerPick || inputs.owner;
    const existing = typeof data.id === 'string' && data.id ? (await systems.get(sa, data.id)).system : undefined;
    const draftId = !existing && isDraftId(data.draftId) ? data.draftId : undefined;
    let ownerId: string | undefined;
    try {
      const known = existing ? { id: existing.ownerId, name: existing.ownerName } : undefined;
      // Both checks run, so every bad field is marked at once.
      const [form, owner] = await Promise.allSettled([
        Promise.resolve().then(() => parseSystemForm({ ...inputs, owner: ownerNamed })),
        ownerNamed
          ? resolveOwner(turn, ownerNamed, known, (await deps.conversations.channelFor('coordinator'))?.teamId)
          : Promise.resolve(undefined),
      ]);
      const fields = Object.assign(
        {},
        ...[form, owner].map((result) =>
          result.status === 'rejected' && result.reason instanceof ValidationError ? result.reason.fields : {},
        ),
      ) as Record<string, string>;
      for (const result of [form, owner])
        if (result.status === 'rejected' && !(result.reason instanceof ValidationError)) throw result.reason;
      if (form.status === 'rejected' || owner.status === 'rejected' || !owner.value) throw new ValidationError(fields);
      ownerId = owner.value.ownerId;
      if (!existing && !actor.roles.has('coordinator') && owner.value.ownerId !== actor.userId)
        throw new ValidationError({ owner: 'systems.errors.ownerSelf' });
      const { owner: _typed, ...details } = { ...form.value, ...owner.value };
      const { system: saved, repeated } = existing
        ? { system: await systems.edit(sa, existing.id, data.version, details), repeated: false }
        : await systems.register(sa, details, draftId);
      await grantOwnerRole(deps, actor, saved);
      const saidKey = repeated ? 'systems.detail.alreadyRegistered' : 'systems.detail.saved';
      await turn.reply(await render(turn, saved, { text: t(actor.locale, saidKey), isError: false }));
    } catch (error) {
      if ((error instanceof ValidationError || error instanceof ConflictError) && ownerId && ownerId !== actor.userId)
        await completeGrantRecord(deps.roles, deps.audit, ownerId, 'systemOwner');
      if (error instanceof ValidationError) {
        const banner = error.fields.form
          ? t(actor.locale, error.fields.form)
          : t(actor.locale, 'systems.form.fixErrors');
        return turn.reply(
          systemFormCard(actor.locale, {
            system: existing,
            values: { ...inputs, ownerPick },
            errors: error.fields,
            banner,
            draftId,
          }),
        );
      }
      if (error instanceof ConflictError && existing) {
        const { system } = await systems.get(sa, existing.id);
        return turn.reply(systemFormCard(actor.locale, { system, banner: t(actor.locale, 'common.errorConflict') }));
      }
      throw error;
    }
  });
}

/**
 * Owning a system makes one a system owner (the welcome card then offers the register); access to the
 * system itself follows ownership, not the role. The grant is recorded in the audit log once (P10).
 *
 * @remarks A save whose record could not be appended is retried from the same card. A new system's
 * retry is answered as already registered and grants again (the record is completed, not repeated);
 * an edit's retry is refused as outdated, and the refusal completes the owner's grant record then
 * (`completeGrantRecord`), from the stored grant.
 */
async function grantOwnerRole(deps: SystemDeps, actor: Actor, saved: SystemRecord): Promise<void> {
  if (saved.ownerId === actor.userId) return;
  await grantRole(deps.roles, deps.audit, {
    userId: saved.ownerId,
    role: 'systemOwner',
    grantedBy: actor.userId,
    grantedByName: actor.name,
    name: saved.ownerName || undefined,
    reason: `system ${saved.id}`,
  });
}
