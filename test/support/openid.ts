import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from 'node:crypto';

/** A signing key the local issuer publishes (or, for an attacker's key, does not). */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: JsonWebKey;
}

/**
 * Generates an RS256 key pair with a key id.
 *
 * @remarks node:crypto rather than jose: jose 6 is ESM-only and jest here runs CommonJS.
 */
export function newSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwk: { ...jwk, kid, use: 'sig', alg: 'RS256' } };
}

/** A local stand-in for the Bot Framework's OpenID metadata and JWKS endpoints, on 127.0.0.1. */
export interface OpenIdIssuer {
  metadataUrl: string;
  /** How many times the bot fetched the metadata or the keys (proves it really validated). */
  fetches: number;
  close(): Promise<void>;
}

/**
 * Serves `/.well-known/openid-configuration` and `/keys`; each published key carries the
 * endorsements the Bot Framework puts on its keys (the channels it may sign for).
 */
export async function startOpenIdIssuer(
  published: { key: SigningKey; endorsements: string[] }[],
): Promise<OpenIdIssuer> {
  let base = '';
  const issuer: OpenIdIssuer = { metadataUrl: '', fetches: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    issuer.fetches++;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(
        JSON.stringify({
          issuer: 'https://api.botframework.com',
          jwks_uri: `${base}/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        }),
      );
      return;
    }
    if (req.url === '/keys') {
      res.end(JSON.stringify({ keys: published.map(({ key, endorsements }) => ({ ...key.jwk, endorsements })) }));
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer.metadataUrl = `${base}/.well-known/openid-configuration`;
  issuer.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return issuer;
}

/** The claims of a Bot Framework channel token; a test overrides one to make it wrong. */
export interface TokenClaims {
  iss?: string;
  aud?: string;
  serviceurl?: string;
  /** Seconds since the epoch. */
  exp?: number;
  nbf?: number;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** Signs an RS256 token as the Bot Framework would for a request to the bot. */
export function signToken(key: SigningKey, claims: TokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', kid: key.kid, typ: 'JWT' };
  const payload = {
    iss: claims.iss ?? 'https://api.botframework.com',
    aud: claims.aud ?? '',
    serviceurl: claims.serviceurl,
    iat: now - 60,
    nbf: claims.nbf ?? now - 60,
    exp: claims.exp ?? now + 3600,
  };
  const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return `${signed}.${base64url(sign('RSA-SHA256', Buffer.from(signed), key.privateKey))}`;
}
