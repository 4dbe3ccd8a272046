/** The size of a load run: N conversations × M concurrent senders each, for T seconds. */
export interface LoadOptions {
  conversations: number;
  senders: number;
  seconds: number;
}

const fromEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

export const loadOptions = (): LoadOptions => ({
  conversations: fromEnv('LOAD_CONVERSATIONS', 4),
  senders: Math.max(2, fromEnv('LOAD_SENDERS', 3)),
  seconds: fromEnv('LOAD_SECONDS', 6),
});
