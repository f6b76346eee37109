import { ServiceClientCredentialsFactory } from 'botframework-connector';

/**
 * Outbound credentials for an auth-on test: the bot's replies go to the local connector unsigned.
 *
 * @remarks MSAL refuses an http login URL, so a test cannot fetch a real outbound token; inbound
 * validation (the subject of the test) is botbuilder's real code against a local OpenID issuer.
 */
export class LocalCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string) {
    super();
  }
  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  async createCredentials() {
    return { signRequest: async <T>(request: T): Promise<T> => request };
  }
}
