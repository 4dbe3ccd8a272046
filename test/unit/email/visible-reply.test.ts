import { describe, expect, it } from 'vitest';
import { isAutomatic } from '#shared/email/inbound/auto-reply';
import { failedVerdict } from '#shared/email/inbound/verdicts';
import { MAX_REPLY_CHARS, visibleReply } from '#shared/email/inbound/visible-reply';

/** Replies as the big mail clients quote, written here by hand (their shapes, not copies of real mail). */
const ORIGINAL = 'Do you have size 43?\n\nOpen the conversation:\nhttps://seller.example.com/inbox/c-1';
const quoted = ORIGINAL.split('\n')
  .map((line) => `> ${line}`)
  .join('\n');

describe('the visible reply of a plain-text email', () => {
  it.each([
    [
      'Gmail',
      `Yes, two pairs left.\n\nOn Mon, 30 Nov 2026 at 10:02, Cora via Chat <chat@example.com> wrote:\n\n${quoted}\n`,
    ],
    [
      'Gmail, the attribution line wrapped',
      `Yes, two pairs left.\n\nOn Mon, 30 Nov 2026 at 10:02, Cora Customer via Shop Chat <\nchat@example.com> wrote:\n\n${quoted}\n`,
    ],
    [
      'Outlook (separator and From:/Sent: block, no quote marks)',
      `Yes, two pairs left.\r\n\r\n________________________________\r\nFrom: Cora via Chat <chat@example.com>\r\nSent: Monday, November 30, 2026 10:02 AM\r\nTo: sam@example.test\r\nSubject: New enquiry from Cora: Shoes\r\n\r\n${ORIGINAL}`,
    ],
    [
      'Apple Mail on iPhone (signature, then a quoted attribution)',
      `Yes, two pairs left.\n\nSent from my iPhone\n\n> On 30 Nov 2026, at 10:02, Cora via Chat <chat@example.com> wrote:\n>\n${quoted}`,
    ],
    [
      'German ("Am … schrieb …:")',
      `Yes, two pairs left.\n\nAm 30.11.2026 um 10:02 schrieb Cora via Chat <chat@example.com>:\n${quoted}`,
    ],
    [
      'French ("Le … a écrit :")',
      `Yes, two pairs left.\n\nLe lun. 30 nov. 2026 à 10:02, Cora via Chat <chat@example.com> a écrit :\n${quoted}`,
    ],
    [
      'Spanish ("El … escribió:")',
      `Yes, two pairs left.\n\nEl lun, 30 nov 2026 a las 10:02, Cora via Chat (<chat@example.com>) escribió:\n${quoted}`,
    ],
    [
      'Dutch ("Op … schreef …:")',
      `Yes, two pairs left.\n\nOp ma 30 nov. 2026 om 10:02 schreef Cora via Chat <chat@example.com>:\n${quoted}`,
    ],
    ['a signature after "-- "', 'Yes, two pairs left.\n\n-- \nSam\nSam’s Shop, 1 Main Street'],
  ])('%s', async (_, text) => {
    expect(await visibleReply({ text })).toBe('Yes, two pairs left.');
  });

  it('keeps the whole of a multi-paragraph reply with no quote', async () => {
    expect(await visibleReply({ text: 'First line.\n\nSecond paragraph,\nwith a break.\n' })).toBe(
      'First line.\n\nSecond paragraph,\nwith a break.',
    );
  });

  it('is empty when only quotes, an attribution line and a signature are left', async () => {
    expect(
      await visibleReply({ text: `\n\nOn Mon, 30 Nov 2026 at 10:02, Cora <chat@example.com> wrote:\n${quoted}` }),
    ).toBe('');
    expect(await visibleReply({ text: '   \n-- \nSam' })).toBe('');
    expect(await visibleReply({})).toBe('');
  });

  it('cuts at 4000 characters, counted as code points like the message schema counts them', async () => {
    const emoji = '😀'.repeat(5000);
    expect([...(await visibleReply({ text: emoji }))]).toHaveLength(MAX_REPLY_CHARS);
    expect((await visibleReply({ text: emoji })).isWellFormed()).toBe(true);
    expect(await visibleReply({ text: 'x'.repeat(10_000) })).toBe('x'.repeat(4000));
  });

  it('replaces a lone surrogate, so the text is valid Unicode', async () => {
    expect((await visibleReply({ text: 'ok \uD800 then' })).isWellFormed()).toBe(true);
  });
});

describe('the visible reply of an HTML-only email', () => {
  it('Gmail: drops the gmail_quote container and keeps the reply’s line breaks', async () => {
    const html =
      '<div dir="ltr">Yes, <b>two</b> pairs &amp; a box.<br><br>Sam</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, 30 Nov 2026 at 10:02, Chat &lt;chat@example.com&gt; wrote:<br></div><blockquote class="gmail_quote">Do you have size 43?</blockquote></div>';
    expect(await visibleReply({ html })).toBe('Yes, two pairs & a box.\n\nSam');
  });

  it('Outlook: cuts at the From: block that follows the reply', async () => {
    const html =
      '<html><body><div>Yes, two pairs left.</div><hr><div id="divRplyFwdMsg"><b>From:</b> Chat &lt;chat@example.com&gt;<br><b>Sent:</b> Monday</div><div>Do you have size 43?</div></body></html>';
    expect(await visibleReply({ html })).toBe('Yes, two pairs left.');
  });

  it('Apple Mail: drops the cited blockquote and the attribution line', async () => {
    const html =
      '<html><body dir="auto">Yes, two pairs left.<div><br><blockquote type="cite">On 30 Nov 2026, at 10:02, Chat &lt;chat@example.com&gt; wrote:<br><br>Do you have size 43?</blockquote></div></body></html>';
    expect(await visibleReply({ html })).toBe('Yes, two pairs left.');
  });

  it('keeps link text, not the URL, and drops images', async () => {
    expect(
      await visibleReply({
        html: '<p>See <a href="https://x.test/a">the size chart</a> <img src="cid:1" alt="logo"></p>',
      }),
    ).toBe('See the size chart');
  });

  it('prefers the text part when there is one', async () => {
    expect(await visibleReply({ text: 'From the text part', html: '<p>From the HTML part</p>' })).toBe(
      'From the text part',
    );
  });
});

describe('automatic replies (RFC 3834 and the older conventions)', () => {
  const h = (key: string, value: string) => [{ key, value }];

  it.each([
    ['auto-submitted', 'auto-replied'],
    ['auto-submitted', 'auto-generated'],
    ['auto-submitted', 'auto-notified; owner-email="a@b.test"'],
    ['precedence', 'bulk'],
    ['precedence', 'JUNK'],
    ['precedence', 'list'],
    ['precedence', 'auto_reply'],
    ['x-autoreply', 'yes'],
    ['x-autorespond', 'anything'],
  ])('%s: %s is automatic', (key, value) => {
    expect(isAutomatic(h(key, value))).toBe(true);
  });

  it.each([
    ['auto-submitted', 'no'],
    ['auto-submitted', 'No (a person wrote this)'],
    ['precedence', 'first-class'],
    ['subject', 'Automatic reply: out of office'],
  ])('%s: %s is a person’s mail', (key, value) => {
    expect(isAutomatic(h(key, value))).toBe(false);
  });
});

describe('SES verdicts', () => {
  const all = (status: 'PASS' | 'GRAY' | 'FAIL' | 'PROCESSING_FAILED' | 'DISABLED') => ({
    spfVerdict: { status },
    dkimVerdict: { status },
    dmarcVerdict: { status },
    spamVerdict: { status },
    virusVerdict: { status },
  });

  it('passes PASS, GRAY and DISABLED; refuses the first FAIL, and a virus scan that could not run', () => {
    expect(failedVerdict(all('PASS'))).toBeUndefined();
    expect(failedVerdict(all('GRAY'))).toBeUndefined();
    expect(failedVerdict(all('DISABLED'))).toBeUndefined();
    expect(failedVerdict(all('FAIL'))).toBe('spf-failed');
    expect(failedVerdict({ ...all('PASS'), dmarcVerdict: { status: 'FAIL' } })).toBe('dmarc-failed');
    expect(failedVerdict({ ...all('PASS'), virusVerdict: { status: 'PROCESSING_FAILED' } })).toBe('virus-failed');
    expect(failedVerdict({ ...all('PASS'), spamVerdict: { status: 'PROCESSING_FAILED' } })).toBeUndefined();
  });
});
