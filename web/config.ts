/**
 * Where the web front finds the API. `config.json` sits next to the bundles (the local web server serves it; the
 * CDK hosting writes it from the stack's outputs); a widget's attributes override it, so a storefront can embed
 * the widget from any host.
 */
export interface WebConfig {
  /** The HTTP API's base URL; empty for the page's own origin (the local web server proxies /v1). */
  apiUrl: string;
  wsUrl: string;
  /** The tenant of guest sessions (a signed-in user's tenant is in their token). */
  tenant: string;
  /** Local stack only: the sign-in form for demo identities (`POST /_local/token`). */
  devSignIn: boolean;
}

let loaded: Promise<WebConfig> | undefined;

/** The config.json next to the running module (a script's own URL, wherever the page is). */
export const loadConfig = (base: string | URL = import.meta.url): Promise<WebConfig> => {
  loaded ??= fetch(new URL('config.json', base)).then(async (response) => {
    const json = (await response.json()) as Partial<WebConfig>;
    return {
      apiUrl: json.apiUrl ?? '',
      wsUrl: json.wsUrl ?? '',
      tenant: json.tenant ?? 'default',
      devSignIn: json.devSignIn === true,
    };
  });
  return loaded;
};

/** An API URL as the client needs it: absolute (an empty one is this page's origin). */
export const absoluteApiUrl = (apiUrl: string) => new URL(apiUrl || '/', location.href).href.replace(/\/$/, '');
