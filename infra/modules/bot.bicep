// Azure Bot registration (single tenant) pointing at the web app, with the Microsoft Teams channel.

@description('Globally unique name of the Azure Bot resource.')
param name string

@description('Name shown for the bot in the Azure portal.')
param displayName string

@description('Pricing tier: F0 is free; S1 adds the SLA (standard channels such as Teams are free on both).')
@allowed([
  'F0'
  'S1'
])
param sku string

@description('HTTPS messaging endpoint of the bot.')
param endpoint string

@description('Client id of the single-tenant Microsoft Entra app registration.')
param msaAppId string

@description('Tenant id of that app registration.')
param msaAppTenantId string

@description('Tags applied to every resource.')
param tags object

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: msaAppId
    msaAppTenantId: msaAppTenantId
    msaAppType: 'SingleTenant'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

@description('Resource id of the Azure Bot.')
output id string = bot.id
