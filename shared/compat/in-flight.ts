/**
 * A read started early, alongside a write that must answer first: its failure surfaces where it is awaited (after
 * the write's own), never as an unhandled rejection in the meantime. So a refused write (429, 404) answers the
 * same, whatever the read found.
 */
export const inFlight = <T>(read: Promise<T>): Promise<T> => {
  read.catch(() => undefined);
  return read;
};
