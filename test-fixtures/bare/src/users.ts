import { chunk, uniq } from 'es-toolkit';
import type { Transaction } from 'sequelize';
import { sequelize } from './database';
import { Notification, User } from './models';

// A static finder of a model class reached through the barrel, once per id.
export async function loadAll(ids: string[]) {
  const users = [];
  for (const id of ids) users.push(await User.findByPk(id)); // expect: n-plus-one
  return users;
}

// Instance methods of rows a finder returned: the library's and the project's own.
export async function touchAll() {
  const users = await User.findAll({ limit: 50 });
  for (const user of users) {
    await user.reload(); // expect: n-plus-one
  }
  await Promise.all(users.map((user) => user.saveWithContext())); // expect: n-plus-one
}

// Rows from one of several reads started together, filtered: still rows of the model.
export async function activate() {
  const [users, count] = await Promise.all([User.findAll({ limit: 50 }), User.count()]);
  const inactive = users.filter((user) => !user.email);
  for (const user of inactive) await user.saveWithContext(); // expect: n-plus-one
  for (const user of inactive) await user.touch(); // expect: n-plus-one
  return count;
}

// A row's association, typed with the project's model: a row of it too.
export async function managers() {
  const users = await User.findAll({ limit: 50 });
  for (const user of users) await user.manager?.reload(); // expect: n-plus-one
}

// Rows handed in with their declared type.
export async function saveAll(users: User[]) {
  for (const user of users) await user.save(); // expect: n-plus-one
}

// Raw SQL on the project's connection, made by a function declared to return a Sequelize.
export async function countAll(ids: string[]) {
  for (const id of ids) {
    await sequelize.query('SELECT count(*) FROM documents WHERE user_id = $1', { bind: [id] }); // expect: n-plus-one
  }
}

// The model has an `@AfterCreate` hook: one create per row runs it per row, on purpose.
export async function notifyAll(userIds: string[]) {
  for (const userId of userIds) await Notification.create({ userId });
}

// Rows of a model with a per-row hook, one by one: on purpose.
export async function readAll() {
  const notifications = await Notification.findAll({ limit: 100 });
  await Promise.all(notifications.map((notification) => notification.destroy()));
}

// What a helper of a package hotpath does not know returned, walked with `map`: its elements.
export async function loadUnique(ids: string[]) {
  return Promise.all(uniq(ids).map((id) => User.findByPk(id))); // expect: n-plus-one
}

// Batches: `chunk` comes from a package that did not resolve, its elements are used whole.
export async function deleteAll(ids: string[]) {
  for (const part of chunk(ids, 100)) await User.destroy({ where: { id: part } });
}

// Writes inside an interactive transaction are ordered on purpose.
export async function renameAll(users: User[]) {
  await sequelize.transaction(async (transaction) => {
    for (const user of users) await user.update({ email: '' }, { transaction });
  });
}

// Two independent reads, one after the other.
export async function profile(id: string) {
  const user = await User.findByPk(id);
  const notifications = await Notification.findAll({ where: { userId: id }, limit: 20 }); // expect: sequential-await
  return { user, notifications };
}

// The same two reads on one transaction's connection cannot overlap.
export async function profileIn(id: string, transaction: Transaction) {
  const user = await User.findByPk(id, { transaction });
  const notifications = await Notification.findAll({ where: { userId: id }, limit: 20, transaction });
  return { user, notifications };
}
