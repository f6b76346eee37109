// Log Analytics workspace and the workspace-based Application Insights component that reads from it.

@description('Azure region for the workspace and the component.')
param location string

@description('Prefix for the resource names.')
param baseName string

@description('Days the workspace keeps logs (30 is included in the price).')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Tags applied to every resource.')
param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${baseName}-logs'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${baseName}-appi'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

@description('Resource id of the Log Analytics workspace (target of the web app diagnostic settings).')
output workspaceId string = workspace.id

@description('Application Insights connection string (not a secret: it only allows sending telemetry).')
output connectionString string = appInsights.properties.ConnectionString
