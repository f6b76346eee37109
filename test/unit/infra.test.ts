import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { requiredInProduction, settingNames } from '../../src/config';
import { tableNames } from '../../src/storage/tables';
import {
  arrayItems,
  BicepProject,
  constraintProblems,
  literal,
  loopParts,
  modules,
  objectEntries,
  outputs,
  parameters,
  parseBicep,
  property,
  references,
  stringLiteral,
  syntaxProblems,
  variables,
  type BicepFile,
  type BicepNode,
  type FileResource,
  type Located,
} from '../support/bicep';

/**
 * Settings the code reads (`settingNames` in src/config.ts) that the production template must NOT set.
 * Every other name in `settingNames` must be an app setting of the web app.
 */
const notInProduction: Record<string, string> = {
  // Shared-key access is off on the account; the app reaches Table Storage with its managed identity.
  STORAGE_CONNECTION_STRING: 'managed identity via STORAGE_ACCOUNT_URL instead',
  // Demo roles are never granted in production (the app refuses to start with it set).
  DEMO_ROSTER_FILE: 'development only',
  // Points token validation at a local fake OpenID document; production uses the Bot Framework default.
  BOT_OPENID_METADATA_URL: 'tests only',
  // The app binds 0.0.0.0 by itself when NODE_ENV=production.
  HOST: 'not needed in production',
  // App Service sets PORT itself to the port its front end forwards to.
  PORT: 'set by App Service',
  // Only needed to pick a user-assigned identity; the web app uses its system-assigned identity.
  AZURE_CLIENT_ID: 'system-assigned identity needs none',
};

/**
 * App settings the code does not read but the platform does. WEBSITE_NODE_DEFAULT_VERSION is absent on
 * purpose: it only applies to Windows plans, on Linux `linuxFxVersion` picks the Node version.
 */
const platformSettings: Record<string, string> = {
  // Where the App Service Node.js agent sends telemetry.
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'Application Insights',
  // Turns that agent on (~3 on Linux).
  ApplicationInsightsAgent_EXTENSION_VERSION: 'Application Insights agent',
  // The zip is built before deploy; an Oryx build under NODE_ENV=production would skip devDependencies (tsc).
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'deploy a pre-built package',
};

/** Required template parameters left out of main.parameters.json on purpose; infra/README.md says how to pass them. */
const passedAtDeployTime: Record<string, string> = {
  microsoftAppPassword:
    'the bot client secret is never committed: passed on the command line or as a Key Vault reference',
};

const storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3';
const storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';

const repoRoot = path.resolve(__dirname, '../..');
const infraDir = path.join(repoRoot, 'infra');
const project = new BicepProject(infraDir);
const files = project.files;
const relative = (file: string): string => path.relative(repoRoot, file);
const mainFile = (): BicepFile => project.file('main.bicep');
const resolve = (node: BicepNode, file: BicepFile): Located => project.resolve(node, file);
const typeOfSymbol = (file: BicepFile, symbol: string): string | undefined => project.typeOfSymbol(file, symbol);

/** The one role assignment granting a built-in role (by its id), of all deployed role assignments. */
function assignmentOf(roleId: string): FileResource {
  const found = project
    .resources()
    .filter((resource) => resource.type === 'Microsoft.Authorization/roleAssignments' && !resource.existing)
    .filter((resource) =>
      project
        .literalsIn({ node: property(resource.body, 'properties', 'roleDefinitionId')!, file: resource.file })
        .includes(roleId),
    );
  expect(found).toHaveLength(1);
  return found[0];
}

/** The single deployed (not `existing`) resource of a type. */
function only(type: string): FileResource {
  const found = project.resources().filter((resource) => resource.type === type && !resource.existing);
  const where = found.map((resource) => `${relative(resource.file.path)}:${resource.line} ${resource.symbol}`);
  expect(where).toHaveLength(1);
  return found[0];
}

interface ParametersFile {
  $schema?: string;
  contentVersion?: string;
  parameters?: Record<string, { value?: unknown; reference?: { keyVault?: { id?: string }; secretName?: string } }>;
}

const readParametersFile = (): ParametersFile =>
  JSON.parse(readFileSync(path.join(infraDir, 'main.parameters.json'), 'utf8')) as ParametersFile;

/** The web app's app settings as name → value node, read from the syntax tree. */
function appSettings(): Map<string, BicepNode> {
  const site = only('Microsoft.Web/sites');
  const list = property(site.body, 'properties', 'siteConfig', 'appSettings');
  expect(list?.type).toBe('array');
  const settings = new Map<string, BicepNode>();
  for (const item of arrayItems(list)) {
    const name = stringLiteral(property(item, 'name'));
    const value = property(item, 'value');
    if (name === undefined || !value)
      throw new Error(`app setting at line ${item.startPosition.row + 1} needs a literal name and a value`);
    if (settings.has(name)) throw new Error(`app setting ${name} is set twice`);
    settings.set(name, value);
  }
  return settings;
}

describe('infra/: Bicep syntax', () => {
  it('has main.bicep', () => {
    expect(files.map((file) => relative(file.path))).toContain(path.join('infra', 'main.bicep'));
  });

  it.each(files.map((file) => [relative(file.path), file] as const))(
    '%s parses with no ERROR or MISSING node',
    (_name, file) => {
      const problems = syntaxProblems(file.root).map(
        (problem) => `${relative(file.path)}:${problem.line}:${problem.column} ${problem.kind} ${problem.text}`,
      );
      expect(problems).toEqual([]);
    },
  );

  it('the syntax check points at the broken line', () => {
    const broken = "param a string\nresource s 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'a' 'b'\n}\n";
    expect(syntaxProblems(parseBicep(broken)).map((problem) => problem.line)).toEqual([3]);
    const unclosed = "var tables = [\n  'Roles'\n";
    expect(syntaxProblems(parseBicep(unclosed))).toEqual([
      expect.objectContaining({ kind: 'MISSING', line: 2, text: ']' }),
    ]);
  });
});

describe('infra/: parameters, modules and outputs', () => {
  it('passes every module a parameter it declares, and every parameter it requires', () => {
    const problems: string[] = [];
    for (const file of files) {
      for (const module of modules(file.root)) {
        const callee = project.moduleFile(file, module);
        if (!callee) {
          problems.push(`${module.symbol}: ${module.path} does not exist`);
          continue;
        }
        const declared = parameters(callee.root);
        const passed = objectEntries(property(module.body, 'params')).map(([name]) => name);
        for (const name of passed.filter((name) => !declared.some((parameter) => parameter.name === name))) {
          problems.push(`${module.symbol}: passes ${name}, which ${module.path} does not declare`);
        }
        for (const parameter of declared.filter(
          (parameter) => !parameter.defaultValue && !passed.includes(parameter.name),
        )) {
          problems.push(`${module.symbol}: does not pass required ${parameter.name}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('reads only module outputs that exist', () => {
    const problems: string[] = [];
    for (const file of files) {
      for (const node of file.root.descendantsOfType('member_expression')) {
        const match = /^(\w+)\.outputs\.(\w+)$/.exec(node.text);
        const module = match && modules(file.root).find((declared) => declared.symbol === match[1]);
        if (!match || !module) continue;
        const callee = project.moduleFile(file, module);
        if (!callee || !outputs(callee.root).some((output) => output.name === match[2])) problems.push(node.text);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses every parameter and variable it declares', () => {
    const unused = files.flatMap((file) =>
      [...parameters(file.root).map((parameter) => parameter.name), ...variables(file.root).keys()]
        .filter((name) => references(file.root, name).length === 0)
        .map((name) => `${relative(file.path)}: ${name}`),
    );
    expect(unused).toEqual([]);
  });

  it('has a parameters file in the ARM deployment parameters format, naming only declared parameters', () => {
    const file = readParametersFile();
    expect(file.$schema).toMatch(/deploymentParameters\.json#?$/);
    expect(file.contentVersion).toBe('1.0.0.0');
    const declared = parameters(mainFile().root);
    const problems: string[] = [];
    for (const [name, entry] of Object.entries(file.parameters ?? {})) {
      const parameter = declared.find((candidate) => candidate.name === name);
      if (!parameter) problems.push(`${name}: not declared in main.bicep`);
      else if ('value' in entry) problems.push(...constraintProblems(parameter, entry.value));
      else if (!entry.reference?.keyVault?.id || !entry.reference.secretName) problems.push(`${name}: no value`);
    }
    expect(problems).toEqual([]);
  });

  it('gets every required parameter from the parameters file or, documented, at deploy time', () => {
    const inFile = Object.keys(readParametersFile().parameters ?? {});
    const required = parameters(mainFile().root).filter((parameter) => !parameter.defaultValue);
    const missing = required.filter(
      (parameter) => !inFile.includes(parameter.name) && !(parameter.name in passedAtDeployTime),
    );
    expect(missing.map((parameter) => parameter.name)).toEqual([]);

    const readme = readFileSync(path.join(infraDir, 'README.md'), 'utf8');
    for (const name of Object.keys(passedAtDeployTime)) {
      expect(required.map((parameter) => parameter.name)).toContain(name);
      expect(readme).toContain(name);
    }
  });

  it('keeps secrets out of defaults and out of the parameters file', () => {
    const secure = parameters(mainFile().root).filter((parameter) => parameter.decorators.has('secure'));
    expect(secure.map((parameter) => parameter.name)).toEqual(['microsoftAppPassword']);
    const entries = readParametersFile().parameters ?? {};
    for (const parameter of secure) {
      expect(parameter.defaultValue).toBeUndefined();
      expect(entries[parameter.name] ?? {}).not.toHaveProperty('value');
    }
  });

  it('has defaults that meet their own constraints', () => {
    const problems = files.flatMap((file) =>
      parameters(file.root)
        .filter((parameter) => literal(parameter.defaultValue) !== undefined)
        .flatMap((parameter) => constraintProblems(parameter, literal(parameter.defaultValue))),
    );
    expect(problems).toEqual([]);
  });

  it('outputs the web app host name, the bot id and the storage table endpoint', () => {
    const names = outputs(mainFile().root).map((output) => output.name);
    expect(names).toEqual(expect.arrayContaining(['webAppHostName', 'botId', 'storageTableEndpoint']));
  });
});

describe('infra/: resources', () => {
  it('deploys the production shape', () => {
    const types = new Set(
      project
        .resources()
        .filter((resource) => !resource.existing)
        .map((resource) => resource.type),
    );
    expect([...types]).toEqual(
      expect.arrayContaining([
        'Microsoft.Web/serverfarms',
        'Microsoft.Web/sites',
        'Microsoft.Storage/storageAccounts',
        'Microsoft.Storage/storageAccounts/tableServices',
        'Microsoft.Authorization/roleAssignments',
        'Microsoft.BotService/botServices',
        'Microsoft.BotService/botServices/channels',
        'Microsoft.OperationalInsights/workspaces',
        'Microsoft.Insights/components',
      ]),
    );
  });

  it('runs on a Linux plan with at least two instances', () => {
    const plan = only('Microsoft.Web/serverfarms');
    expect(literal(property(plan.body, 'kind'))).toBe('linux');
    expect(literal(property(plan.body, 'properties', 'reserved'))).toBe(true);
    const capacity = resolve(property(plan.body, 'sku', 'capacity')!, plan.file).node;
    const parameter = parameters(mainFile().root).find((candidate) => candidate.name === capacity.text);
    expect(parameter).toBeDefined();
    expect(literal(parameter!.decorators.get('minValue')?.[0])).toBeGreaterThanOrEqual(2);
  });

  it('runs the web app on Node 20 over HTTPS only, with a system-assigned identity and a health check', () => {
    const site = only('Microsoft.Web/sites');
    const config = property(site.body, 'properties', 'siteConfig');
    expect(literal(property(site.body, 'identity', 'type'))).toBe('SystemAssigned');
    expect(literal(property(site.body, 'properties', 'httpsOnly'))).toBe(true);
    expect(literal(property(site.body, 'properties', 'clientAffinityEnabled'))).toBe(false);
    expect(property(site.body, 'properties', 'serverFarmId')?.text).toMatch(/^(\w+)\.id$/);
    const planSymbol = property(site.body, 'properties', 'serverFarmId')!.text.split('.')[0];
    expect(typeOfSymbol(site.file, planSymbol)).toBe('Microsoft.Web/serverfarms');
    expect(literal(property(config, 'linuxFxVersion'))).toBe('NODE|20-lts');
    expect(literal(property(config, 'alwaysOn'))).toBe(true);
    expect(literal(property(config, 'ftpsState'))).toBe('Disabled');
    expect(literal(property(config, 'minTlsVersion'))).toBe('1.2');

    const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    expect(literal(property(config, 'appCommandLine'))).toBe(packageJson.scripts.start);
    const healthCheckPath = literal(property(config, 'healthCheckPath'));
    expect(healthCheckPath).toBe('/healthz');
    expect(readFileSync(path.join(repoRoot, 'src', 'server.ts'), 'utf8')).toContain(`server.get('${healthCheckPath}'`);
  });

  it('locks the storage account down to Entra ID over TLS 1.2, with no public blobs and no shared keys', () => {
    const account = only('Microsoft.Storage/storageAccounts');
    expect(literal(property(account.body, 'kind'))).toBe('StorageV2');
    expect(literal(property(account.body, 'properties', 'allowBlobPublicAccess'))).toBe(false);
    expect(literal(property(account.body, 'properties', 'allowSharedKeyAccess'))).toBe(false);
    expect(literal(property(account.body, 'properties', 'minimumTlsVersion'))).toBe('TLS1_2');
    expect(literal(property(account.body, 'properties', 'supportsHttpsTrafficOnly'))).toBe(true);
    const sku = resolve(property(account.body, 'sku', 'name')!, account.file).node;
    const skuParameter = parameters(mainFile().root).find((parameter) => parameter.name === sku.text);
    const allowed = arrayItems(skuParameter?.decorators.get('allowed')?.[0]).map(literal);
    expect(allowed.length).toBeGreaterThan(0);
    expect(['Standard_LRS', 'Standard_ZRS']).toEqual(expect.arrayContaining(allowed));
    for (const file of files) expect(file.source).not.toMatch(/listKeys|AccountKey=/);
  });

  it('creates exactly the tables the app uses, named TABLE_PREFIX + suffix', () => {
    const suffixes = arrayItems(variables(mainFile().root).get('tableSuffixes')).map(literal);
    expect(suffixes).toEqual([...tableNames]);

    const tables = only('Microsoft.Storage/storageAccounts/tableServices/tables');
    const resourceLoop = loopParts(tables.body?.parent);
    expect(property(tables.body, 'name')?.text).toBe(resourceLoop.variable);
    const names = resolve(resourceLoop.iterable, tables.file);
    const namesLoop = loopParts(names.node);
    expect(namesLoop.iterable.text).toBe('tableSuffixes');
    expect(namesLoop.body.text).toBe(`'\${tablePrefix}\${${namesLoop.variable}}'`);
    expect(appSettings().get('TABLE_PREFIX')?.text).toBe('tablePrefix');
  });

  it('grants the web app identity Storage Table Data Contributor on the storage account', () => {
    const assignment = assignmentOf(storageTableDataContributor);
    const scope = property(assignment.body, 'scope')!.text;
    expect(typeOfSymbol(assignment.file, scope)).toBe('Microsoft.Storage/storageAccounts');
    const principal = resolve(property(assignment.body, 'properties', 'principalId')!, assignment.file);
    const match = /^(\w+)\.identity\.principalId$/.exec(principal.node.text);
    expect(match && typeOfSymbol(principal.file, match[1])).toBe('Microsoft.Web/sites');
    expect(literal(property(assignment.body, 'properties', 'principalType'))).toBe('ServicePrincipal');
  });

  it('keeps evidence in a private container, and grants the web app identity Storage Blob Data Contributor on that container only (#20)', () => {
    const container = only('Microsoft.Storage/storageAccounts/blobServices/containers');
    expect(literal(property(container.body, 'properties', 'publicAccess'))).toBe('None');
    const assignment = assignmentOf(storageBlobDataContributor);
    expect(property(assignment.body, 'scope')!.text).toBe(container.symbol);
    const principal = resolve(property(assignment.body, 'properties', 'principalId')!, assignment.file);
    const match = /^(\w+)\.identity\.principalId$/.exec(principal.node.text);
    expect(match && typeOfSymbol(principal.file, match[1])).toBe('Microsoft.Web/sites');
    expect(literal(property(assignment.body, 'properties', 'principalType'))).toBe('ServicePrincipal');
    // The container's name is the app's EVIDENCE_CONTAINER.
    const name = resolve(property(container.body, 'name')!, container.file).node;
    const setting = resolve(appSettings().get('EVIDENCE_CONTAINER')!, mainFile()).node;
    expect(name.text).toBe('evidenceContainerName');
    expect(setting.text).toBe('evidenceContainerName');
  });

  it('registers a single-tenant Azure Bot whose endpoint is the web app', () => {
    const bot = only('Microsoft.BotService/botServices');
    const properties = property(bot.body, 'properties');
    expect(literal(property(bot.body, 'kind'))).toBe('azurebot');
    expect(literal(property(properties, 'msaAppType'))).toBe('SingleTenant');
    expect(resolve(property(properties, 'msaAppId')!, bot.file).node.text).toBe('microsoftAppId');
    expect(resolve(property(properties, 'msaAppTenantId')!, bot.file).node.text).toBe('microsoftAppTenantId');
    expect(resolve(property(bot.body, 'sku', 'name')!, bot.file).node.text).toBe('botSku');
    const endpoint = resolve(property(properties, 'endpoint')!, bot.file);
    const match = /^'https:\/\/\$\{(\w+)\.properties\.defaultHostName\}\/api\/messages'$/.exec(endpoint.node.text);
    expect(match && typeOfSymbol(endpoint.file, match[1])).toBe('Microsoft.Web/sites');
  });

  it('enables the Microsoft Teams channel on that bot', () => {
    const bot = only('Microsoft.BotService/botServices');
    const channel = only('Microsoft.BotService/botServices/channels');
    expect(property(channel.body, 'parent')?.text).toBe(bot.symbol);
    expect(literal(property(channel.body, 'name'))).toBe('MsTeamsChannel');
    expect(literal(property(channel.body, 'properties', 'channelName'))).toBe('MsTeamsChannel');
    expect(literal(property(channel.body, 'properties', 'properties', 'isEnabled'))).toBe(true);
  });

  it('makes Application Insights workspace-based', () => {
    const component = only('Microsoft.Insights/components');
    const workspace = property(component.body, 'properties', 'WorkspaceResourceId')?.text ?? '';
    expect(typeOfSymbol(component.file, workspace.replace(/\.id$/, ''))).toBe(
      'Microsoft.OperationalInsights/workspaces',
    );
  });
});

describe('infra/: app settings', () => {
  it('sets every setting the code reads, except those that must stay unset in production', () => {
    const set = [...appSettings().keys()];
    const missing = settingNames.filter((name) => !(name in notInProduction) && !set.includes(name));
    expect(missing).toEqual([]);
  });

  it('does not set the settings that must stay unset in production', () => {
    expect(Object.keys(notInProduction).filter((name) => appSettings().has(name))).toEqual([]);
    expect(settingNames).toEqual(expect.arrayContaining(Object.keys(notInProduction)));
  });

  it('sets nothing the code or the platform does not read (catches misspelt names)', () => {
    const unknown = [...appSettings().keys()].filter(
      (name) => !settingNames.includes(name) && !(name in platformSettings),
    );
    expect(unknown).toEqual([]);
  });

  it('fixes the production values: production mode, single tenant, scheduler on', () => {
    const settings = appSettings();
    expect(literal(settings.get('NODE_ENV'))).toBe('production');
    expect(literal(settings.get('MicrosoftAppType'))).toBe('SingleTenant');
    expect(literal(settings.get('SCHEDULER_ENABLED'))).toBe('true');
    expect(literal(settings.get('SCM_DO_BUILD_DURING_DEPLOYMENT'))).toBe('false');
  });

  it('never leaves a setting the app requires in production empty', () => {
    const settings = appSettings();
    const empty = requiredInProduction.filter((name) => {
      const value = settings.get(name);
      const parameter = value && parameters(mainFile().root).find((candidate) => candidate.name === value.text);
      return !value || literal(value) === '' || (parameter && literal(parameter.defaultValue) === '');
    });
    expect(empty).toEqual([]);
  });

  it('points PUBLIC_BASE_URL at the web app unless a custom domain is given', () => {
    const value = resolve(appSettings().get('PUBLIC_BASE_URL')!, mainFile()).node;
    const site = only('Microsoft.Web/sites');
    const siteName = resolve(property(site.body, 'name')!, site.file).node;
    const defaults = value
      .descendantsOfType('string')
      .filter((node) => /^'https:\/\/\$\{\w+\}\.azurewebsites\.net'$/.test(node.text))
      .map((node) => resolve(node.descendantsOfType('interpolation')[0].namedChildren[0], mainFile()).node.id);
    expect(defaults).toEqual([siteName.id]);
  });

  it('takes the bot password from a @secure() parameter', () => {
    const value = appSettings().get('MicrosoftAppPassword')!;
    const parameter = parameters(mainFile().root).find((candidate) => candidate.name === value.text);
    expect(parameter?.decorators.has('secure')).toBe(true);
  });

  it('points STORAGE_ACCOUNT_URL at the table endpoint of the deployed account', () => {
    const value = appSettings().get('STORAGE_ACCOUNT_URL')!;
    expect(value.text).toMatch(/^'https:\/\/\$\{[^}]+\}\.table\.\$\{environment\(\)\.suffixes\.storage\}'$/);
    const accountInUrl = resolve(value.descendantsOfType('interpolation')[0].namedChildren[0], mainFile()).node;
    const account = only('Microsoft.Storage/storageAccounts');
    const accountName = resolve(property(account.body, 'name')!, account.file).node;
    expect(accountInUrl.id).toBe(accountName.id);
  });

  it('points STORAGE_BLOB_URL at the blob endpoint of the deployed account', () => {
    const value = appSettings().get('STORAGE_BLOB_URL')!;
    expect(value.text).toMatch(/^'https:\/\/\$\{[^}]+\}\.blob\.\$\{environment\(\)\.suffixes\.storage\}'$/);
    const accountInUrl = resolve(value.descendantsOfType('interpolation')[0].namedChildren[0], mainFile()).node;
    const account = only('Microsoft.Storage/storageAccounts');
    expect(accountInUrl.id).toBe(resolve(property(account.body, 'name')!, account.file).node.id);
  });

  it('sends telemetry to the deployed Application Insights component', () => {
    const value = appSettings().get('APPLICATIONINSIGHTS_CONNECTION_STRING')!;
    const source = project.followOutput(resolve(value, mainFile()));
    const match = /^(\w+)\.properties\.ConnectionString$/.exec(source.node.text);
    expect(match && typeOfSymbol(source.file, match[1])).toBe('Microsoft.Insights/components');
  });
});

describe('infra/README.md', () => {
  it('gives the deploy commands and the post-deploy step', () => {
    const readme = existsSync(path.join(infraDir, 'README.md'))
      ? readFileSync(path.join(infraDir, 'README.md'), 'utf8')
      : '';
    expect(readme).toContain('az group create');
    expect(readme).toContain('az deployment group create');
    expect(readme).toContain('-f infra/main.bicep -p infra/main.parameters.json');
    expect(readme).toMatch(/Teams app package/i);
  });
});
