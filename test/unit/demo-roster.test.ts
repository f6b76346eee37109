import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import {
  findRosterUser,
  loadDemoRoster,
  playgroundConfigFor,
  projectRoot,
  withLocale,
  type PlaygroundConfig,
} from '../../scripts/dev-stack';

const roster = loadDemoRoster();
const yml = YAML.parse(
  fs.readFileSync(path.join(projectRoot, '.m365agentsplayground.yml'), 'utf8'),
) as PlaygroundConfig;
const everyone = (config: PlaygroundConfig) => [config.currentUser, ...config.users];
const aliases = roster.users.map((user) => user.alias);

/**
 * The playground's own config schema, read from its bundle (it ships no separate schema file), so an
 * upgrade that changes the format fails here instead of at `npm run dev`.
 */
function playgroundSchema(): object {
  const bundle = fs.readFileSync(
    path.join(projectRoot, 'node_modules/@microsoft/m365agentsplayground/dist/index.js'),
    'utf8',
  );
  const marker = `JSON.parse('{"$id":"https://aka.ms/teams-app-test-tool-config/`;
  const start = bundle.indexOf(marker);
  if (start < 0) throw new Error('config schema not found in the playground bundle; update this test');
  let end = start + "JSON.parse('".length;
  while (bundle[end] !== "'") end += bundle[end] === '\\' ? 2 : 1;
  const literal = bundle.slice(start + 'JSON.parse('.length, end + 1); // one JS string literal, nothing else
  return JSON.parse(vm.runInNewContext(literal) as string) as object;
}

const validate = (() => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(playgroundSchema());
})();

/** The playground's checks beyond the schema (ConfigManager.validateBusinessLogic). */
function businessRuleProblems(config: PlaygroundConfig): string[] {
  const duplicates = (ids: string[]) => ids.filter((id, index) => ids.indexOf(id) !== index);
  return [
    ...duplicates(everyone(config).map((user) => user.id)).map((id) => `duplicate user id ${id}`),
    ...duplicates([
      config.personalChat.id,
      config.groupChat.id,
      config.team.id,
      ...config.team.channels.map((c) => c.id),
    ]).map((id) => `duplicate chat/team/channel id ${id}`),
  ];
}

describe('.m365agentsplayground.yml agrees with demo/roster.json', () => {
  it('has the same tenant', () => {
    expect(yml.tenantId).toBe(roster.tenantId);
  });

  it('has every roster user with the same aadObjectId, name and e-mail, and nobody else', () => {
    const fromYml = everyone(yml)
      .map((user) => ({ aadObjectId: user.aadObjectId, name: user.name, email: user.email }))
      .sort((a, b) => a.aadObjectId.localeCompare(b.aadObjectId));
    const fromRoster = roster.users
      .map((user) => ({ aadObjectId: user.aadObjectId, name: user.name, email: user.email }))
      .sort((a, b) => a.aadObjectId.localeCompare(b.aadObjectId));
    expect(fromYml).toEqual(fromRoster);
  });

  it('uses the e-mail as user principal name and a name-derived given name', () => {
    for (const user of everyone(yml)) {
      expect(user.userPrincipleName).toBe(user.email);
      expect(user.name.startsWith(user.givenName)).toBe(true);
    }
  });

  it('starts as the coordinator', () => {
    const coordinator = roster.users.find((user) => user.roles.includes('coordinator'));
    expect(yml.currentUser.aadObjectId).toBe(coordinator?.aadObjectId);
  });

  it('has the same team, and only channels from the roster (same id and name)', () => {
    expect({ id: yml.team.id, name: yml.team.name }).toEqual({ id: roster.team.id, name: roster.team.name });
    const rosterChannels = roster.team.channels.map(({ id, name }) => ({ id, name }));
    for (const channel of yml.team.channels) expect(rosterChannels).toContainEqual(channel);
  });

  it('is exactly the per-user view that `npm run dev` generates for the coordinator', () => {
    expect(playgroundConfigFor(yml, roster, 'koordinator')).toEqual(yml);
  });
});

describe('per-user playground configs (.local/playground-<alias>.yml)', () => {
  it.each(aliases)('%s: valid for the playground (schema and its id rules)', (alias) => {
    const config = playgroundConfigFor(yml, roster, alias);
    expect(validate(config) ? [] : validate.errors).toEqual([]);
    expect(businessRuleProblems(config)).toEqual([]);
    expect(config.currentUser.aadObjectId).toBe(findRosterUser(roster, alias).aadObjectId);
    expect(
      everyone(config)
        .map((user) => user.id)
        .sort(),
    ).toEqual(
      everyone(yml)
        .map((user) => user.id)
        .sort(),
    );
  });

  it('the checked-in file itself is valid for the playground', () => {
    expect(validate(yml) ? [] : validate.errors).toEqual([]);
    expect(businessRuleProblems(yml)).toEqual([]);
  });

  it('shows every user every roster channel: General (the coordinator channel) and the one more allowed', () => {
    expect(roster.team.channels.map((channel) => channel.purpose).sort()).toEqual(['coordinator', 'management']);
    expect(roster.team.channels.find((channel) => channel.purpose === 'coordinator')?.id).toBe(roster.team.id);
    for (const alias of aliases) {
      const shown = [yml.team.id, ...playgroundConfigFor(yml, roster, alias).team.channels.map((c) => c.id)];
      expect(shown.sort()).toEqual(roster.team.channels.map((channel) => channel.id).sort());
    }
  });

  it('refuses an unknown alias and lists the known ones', () => {
    expect(() => playgroundConfigFor(yml, roster, 'nobody')).toThrow(
      new RegExp(`Unknown user "nobody".*${aliases.join('.*')}`),
    );
  });
});

describe('dev stack locale hop', () => {
  it('sets the activity locale and the clientInfo entity locale (the playground always sends en-US)', () => {
    const activity = {
      type: 'message',
      locale: 'en-US',
      entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US' }, { type: 'mention' }],
    };
    expect(withLocale(activity, 'da-DK')).toEqual({
      type: 'message',
      locale: 'da-DK',
      entities: [{ type: 'clientInfo', locale: 'da-DK', country: 'US' }, { type: 'mention' }],
    });
  });

  it('leaves anything that is not an activity alone', () => {
    expect(withLocale([1, 2], 'da-DK')).toEqual([1, 2]);
    expect(withLocale(null, 'da-DK')).toBeNull();
  });
});
