import type { StorageAccess } from '#infra/routes/index';
import { bundleCode } from '#test/infra/support/table-usage';

/** The S3 client commands our storage module sends, and which declared use explains each. */
const COMMANDS: Record<string, StorageAccess[]> = {
  GetObjectCommand: ['verifyUpload', 'presignDownload'],
  CopyObjectCommand: ['verifyUpload'],
  DeleteObjectCommand: ['deleteFiles'],
};

/**
 * The attachments-bucket access a Lambda entry's code needs, read from its tree-shaken bundle: signing upload forms
 * (`createPresignedPost(`), signing download links (`getSignedUrl(`), verifying and keeping uploads
 * (`new CopyObjectCommand(`), deleting redacted files (`new DeleteObjectCommand(`). Any other S3 command imported into the bundle is reported as unknown, so a new use of
 * the bucket fails the check until it is declared and granted.
 */
export const storageAccessUsedBy = async (entry: string): Promise<string[]> => {
  const code = await bundleCode(entry);
  const used = new Set<string>();
  if (/\bcreatePresignedPost\(/.test(code)) used.add('presignUpload');
  if (/\bgetSignedUrl\(/.test(code)) used.add('presignDownload');
  if (/\bnew CopyObjectCommand\(/.test(code)) used.add('verifyUpload');
  if (/\bnew DeleteObjectCommand\(/.test(code)) used.add('deleteFiles');
  for (const imported of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']@aws-sdk\/client-s3["']/g)) {
    for (const name of imported[1]!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!)) {
      if (!name.endsWith('Command')) continue;
      const explained = COMMANDS[name];
      if (!explained) used.add(`unknown command ${name}`);
      else if (!explained.some((access) => used.has(access))) used.add(`${name} outside any declared use`);
    }
  }
  return [...used].sort();
};
