import { Model as ObjectionModel } from 'objection';
import { EventEmitter } from 'node:events';
import { client } from './client';

// A package the I/O model does not know: nothing is inferred from its classes.
class Person extends ObjectionModel {}

export async function people(ids: string[]) {
  for (const id of ids) await Person.query().findById(id);
}

// A value whose origin nothing tells, whatever its name.
declare const db: any;

export async function rows(ids: string[]) {
  for (const id of ids) await db.user.findUnique({ where: { id } });
}

// A class of the project's own named like a library's, with methods named like its methods.
class Model {
  static async findAll(): Promise<string[]> {
    return [];
  }
}

export async function local(ids: string[]) {
  for (const id of ids) await Model.findAll().then((all) => all.includes(id));
}

// Node's own modules are known: an event emitter's `emit` is no I/O.
const bus = new EventEmitter();

export function announce(ids: string[]) {
  for (const id of ids) bus.emit('id', id);
}

// The project's HTTP client wrapper, from a module of its own.
export async function ping(urls: string[]) {
  for (const url of urls) await client.ping(url);
}
