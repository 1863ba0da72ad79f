// The part of negotiator 1.x (jshttp) that shared/http/compression.ts uses; its @types lag at 0.6.
declare module 'negotiator' {
  export default class Negotiator {
    constructor(request: { headers: Record<string, string | undefined> });
    encoding(available: readonly string[], options?: { preferred?: readonly string[] }): string | undefined;
  }
}
