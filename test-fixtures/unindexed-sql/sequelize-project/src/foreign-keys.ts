import { Team } from './models/Team';
import { User } from './models/User';

// users.teamId references teams, and only the unique (name, teamId) has it, second: each deleted
// team scans users. documents.teamId leads an index.
export async function removeTeam(id: string) {
  return Team.destroy({ where: { id } }); // expect: unindexed-sql
}

// User is paranoid: destroy sets deletedAt, no row is deleted.
export async function retireUser(id: string) {
  return User.destroy({ where: { id } });
}

// Forced, the rows go: api_keys.userId is looked up without an index (documents.createdById has
// the Document model's index).
export async function purgeUser(id: string) {
  return User.destroy({ where: { id }, force: true }); // expect: unindexed-sql
}
