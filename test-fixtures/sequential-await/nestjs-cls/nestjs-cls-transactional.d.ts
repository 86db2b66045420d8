// The part of @nestjs-cls/transactional's typings the fixture uses (the package is not installed here):
// `tx` is the adapter's client, or the open transaction's inside a `@Transactional()` call.
declare module '@nestjs-cls/transactional' {
  export class TransactionHost<TClient = unknown> {
    get tx(): TClient;
  }
  export function Transactional(): MethodDecorator;
}
