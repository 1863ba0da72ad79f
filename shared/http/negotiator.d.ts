// The part of negotiator 1.x (jshttp) that Pantau uses (compression, the pages' Accept); its @types lag at 0.6.
declare module 'negotiator' {
  export default class Negotiator {
    constructor(request: { headers: Record<string, string | undefined> });
    encoding(available: readonly string[], options?: { preferred?: readonly string[] }): string | undefined;
    mediaType(available: readonly string[]): string | undefined;
  }
}
