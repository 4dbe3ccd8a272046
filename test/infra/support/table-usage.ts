import { join } from 'node:path';
import { build } from 'esbuild';
import { INDEXES } from '#shared/table/definition';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

/** DynamoDB commands (document client and low-level client names) → the IAM actions they need. */
const COMMAND_ACTIONS: Record<string, string[]> = {
  Get: ['GetItem'],
  GetItem: ['GetItem'],
  BatchGet: ['BatchGetItem'],
  BatchGetItem: ['BatchGetItem'],
  Query: ['Query'],
  Scan: ['Scan'],
  Put: ['PutItem'],
  PutItem: ['PutItem'],
  Update: ['UpdateItem'],
  UpdateItem: ['UpdateItem'],
  Delete: ['DeleteItem'],
  DeleteItem: ['DeleteItem'],
  BatchWrite: ['BatchWriteItem'],
  BatchWriteItem: ['BatchWriteItem'],
  TransactGet: ['GetItem'],
  TransactGetItems: ['GetItem'],
  ExecuteStatement: ['PartiQL'],
  BatchExecuteStatement: ['PartiQL'],
  ExecuteTransaction: ['PartiQL'],
};
const TRANSACT_WRITE = new Set(['TransactWrite', 'TransactWriteItems']);
const TRANSACT_PARTS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};
const INDEX_BY_NAME_EXPRESSION = Object.fromEntries(Object.keys(INDEXES).map((key) => [`INDEXES.${key}.name`, key]));

/**
 * The table access a Lambda entry's code needs, read from its tree-shaken bundle (our own files only, packages
 * left out): every `new XCommand(` of DynamoDB, the parts of its transactions, and the index of each Query.
 * A command whose shape this cannot tell (an index named by anything but `INDEXES.x.name`) is reported as
 * unknown, so the check fails loudly rather than guess.
 */
export const tableAccessUsedBy = async (entry: string) => {
  const code = await bundleCode(entry);
  const actions = new Set<string>();
  const queryIndexes = new Set<string>();
  for (const found of code.matchAll(/new ([A-Z]\w*?)Command\d*\(/g)) {
    const command = found[1]!;
    if (TRANSACT_WRITE.has(command)) {
      for (const part of code.matchAll(/\b(Put|Update|Delete|ConditionCheck): /g))
        actions.add(TRANSACT_PARTS[part[1]!]!);
      continue;
    }
    const needed = COMMAND_ACTIONS[command];
    if (!needed) continue; // another service's command (Secrets Manager, SES, API Gateway)
    const args = balancedArguments(code, found.index + found[0].length);
    const index =
      /IndexName:\s*([^,}\n]+)/.exec(args)?.[1]?.trim() ??
      (/\.\.\.\w+\(/.test(args) ? 'spread in from a helper' : undefined);
    if (command === 'Query' && index !== undefined)
      queryIndexes.add(INDEX_BY_NAME_EXPRESSION[index] ?? `unknown index ${index}`);
    else for (const action of needed) actions.add(action);
  }
  return { actions: [...actions].sort(), queryIndexes: [...queryIndexes].sort() };
};

const bundles = new Map<string, Promise<string>>();

/** The tree-shaken bundle of a Lambda entry, our own files only (packages left out as imports); built once per run. */
export const bundleCode = (entry: string): Promise<string> => {
  let code = bundles.get(entry);
  if (!code) {
    code = build({
      entryPoints: [join(REPO_ROOT, entry)],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      logLevel: 'silent',
    }).then((result) => result.outputFiles[0]!.text);
    bundles.set(entry, code);
  }
  return code;
};

const balancedArguments = (code: string, from: number) => {
  let depth = 1;
  let at = from;
  while (depth > 0 && at < code.length) {
    const char = code[at++];
    if (char === '(') depth++;
    else if (char === ')') depth--;
  }
  return code.slice(from, at - 1);
};
