import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { AppConfig } from '../config';

/** What tests pass to sign the bot's outgoing calls their own way (botframework-connector's type). */
export type { ServiceClientCredentialsFactory };

/**
 * Bot Framework authentication settings for botbuilder.
 *
 * @remarks With an app id, every inbound request must carry a valid Bot Framework JWT for it.
 * `BOT_OPENID_METADATA_URL` points token validation at another OpenID issuer (tests only); the
 * botbuilder rule is that overriding one endpoint means setting them all.
 */
export function authOptions(auth: AppConfig['auth']): ConfigurationBotFrameworkAuthenticationOptions {
  const base: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: auth.appId,
    MicrosoftAppPassword: auth.appPassword,
    MicrosoftAppType: auth.appType,
    MicrosoftAppTenantId: auth.appTenantId,
  };
  if (!auth.openIdMetadataUrl) return base;
  return {
    ...base,
    ToBotFromChannelOpenIdMetadataUrl: auth.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: auth.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ValidateAuthority: true,
    CallerId: 'urn:botframework:azure',
  };
}

/** The adapter that authenticates inbound activities and sends outbound ones. */
export function createAdapter(
  auth: AppConfig['auth'],
  credentialsFactory?: ServiceClientCredentialsFactory,
): TeamsAdapter {
  return new TeamsAdapter(authOptions(auth), credentialsFactory);
}
