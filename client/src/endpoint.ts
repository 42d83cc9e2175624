// "Evenhand: Configure Model Endpoint": pick OpenAI, Azure OpenAI, Ollama on this machine or a custom URL, name
// the model, optionally test the connection. The URL and model go to the user's settings (never the
// workspace's, so a cloned repository cannot redirect requests); keys go to SecretStorage per origin.
import { ConfigurationTarget, window, workspace, type QuickPickItem } from 'vscode';
import { originOf, type ApiKeys } from './secrets.js';

export interface EndpointArgs {
  baseUrl: string;
  model: string;
  /** Stored for the URL's origin when given (tests and scripts; people are asked instead). */
  apiKey?: string;
}

interface Preset extends QuickPickItem {
  id: 'openai' | 'azure' | 'ollama' | 'custom';
  url?: string;
  needsKey: boolean;
}

const PRESETS: Preset[] = [
  { id: 'openai', label: 'OpenAI', description: 'https://api.openai.com/v1', url: 'https://api.openai.com/v1', needsKey: true },
  { id: 'azure', label: 'Azure OpenAI', description: 'https://RESOURCE.openai.azure.com/openai/v1', needsKey: true },
  { id: 'ollama', label: 'Ollama on this machine', description: 'http://localhost:11434/v1', url: 'http://localhost:11434/v1', needsKey: false },
  { id: 'custom', label: 'Custom URL…', description: 'vLLM, LM Studio, llama.cpp server or any OpenAI-compatible endpoint', needsKey: false },
];

/** Saves an endpoint to the user's settings (and its key, when given). */
export async function saveEndpoint(keys: ApiKeys, args: EndpointArgs): Promise<void> {
  const origin = originOf(args.baseUrl);
  if (!origin) throw new Error(`Not an http(s) URL: ${args.baseUrl}`);
  if (!args.model.trim()) throw new Error('A model name is needed.');
  const settings = workspace.getConfiguration('evenhand');
  await settings.update('endpoint.baseUrl', args.baseUrl.trim().replace(/\/+$/, ''), ConfigurationTarget.Global);
  await settings.update('endpoint.model', args.model.trim(), ConfigurationTarget.Global);
  if (args.apiKey) await keys.set(origin, args.apiKey);
}

/** The interactive flow; returns the saved endpoint, or undefined when the user stepped out. */
export async function configureEndpoint(keys: ApiKeys): Promise<EndpointArgs | undefined> {
  const preset = await window.showQuickPick(PRESETS, { title: 'Evenhand: where should sampled checks send requests?', ignoreFocusOut: true });
  if (!preset) return undefined;
  let baseUrl = preset.url;
  if (preset.id === 'azure') {
    const resource = await window.showInputBox({
      title: 'Azure OpenAI resource name',
      prompt: 'The RESOURCE in https://RESOURCE.openai.azure.com',
      validateInput: (v) => (/^[a-z0-9][a-z0-9-]{1,62}$/i.test(v.trim()) ? undefined : 'letters, digits and dashes'),
      ignoreFocusOut: true,
    });
    if (!resource) return undefined;
    baseUrl = `https://${resource.trim()}.openai.azure.com/openai/v1`;
  } else if (preset.id === 'custom') {
    baseUrl = await window.showInputBox({
      title: 'Endpoint base URL',
      prompt: 'Including the version path, e.g. http://localhost:8000/v1',
      validateInput: (v) => (originOf(v.trim()) ? undefined : 'an http:// or https:// URL'),
      ignoreFocusOut: true,
    });
    if (!baseUrl) return undefined;
  }
  const origin = originOf(baseUrl!)!;
  let key = await keys.get(origin);
  if (preset.needsKey && !key) {
    key = await window.showInputBox({ title: `API key for ${origin}`, password: true, ignoreFocusOut: true, prompt: 'Kept in VS Code secret storage, sent only to this origin' });
    if (key) await keys.set(origin, key);
  }
  const models = await listModels(baseUrl!, key);
  const model = models.length > 0
    ? (await window.showQuickPick([...models, 'Other…'], { title: 'Model', ignoreFocusOut: true })) ?? ''
    : '';
  const name = model && model !== 'Other…' ? model : await window.showInputBox({ title: 'Model name', prompt: 'e.g. gpt-4o-mini, llama3.1', ignoreFocusOut: true });
  if (!name) return undefined;
  const endpoint = { baseUrl: baseUrl!, model: name };
  await saveEndpoint(keys, endpoint);
  const choice = await window.showInformationMessage(`Evenhand will send checks to ${origin}, model ${name}.`, 'Test Connection');
  if (choice === 'Test Connection') await testConnection(keys, endpoint.baseUrl);
  return endpoint;
}

/** Lists the endpoint's models (GET /models); empty when it cannot. The key only goes to its own origin. */
export async function listModels(baseUrl: string, key: string | undefined): Promise<string[]> {
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/models`, {
      headers: authHeaders(baseUrl, key),
      // A redirect could carry the key to another origin.
      redirect: 'error',
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) return [];
    const body = (await response.json()) as { data?: { id?: unknown }[] };
    return (body.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string').slice(0, 200);
  } catch {
    return [];
  }
}

/** Says whether the endpoint answers, and how (models listed, or the HTTP status). */
export async function testConnection(keys: ApiKeys, baseUrl: string): Promise<boolean> {
  const origin = originOf(baseUrl);
  if (!origin) {
    void window.showErrorMessage(`Not an http(s) URL: ${baseUrl}`);
    return false;
  }
  const key = await keys.get(origin);
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/models`, {
      headers: authHeaders(baseUrl, key),
      // A redirect could carry the key to another origin.
      redirect: 'error',
      signal: AbortSignal.timeout(10_000),
    });
    if (response.ok) {
      void window.showInformationMessage(`${origin} answered: the endpoint is reachable.`);
      return true;
    }
    void window.showWarningMessage(`${origin} answered ${response.status} ${response.statusText}${response.status === 401 ? ': check the API key (Evenhand: Set API Key)' : ''}.`);
    return false;
  } catch (error) {
    void window.showErrorMessage(`Cannot reach ${origin}: ${(error as Error).message}`);
    return false;
  }
}

/** The one header the endpoint reads its key from: Azure's `api-key`, everyone else's `Authorization`. */
function authHeaders(baseUrl: string, key: string | undefined): Record<string, string> {
  if (!key) return {};
  const host = new URL(baseUrl).hostname;
  return /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i.test(host) ? { 'api-key': key } : { authorization: `Bearer ${key}` };
}
