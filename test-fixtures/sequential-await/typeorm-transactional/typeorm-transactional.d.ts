// The part of typeorm-transactional's typings the fixture uses (the package is not installed here).
declare module 'typeorm-transactional' {
  export function Transactional(options?: { connectionName?: string }): MethodDecorator;
}
