import {
  EVIDENCE_LIMITS,
  evidenceFromPayload,
  htmlToText,
  teamsLink,
} from '../../src/features/incidents/message-evidence';
import { pastedText, PASTED_MIN_LENGTH } from '../../src/features/incidents/pasted-message';

describe('a Teams message as evidence (P1)', () => {
  it.each([
    ['<p>Hej</p><p>Verden</p>', 'Hej\nVerden'],
    ['Linje 1<br>Linje 2<br/>Linje 3', 'Linje 1\nLinje 2\nLinje 3'],
    ['Klik <a href="http://x.example">her</a>&nbsp;nu', 'Klik her nu'],
    [
      'IT&amp;Digitalisering &lt;it@kommune.dk&gt; &quot;vigtigt&quot; &#39;ok&#39;',
      'IT&Digitalisering <it@kommune.dk> "vigtigt" \'ok\'',
    ],
    ['<script>alert("x")</script>Tekst<style>p { color: red }</style>', 'Tekst'],
    ['<img src=x onerror=alert(1)>Billede', 'Billede'],
    ['<at id="0">Mette</at> se her', 'Mette se her'],
    ['<attachment id="abc"></attachment>Vedhæftet', 'Vedhæftet'],
    ['&#x1F600; &#128512; &#0; &#xD800;', '😀 😀 \uFFFD \uFFFD'],
    ['a\u0000b\u0007c', 'abc'],
    ['<p>   mange    mellemrum  </p>\n\n\n\n<p>x</p>', 'mange mellemrum\n\nx'],
    ['3 < 4 og 5 > 2', '3 < 4 og 5 > 2'],
    ['<!-- kommentar -->Tekst<p', 'Tekst<p'],
  ])('turns %j into %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it.each([
    ['https://teams.microsoft.com/l/message/19:a@thread.tacv2/1?tenantId=x', true],
    ['https://teams.cloud.microsoft/l/message/19:a@thread.tacv2/1', true],
    ['http://teams.microsoft.com/l/message/1', false],
    ['https://teams.microsoft.com.evil.example/l/message/1', false],
    ['https://user:pw@teams.microsoft.com/l/message/1', false],
    ['javascript:alert(1)//teams.microsoft.com', false],
    ['not a url', false],
    [`https://teams.microsoft.com/${'x'.repeat(EVIDENCE_LIMITS.link)}`, false],
    [42, false],
  ])('keeps the link %j: %s', (link, kept) => {
    expect(teamsLink(link) !== undefined).toBe(kept);
  });

  it('takes sender, time and link from the payload, and cuts the text', () => {
    const evidence = evidenceFromPayload({
      createdDateTime: '2026-11-27T06:40:00.000Z',
      linkToMessage: 'https://teams.microsoft.com/l/message/19:a@thread.tacv2/1',
      from: { user: { displayName: 'Ukendt Afsender\u0000' } },
      subject: 'Vigtigt',
      body: { contentType: 'html', content: `<p>${'ord '.repeat(1000)}</p>` },
    });
    expect(evidence).toMatchObject({
      senderName: 'Ukendt Afsender',
      sentAt: '2026-11-27T06:40:00.000Z',
      link: 'https://teams.microsoft.com/l/message/19:a@thread.tacv2/1',
    });
    expect(evidence?.text.startsWith('Vigtigt\nord ord')).toBe(true);
    expect(evidence?.text).toHaveLength(EVIDENCE_LIMITS.text);
    expect(evidence?.text.endsWith('…')).toBe(true);
  });

  it.each([
    ['no payload', undefined],
    ['a string', 'tekst'],
    ['no body', { from: { user: { displayName: 'X' } } }],
    ['an empty body', { body: { contentType: 'html', content: '<p> </p>' } }],
    ['a body that is no string', { body: { content: { html: '<p>x</p>' } } }],
  ])('finds no message in %s', (_, payload) => {
    expect(evidenceFromPayload(payload)).toBeUndefined();
  });

  it('ignores what is not a string: a sender object, a bad date', () => {
    const evidence = evidenceFromPayload({
      createdDateTime: 'i går',
      from: { user: { displayName: { name: 'x' } } },
      body: { contentType: 'text', content: '<b>ikke html</b>' },
    });
    expect(evidence).toEqual({ text: '<b>ikke html</b>', senderName: undefined, sentAt: undefined, link: undefined });
  });
});

describe('a message pasted or forwarded into the personal chat (P1)', () => {
  it.each([
    ['a link', { text: 'Se her: https://post-dk.example/pakke' }, true],
    ['a long text', { text: 'a'.repeat(PASTED_MIN_LENGTH) }, true],
    [
      'a quote',
      {
        text: 'kort',
        attachments: [
          {
            contentType: 'text/html',
            content: '<blockquote itemtype="http://schema.skype.com/Reply">x</blockquote>kort',
          },
        ],
      },
      true,
    ],
    ['a short word', { text: 'hej' }, false],
    ['a short question', { text: 'hvordan melder jeg noget?' }, false],
    ['nothing', { text: undefined }, false],
  ])('%s: offered as a report = %s', (_, message, offered) => {
    expect(pastedText(message) !== undefined).toBe(offered);
  });

  it('reads the HTML Teams sends beside the text, without its markup', () => {
    expect(
      pastedText({
        text: 'ignored',
        attachments: [{ contentType: 'text/html', content: '<blockquote>Din konto er <b>spærret</b></blockquote>' }],
      }),
    ).toBe('Din konto er spærret');
  });
});
