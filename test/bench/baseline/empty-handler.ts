/** The bench's floor: a handler that loads nothing, bundled like every deployed handler. */
export const handler = async () => ({ statusCode: 200 });
