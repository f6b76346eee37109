import type { TurnContext } from 'botbuilder';
import { allowedLocation, downloadFile, filesOf, FILE_DOWNLOAD_INFO } from '../../src/bot/files';
import { servedFiles, startConnector, type Connector } from '../support/connector';

/** The part of a turn context a download reads: the activity's service URL and the connector client's credentials. */
function contextFor(serviceUrl: string, token?: string): TurnContext {
  const key = Symbol('connector');
  const credentials = {
    async signRequest(resource: { headers: { set(name: string, value: string): void } }) {
      if (token) resource.headers.set('authorization', `Bearer ${token}`);
      return resource;
    },
  };
  return {
    activity: { serviceUrl },
    adapter: { ConnectorClientKey: key },
    turnState: new Map<symbol, unknown>([[key, { credentials }]]),
  } as unknown as TurnContext;
}

const shared = (downloadUrl: string, name = 'skærmbillede.png') =>
  filesOf([{ contentType: FILE_DOWNLOAD_INFO, name, content: { downloadUrl, fileType: 'png' } }])[0];

describe('files sent to the bot in Teams', () => {
  let connector: Connector;
  beforeAll(async () => {
    connector = await startConnector();
  });
  afterAll(() => connector.close());

  it('finds shared files and inline images among the attachments, not cards or the HTML body', () => {
    const files = filesOf([
      {
        contentType: FILE_DOWNLOAD_INFO,
        name: 'mail.msg',
        content: { downloadUrl: 'https://x.sharepoint.com/a', fileType: 'msg' },
      },
      { contentType: 'image/*', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/1/views/original' },
      { contentType: 'text/html', content: '<p>her</p>' },
      { contentType: 'application/vnd.microsoft.card.adaptive', content: {} },
      { contentType: FILE_DOWNLOAD_INFO, name: 'no-url' },
      'not an object',
    ]);
    expect(files).toEqual([
      { name: 'mail.msg', declaredType: 'msg', source: 'file' },
      { name: 'billede.png', declaredType: 'image/*', source: 'inline-image' },
    ]);
  });

  it.each([
    ['https://kommune-my.sharepoint.com/personal/x/download.aspx', true],
    ['https://smba.trafficmanager.net/emea/v3/attachments/1/views/original', true],
    ['https://eu-api.asm.skype.com/v1/objects/0-x/views/imgo', true],
    ['http://kommune-my.sharepoint.com/a', false],
    ['https://sharepoint.com.evil.example/a', false],
    ['https://evilsharepoint.com/a', false],
    ['https://user:pw@kommune.sharepoint.com/a', false],
    ['http://169.254.169.254/metadata/identity/oauth2/token', false],
    ['http://127.0.0.1:10002/devstoreaccount1', false],
  ])('fetches %s: %s', (url, allowed) => {
    expect(allowedLocation(new URL(url), 'https://smba.trafficmanager.net/emea/')).toBe(allowed);
  });

  it('downloads a shared file from the connector it came through, without the bot token', async () => {
    servedFiles.set('ok', { bytes: Buffer.from('billede'), contentType: 'image/png' });
    const result = await downloadFile(contextFor(connector.url, 'secret'), shared(`${connector.url}/files/ok`), {
      maxBytes: 100,
    });
    expect(result).toEqual({ ok: true, name: 'skærmbillede.png', declaredType: 'png', bytes: Buffer.from('billede') });
    expect(
      connector.calls.filter((call) => call.path === '/files/ok').map((call) => call.activity.authorization),
    ).toEqual(['']);
  });

  it('sends the bot token for an inline image on the Bot Connector', async () => {
    servedFiles.set('img', { bytes: Buffer.from([0x89, 0x50]), contentType: 'image/png' });
    const image = filesOf([
      { contentType: 'image/*', contentUrl: `${connector.url}/v3/attachments/img/views/original` },
    ])[0];
    const result = await downloadFile(contextFor(connector.url, 'bot-token'), image, { maxBytes: 100 });
    expect(result.ok).toBe(true);
    const fetched = connector.calls.filter((call) => call.path === '/v3/attachments/img/views/original');
    expect(fetched.map((call) => call.activity.authorization)).toEqual(['Bearer bot-token']);
  });

  it('stops at the size limit, whether the server says the length or not', async () => {
    servedFiles.set('big', { bytes: Buffer.alloc(2048, 1), contentType: 'application/pdf' });
    servedFiles.set('big-chunked', { bytes: Buffer.alloc(200_000, 1), contentType: 'application/pdf', chunked: true });
    const context = contextFor(connector.url);
    expect(await downloadFile(context, shared(`${connector.url}/files/big`), { maxBytes: 2047 })).toEqual({
      ok: false,
      reason: 'too-large',
    });
    expect(await downloadFile(context, shared(`${connector.url}/files/big-chunked`), { maxBytes: 100_000 })).toEqual({
      ok: false,
      reason: 'too-large',
    });
    expect((await downloadFile(context, shared(`${connector.url}/files/big`), { maxBytes: 2048 })).ok).toBe(true);
  });

  it('fetches nothing from a host that is not Teams, and says so', async () => {
    const before = connector.calls.length;
    const context = contextFor(connector.url);
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'https://example.org/x.png',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(await downloadFile(context, shared(url), { maxBytes: 100 })).toEqual({
        ok: false,
        reason: 'refused-host',
      });
    expect(connector.calls.length).toBe(before);
  });

  it('answers a missing file as unreachable', async () => {
    expect(
      await downloadFile(contextFor(connector.url), shared(`${connector.url}/files/gone`), { maxBytes: 100 }),
    ).toEqual({
      ok: false,
      reason: 'unreachable',
    });
  });

  it('does not follow a redirect to a host that is not Teams', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      expect(await downloadFile(contextFor(origin), shared(`${origin}/files/x`), { maxBytes: 100 })).toEqual({
        ok: false,
        reason: 'refused-host',
      });
    } finally {
      server.close();
    }
  });
});
