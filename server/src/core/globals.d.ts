// The web-standard globals the engine uses. Its tsconfig leaves out Node's types and the DOM library, so that
// fetch, timers, process and Buffer stay out of reach; Node, browsers and workers all provide what is below.
export {};

declare global {
  /** Tells a running check to stop; the checks forward it to the sampler. */
  interface AbortSignal {
    readonly aborted: boolean;
    readonly reason: unknown;
    addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
    removeEventListener(type: 'abort', listener: () => void): void;
  }

  /** Owns an AbortSignal and fires it. */
  interface AbortController {
    readonly signal: AbortSignal;
    abort(reason?: unknown): void;
  }
  var AbortController: { prototype: AbortController; new (): AbortController };

  /** Decodes bytes to text. */
  interface TextDecoder {
    decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
  }
  var TextDecoder: {
    prototype: TextDecoder;
    new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder;
  };
}
