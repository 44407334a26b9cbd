/** The parts of an Express response the filters use when Nest's HTTP adapter is not at hand. */
export interface ExpressLikeResponse {
  headersSent: boolean;
  setHeader(name: string, value: string): void;
  end(): void;
  status(code: number): { json(body: unknown): void };
}
