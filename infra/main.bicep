// Sikkerhedsbot in production: a Linux App Service scaled out to several stateless instances, Table Storage
// reached with the web app's managed identity, a single-tenant Azure Bot with the Teams channel, and
// workspace-based Application Insights. See README.md for the deploy commands and the post-deploy steps.

targetScope = 'resourceGroup'

@description('Azure region for everything except the bot registration (which is global).')
param location string = resourceGroup().location

@description('Prefix for resource names: lowercase letters, digits and hyphens.')
@minLength(3)
@maxLength(24)
param baseName string = 'sikkerhedsbot'

@description('App Service plan size (Linux). B1 is enough for a pilot; P0v3 or larger for production.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServicePlanSku string = 'P0v3'

@description('Number of web app instances. At least 2: the bot is stateless and the scheduler claims jobs with leases.')
@minValue(2)
@maxValue(10)
param appServicePlanCapacity int = 2

@description('Storage replication for the Table Storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Private blob container for evidence files on incidents (EVIDENCE_CONTAINER).')
@minLength(3)
@maxLength(63)
param evidenceContainerName string = 'evidence'

@description('Largest evidence file taken, in MB (EVIDENCE_MAX_MB, 1-50).')
@minValue(1)
@maxValue(50)
param evidenceMaxMb int = 10

@description('Evidence types taken, as the bytes show them (EVIDENCE_TYPES); empty: png,jpeg,gif,webp,pdf,docx,xlsx,pptx,text.')
param evidenceTypes string = ''

@description('Azure Bot pricing tier.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'S1'

@description('Display name of the Azure Bot resource.')
param botDisplayName string = 'Sikkerhedsbot'

@description('Client id (GUID) of the single-tenant Microsoft Entra app registration the bot signs in as.')
@minLength(36)
@maxLength(36)
param microsoftAppId string

@description('Client secret of that app registration. Pass at deploy time or as a Key Vault reference; never commit it.')
@secure()
param microsoftAppPassword string

@description('Tenant id (GUID) of the app registration: the municipality\'s tenant.')
@minLength(36)
@maxLength(36)
param microsoftAppTenantId string = tenant().tenantId

@description('Comma-separated tenant ids whose users may talk to the bot.')
param allowedTenantIds string = microsoftAppTenantId

@description('Comma-separated Entra object ids of the first security coordinators (granted the role at start).')
param bootstrapCoordinators string

@description('Prefix of every table name (letters and digits, starting with a letter).')
@minLength(1)
@maxLength(20)
param tablePrefix string = 'sec'

@description('Log level of the bot (pino).')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('Link to the municipality\'s general contingency plan (empty hides the link).')
param contingencyPlanGeneralUrl string = ''

@description('Link to the contingency plan for personal data breaches (empty hides the link).')
param contingencyPlanBreachUrl string = ''

@description('Link to the information security policy (empty hides the link).')
param policyUrl string = ''

@description('Public https base URL of the bot (export download links); empty means https://<web app>.azurewebsites.net.')
param publicBaseUrl string = ''

@description('Danish time (HH:MM) when the quarterly review and the annual approval prompt fall due.')
param reviewTime string = '09:00'

@description('Days after which a quarterly review not recorded as held is reminded again.')
@minValue(1)
@maxValue(60)
param reviewReminderDays int = 7

@description('P12: days after an approved policy or handbook version is sent out before the one reminder to read and confirm it.')
@minValue(1)
@maxValue(60)
param awarenessReminderDays int = 7

@description('Month (1-12) whose first working day prompts the annual approval of the overall risk assessment.')
@minValue(1)
@maxValue(12)
param annualApprovalMonth int = 3

@description('Approvals needed per kind, e.g. policyRevision=2,handbookRevision=2; empty means any one member.')
param approvalsRequired string = ''

@description('Whether the person who submitted an item for approval may also decide it (segregation of duties: false).')
param approvalsSelfDecision bool = false
@description('Months between risk assessments per criticality category (P4), e.g. critical=18; empty means 12/12/24/36.')
param riskAssessmentMonths string = ''

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 90

@description('Tags applied to every resource.')
param tags object = {}

var suffix = uniqueString(resourceGroup().id, baseName)
var webAppName = '${baseName}-${suffix}'
// The default host name is known before the site exists; the site cannot read its own properties in its settings.
var appBaseUrl = empty(publicBaseUrl) ? 'https://${webAppName}.azurewebsites.net' : publicBaseUrl
var storageAccountName = 'st${take(replace(toLower(baseName), '-', ''), 9)}${suffix}'

// Logical table names, as in src/storage/tables.ts (a unit test keeps the two lists equal).
var tableSuffixes = [
  'Roles'
  'Conversations'
  'Channels'
  'Incidents'
  'IncidentIndex'
  'Idempotency'
  'Audit'
  'Jobs'
  'Exports'
  'Systems'
  'SystemIndex'
  'Screenings'
  'ScreeningIndex'
  'Reviews'
  'Violations'
  'Senders'
  'Migrations'
  'Risks'
  'Awareness'
  'Evidence'
  'Imports'
]

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    baseName: baseName
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: storageAccountName
    sku: storageSku
    tableNames: [for tableSuffix in tableSuffixes: '${tablePrefix}${tableSuffix}']
    tableDataPrincipalId: webApp.identity.principalId
    evidenceContainerName: evidenceContainerName
    tags: tags
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${baseName}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: appServicePlanCapacity
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node --max-old-space-size=256 dist/src/index.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/healthz'
      appSettings: [
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        {
          name: 'LOG_LEVEL'
          value: logLevel
        }
        {
          name: 'MicrosoftAppId'
          value: microsoftAppId
        }
        {
          name: 'MicrosoftAppPassword'
          value: microsoftAppPassword
        }
        {
          name: 'MicrosoftAppType'
          value: 'SingleTenant'
        }
        {
          name: 'MicrosoftAppTenantId'
          value: microsoftAppTenantId
        }
        {
          name: 'ALLOWED_TENANT_IDS'
          value: allowedTenantIds
        }
        {
          name: 'STORAGE_ACCOUNT_URL'
          value: 'https://${storageAccountName}.table.${environment().suffixes.storage}'
        }
        {
          name: 'STORAGE_BLOB_URL'
          value: 'https://${storageAccountName}.blob.${environment().suffixes.storage}'
        }
        {
          name: 'EVIDENCE_CONTAINER'
          value: evidenceContainerName
        }
        {
          name: 'EVIDENCE_MAX_MB'
          value: string(evidenceMaxMb)
        }
        {
          name: 'EVIDENCE_TYPES'
          value: evidenceTypes
        }
        {
          name: 'PUBLIC_BASE_URL'
          value: appBaseUrl
        }
        {
          name: 'TABLE_PREFIX'
          value: tablePrefix
        }
        {
          name: 'BOOTSTRAP_COORDINATORS'
          value: bootstrapCoordinators
        }
        {
          name: 'CONTINGENCY_PLAN_GENERAL_URL'
          value: contingencyPlanGeneralUrl
        }
        {
          name: 'CONTINGENCY_PLAN_BREACH_URL'
          value: contingencyPlanBreachUrl
        }
        {
          name: 'POLICY_URL'
          value: policyUrl
        }
        {
          // Every instance runs the scheduler; a due job is claimed with an eTag-conditional lease.
          name: 'SCHEDULER_ENABLED'
          value: 'true'
        }
        {
          // Days before an unanswered DPIA screening is reminded to its system owner (P5).
          name: 'DPIA_REMINDER_DAYS'
          value: '5'
        }
        {
          // A residual risk above this level is accepted by the management group, for so many months (#19).
          name: 'RISK_ACCEPTANCE_ABOVE'
          value: 'medium'
        }
        {
          name: 'RISK_ACCEPTANCE_MONTHS'
          value: '12'
        }
        {
          // New incident reports one person may file per window on one instance (P1, P10).
          name: 'REPORT_LIMIT'
          value: '10'
        }
        {
          name: 'REPORT_LIMIT_MINUTES'
          value: '10'
        }
        {
          name: 'REVIEW_TIME'
          value: reviewTime
        }
        {
          name: 'REVIEW_REMINDER_DAYS'
          value: string(reviewReminderDays)
        }
        {
          name: 'AWARENESS_REMINDER_DAYS'
          value: string(awarenessReminderDays)
        }
        {
          name: 'ANNUAL_APPROVAL_MONTH'
          value: string(annualApprovalMonth)
        }
        {
          name: 'APPROVALS_REQUIRED'
          value: approvalsRequired
        }
        {
          name: 'APPROVALS_SELF_DECISION'
          value: string(approvalsSelfDecision)
        }
        {
          // Months between a system's risk assessments per category (P4); empty: 12/12/24/36.
          name: 'RISK_ASSESSMENT_MONTHS'
          value: riskAssessmentMonths
        }
        {
          // Years a closed incident is kept whole before the retention run anonymises it.
          name: 'RETENTION_INCIDENT_YEARS'
          value: '5'
        }
        {
          // Years a settled DPIA screening is kept whole before the retention run anonymises it.
          name: 'RETENTION_SCREENING_YEARS'
          value: '5'
        }
        {
          // Years a decided violation referral is kept whole before the retention run anonymises it.
          name: 'RETENTION_REFERRAL_YEARS'
          value: '5'
        }
        {
          // The bot runs the retention run itself every Monday at 03:00 Danish time (one instance, recorded in the audit log).
          name: 'RETENTION_AUTOMATIC'
          value: 'true'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: monitoring.outputs.connectionString
        }
        {
          // Turns on the App Service Node.js auto-instrumentation agent (Linux: ~3).
          name: 'ApplicationInsightsAgent_EXTENSION_VERSION'
          value: '~3'
        }
        {
          // The deployment zip is already built (dist/ and production node_modules); see README.md.
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
      ]
    }
  }
}

// Console (pino), HTTP and platform logs of every instance go to the Log Analytics workspace.
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: webApp
  properties: {
    workspaceId: monitoring.outputs.workspaceId
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: '${baseName}-bot-${suffix}'
    displayName: botDisplayName
    sku: botSku
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: microsoftAppId
    msaAppTenantId: microsoftAppTenantId
    tags: tags
  }
}

@description('Name of the web app (for az webapp deploy).')
output webAppName string = webApp.name

@description('Default host name of the web app; the bot endpoint is https://<this>/api/messages.')
output webAppHostName string = webApp.properties.defaultHostName

@description('Object id of the web app managed identity (Storage Table Data Contributor on the account, Storage Blob Data Contributor on the evidence container).')
output webAppPrincipalId string = webApp.identity.principalId

@description('Bot id for the Teams app manifest (bots[].botId): the app registration client id.')
output botId string = microsoftAppId

@description('Resource id of the Azure Bot.')
output botResourceId string = bot.outputs.id

@description('Table service endpoint of the storage account (the app\'s STORAGE_ACCOUNT_URL).')
output storageTableEndpoint string = storage.outputs.tableEndpoint

@description('Blob service endpoint of the storage account (the app\'s STORAGE_BLOB_URL; evidence files).')
output storageBlobEndpoint string = storage.outputs.blobEndpoint
