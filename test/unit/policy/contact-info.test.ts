import { describe, expect, it } from 'vitest';
import { HIDDEN, maskContactInfo } from '#shared/policy/contact-info/mask';

const H = HIDDEN;
const ALLOWED = ['myshop.com', 'marketplace.example'];

/**
 * Real-world messages of a marketplace chat: contact details as people write them (plain, spaced out, disguised,
 * in many countries' formats), each with the masked text it must become; and text that must stay as it is
 * (prices, order and tracking numbers, dates, times, sizes, versions, abbreviations). The detector is judged on
 * all of them at once: precision and recall are pinned below, and a change that lowers either fails.
 */
const CONTACT: Array<[string, string]> = [
  // phone numbers, international
  ['my number: +49 151 23456789', `my number: ${H}`],
  ['+1 (415) 555-0132', H],
  ['WhatsApp: +44 7700 900123', `WhatsApp: ${H}`],
  ['+33 6 12 34 56 78 after 6pm', `${H} after 6pm`],
  ['0033 6 12 34 56 78', H],
  ['0049 151 23456789', H],
  ['+91 98765 43210', H],
  ['+61 412 345 678', H],
  ['+55 11 98765-4321', H],
  ['+86 138 0013 8000', H],
  ['+34 612 34 56 78', H],
  ['+39 312 345 6789', H],
  ['+31 6 12345678', H],
  ['+41 44 668 18 00', H],
  ['+43 664 1234567', H],
  ['+48 512 345 678', H],
  ['My WhatsApp is +971 50 123 4567', `My WhatsApp is ${H}`],
  ['Signal: +7 912 345-67-89', `Signal: ${H}`],
  ['Phone +1-800-555-0199', `Phone ${H}`],
  ['whatsapp +44 7911 123456 anytime', `whatsapp ${H} anytime`],
  // phone numbers, national
  ['Call me on 0151 23456789', `Call me on ${H}`],
  ['reach me at 415-555-0132', `reach me at ${H}`],
  ['415.555.0132 is my cell', `${H} is my cell`],
  ['(212) 555-0199', H],
  ['ring me 07700 900123', `ring me ${H}`],
  ['020 7946 0958 is the shop line', `${H} is the shop line`],
  ['Tel. 030 12345678', `Tel. ${H}`],
  ['tel: 030/1234567', `tel: ${H}`],
  ['Tel. Nr. 0421 1234567', `Tel. Nr. ${H}`],
  ['Handy 0170-1234567', `Handy ${H}`],
  ['0176 12345678', H],
  ['06 12 34 56 78', H],
  ['98765 43210 on whatsapp', `${H} on whatsapp`],
  ['0412 345 678', H],
  ['044 668 18 00', H],
  ['call me 555 0132', `call me ${H}`],
  ['text me at 4155550132', `text me at ${H}`],
  ['mobile: 07911 123456', `mobile: ${H}`],
  ['0151.2345.6789', H],
  ['1-800-555-0199', H],
  ['📞 0151 23456789', `📞 ${H}`],
  ['Ruf mich an: 0171 2345678', `Ruf mich an: ${H}`],
  ['appelle-moi au 06 12 34 56 78', `appelle-moi au ${H}`],
  ['llámame al 612 345 678', `llámame al ${H}`],
  ['chiamami 333 1234567', `chiamami ${H}`],
  ['call 555-1234', `call ${H}`],
  ['Order 12345 - my number is 0151 23456789', `Order 12345 - my number is ${H}`],
  // phone numbers, disguised
  ['0 1 5 1 - 2 3 4 5 6 7 8 9', H],
  ['o151 2345 6789', H],
  ['zero one five one two three four five six seven eight', H],
  ['five five five one two three four five six seven', H],
  ['number is 0151 two three four five six seven eight nine', `number is ${H}`],
  ['＋４９ １５１ ２３４５６７８９', H],
  ['0151\u200B2345\u200B6789', H],
  ['①⑤①-②③④⑤⑥⑦⑧⑨ call', `${H} call`],
  ['five five five, one two three, four five six seven', H],
  ['ruf an: null eins fünf eins zwei drei vier fünf sechs sieben', `ruf an: ${H}`],
  // e-mail addresses
  ['my email is john.doe@gmail.com', `my email is ${H}`],
  ['Write to jane_doe+shop@yahoo.co.uk', `Write to ${H}`],
  ['mail me: JOHN@EXAMPLE.DE', `mail me: ${H}`],
  ['john (at) gmail (dot) com', H],
  ['john[at]gmail[dot]com', H],
  ['john{at}gmail{dot}com', H],
  ['john at gmail dot com', H],
  ['john @ gmail . com', H],
  ['john AT gmail DOT com', H],
  ['j.o.h.n@gmail.com', H],
  ['john.doe(at)web.de', H],
  ['john＠gmail．com', H],
  ['mailto:john@gmail.com', H],
  ['john dot doe at gmail dot com', H],
  ['contact: sales@shop-example.com.', `contact: ${H}.`],
  ['john(at)gmail(.)com', H],
  ['john@gmail(dot)com', H],
  ['<john@example.org>', `<${H}>`],
  ['email john @gmail dot com', `email ${H}`],
  ['my gmail is johndoe1985', `my gmail is ${H}`],
  // links
  ['https://www.example.com/item?id=5', H],
  ['see www.example.com', `see ${H}`],
  ['example.com/shop', H],
  ['my shop: cool-shop.de', `my shop: ${H}`],
  ['http://bit.ly/3xYz', H],
  ['t.me/johnny', H],
  ['wa.me/491512345678', H],
  ['instagram.com/johnny', H],
  ['example dot com', H],
  ['example[.]com', H],
  ['example(dot)com/page', H],
  ['ftp://files.example.net/x.zip', H],
  ['Check HTTPS://EXAMPLE.COM', `Check ${H}`],
  ['https://shop.example.co.uk/p/123, thanks', `${H}, thanks`],
  ['linktr.ee/johnny', H],
  ['(see https://example.com/a)', `(see ${H})`],
  ['buy it on myshop.io', `buy it on ${H}`],
  ['go to amazon.de', `go to ${H}`],
  // several at once; allowed domains stay
  ['Call 0151 23456789 or mail john@gmail.com', `Call ${H} or mail ${H}`],
  ['details at https://myshop.com/p/1 or ebay.com/itm/2', `details at https://myshop.com/p/1 or ${H}`],
  ['write to help@marketplace.example or me@gmail.com', `write to help@marketplace.example or ${H}`],
  // more, as sellers and buyers write them
  [
    'Hi! Contact me directly: 0157 1234 5678, cheaper without fees',
    `Hi! Contact me directly: ${H}, cheaper without fees`,
  ],
  ['Write me on telegram @johnny_sells or t.me/johnny_sells', `Write me on telegram @johnny_sells or ${H}`],
  ['Send me an e-mail: maria.rossi@libero.it', `Send me an e-mail: ${H}`],
  ['my mail is peter(punkt)mueller(at)gmx(punkt)de', `my mail is ${H}`],
  ['Call or SMS 0699 12345678', `Call or SMS ${H}`],
  ['My number is +32 470 12 34 56', `My number is ${H}`],
  ['WA 0812-3456-7890', `WA ${H}`],
  ["Here's my website: www.handmade-by-anna.de", `Here's my website: ${H}`],
  ['Find me on facebook.com/anna.handmade', `Find me on ${H}`],
  ['email me at anna dot handmade at gmail dot com', `email me at ${H}`],
  ['0 1 7 6 / 1 2 3 4 5 6 7 8', H],
  ['Ph: (02) 9876 5432', `Ph: ${H}`],
  ['call +1 415 555 0132 ext. 12', `call ${H} ext. 12`],
  ['My cell is 555.867.5309', `My cell is ${H}`],
  ['Text 07700900123', `Text ${H}`],
  ['number: 0 15 12 34 56 78 9', `number: ${H}`],
  ['Mein Handy: 0160 / 123 45 67', `Mein Handy: ${H}`],
  ['Call me +44(0)20 7946 0958', `Call me ${H}`],
  ['ping me on 2125550199', `ping me on ${H}`],
  ['jane.doe at outlook dot com', H],
  ['jane.doe@outlook .com', H],
];

const NOT_CONTACT: string[] = [
  // prices
  'It costs 1.299,00 €',
  'Only $1,299.99 today',
  'Price: 12999 EUR',
  '€ 1 299 000 for the whole lot',
  'only 25.00 USD',
  '1.500.000 Rs',
  "CHF 1'200.-",
  '2x 49,90 €',
  'Total: 129.95',
  'from 10 to 20 euros',
  'I can pay 1500000 dollars',
  // order, tracking and product numbers
  'Order #12345678',
  'order no. 4012345678',
  'My order is 4012345678',
  'order number 0123456789',
  'Bestellnummer 302-1234567-1234567',
  'Invoice INV-2024-001234',
  'tracking 1Z999AA10123456784',
  'Tracking number: 00340434161234567890',
  'SKU 8712345678901',
  'EAN 4006381333931',
  'ref 20241205',
  'Ticket #555-0132',
  'ISBN 978-3-16-148410-0',
  'Case 2024-123456',
  'Amazon order 112-3456789-1234567',
  'PayPal transaction 5TY12345AB678901C',
  'Serial number: 4006381333931',
  'Part number 0123456789',
  'Article 0123456789 is sold out',
  'IBAN DE89 3704 0044 0532 0130 00',
  'room 12345678',
  // dates and times
  'Delivered 2024-05-01',
  'arrives 01.05.2024',
  'shipped 05/01/2024',
  'on Dec 5, 2024',
  'between 10:30 and 12:45',
  'Mon-Fri 9-17',
  'delivered on 12.12.2024 at 14:30',
  'from 2024-05-01 - 2024-05-10',
  'week 12/2024',
  '01-05-2024 10:30',
  'Opening hours 0800-1700',
  'from 1990-2024',
  // sizes, quantities, measures
  'I need 2000000 pieces',
  '1500000 km on the clock',
  'weighs 1.5 kg',
  'size 42-44',
  'dimensions 120 x 80 x 45 cm',
  '3000 mAh battery',
  'resolution 1920x1080',
  '12345678 views last month',
  '100000000 people use it',
  // versions, codes and other numbers
  'version 2.3.14.1567',
  'IP 192.168.1.100',
  'iOS 17.4.1',
  'model A2890',
  'postcode 10115 Berlin',
  'ZIP 94105',
  'flight LH 1234',
  'PIN 1234',
  'coupon SAVE2024NOW',
  'call of duty 2024',
  'my number of orders is 12',
  'great product!!! 10/10',
  '5 stars out of 5',
  // text that merely looks like an address
  'e.g. this, i.e. that',
  'Mr.Smith bought 2 items',
  'I love it.It is nice',
  'meet at the store at 5',
  'See you at 3pm.',
  "I'm at work.",
  'look at this',
  'Node.js and Vue.js',
  'file.pdf attached',
  'see image.png',
  '3.5 stars',
  'at 5.30 pm',
  'No.1 seller',
  'approx. 20 cm',
  'St. Louis',
  'U.S.A. size',
  'open 9 a.m. to 5 p.m.',
  'the price is 12.99.',
  '2 pcs at 9.99 each',
  'follow @johnny',
  'I have one question and two requests',
  'The phone model is iPhone 15 Pro',
  'Is it waterproof? It.is for hiking.',
  'Thanks, see you at the market!',
  // more, as sellers and buyers write them
  'Can you ship 3 units to Hamburg by 24.12.?',
  'The box is 30x20x10cm and weighs 2,5kg',
  'Is the 2019 model compatible with the 2021 charger?',
  'I paid 89,90€ via PayPal on 3.11.2024',
  'Order ID: 8837-2211-0045',
  'My customer number is 10045678',
  'Return label RMA-2024-77812',
  'Lot 20240315, best before 03/2026',
  'It has 16 GB RAM and 512 GB SSD',
  'Frame size 56 cm, 11-speed, 9.8 kg',
  'Can you do 150 instead of 180?',
  'Delivery in 3-5 working days',
  'Available sizes: 38, 39, 40, 41, 42',
  'Barcode 5901234123457',
  'Sent you 2 photos at 10.45',
  'Item 1234567 and 7654321 are both fine',
  'Invoice 2024/0012345',
  'Shipment 00 3404 3416 1234 5678 90',
  'The serial is SN-0049-1512-3456',
  'Coordinates 52.5200, 13.4050',
  'Battery 4500mAh, 25W charging',
  'Made in 2023. Works fine.',
  'Order total 1.049,00 EUR incl. VAT',
  'temperature between -20 and +40 degrees',
  'Set of 12345 pieces',
  'Price went from 0,99 to 1,49',
  'This is item no. 0170123456',
  'Call it a day, thanks!',
  'Number 5 is my favourite',
  'text me when it ships',
  'Can you reach 1000 followers?',
  'WhatsApp is down today',
];

const measure = () => {
  const missed: string[] = [];
  const falseAlarms: string[] = [];
  let hits = 0;
  for (const [input, expected] of CONTACT) {
    const { text } = maskContactInfo(input, ALLOWED);
    if (text === expected) hits += 1;
    else missed.push(`${JSON.stringify(input)} → ${JSON.stringify(text)} (expected ${JSON.stringify(expected)})`);
  }
  for (const input of NOT_CONTACT) {
    const { text } = maskContactInfo(input, ALLOWED);
    if (text !== input) falseAlarms.push(`${JSON.stringify(input)} → ${JSON.stringify(text)}`);
  }
  return {
    precision: hits / (hits + falseAlarms.length),
    recall: hits / CONTACT.length,
    missed,
    falseAlarms,
  };
};

describe('contact-information masking: precision and recall on real-world samples', () => {
  const result = measure();

  it(`recall ${result.recall.toFixed(3)} (${CONTACT.length} messages with contact details), precision ${result.precision.toFixed(3)} (${NOT_CONTACT.length} messages without)`, () => {
    console.info(
      `contact-info masking: recall ${result.recall.toFixed(3)}, precision ${result.precision.toFixed(3)}\n` +
        `missed:\n  ${result.missed.join('\n  ') || '(none)'}\nfalse alarms:\n  ${result.falseAlarms.join('\n  ') || '(none)'}`,
    );
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
    expect(result.precision).toBeGreaterThanOrEqual(0.98);
  });
});

describe('maskContactInfo', () => {
  it('says whether it masked anything, and leaves text without contact details untouched', () => {
    expect(maskContactInfo('Is it in stock?')).toEqual({ text: 'Is it in stock?', masked: false });
    expect(maskContactInfo('Call 0151 23456789')).toEqual({ text: `Call ${H}`, masked: true });
  });

  it('replaces what the disguise was made of, surrogate pairs and invisible characters included', () => {
    expect(maskContactInfo('😀 𝟎𝟏𝟓𝟏 𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗 😀').text).toBe(`😀 ${H} 😀`);
    expect(maskContactInfo('a\u200Bb john\u200B@\u200Bgmail.com c').text).toBe(`a\u200Bb ${H} c`);
  });

  it('keeps links and addresses of allowed domains and their subdomains, case-insensitively', () => {
    const text = 'https://Shop.MyShop.com/x help@myshop.com https://myshop.com.evil.test/ https://notmyshop.com';
    expect(maskContactInfo(text, ['MYSHOP.COM']).text).toBe(`https://Shop.MyShop.com/x help@myshop.com ${H} ${H}`);
  });

  it('copes with adversarial input of the maximum length (no catastrophic backtracking)', () => {
    for (const text of [
      'a.'.repeat(2000),
      `${'a.'.repeat(1999)}!`,
      '1 '.repeat(2000),
      `${'x@'.repeat(1000)}y`,
      'a at '.repeat(800),
    ])
      expect(maskContactInfo(text).text.length).toBeGreaterThan(0);
  });

  it('is the same for the same input (a retried send stores the same text)', () => {
    const text = 'Mail john@gmail.com or call +49 151 23456789, order #12345678';
    expect(maskContactInfo(text)).toEqual(maskContactInfo(text));
  });
});
