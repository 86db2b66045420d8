import { Op } from 'sequelize';
import { Document } from './models/Document';
import { Membership } from './models/Membership';
import { Team } from './models/Team';
import { User } from './models/User';

// A unique index (addIndex … { unique: true })
export async function userByEmail(email: string) {
  return User.findOne({ where: { email } });
}

// The primary key
export async function teamById(id: string) {
  return Team.findOne({ where: { id } });
}

// A unique column of createTable, found through the model's pluralized name
export async function teamBySubdomain(subdomain: string) {
  return Team.findOne({ where: { subdomain } });
}

// The leading column of a composite index, with an Op on its second column
export async function recentDocuments(teamId: string, since: Date) {
  return Document.findAll({ where: { teamId, publishedAt: { [Op.gte]: since } } });
}

// An attribute stored under another name (`field: 'slug'`), indexed by raw SQL before the rename
export async function documentByUrl(urlId: string) {
  return Document.findOne({ where: { urlId } });
}

// An index declared in the model's own `indexes`
export async function documentsBy(createdById: string) {
  return Document.count({ where: { createdById } });
}

// The leading column of a composite unique constraint
export async function usersNamed(name: string) {
  return User.findAll({ where: { name } });
}

// The second column of a composite index, alone
export async function publishedSince(since: Date) {
  return Document.findAll({ where: { publishedAt: { [Op.gt]: since } } }); // expect: unindexed-sql
}

// A column whose index a later migration removed
export async function documentsTitled(title: string) {
  return Document.findAll({ where: { title } }); // expect: unindexed-sql
}

// A foreign key the migrations never indexed (the second column of the unique constraint)
export async function membersOf(teamIds: string[]) {
  return User.findAll({ where: { teamId: teamIds } }); // expect: unindexed-sql
}

// An OR whose every branch has an index
export async function userByEmailOrId(email: string, id: string) {
  return User.findOne({ where: { [Op.or]: [{ email }, { id }] } });
}

// An OR with one branch no index serves
export async function userByEmailOrActivity(email: string, lastActiveAt: Date) {
  return User.findOne({ where: { [Op.or]: [{ email }, { lastActiveAt }] } }); // expect: unindexed-sql
}

// The newest row by a column with no index: every row is sorted
export async function lastActive() {
  return User.findOne({ order: [['lastActiveAt', 'DESC']] }); // expect: unindexed-sql
}

// Writes find their rows the same way
export async function forgetInactive(since: Date) {
  return User.destroy({ where: { lastActiveAt: { [Op.lt]: since } } }); // expect: unindexed-sql
}

export async function renameTeam(id: string, name: string) {
  return Team.update({ name }, { where: { id } });
}

// A filter built elsewhere is not read
export async function filtered(where: Record<string, unknown>) {
  return User.findAll({ where });
}

// Model.init with `underscored`: userId is user_id, the leading column of a unique key
export async function membershipsOf(userId: string) {
  return Membership.findAll({ where: { userId } });
}

// teamId is team_id, the unique key's second column
export async function teamMemberships(teamId: string) {
  return Membership.findAll({ where: { teamId, role: 'admin' } }); // expect: unindexed-sql
}
