// The shop mounts these handlers on its HTTP server; they only see this much of a request.
export interface Request<Params = Record<string, never>, Body = undefined> {
  params: Params;
  query: Record<string, string | undefined>;
  body: Body;
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export function ok<T>(body: T): Reply<T> {
  return { status: 200, body };
}

export function created<T>(body: T): Reply<T> {
  return { status: 201, body };
}

export function notFound(message: string): Reply<{ error: string }> {
  return { status: 404, body: { error: message } };
}
