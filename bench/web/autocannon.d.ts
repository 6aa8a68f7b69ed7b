/**
 * The part of autocannon's API the web benchmark uses (the package ships no types; @types/autocannon would be
 * one more dependency for four fields).
 */
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      readonly url: string;
      /** Concurrent connections (default 10). */
      readonly connections?: number;
      /** Seconds to run. */
      readonly duration?: number;
      readonly headers?: Readonly<Record<string, string>>;
      /** Seconds before a request counts as timed out (default 10). */
      readonly timeout?: number;
      /** Requests each connection sends in turn (path relative to `url`), instead of GETs of `url`. */
      readonly requests?: readonly { readonly method?: string; readonly path?: string; readonly body?: string; readonly headers?: Readonly<Record<string, string>> }[];
      /** Requests per second over all connections (default: as fast as the server answers). */
      readonly overallRate?: number;
  }
  interface Percentiles {
    readonly average: number;
    readonly p50: number;
    readonly p99: number;
    readonly max: number;
  }
  interface Result {
    /** Completed responses; `total` over the run. */
    readonly requests: Percentiles & { readonly total: number };
    /** Milliseconds. */
    readonly latency: Percentiles;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly '2xx': number;
    /** Seconds actually run. */
    readonly duration: number;
  }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
