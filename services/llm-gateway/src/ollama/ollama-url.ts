/** The port Ollama listens on, which the official client assumes when OLLAMA_HOST names none and no scheme. */
const OLLAMA_DEFAULT_PORT = "11434";

/**
 * The URL of an Ollama API endpoint, read from OLLAMA_HOST the way the
 * official client reads it: `host`, `host:port`, `:port` (on 127.0.0.1) or a
 * full URL; without a scheme it is http on port 11434, with one the scheme's
 * own port. A path after the host is kept, as behind a path-routing proxy.
 */
export function ollamaApiUrl(host: string, endpoint: string): URL {
  const withScheme = host.startsWith(":") ? `http://127.0.0.1${host}` : host.includes("://") ? host : `http://${host}`;
  const url = new URL(withScheme);
  if (!host.includes("://") && !host.startsWith(":") && url.port === "") url.port = OLLAMA_DEFAULT_PORT;
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/api/${endpoint}`;
  return url;
}
