import { describe, expect, it } from 'vitest';
import { handler } from '#functions/stream/email-stream';
import { type EmailWorld, emailWorld, laterMessage, plusMinutes } from '#test/support/email/email-world';
import { emailsTo, waitForEmails } from '#test/support/email/inbox';
import { call } from '#test/support/http/client';
import { insertRecord, streamEvent } from '#test/support/stream/records';

/** The storefront moves the seller to a new address (the directory is the source of sellers' addresses). */
const moveSeller = async (w: EmailWorld) => {
  const address = `seller-new.${w.tenant}@example.test`;
  const put = await call('PUT', `/v1/catalog/sellers/${w.seller.id}`, {
    token: w.service,
    body: { shopName: 'Sam’s Shop', email: address },
  });
  expect(put.status).toBe(200);
  return address;
};

describe('sellers are mailed at their directory address as it is when the email goes out', () => {
  it('a notification after the seller’s address changed goes to the new address, not the one known at the opening', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'Is it in stock?' });
    await waitForEmails(w.seller.email, 1);
    const newAddress = await moveSeller(w);
    const head = (await w.head(id))!;
    const followUp = laterMessage(head, 2, w.customer.id, 'Still there?', plusMinutes(head.createdAt, 20));

    expect(await handler(streamEvent(insertRecord(followUp)))).toEqual({ batchItemFailures: [] });
    const [email] = await waitForEmails(newAddress, 1);
    expect(email!.body.text).toContain('Still there?');
    expect(await emailsTo(w.seller.email)).toHaveLength(1); // only the new-conversation email, from before the move
  });

  it('a new-conversation email handled after the change goes to the new address', async () => {
    const w = await emailWorld();
    const { id } = await w.open({ message: 'template' });
    await waitForEmails(w.seller.email, 1);
    const newAddress = await moveSeller(w);
    // A header the stack never handled (another id, the same facts), frozen with the old address.
    const original = (await w.head(id))!;
    const head = { ...original, id: `${id}-later`, PK: `${original.PK}-later` };
    expect(Object.values(head.emails)).toContain(w.seller.email);

    expect(await handler(streamEvent(insertRecord(head)))).toEqual({ batchItemFailures: [] });
    const [email] = await waitForEmails(newAddress, 1);
    expect(email!.body.text).toContain(`/inbox/${head.id}`);
    expect(await emailsTo(w.seller.email)).toHaveLength(1);
  });
});
