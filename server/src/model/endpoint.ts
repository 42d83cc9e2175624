// The endpoint a sampler talks to: its base URL, checked before anything is sent, and how it takes a key.
import { SamplerError } from '../core/checks/types.js';

/** The base URL as given, checked: http or https, no credentials in it. Throws SamplerError 'configuration'. */
export function parseBaseURL(value: string | undefined): URL {
  if (!value?.trim()) {
    throw new SamplerError('No endpoint is configured: pass a base URL (nothing is sent anywhere without one).', 'configuration');
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new SamplerError(`The base URL is not a URL: ${value}`, 'configuration');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SamplerError(`The base URL must use http or https: ${url.origin}`, 'configuration');
  }
  if (url.username || url.password) {
    throw new SamplerError('The base URL must not carry credentials; pass the API key instead.', 'configuration');
  }
  return url;
}

/** Origin and path of the base URL without its query or a trailing slash: what messages and cache keys name. */
export function endpointOf(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Azure OpenAI takes a key in an `api-key` header; everything else takes a bearer token. With no key, no
 * Authorization header is sent at all (local servers need none).
 */
export function authHeaders(url: URL, apiKey: string): Record<string, string | null> {
  if (!apiKey) return { Authorization: null };
  if (/\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i.test(url.hostname)) {
    return { Authorization: null, 'api-key': apiKey };
  }
  return {};
}
