// Storage account for the bot's Table Storage state, reached only with Microsoft Entra ID (the web app's
// managed identity): shared-key access is off, so there is no connection string to leak.

@description('Azure region for the storage account.')
param location string

@description('Storage account name (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Replication: ZRS survives the loss of one availability zone; LRS is cheaper.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param sku string

@description('Physical names of the tables to create (the app also creates them at start, idempotently).')
param tableNames array

@description('Object id of the principal (the web app managed identity) that reads and writes the tables.')
param tableDataPrincipalId string

@description('Name of the private blob container that holds evidence files on incidents (EVIDENCE_CONTAINER).')
@minLength(3)
@maxLength(63)
param evidenceContainerName string

@description('Tags applied to every resource.')
param tags object

// Built-in role "Storage Table Data Contributor": read, write and delete tables and entities.
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// Built-in role "Storage Blob Data Contributor": read, write and delete blobs; granted on the evidence
// container only, so the app's identity reaches no other container of the account.
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: sku
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storageAccount
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storageAccount
  name: 'default'
  properties: {
    // A deleted evidence file can be restored for 7 days (an operator's mistake), then it is gone:
    // retention deletes evidence with the incident's anonymisation.
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

// Private: no anonymous access (the account forbids public blobs too); files are served only through
// the bot's one-time links, after the role is checked.
resource evidenceContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: evidenceContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource evidenceDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceContainer.id, tableDataPrincipalId, storageBlobDataContributorRoleId)
  scope: evidenceContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
    principalId: tableDataPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, tableDataPrincipalId, storageTableDataContributorRoleId)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: tableDataPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Table service endpoint without a trailing slash, e.g. https://<account>.table.core.windows.net.')
output tableEndpoint string = 'https://${storageAccount.name}.table.${environment().suffixes.storage}'

@description('Blob service endpoint without a trailing slash (the app\'s STORAGE_BLOB_URL).')
output blobEndpoint string = 'https://${storageAccount.name}.blob.${environment().suffixes.storage}'
