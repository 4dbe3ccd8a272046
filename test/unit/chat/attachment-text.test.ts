import { describe, expect, it } from 'vitest';
import { attachmentLine, describeAttachments, textWithAttachments } from '#shared/chat/attachment-text';

const jpg = { fileName: 'a.jpg', contentType: 'image/jpeg' as const };
const png = { fileName: 'b.png', contentType: 'image/png' as const };
const pdf = { fileName: 'invoice.pdf', contentType: 'application/pdf' as const };

describe('attachments as words, for emails and text-only clients', () => {
  it('counts photos, PDFs, or files when mixed', () => {
    expect(describeAttachments([jpg])).toBe('a photo');
    expect(describeAttachments([jpg, png])).toBe('2 photos');
    expect(describeAttachments([pdf])).toBe('a PDF');
    expect(describeAttachments([pdf, pdf, pdf])).toBe('3 PDFs');
    expect(describeAttachments([jpg, pdf])).toBe('2 files');
  });

  it('shows them as one short line under the text, or alone', () => {
    expect(attachmentLine([jpg])).toBe('[Photo: a.jpg]');
    expect(attachmentLine([pdf])).toBe('[PDF: invoice.pdf]');
    expect(attachmentLine([jpg, png, pdf])).toBe('[3 files: a.jpg, b.png, invoice.pdf]');
    expect(textWithAttachments({ text: 'Look', attachments: [jpg, png] })).toBe('Look\n[2 photos: a.jpg, b.png]');
    expect(textWithAttachments({ text: '', attachments: [pdf] })).toBe('[PDF: invoice.pdf]');
    expect(textWithAttachments({ text: 'Only text' })).toBe('Only text');
  });
});
