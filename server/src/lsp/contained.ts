import type { RemoteConsole } from 'vscode-languageserver';

/**
 * Runs one request handler so that a failure inside it is logged and answered with `empty`,
 * instead of reaching the connection. The await sits inside the try.
 */
export async function contained<T>(
  log: RemoteConsole,
  feature: string,
  uri: string | undefined,
  empty: T,
  run: () => T | Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`request failed feature=${feature}${uri ? ` uri=${uri}` : ''} error=${message}`);
    return empty;
  }
}
